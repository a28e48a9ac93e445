/**
 * Where a command's report goes: stdout, or a file written whole.
 * @module
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CliContext } from "./context.js";
import { CliError, EXIT_BAD_INPUT, EXIT_IO } from "./errors.js";
import { refuseToReplace, writeFileAtomic } from "./outfile.js";
import { escapeText } from "../report/escape.js";
import type { Format } from "../report/tidy.js";

/** System errors that mean the device failed or is full, not that the path is wrong: exit {@link EXIT_IO}. */
const IO_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EIO", "EDQUOT", "EFBIG"]);

function codeOf(e: unknown): string {
  return e instanceof Error && "code" in e ? String(e.code) : "error";
}

/**
 * Checks an `--out` path before any work is done: a symlink, directory or
 * special file is refused, and so is a path whose folder does not exist, so
 * that a long simulation is not wasted. Throws a {@link CliError} (exit 2).
 */
export function checkOut(out: string | undefined): void {
  if (out === undefined) return;
  const why = refuseToReplace(out);
  if (why !== undefined) throw new CliError([`${out}: --out: ${why}`]);
  let dir: ReturnType<typeof statSync> | undefined;
  try {
    dir = statSync(dirname(resolve(out)));
  } catch (e) {
    throw new CliError([`${out}: cannot write the report (${codeOf(e)})`]);
  }
  if (!dir.isDirectory()) throw new CliError([`${out}: cannot write the report (ENOTDIR)`]);
}

/**
 * The line a successful `--out` writes on stderr: `wrote FILE (WHAT)`, WHAT
 * the caller's description (e.g. `12 rows, csv`) or else the size in bytes.
 * Pure.
 */
export function wroteLine(out: string, text: string, what?: string): string {
  const bytes = Buffer.byteLength(text, "utf8");
  return `wrote ${out} (${what ?? `${bytes.toLocaleString("en-US")} byte${bytes === 1 ? "" : "s"}`})`;
}

/**
 * Writes `text` to stdout, or atomically to `out` (see {@link writeFileAtomic})
 * and then says so on stderr in one line (see {@link wroteLine}; `what`
 * describes the report, e.g. `12 rows, csv`); a refused path or a failed
 * write is a {@link CliError}: exit 2 for a path problem, {@link EXIT_IO}
 * when the device is full or failing.
 */
export async function emit(ctx: CliContext, text: string, out: string | undefined, what?: string): Promise<void> {
  if (out === undefined) {
    ctx.out(text);
    return;
  }
  // Checked again: the path may have changed while the report was computed.
  const why = refuseToReplace(out);
  if (why !== undefined) throw new CliError([`${out}: --out: ${why}`]);
  try {
    await writeFileAtomic(out, text);
  } catch (e) {
    const code = codeOf(e);
    throw new CliError([`${out}: cannot write the report (${code})`], IO_CODES.has(code) ? EXIT_IO : EXIT_BAD_INPUT);
  }
  ctx.err(`${escapeText(wroteLine(out, text, what))}\n`);
}

/** How a report is described in the `wrote` line: `N rows, FORMAT` (a table's rows; JSON has none). Pure. */
export function reportWhat(format: Format, rows?: number): string {
  return rows === undefined || format === "json" ? format : `${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}, ${format}`;
}
