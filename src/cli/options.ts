/**
 * Option parsers shared by commands; they throw commander's
 * InvalidArgumentError, which the program reports with exit code 2.
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { MAX_SEED } from "../engine/rng.js";
import type { CliContext } from "./context.js";
import { CliError } from "./errors.js";

/** The most runs one command may ask for (a documented limit). */
export const MAX_RUNS = 1_000_000_000;

/** Parses a whole number in [min, max], written as plain digits (no sign, spaces, exponent or hex). */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/**
 * Parses `--runs`: a whole number from 1 to {@link MAX_RUNS}, written as
 * digits with optional `_` between groups (`1_000_000`) or in exponent
 * form (`1e6`, `2.5e5`), as long as the value is exactly a whole number
 * (`1.5e0` and `1e-3` are refused, never rounded).
 */
export function parseRuns(value: string): number {
  const digits = /^\d+(?:_\d+)*$/.test(value);
  const exponent = /^\d+(?:\.\d+)?[eE]\+?\d+$/.test(value);
  const n = digits ? Number(value.replace(/_/g, "")) : exponent ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_RUNS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_RUNS} (digits, 1_000_000 or 1e6)`);
  }
  return n;
}
/** Parses `--seed`. */
export const parseSeed = wholeNumber(0, MAX_SEED);

/** Collects a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses `--out`: a non-empty file name (`--out ""` would name the current directory). */
export function parseOutPath(value: string, previous?: unknown): string {
  // Given twice, the last would silently win: one of them is a mistake.
  if (previous !== undefined) throw new InvalidArgumentError("given twice; give it once");
  if (value.trim() === "") throw new InvalidArgumentError("expected a file name");
  // "-" means standard output to many tools; here it would make a file named "-".
  if (value === "-") throw new InvalidArgumentError("\"-\" is not standard output here: leave the option out to write to standard output");
  return value;
}

/** Parses a single input file option (`--scenario`, `--resolutions`): a non-empty name, given once. */
export function parseInPath(value: string, previous?: unknown): string {
  if (previous !== undefined) throw new InvalidArgumentError("given twice; give it once");
  if (value.trim() === "") throw new InvalidArgumentError("expected a file name");
  return value;
}

/** Collects a repeatable file option (`--params`): each a non-empty file name. */
export function collectPath(value: string, previous: string[]): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("expected a file name");
  return [...previous, value];
}

/** The help of `--wide`. */
export const WIDE_HELP = "tables at full width (default: long labels wrap to fit the terminal)";

/**
 * The width table reports fit: the terminal's (see `CliContext.columns`),
 * or no limit with `--wide`, with `--out` (a file is not a terminal) and
 * when standard output is not a terminal. Pure.
 */
export function tableWidth(ctx: CliContext, opts: { wide?: true | undefined; out?: string | undefined }): number | undefined {
  return opts.wide === true || opts.out !== undefined ? undefined : ctx.columns;
}

/** Refuses `--wide` with a format that has no table to widen (it would be ignored): a {@link CliError}. */
export function checkWide(wide: true | undefined, format: string): void {
  if (wide === true && format !== "table") throw new CliError([`--wide: only applies to tables; --format ${format} is never cut to the terminal`]);
}

/**
 * Refuses Monte Carlo options given on the command line with `--method
 * exact` (they would be ignored: the exact solver samples nothing), as one
 * exit-2 line naming them. `given` says where an option's value came from
 * (commander's `getOptionValueSource`).
 */
export function refuseMonteCarloOptions(method: string, names: readonly string[], given: (name: string) => string | undefined): void {
  if (method !== "exact") return;
  const ignored = names.filter((name) => given(name) === "cli");
  if (ignored.length > 0) throw new CliError([`--method exact: --${ignored.join(", --")} only appl${ignored.length === 1 ? "ies" : "y"} to Monte Carlo`]);
}
