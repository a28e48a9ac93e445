/**
 * What commands may touch: output streams, the file system for `--out`, and
 * where the shipped scenarios are. Passed in so that tests can capture it.
 * @module
 */
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The CLI's window on the world. */
export interface CliContext {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The context of a real process. */
export const processContext: CliContext = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
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

/**
 * Writes a file whole or not at all: to a temporary file beside it, then
 * renamed over it, so an existing file is never left half-written.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* nothing was written */ }
    throw e;
  }
}
