/**
 * Issues as the lines users read, one per problem, naming the file:
 * `file:line:col: path: message`. Used by the CLI for every error it
 * prints and exported for library users, so that an error from code names
 * the file it is about just as the CLI's do. Pure.
 * @module
 */
import { toDotPath, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { escapeText } from "./escape.js";

/**
 * Formats one issue as a single line, with control, bidirectional and
 * zero-width characters from the file (names, labels, expressions) shown as
 * escapes, so that nothing in a scenario can rewrite what the line says.
 * `locate` (a load result's) turns the issue's path into `line:col`; give
 * `() => undefined` when there is none. Pure.
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

/**
 * Formats issues, errors first, one line each (see {@link formatIssue}),
 * e.g. `formatIssues(loaded.file, loaded.issues, loaded.locate)`. Pure.
 */
export function formatIssues(file: string, issues: readonly Issue[], locate: Locator = () => undefined): string[] {
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");
  return [...errors, ...warnings].map((i) => formatIssue(file, i, locate));
}
