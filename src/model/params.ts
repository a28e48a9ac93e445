/**
 * Parameter values for one compilation: the defaults, with overrides
 * (`--set name=value`, `--params FILE` overlays) checked against each
 * parameter's bounds; layers of overrides merged in order, and which
 * parameters differ from their defaults and why. Pure.
 * @module
 */
import { issue, type Issue } from "../scenario/issues.js";
import { suggest } from "../scenario/rules.js";
import type { Scenario } from "../scenario/scenario.js";

/** Resolves parameter values; unknown names and out-of-bounds values are issues (path `--set name`). Pure. */
export function resolveParams(
  sc: Scenario,
  overrides: ReadonlyMap<string, number> = new Map(),
): { ok: true; params: Map<string, number> } | { ok: false; issues: Issue[] } {
  const params = new Map<string, number>();
  for (const p of sc.parameters) params.set(p.name, p.default);
  const issues: Issue[] = [];
  for (const [name, value] of overrides) {
    const p = sc.parameters.find((x) => x.name === name);
    if (p === undefined) {
      issues.push(issue("option", ["--set", name], `unknown parameter "${name}"${suggest(name, sc.parameters.map((x) => x.name))}`));
    } else if (!Number.isFinite(value) || value < p.min || value > p.max) {
      issues.push(issue("option", ["--set", name], `${value} is outside the bounds [${p.min}, ${p.max}] of "${name}"`));
    } else {
      params.set(name, value);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, params };
}

/** A plain decimal number: digits with an optional point and exponent; no hex, binary, spaces, `Infinity` or `NaN`. */
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses `name=value` as given to `--set`. The value must be a plain decimal
 * number (`0.3`, `-2`, `.5`, `1e-4`): `Number()` alone would also take `0x1`,
 * `0b1`, `" 0.3"` and `""`. A value too large to represent (`1e999`) or one
 * that underflows to 0 although its digits are not all zero (`1e-400`) is an
 * issue too, rather than a silent infinity or zero. Issues have path
 * `--set name` (or `--set text` when there is no name). Pure.
 */
export function parseAssignment(text: string): { ok: true; name: string; value: number } | { ok: false; issue: Issue } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  const name = m?.[1];
  const raw = m?.[2];
  if (name === undefined || raw === undefined) {
    return { ok: false, issue: issue("option", ["--set", text], "expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)") };
  }
  const bad = (message: string): { ok: false; issue: Issue } => ({ ok: false, issue: issue("option", ["--set", name], message) });
  if (raw === "") return bad("no value given; expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)");
  if (!DECIMAL.test(raw)) return bad(`"${raw}" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`);
  const value = Number(raw);
  if (!Number.isFinite(value)) return bad(`${raw} is too large to be represented`);
  // The mantissa's digits (before any exponent) tell whether the literal meant zero.
  if (value === 0 && /[1-9]/.test(raw.split(/[eE]/)[0] ?? "")) return bad(`${raw} underflows to 0; write 0 if 0 is meant`);
  return { ok: true, name, value };
}

/** Where a parameter's value came from: `"--set"`, or `"params:FILE"` for an overlay (the path as given). */
export type Origin = "--set" | `params:${string}`;

/** The origin of values from `--params FILE`. */
export function overlayOrigin(file: string): Origin {
  return `params:${file}`;
}

/** One layer of values over the defaults: an overlay, or the `--set` options. */
export interface ParamLayer {
  readonly from: Origin;
  readonly values: ReadonlyMap<string, number>;
}

/** A parameter whose value differs from the scenario's default, and where the value came from. */
export interface Override {
  readonly name: string;
  readonly value: number;
  readonly default: number;
  /** The last layer that gave the value (a later overlay, or `--set`, wins over an earlier one). */
  readonly from: Origin;
}

/** Values given over the defaults, merged: the final value and origin of each name given. */
export interface LayeredValues {
  /** Every name given by any layer, with its final value: what {@link resolveParams} takes as overrides. */
  readonly values: ReadonlyMap<string, number>;
  /** The layer each final value came from. */
  readonly from: ReadonlyMap<string, Origin>;
}

/**
 * Merges layers in order, later ones winning (defaults < overlay 1 <
 * overlay 2 < … < `--set`, when given in that order). Checks nothing: each
 * layer is checked on its own before (overlays by src/scenario/overlay.ts,
 * `--set` by {@link resolveParams}). Pure.
 */
export function layerValues(layers: readonly ParamLayer[]): LayeredValues {
  const values = new Map<string, number>();
  const from = new Map<string, Origin>();
  for (const layer of layers) {
    for (const [name, v] of layer.values) {
      values.set(name, v);
      from.set(name, layer.from);
    }
  }
  return { values, from };
}

/**
 * The parameters of `sc` whose final value in `layered` differs from the
 * default, in the scenario's parameter order, each with its origin. A value
 * given equal to the default is not an override (the results are the
 * defaults'). Names `sc` does not have are skipped (they are errors found
 * elsewhere). Pure.
 */
export function overridesOf(sc: Scenario, layered: LayeredValues): Override[] {
  const out: Override[] = [];
  for (const p of sc.parameters) {
    const value = layered.values.get(p.name);
    const from = layered.from.get(p.name);
    if (value === undefined || from === undefined || value === p.default) continue;
    out.push({ name: p.name, value, default: p.default, from });
  }
  return out;
}
