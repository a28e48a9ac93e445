/**
 * Reading scenario files and their seed documents from disk: the only
 * module besides the CLI that touches the file system.
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { issue } from "./scenario/issues.js";
import { loadScenarioText, type LoadResult } from "./scenario/load.js";

/** A load result with the file it came from. */
export type FileLoadResult = LoadResult & { readonly file: string };

/**
 * Reads and loads a scenario file; seed files are read relative to it so
 * that parameter quotes can be checked. Never throws for a bad file.
 */
export function loadScenarioFile(file: string): FileLoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = e instanceof Error && "code" in e ? String(e.code) : "";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : "cannot be read";
    return { ok: false, issues: [issue("file", [], why)], locate: () => undefined, file };
  }
  const readSeed = (seed: string): string | undefined => {
    try {
      return readFileSync(resolve(dirname(file), seed), "utf8");
    } catch {
      return undefined;
    }
  };
  return { ...loadScenarioText(text, readSeed), file };
}
