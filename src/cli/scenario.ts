/**
 * Loading and compiling a scenario for a command, turning issues into a
 * {@link CliError} (exit code 2, one line per problem).
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { parseAssignment } from "../model/params.js";
import { prepareModel } from "../model/prepare.js";
import { issue, ScenarioError, type Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import type { Locator } from "../scenario/load.js";
import type { CliContext } from "./context.js";
import { CliError, formatIssue, formatIssues } from "./errors.js";
import { loadScenarioCached } from "./cache.js";
import { cacheDir } from "./cacheStore.js";

/** A scenario loaded for a command. */
export interface Loaded {
  readonly file: string;
  readonly scenario: Scenario;
  readonly locate: Locator;
  /** The hex SHA-256 of the text the scenario was loaded from (UTF-8), when known. */
  readonly sha256?: string | undefined;
}

/**
 * Loads a scenario file or throws a {@link CliError}; warnings go to stderr.
 * Through the scenario cache (cache.ts) unless `--no-cache` or
 * `TARIFFSIM_NO_CACHE=1`: the same scenario, warnings and errors either way.
 */
export async function loadOrFail(ctx: CliContext, file: string): Promise<Loaded> {
  const r = await loadScenarioCached(file, { dir: ctx.noCache?.() === true ? undefined : cacheDir() });
  if (!r.ok) throw new CliError(formatIssues(file, r.issues, r.locate));
  warn(ctx, file, r.warnings, r.locate);
  return { file, scenario: r.scenario, locate: r.locate, sha256: r.sha256 };
}

function warn(ctx: CliContext, file: string, warnings: readonly Issue[], locate: Locator): void {
  for (const line of formatIssues(file, warnings, locate)) ctx.err(`${line}\n`);
}

/**
 * Parses `--set name=value` options into overrides, or throws a
 * {@link CliError}. A name given twice is an error, not "last wins": with
 * long command lines built by scripts, a silent override hides mistakes.
 */
export function parseSets(file: string, sets: readonly string[]): Map<string, number> {
  const r = setLines(file, sets);
  if (r.lines.length > 0) throw new CliError(r.lines);
  return r.values;
}

/**
 * {@link parseSets} as a value: the overrides parsed, and one formatted line
 * per problem (`file: --set name: message`; empty when all are good). Pure.
 */
export function setLines(file: string, sets: readonly string[]): { values: Map<string, number>; lines: string[] } {
  const values = new Map<string, number>();
  const written = new Map<string, string>();
  const lines: string[] = [];
  for (const s of sets) {
    const a = parseAssignment(s);
    if (!a.ok) {
      lines.push(formatIssue(file, a.issue, () => undefined));
      continue;
    }
    const raw = s.slice(s.indexOf("=") + 1);
    const before = written.get(a.name);
    if (before !== undefined) {
      lines.push(formatIssue(file, issue("option", ["--set", a.name], `given twice (${before} and ${raw})`), () => undefined));
      continue;
    }
    written.set(a.name, raw);
    values.set(a.name, a.value);
  }
  return { values, lines };
}

/**
 * Compiles a loaded scenario with parameter overrides (the final values of
 * overlays and `--set`, see `resolveValuesOrFail` in overlays.ts), or throws
 * a {@link CliError}.
 */
export function compileOrFail(ctx: CliContext, loaded: Loaded, overrides: ReadonlyMap<string, number>, quiet = false, given?: GivenValues): CompiledModel {
  const r = prepareModel(loaded.scenario, overrides);
  if (!r.ok) throw new CliError(formatIssues(loaded.file, given === undefined ? r.issues : r.issues.map((x) => ({ ...x, message: withOrigins(x.message, given) })), loaded.locate));
  if (!quiet) warn(ctx, loaded.file, r.warnings, loaded.locate);
  return r.model;
}

/** Where the values over the defaults came from (each name's last layer), and which side of a comparison they are. */
export interface GivenValues {
  readonly overrides: readonly { readonly name: string; readonly from: string }[];
  readonly side?: string;
}

/** An origin as the option that gave it: `--set`, `--params FILE`, or a comparison's own flag. */
function originText(from: string): string {
  return from.startsWith("params:") ? `--params ${from.slice("params:".length)}` : from;
}

/**
 * A compile problem's message with where the given values it names came
 * from: the scenario's line is where the expression is, but the value that
 * broke it was given by an option or an overlay, which the line alone hides.
 * Pure.
 */
export function withOrigins(message: string, given: GivenValues): string {
  const named = given.overrides.filter((o) => new RegExp(`\\b${o.name} = `).test(message));
  const side = given.side === undefined ? "" : `side ${given.side.toUpperCase()}: `;
  if (named.length === 0) return `${side}${message}`;
  const byOrigin = new Map<string, string[]>();
  for (const o of named) byOrigin.set(originText(o.from), [...(byOrigin.get(originText(o.from)) ?? []), o.name]);
  return `${side}${message}; given by ${[...byOrigin].map(([from, names]) => `${from} (${names.join(", ")})`).join(", ")}`;
}

/** Runs `fn`, turning a run-time {@link ScenarioError} into a {@link CliError} naming the file. */
export function withScenario<T>(loaded: Loaded, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(formatIssues(loaded.file, e.issues, loaded.locate));
    throw e;
  }
}

/** {@link withScenario} for asynchronous work. */
export async function withScenarioAsync<T>(loaded: Loaded, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(formatIssues(loaded.file, e.issues, loaded.locate));
    throw e;
  }
}
