import { createHash } from "node:crypto";
/**
 * The scenario cache (src/cli/cache.ts, cacheStore.ts, scenario/positions.ts): a
 * hit gives exactly what a miss gives (scenario, warnings, positions, and
 * the CLI's bytes on stdout and stderr, from the built bundle); any change to
 * the scenario's or a seed's bytes, or to the build, is a miss; a corrupt,
 * truncated, foreign or unreadable entry is ignored; a read-only or missing
 * cache folder only means no caching.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioCached, type CachedLoad } from "../../src/cli/cache.js";
import { cacheDir, MAX_ENTRIES, readEntry, writeEntry } from "../../src/cli/cacheStore.js";
import { loadScenarioFile } from "../../src/io.js";
import type { Path } from "../../src/scenario/issues.js";
import { parseText } from "../../src/scenario/load.js";
import { BUNDLE, ROOT, SIMPLE } from "../helpers/scenario.js";
import { tmpDirs } from "../helpers/cli.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const SHIPPED = ["korea-us-2026.yaml", "korea-us-2026-v1.yaml", "korea-us-slip.yaml", "template.yaml"].map((f) => join(ROOT, "scenarios", f));

/** A copy of the shipped scenarios folder (scenarios and seeds) to change freely. */
function scenariosCopy(): string {
  const d = dirs.make();
  cpSync(join(ROOT, "scenarios"), d, { recursive: true });
  return d;
}

/** What a load gives, comparable: the result without its locator, and the locator's answers on `paths`. */
function view(r: CachedLoad | ReturnType<typeof loadScenarioFile>, paths: readonly Path[]) {
  const { locate, ...rest } = r;
  // The text's hash is the cache's addition (checked apart: the same on a hit and a miss).
  const { cached: _cached, sha256: _sha, ...result } = { cached: false, sha256: undefined, ...rest };
  return { result, positions: paths.map((p) => locate(p)) };
}

/** Every path into a value, and for each a path one step past it that does not exist. */
function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix, [...prefix, "no-such-key"], [...prefix, 99_999]);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

/** The paths of a scenario file's data, and a few the locator treats specially. */
function pathsOf(file: string): Path[] {
  const r = parseText(readFileSync(file, "utf8"));
  if (!r.ok) throw new Error(`${file} does not parse`);
  return [...allPaths(r.value.data), ["@12:3"], ["@x"], ["machines", "0"], [0]];
}

/** A scenario with a warning (an unused parameter), in its own folder. */
function warned(): string {
  const d = dirs.make();
  const text = readFileSync(SIMPLE, "utf8").replace("parameters:\n", "parameters:\n  unused_one: { default: 0.5, min: 0, max: 1, unit: probability, description: never used, source: { rationale: test } }\n");
  const file = join(d, "warned.yaml");
  writeFileSync(file, text);
  return file;
}

describe("cacheDir", () => {
  const home = () => "/home/u";
  it("follows TARIFFSIM_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache; TARIFFSIM_NO_CACHE turns it off", () => {
    expect(cacheDir({}, home)).toBe("/home/u/.cache/tariffsim");
    expect(cacheDir({ XDG_CACHE_HOME: "/x" }, home)).toBe("/x/tariffsim");
    expect(cacheDir({ XDG_CACHE_HOME: "relative" }, home)).toBe("/home/u/.cache/tariffsim");
    expect(cacheDir({ XDG_CACHE_HOME: "/x", TARIFFSIM_CACHE_DIR: "/mine" }, home)).toBe("/mine");
    expect(cacheDir({ TARIFFSIM_CACHE_DIR: "/mine", TARIFFSIM_NO_CACHE: "1" }, home)).toBeUndefined();
    expect(cacheDir({ TARIFFSIM_NO_CACHE: "0" }, home)).toBe("/home/u/.cache/tariffsim");
    for (const on of ["false", "FALSE", "no", "off", " 0 "]) expect(cacheDir({ TARIFFSIM_NO_CACHE: on }, home), on).toBe("/home/u/.cache/tariffsim");
    for (const off of ["1", "true", "yes"]) expect(cacheDir({ TARIFFSIM_NO_CACHE: off }, home), off).toBeUndefined();
    expect(cacheDir({}, () => { throw new Error("no home"); })).toBeUndefined();
  });
});

