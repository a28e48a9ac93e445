/**
 * Errors the CLI turns into exit codes, and the formatting of issues:
 * one line per problem, `file:line:col: path: message`.
 * @module
 */

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

// Formatting lives with the reports (the library exports it too); the CLI's callers import it from here.
export { formatIssue, formatIssues } from "../report/issues.js";
