/**
 * The scenario cache: a scenario file that loaded without errors is stored,
 * validated and normalized (the plain-data `Scenario` workers already receive
 * by structured clone), with its warnings, so that the next
 * command on the same bytes skips YAML parsing, the schema, expression
 * parsing and the rules.
 *
 * Why it can never serve a stale result: the key is a SHA-256 over the
 * cache's format version, the build (a digest of tariffsim's sources and
 * locked dependencies, fixed when the bundle is built; the package version
 * besides), the Node version and the scenario's text; the
 * entry lists every seed file the load read and a digest of what it read,
 * and a hit reads each again and compares. Only successful loads are stored,
 * and their warnings are replayed from the entry, so what a command prints
 * is the same, hit or miss. Storage (atomic writes, checksums, bounds, a
 * silent miss on any problem) is cacheStore.ts's.
 *
 * A hit loads neither the YAML parser nor the schema (zod): the entry also
 * holds where each node of the file is (a position tree, positions.ts), so
 * messages located in the file need no parse, and the loader itself is
 * imported only on a miss. Why: those two are most of the code a command
 * would otherwise load at every start (README, Performance).
 * @module
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { readBoundedFile, readSeedFile } from "../boundedRead.js";
import type { FileLoadResult } from "../io.js";
import type { Issue } from "../scenario/issues.js";
import { MAX_SCENARIO_BYTES } from "../scenario/limits.js";
import type { SeedText } from "../scenario/load.js";
import { isPositionTree, treeLocator, type PositionTree } from "../scenario/positions.js";
import type { Scenario } from "../scenario/scenario.js";
import { digestOf, readEntry, writeEntry } from "./cacheStore.js";
import { packageRoot, version } from "./context.js";

/** The format of an entry's payload; bump it when the payload or what a load returns changes shape. */
export const CACHE_FORMAT = "tariffsim-scenario-cache/3";

/** Set by scripts/bundle.mjs: a digest of the sources and the lock file the bundle was built from. */
declare const __TARIFFSIM_BUILD__: string | undefined;

let devBuild: string | undefined;

/**
 * What the build is: the bundle's digest, or (running from sources, as the
 * tests do) a digest of `src/` and the lock file, taken once per process.
 */
export function buildId(): string {
  if (typeof __TARIFFSIM_BUILD__ === "string") return __TARIFFSIM_BUILD__;
  if (devBuild !== undefined) return devBuild;
  const root = packageRoot();
  const h = createHash("sha256");
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`${p}\0`).update(readFileSync(p)).update("\0");
    }
  };
  walk(join(root, "src"));
  h.update(readFileSync(join(root, "package-lock.json")));
  devBuild = `dev-${h.digest("hex")}`;
  return devBuild;
}

/** Where and whether to cache. */
export interface CacheOptions {
  /** The cache folder; undefined: no caching. */
  readonly dir: string | undefined;
  /** Overrides {@link buildId} (tests). */
  readonly build?: string;
}

/** A load result, and whether it came from the cache. */
export type CachedLoad = FileLoadResult & {
  readonly cached: boolean;
  /** The hex SHA-256 of the text loaded (UTF-8), when it was read: what a report records as the scenario it used. */
  readonly sha256?: string | undefined;
};

/** The hex SHA-256 of a text's UTF-8 bytes. */
function sha256Of(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** One entry's payload. */
interface Entry {
  readonly key: string;
  readonly seeds: readonly (readonly [name: string, fingerprint: string])[];
  readonly scenario: Scenario;
  readonly warnings: readonly Issue[];
  /** Where each node of the text is (for messages located in the file). */
  readonly positions: PositionTree;
}

/** What a seed read gave, as a string: its text's digest, or the problem. Pure. */
function fingerprint(s: SeedText): string {
  if (s === undefined) return "none";
  if (typeof s === "string") return `text:${createHash("sha256").update(s, "utf8").digest("hex")}`;
  return `problem:${JSON.stringify([s.code, s.message])}`;
}

/**
 * An entry's key. The file's path is not in it: a load depends on the path
 * only through the seed files it reads, which the entry checks one by one,
 * so a copy of a scenario (with its seeds) elsewhere finds the same entry.
 */
function keyOf(build: string, text: string): string {
  return digestOf([CACHE_FORMAT, version(), build, process.version, text]);
}

/** The entry for `key` when it is whole, is for this key and every seed still reads the same; else undefined. */
function lookup(dir: string, key: string, file: string): Entry | undefined {
  const payload = readEntry(dir, key);
  if (payload === undefined) return undefined;
  try {
    const entry: Entry = deserialize(payload);
    if (typeof entry !== "object" || entry === null || entry.key !== key || !Array.isArray(entry.seeds) || !Array.isArray(entry.warnings)
      || !isPositionTree(entry.positions)) return undefined;
    for (const [name, fp] of entry.seeds) if (fingerprint(readSeedFile(file, name)) !== fp) return undefined;
    return entry;
  } catch {
    // A payload that passed its checksum but is not an entry of this format.
    return undefined;
  }
}

/**
 * Loads a scenario file as `loadScenarioFile` does, through the cache:
 * the same result (scenario, warnings, errors, positions) either way.
 * Imports the loader only when it is needed (no cache, or a miss).
 * Never rejects for a bad file or a bad cache.
 */
export async function loadScenarioCached(file: string, opts: CacheOptions): Promise<CachedLoad> {
  const dir = opts.dir;
  if (dir === undefined) {
    let read: string | undefined;
    const r = (await import("../io.js")).loadScenarioFile(file, { text: (t) => { read = t; } });
    return { ...r, cached: false, sha256: read === undefined ? undefined : sha256Of(read) };
  }
  const build = opts.build ?? buildId();
  const read = readBoundedFile(file, MAX_SCENARIO_BYTES);
  if (read.ok) {
    const hit = lookup(dir, keyOf(build, read.text), file);
    if (hit !== undefined) {
      return { ok: true, scenario: hit.scenario, warnings: hit.warnings, locate: treeLocator(hit.positions), file, cached: true, sha256: sha256Of(read.text) };
    }
  }
  // A miss: the normal load, watched, so that the entry's key and seeds are what this load used.
  const { loadScenarioFile } = await import("../io.js");
  let text: string | undefined;
  let positions: (() => PositionTree) | undefined;
  const seeds = new Map<string, string>();
  const r = loadScenarioFile(file, { text: (t) => { text = t; }, seed: (name, s) => { seeds.set(name, fingerprint(s)); }, positions: (p) => { positions = p; } });
  if (r.ok && text !== undefined && positions !== undefined) {
    const key = keyOf(build, text);
    try {
      const entry: Entry = { key, seeds: [...seeds], scenario: r.scenario, warnings: r.warnings, positions: positions() };
      writeEntry(dir, key, serialize(entry));
    } catch {
      // Not storable (should not happen for plain data): no entry, same result.
    }
  }
  return { ...r, cached: false, sha256: text === undefined ? undefined : sha256Of(text) };
}