describe("the entry store", () => {
  const key = "a".repeat(64);
  it("reads back what it wrote, and nothing for a corrupt, truncated or foreign entry", () => {
    const d = dirs.make();
    const payload = Buffer.from("hello, entry");
    expect(writeEntry(d, key, payload)).toBe(true);
    expect(readEntry(d, key)?.toString()).toBe("hello, entry");
    const file = join(d, `${key}.entry`);
    const whole = readFileSync(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (let i = 0; i < whole.length; i += 7) {
      const bad = Buffer.from(whole);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      writeFileSync(file, bad);
      expect(readEntry(d, key)).toBeUndefined();
    }
    writeFileSync(file, whole.subarray(0, whole.length - 1));
    expect(readEntry(d, key)).toBeUndefined();
    writeFileSync(file, whole);
    chmodSync(file, 0o666);
    expect(readEntry(d, key)).toBeUndefined(); // writable by others: not trusted
    chmodSync(file, 0o600);
    expect(readEntry(d, key)?.toString()).toBe("hello, entry");
    expect(readEntry(d, "../etc/passwd")).toBeUndefined();
  });

  it("keeps at most MAX_ENTRIES entries, the newest", () => {
    const d = dirs.make();
    for (let i = 0; i < MAX_ENTRIES + 5; i++) expect(writeEntry(d, i.toString(16).padStart(64, "0"), Buffer.from([i]))).toBe(true);
    expect(readdirSync(d).filter((n) => n.endsWith(".entry")).length).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(readEntry(d, (MAX_ENTRIES + 4).toString(16).padStart(64, "0"))?.[0]).toBe(MAX_ENTRIES + 4);
    expect(readdirSync(d).some((n) => n.endsWith(".tmp"))).toBe(false);
  });

  it("fails quietly in a read-only or impossible folder", () => {
    const d = dirs.make();
    chmodSync(d, 0o500);
    const root = process.getuid?.() === 0; // root writes anywhere: the check below only holds for others
    expect(writeEntry(join(d, "sub"), key, Buffer.from("x"))).toBe(root);
    chmodSync(d, 0o700);
    writeFileSync(join(d, "file"), "");
    expect(writeEntry(join(d, "file"), key, Buffer.from("x"))).toBe(false);
    // A dangling symlink on the way: mkdir of the link says "exists", of its child "no such folder".
    symlinkSync(join(d, "nowhere"), join(d, "dangling"));
    expect(writeEntry(join(d, "dangling", "sub"), key, Buffer.from("x"))).toBe(false);
  });

  it("creates the missing folders of a deep path, private", () => {
    const d = dirs.make();
    const deep = join(d, "a", "b", "c");
    expect(writeEntry(deep, key, Buffer.from("x"))).toBe(true);
    expect(readEntry(deep, key)?.toString()).toBe("x");
    for (const f of [join(d, "a"), join(d, "a", "b"), deep]) expect(statSync(f).mode & 0o777).toBe(0o700);
  });
});

describe("loading through the cache", () => {
  const build = "test-build";

  it("gives on a hit exactly what the miss gave (and what no cache gives): warnings, and positions on every path", async () => {
    const d = dirs.make();
    for (const file of [...SHIPPED, SIMPLE, warned()]) {
      const paths = pathsOf(file);
      expect(paths.length).toBeGreaterThan(100);
      const plain = loadScenarioFile(file);
      const miss = await loadScenarioCached(file, { dir: d, build });
      const hit = await loadScenarioCached(file, { dir: d, build });
      expect([miss.cached, hit.cached]).toEqual([false, true]);
      // The hash of the text loaded, the same on a miss, a hit and without the cache: the file's bytes' hash.
      const bytes = createHash("sha256").update(readFileSync(file)).digest("hex");
      expect([miss.sha256, hit.sha256, (await loadScenarioCached(file, { dir: undefined })).sha256]).toEqual([bytes, bytes, bytes]);
      expect(view(hit, paths)).toEqual(view(plain, paths));
      expect(view(miss, paths)).toEqual(view(plain, paths));
    }
    const w = await loadScenarioCached(warned(), { dir: d, build });
    expect(w.ok && w.warnings.length).toBeGreaterThan(0);
  });

  it("misses when a byte of the scenario or of a seed changes, or the build does", async () => {
    const s = scenariosCopy();
    const d = dirs.make();
    const file = join(s, "korea-us-2026.yaml");
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(false);
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(true);
    expect((await loadScenarioCached(file, { dir: d, build: "another-build" })).cached).toBe(false);
    // The scenario: one character of a description.
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("description:", "description: "));
    const changed = await loadScenarioCached(file, { dir: d, build });
    expect(changed.cached).toBe(false);
    expect(view(changed, [])).toEqual(view(loadScenarioFile(file), []));
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(true);
    // A seed: one byte changed, then the file gone (a load error now: never served from the cache).
    const seed = join(s, "seeds", "2026-02-03-cho-rubio-talks.txt");
    const seedText = readFileSync(seed, "utf8");
    writeFileSync(seed, seedText.replace("Rubio", "Rubio "));
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(false);
    writeFileSync(seed, seedText.replace("special investment bill", "special bill"));
    const quoteGone = await loadScenarioCached(file, { dir: d, build });
    expect(quoteGone.ok).toBe(false);
    expect(view(quoteGone, [])).toEqual(view(loadScenarioFile(file), []));
    writeFileSync(seed, seedText);
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(false); // the first seed version's entry was replaced
    copyFileSync(seed, `${seed}.bak`);
    writeFileSync(seed, "");
    const emptied = await loadScenarioCached(file, { dir: d, build });
    expect([emptied.cached, emptied.ok]).toEqual([false, false]);
    expect(view(emptied, [])).toEqual(view(loadScenarioFile(file), []));
  });

  it("serves a copy of a scenario elsewhere only when the seeds it reads there are the same", async () => {
    const d = dirs.make();
    const a = scenariosCopy();
    const b = scenariosCopy();
    const fileA = join(a, "korea-us-2026.yaml");
    const fileB = join(b, "korea-us-2026.yaml");
    expect((await loadScenarioCached(fileA, { dir: d, build })).cached).toBe(false);
    expect((await loadScenarioCached(fileB, { dir: d, build })).cached).toBe(true);
    // In a third copy the seed no longer holds a quote: that copy's own answer (an error), not A's entry.
    const c = scenariosCopy();
    const seed = join(c, "seeds", "2026-02-03-cho-rubio-talks.txt");
    writeFileSync(seed, readFileSync(seed, "utf8").replace("special investment bill", "special bill"));
    const fileC = join(c, "korea-us-2026.yaml");
    const r = await loadScenarioCached(fileC, { dir: d, build });
    expect([r.cached, r.ok]).toEqual([false, false]);
    expect(view(r, [])).toEqual(view(loadScenarioFile(fileC), []));
  });

  it("ignores a corrupt entry and works without a writable folder", async () => {
    const d = dirs.make();
    const file = SHIPPED[0] ?? "";
    await loadScenarioCached(file, { dir: d, build });
    const [entry] = readdirSync(d).filter((n) => n.endsWith(".entry"));
    expect(entry).toBeDefined();
    const path = join(d, entry ?? "");
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    const r = await loadScenarioCached(file, { dir: d, build });
    expect(r.cached).toBe(false);
    expect(view(r, [])).toEqual(view(loadScenarioFile(file), []));
    expect((await loadScenarioCached(file, { dir: d, build })).cached).toBe(true); // rewritten whole
    const none = await loadScenarioCached(file, { dir: join(d, entry ?? "", "below-a-file"), build });
    expect(none.cached).toBe(false);
    expect(view(none, [])).toEqual(view(loadScenarioFile(file), []));
    expect(existsSync(join(d, entry ?? "", "below-a-file"))).toBe(false);
  });
});

