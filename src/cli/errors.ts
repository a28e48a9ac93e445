/**
 * Errors the CLI turns into exit codes, and the formatting of issues:
 * one line per problem, `file:line:col: path: message`.
 * @module
 */
import { toDotPath, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";

/** Exit code for bad input (files, options): the user can fix it. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for an internal error: a bug to report. */
export const EXIT_INTERNAL = 70;

/** A user-facing failure: lines for stderr and an exit code. */
export class CliError extends Error {
  constructor(readonly lines: readonly string[], readonly exitCode: number = EXIT_BAD_INPUT) {
    super(lines.join("\n"));
    this.name = "CliError";
  }
}

/** Formats one issue as a single line. Pure. */
export function formatIssue(file: string, i: Issue, locate: Locator): string {
  // A command-line option has no position in the file: `file: --set name: message`.
  const option = i.code === "option";
  const pos = option ? undefined : locate(i.path);
  const where = pos === undefined ? file : `${file}:${pos.line}:${pos.col}`;
  const syntax = typeof i.path[0] === "string" && i.path[0].startsWith("@");
  const path = option ? `${i.path.join(" ")}: ` : syntax || i.path.length === 0 ? "" : `${toDotPath(i.path)}: `;
  const sev = i.severity === "warning" ? "warning: " : "";
  // One line per problem, whatever the message holds.
  return `${where}: ${sev}${path}${i.message}`.replace(/\s*\n\s*/g, " ");
}

/** Formats issues, errors first. Pure. */
export function formatIssues(file: string, issues: readonly Issue[], locate: Locator): string[] {
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");
  return [...errors, ...warnings].map((i) => formatIssue(file, i, locate));
}
