/**
 * What commands may touch: output streams, and where the shipped scenarios
 * are (`--out` files: outfile.ts). Passed in so that tests can capture it.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgressTerminal } from "./progress.js";

/** The CLI's window on the world. */
export interface CliContext {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The arguments the program was run with (without node and the script), for report provenance; set by runCli. */
  readonly args?: readonly string[];
  /** Where progress bars may be drawn (progress.ts); absent: no progress, no signal handling (in-process tests). */
  readonly terminal?: ProgressTerminal;
  /** Whether `--quiet` was given; set by makeProgram, read once the arguments are parsed. */
  readonly quiet?: () => boolean;
  /**
   * The width of the terminal standard output is, in columns, which table
   * reports fit (wrapping long labels); undefined when standard output is
   * not a terminal (a pipe or a file: no limit, the whole table as it is).
   */
  readonly columns?: number | undefined;
  /** Whether `--no-cache` was given (the scenario cache, cache.ts); set by makeProgram. */
  readonly noCache?: () => boolean;
}

/** The context of a real process. */
export const processContext: CliContext = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  terminal: { stream: process.stderr, isTTY: process.stderr.isTTY === true, signals: true },
  get columns() {
    return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined;
  },
};

/** The package root (the folder with tariffsim's package.json), found from this file. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && /"name":\s*"tariffsim"/.test(readFileSync(pkg, "utf8"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("internal: cannot find tariffsim's package.json");
    dir = up;
  }
}

/** The shipped default scenario. */
export function defaultScenario(): string {
  return join(packageRoot(), "scenarios", "korea-us-2026.yaml");
}

/** The package version. */
export function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "0.0.0";
}