/** Runs the bundle with `env` added; stdout, stderr and the exit code. */
function bundle(args: readonly string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

describe("the CLI through the cache (built bundle)", () => {
  it.runIf(existsSync("/proc/self"))("a cache folder under /proc (mkdir says ENOENT there): the command runs, uncached", () => {
    // Node's recursive mkdir spun there for ever at 100% CPU; in a child, so that a hang is killed, not this test run.
    const r = bundle(["run", "--runs", "100", "--format", "json"], { TARIFFSIM_CACHE_DIR: "/proc/tariffsim-cache/x" });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ runs: 100 });
  });

  it("prints the same bytes with no cache, a cold cache and a warm one, for the shipped scenarios and a warning", () => {
    const d = dirs.make();
    const env = { TARIFFSIM_CACHE_DIR: d };
    const files = [...SHIPPED.slice(0, 3), warned()];
    for (const file of files) {
      for (const format of ["json", "table"]) {
        const args = ["run", file, "--runs", "5000", "--format", format];
        const plain = bundle([...args, "--no-cache"], env);
        const cold = bundle(args, env);
        const warm = bundle(args, env);
        expect(plain.code).toBe(0);
        expect(plain.out.length).toBeGreaterThan(100);
        expect(cold).toEqual(plain);
        expect(warm).toEqual(plain);
      }
    }
    expect(bundle(["run", files[3] ?? "", "--runs", "100"], env).err).toMatch(/warned\.yaml:\d+:\d+: .*never used/);
    // One entry per scenario; --no-cache and TARIFFSIM_NO_CACHE write none.
    expect(readdirSync(d).filter((n) => n.endsWith(".entry")).length).toBe(files.length);
    const other = dirs.make();
    bundle(["exact", "--no-cache"], { TARIFFSIM_CACHE_DIR: other });
    bundle(["exact"], { TARIFFSIM_CACHE_DIR: other, TARIFFSIM_NO_CACHE: "1" });
    expect(readdirSync(other)).toEqual([]);
  });

  it("runs the same with a read-only cache folder and a corrupt entry", () => {
    const d = dirs.make();
    const env = { TARIFFSIM_CACHE_DIR: d };
    const plain = bundle(["exact", "--no-cache"], env);
    expect(bundle(["exact"], env)).toEqual(plain);
    for (const n of readdirSync(d)) writeFileSync(join(d, n), "garbage");
    expect(bundle(["exact"], env)).toEqual(plain);
    const ro = join(dirs.make(), "ro");
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    expect(bundle(["exact"], { TARIFFSIM_CACHE_DIR: ro })).toEqual(plain);
    expect(bundle(["exact"], { TARIFFSIM_CACHE_DIR: join(ro, "missing", "deeper") })).toEqual(plain);
  });
});
