/**
 * Errors the CLI turns into exit codes, and the formatting of issues:
 * one line per problem, `file:line:col: path: message`.
 * @module
 */
import { toDotPath, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { escapeText } from "../report/escape.js";

/** Exit code for bad input (files, options): the user can fix it. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an input/output error (EX_IOERR): standard output or a report file could not be written. */
export const EXIT_IO = 74;
/** Exit code for an internal error: a bug to report. */
export const EXIT_INTERNAL = 70;

/** A user-facing failure: lines for stderr and an exit code. */
export class CliError extends Error {
  constructor(readonly lines: readonly string[], readonly exitCode: number = EXIT_BAD_INPUT) {
    super(lines.join("\n"));
    this.name = "CliError";
  }
}

/**
 * Formats one issue as a single line, with control, bidirectional and
 * zero-width characters from the file (names, labels, expressions) shown as
 * escapes, so that nothing in a scenario can rewrite what the line says. Pure.
 */
export function formatIssue(file: string, i: Issue, locate: Locator): string {
  // A command-line option has no position in the file: `file: --set name: message`.
  const option = i.code === "option";
  const pos = option ? undefined : locate(i.path);
  const where = pos === undefined ? file : `${file}:${pos.line}:${pos.col}`;
  const syntax = typeof i.path[0] === "string" && i.path[0].startsWith("@");
  const path = option ? `${i.path.join(" ")}: ` : syntax || i.path.length === 0 ? "" : `${toDotPath(i.path)}: `;
  const sev = i.severity === "warning" ? "warning: " : "";
  // One line per problem, whatever the message holds: a parser's multi-line
  // message is joined with spaces; any other line break is shown escaped.
  return escapeText(`${where}: ${sev}${path}${i.message.replace(/\s*\n\s*/g, " ")}`);
}

/** Formats issues, errors first. Pure. */
export function formatIssues(file: string, issues: readonly Issue[], locate: Locator): string[] {
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");
  return [...errors, ...warnings].map((i) => formatIssue(file, i, locate));
}
