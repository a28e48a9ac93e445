/**
 * Loading scenario files from disk, with their seed documents. With
 * src/boundedRead.ts (the guarded reads, re-exported here), the only modules
 * besides the CLI that touch the file system: a scenario and its seeds are
 * read with the same guard ({@link readBoundedFile}: only a regular file, at
 * most a documented number of bytes), seeds only inside the scenario's own
 * folder tree. The CLI reads parameter overlays with the same guard.
 * @module
 */
import { readBoundedFile, readSeedFile } from "./boundedRead.js";
import { issue } from "./scenario/issues.js";
import { MAX_SCENARIO_BYTES } from "./scenario/limits.js";
import { loadScenarioText, type LoadResult, type PositionsWatcher, type SeedText } from "./scenario/load.js";

export { readBoundedFile, readSeedFile, type BoundedRead } from "./boundedRead.js";

/** A load result with the file it came from. */
export type FileLoadResult = LoadResult & { readonly file: string };

/**
 * What a load read, for a caller that caches its result (src/cli/cache.ts):
 * the scenario's text and each seed file's outcome, as they were used.
 */
export interface LoadWatcher {
  readonly text?: (text: string) => void;
  readonly seed?: (seed: string, read: SeedText) => void;
  /** The text's position tree, made on demand from the load's own parse. */
  readonly positions?: PositionsWatcher;
}

/**
 * Reads and loads a scenario file; seed files are read relative to it so
 * that parameter quotes can be checked. Never throws for a bad file.
 * `watch` sees what was read (the result does not depend on it).
 */
export function loadScenarioFile(file: string, watch: LoadWatcher = {}): FileLoadResult {
  const r = readBoundedFile(file, MAX_SCENARIO_BYTES);
  if (!r.ok) return { ok: false, issues: [issue(r.code, [], r.why)], locate: () => undefined, file };
  watch.text?.(r.text);
  return {
    ...loadScenarioText(r.text, (seed) => {
      const s = readSeedFile(file, seed);
      watch.seed?.(seed, s);
      return s;
    }, watch.positions),
    file,
  };
}
