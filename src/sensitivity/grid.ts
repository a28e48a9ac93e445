/**
 * A sweep's grid: axes written `NAME=FROM..TO`, checked against the
 * scenario's parameters and bounds, and their points (inclusive ends,
 * evenly spaced, tidied of rounding noise). Pure.
 * @module
 */
import { parseAssignment } from "../model/params.js";
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { suggest } from "../scenario/suggest.js";
import { tidy, wholeDayParameters } from "./values.js";

/** One axis as written: a parameter and the two ends of its range (FROM may be above TO: the grid runs downward). */
export interface AxisSpec {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** A checked axis and its grid values, FROM first. */
export interface Axis extends AxisSpec {
  readonly values: readonly number[];
}

/** The default points per axis. */
export const DEFAULT_STEPS = 11;
/** The most points per axis. */
export const MAX_STEPS = 201;
/** The most points of a grid in all (a two-way grid is at most 100 × 100). */
export const MAX_POINTS = 10_000;
/** The most axes: one- and two-way grids. */
export const MAX_AXES = 2;

/**
 * Parses `NAME=FROM..TO` (FROM and TO plain decimals, as `--set` takes
 * them). Issues have code `option` and path `sweep TEXT`. Pure.
 */
export function parseAxis(text: string): Result<AxisSpec> {
  const bad = (message: string): Result<AxisSpec> => ({ ok: false, issues: [issue("option", ["sweep", text], message)] });
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*?)\.\.(.*)$/s.exec(text);
  const name = m?.[1];
  if (m === null || name === undefined) return bad("expected NAME=FROM..TO, e.g. p_struck_down=0..1");
  // "0...1" would read as 0 to .1: three dots are a typo, not a grid.
  if (text.includes("...")) return bad("expected NAME=FROM..TO, with two dots between the ends");
  const ends: number[] = [];
  for (const raw of [m[2] ?? "", m[3] ?? ""]) {
    // The same number rules as --set (plain decimals, no hex, no overflow).
    const a = parseAssignment(`${name}=${raw}`);
    if (!a.ok) return bad(a.issue.message.replace(/; expected NAME=NUMBER.*$/, "; expected NAME=FROM..TO"));
    ends.push(a.value);
  }
  const [from = Number.NaN, to = Number.NaN] = ends;
  return { ok: true, value: { name, from, to }, warnings: [] };
}

/**
 * `steps` evenly spaced values from `from` to `to`, both included. Where
 * `to - from` overflows (ends near ±1.8e308), each point is weighed between
 * the ends instead, which the span cannot break (the midpoint of
 * -1e308..1e308 was Infinity). Pure.
 */
export function axisValues(from: number, to: number, steps: number): number[] {
  const span = to - from;
  const at = Number.isFinite(span)
    ? (i: number): number => from + (span * i) / (steps - 1)
    : (i: number): number => from * ((steps - 1 - i) / (steps - 1)) + to * (i / (steps - 1));
  return Array.from({ length: steps }, (_, i) => (i === 0 ? from : i === steps - 1 ? to : tidy(at(i))));
}

/**
 * Checks axes against the scenario and builds their values: one or two
 * axes, each a parameter (with "did you mean"), not given twice, not also
 * given a value in `fixed` (overlays or `--set`: a swept parameter's value
 * comes from the grid), FROM ≠ TO, both inside the parameter's bounds
 * (naming the bound), `steps` in [2, {@link MAX_STEPS}], at most
 * {@link MAX_POINTS} points, and whole values for a parameter a delay reads.
 * Every problem is reported. Pure.
 */
export function checkAxes(sc: Scenario, specs: readonly AxisSpec[], steps: number, fixed: ReadonlySet<string>): Result<Axis[]> {
  const issues: Issue[] = [];
  const at = (s: AxisSpec): string[] => ["sweep", `${s.name}=${s.from}..${s.to}`];
  if (specs.length < 1 || specs.length > MAX_AXES) {
    issues.push(issue("option", ["sweep"], `expected one or two axes NAME=FROM..TO; got ${specs.length}`));
  }
  if (!Number.isSafeInteger(steps) || steps < 2 || steps > MAX_STEPS) {
    issues.push(issue("option", ["--steps"], `expected a whole number from 2 to ${MAX_STEPS}; got ${steps}`));
  } else if (steps ** specs.length > MAX_POINTS) {
    issues.push(issue("option", ["--steps"], `${steps}^${specs.length} = ${steps ** specs.length} points, more than the ${MAX_POINTS.toLocaleString("en-US")} a sweep may have; use --steps ${Math.floor(MAX_POINTS ** (1 / specs.length))} or fewer`));
  }
  const whole = wholeDayParameters(sc);
  const seen = new Set<string>();
  const axes: Axis[] = [];
  for (const s of specs) {
    const p = sc.parameters.find((x) => x.name === s.name);
    if (p === undefined) {
      issues.push(issue("option", at(s), `unknown parameter "${s.name}"${suggest(s.name, sc.parameters.map((x) => x.name))}`));
      continue;
    }
    const found: string[] = [];
    if (seen.has(s.name)) found.push(`"${s.name}" is swept twice`);
    seen.add(s.name);
    if (fixed.has(s.name)) found.push(`"${s.name}" is swept, so it cannot also be given a value (--set or --params)`);
    if (s.from === s.to) found.push(`FROM and TO are both ${s.from}; to hold "${s.name}" at one value use --set ${s.name}=${s.from}`);
    for (const [end, v] of [["FROM", s.from], ["TO", s.to]] as const) {
      if (v < p.min) found.push(`${end} ${v} is below the lower bound ${p.min} of "${s.name}" (bounds [${p.min}, ${p.max}])`);
      if (v > p.max) found.push(`${end} ${v} is above the upper bound ${p.max} of "${s.name}" (bounds [${p.min}, ${p.max}])`);
    }
    const values = Number.isSafeInteger(steps) && steps >= 2 && steps <= MAX_STEPS ? axisValues(s.from, s.to, steps) : [];
    const fraction = values.find((v) => !Number.isInteger(v));
    if (whole.has(s.name) && fraction !== undefined) {
      const span = Math.abs(s.to - s.from);
      const hint = Number.isInteger(s.from) && Number.isInteger(s.to) && span + 1 <= MAX_STEPS ? ` (e.g. --steps ${span + 1})` : "";
      found.push(`a delay reads "${s.name}", so it takes whole days, but the grid has ${fraction}; choose whole FROM and TO and --steps so that every point is whole${hint}`);
    }
    issues.push(...found.map((m) => issue("option", at(s), m)));
    if (found.length === 0) axes.push({ ...s, values });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: axes, warnings: [] };
}
