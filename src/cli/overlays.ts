/**
 * The parameter values of one command: the scenario's defaults, then each
 * `--params FILE` overlay in the order given, then `--set` options; every
 * problem in any of them becomes one line of a {@link CliError} (exit 2),
 * overlay problems as `overlay.yaml:line:col: values.NAME.value: message`.
 * @module
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { layerValues, overlayOrigin, overridesOf, resolveParams, type Origin, type Override, type ParamLayer } from "../model/params.js";
import { issue } from "../scenario/issues.js";
import { MAX_SEED_BYTES } from "../scenario/limits.js";
import type { Overlay, OverlaySeedReader } from "../scenario/overlay.js";
import { CliError, formatIssues } from "./errors.js";
import { readBoundedFile } from "../boundedRead.js";
import { setLines, type Loaded } from "./scenario.js";

/** The parameter values a command runs with, and where each came from. */
export interface ResolvedValues {
  /** Every name given by an overlay or `--set`, with its final value: the overrides to compile with (and to send to workers). */
  readonly values: ReadonlyMap<string, number>;
  /** The origin of each value in `values`. */
  readonly from: ReadonlyMap<string, Origin>;
  /** The parameters whose final value differs from the default, in scenario order: what every report shows. */
  readonly overrides: readonly Override[];
  /** The overlays read, in the order given. */
  readonly overlays: readonly { readonly file: string; readonly overlay: Overlay }[];
}

/** No overlays, no `--set`: the defaults. */
export const NO_OVERRIDES: ResolvedValues = { values: new Map(), from: new Map(), overrides: [], overlays: [] };

/** True when `inner` (an absolute, resolved path) lies strictly inside folder `outer`. */
function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads the seed files an overlay quotes (or an evidence or resolutions
 * file: `what` names it in messages): a path relative to its folder, read
 * only if its real path (symlinks resolved) lies inside that folder or the
 * scenario's folder (or a folder below one), and is a regular file of at
 * most `MAX_SEED_BYTES`. Elsewhere nothing is read, and
 * nothing is said about the file (not even whether it exists).
 */
export function overlaySeedReader(overlayFile: string, scenarioFile: string, what = "overlay"): OverlaySeedReader {
  const scenarioFolder = realOrUndefined(dirname(resolve(scenarioFile)));
  const overlayFolder = realOrUndefined(dirname(resolve(overlayFile)));
  const roots = [overlayFolder, scenarioFolder].filter((r): r is string => r !== undefined);
  const allowed = (p: string): boolean => roots.some((r) => isInside(r, p));
  const outside = (seed: string): { ok: false; code: "source"; message: string } => ({
    ok: false, code: "source",
    message: `seed file "${seed}" must be inside the ${what}'s folder or the scenario's folder (or a folder below one)`,
  });
  return (seed) => {
    const written = resolve(overlayFolder ?? dirname(resolve(overlayFile)), seed);
    const real = realOrUndefined(written);
    // A path that does not exist outside the allowed folders must not say so: the written path is checked first.
    if (real === undefined) {
      return allowed(written) ? { ok: false, code: "source", message: `cannot read seed file "${seed}": no such file` } : outside(seed);
    }
    if (!allowed(real)) return outside(seed);
    const r = readBoundedFile(real, MAX_SEED_BYTES);
    if (r.ok) return r;
    return r.code === "limit"
      ? { ok: false, code: "limit", message: `seed file "${seed}" is too large: ${r.why}` }
      : { ok: false, code: "source", message: `cannot read seed file "${seed}": ${r.why}` };
  };
}

/**
 * Reads and checks each overlay file, in order; one line in `lines` per
 * problem. The overlay reader (YAML, its schema) is loaded only when there
 * are files to read: a plain `run` never loads it.
 */
async function readOverlays(loaded: Loaded, files: readonly string[], lines: string[]): Promise<{ file: string; overlay: Overlay }[]> {
  if (files.length === 0) return [];
  const { MAX_OVERLAY_BYTES, parseOverlayText } = await import("../scenario/overlay.js");
  const overlays: { file: string; overlay: Overlay }[] = [];
  for (const file of files) {
    const read = readBoundedFile(file, MAX_OVERLAY_BYTES);
    if (!read.ok) {
      lines.push(...formatIssues(file, [issue(read.code, [], read.why)], () => undefined));
      continue;
    }
    const r = parseOverlayText(read.text, loaded.scenario, overlaySeedReader(file, loaded.file));
    if (!r.ok) {
      lines.push(...formatIssues(file, r.issues, r.locate));
      continue;
    }
    overlays.push({ file, overlay: r.overlay });
  }
  return overlays;
}

/**
 * Reads and checks each overlay, parses and checks the `--set` options, and
 * merges them over the defaults: overlays in order, `--set` last. Throws a
 * {@link CliError} listing every problem found (all overlays and all `--set`
 * options are checked before giving up).
 */
export async function resolveValuesOrFail(loaded: Loaded, paramsFiles: readonly string[], sets: readonly string[]): Promise<ResolvedValues> {
  const sc = loaded.scenario;
  const lines: string[] = [];
  const overlays = await readOverlays(loaded, paramsFiles, lines);
  const layers: ParamLayer[] = overlays.map(({ file, overlay }) => ({ from: overlayOrigin(file), values: new Map(overlay.values.map((v) => [v.name, v.value])) }));
  const set = setLines(loaded.file, sets);
  lines.push(...set.lines);
  // Names and bounds of the well-formed `--set` options, checked here (not only when compiling) so
  // that `params` checks them too, and alongside any malformed one: every problem gets its line.
  const checked = resolveParams(sc, set.values);
  if (!checked.ok) lines.push(...formatIssues(loaded.file, checked.issues, loaded.locate));
  if (lines.length > 0) throw new CliError(lines);
  const layered = layerValues([...layers, { from: "--set", values: set.values }]);
  return { ...layered, overrides: overridesOf(sc, layered), overlays };
}
