/**
 * Test helpers for the CLI: running it in-process with captured streams, and
 * temporary directories that are removed after the test file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/runCli.js";

/** What one CLI invocation printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `tariffsim args` in-process, capturing stdout and stderr. */
export async function cli(...args: string[]): Promise<CliResult> {
  return atWidth(undefined, ...args);
}

/** Runs the CLI in-process as if standard output were a terminal `columns` wide (undefined: a pipe). */
export async function atWidth(columns: number | undefined, ...args: string[]): Promise<CliResult> {
  let out = "";
  let err = "";
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, columns });
  return { code, out, err };
}

/** The length in characters of a text's longest line. */
export const longest = (text: string): number => Math.max(...text.split("\n").map((l) => [...l].length));

/** The non-empty lines of a text. */
export function nonEmptyLines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

/** A line of a Node.js stack trace, e.g. `at foo (/x/y.js:1:2)`. */
export const STACK_LINE = /\bat .*\(.*:\d+:\d+\)/;

/** Escapes a string for use inside a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Temporary directories; call `cleanup` in afterAll. */
export function tmpDirs(): { make: () => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    make: () => {
      const d = mkdtempSync(join(tmpdir(), "tariffsim-test-"));
      made.push(d);
      return d;
    },
    cleanup: () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    },
  };
}
