/**
 * Problems found in a scenario, as values: one shape for every layer
 * (shape, meaning, compilation, run time), each with a path into the file.
 * They are formatted once, at the CLI boundary (`src/cli/format.ts`).
 * @module
 */

/** One step of a path into a scenario file: a key or an array index. */
export type PathSegment = string | number;
/** A path into a scenario file, e.g. `["machines", "washington", "transitions", 2, "to"]`. */
export type Path = readonly PathSegment[];

/** What kind of problem an issue is; stable, for tests and tools. */
export type IssueCode =
  | "file" // the file cannot be read
  | "syntax" // YAML / JSON syntax
  | "shape" // the zod schema
  | "unknown-name" // a machine, state, parameter or function that does not exist
  | "unused" // a state that can never be reached, a parameter never read (warnings)
  | "duplicate" // an id used twice
  | "range" // a number outside its allowed range
  | "weights" // branch weights that do not sum to 1
  | "expression" // an expression that cannot be parsed or is not allowed here
  | "cycle" // a cycle of immediate transitions
  | "outcomes" // outcomes not exhaustive or overlapping
  | "source" // a parameter source that does not check out
  | "calendar" // dates out of order
  | "option" // a command-line option (e.g. --set)
  | "limit"; // a documented size limit

/** A problem with a path; `severity: "warning"` does not stop a run. */
export interface Issue {
  readonly code: IssueCode;
  readonly path: Path;
  readonly message: string;
  readonly severity: "error" | "warning";
}

/** Builds an error issue. Pure. */
export function issue(code: IssueCode, path: Path, message: string): Issue {
  return { code, path, message, severity: "error" };
}

/** Builds a warning issue. Pure. */
export function warning(code: IssueCode, path: Path, message: string): Issue {
  return { code, path, message, severity: "warning" };
}

/** `{ok: true, value}` or `{ok: false, issues}`: the result of every fallible step. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** True when any issue is an error (not a warning). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/**
 * Renders a path the way users read it: `machines.washington.transitions[2].to`.
 * Keys that are not identifiers are quoted, e.g. `weights["2026-03-01"]`. Pure.
 */
export function toDotPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === "" ? "(top level)" : out;
}

/**
 * An error carrying issues, thrown only where a value cannot be returned
 * (e.g. from deep inside a run); the CLI maps it to exit code 2.
 */
export class ScenarioError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map((i) => `${toDotPath(i.path)}: ${i.message}`).join("\n"));
    this.name = "ScenarioError";
    this.issues = issues;
  }
}
