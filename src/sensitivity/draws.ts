/**
 * What `sensitivity` and `uncertainty` share: the scenario's sampler (from
 * its declared uncertainty) with the parameters held by `--set`/`--params`
 * taken out of it, the parameter sets of design points, a target's value at
 * a solved point, and the one-line account of a draw that makes an invalid
 * model (never dropped: the caller fails with it). Pure.
 * @module
 */
import { issue, warning, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { makeSampler, type Factor, type Sampler } from "../uncertainty/draw.js";
import type { PointResult } from "./estimate.js";
import type { Target } from "./targets.js";

/** The scenario's sampler, with what is drawn and what is held. */
export interface Draws {
  readonly sampler: Sampler;
  /** The factors that vary: the sampler's, less those whose parameters are all held. */
  readonly factors: readonly Factor[];
  /** The parameters that vary in the draws, in the scenario's order. */
  readonly varied: readonly string[];
  /** Parameter values fixed by the caller (overlays and `--set`), applied at every draw. */
  readonly overrides: ReadonlyMap<string, number>;
}

/** The parameters of a factor. */
export function factorParameters(f: Factor): readonly string[] {
  return f.kind === "parameter" ? [f.parameter] : f.parameters;
}

/**
 * Builds the sampler of `sc` and takes out the factors held by `overrides`.
 * Errors: invalid uncertainty declarations (as `validate` reports them); no
 * parameter with an uncertainty (or all of them held); a dirichlet group of
 * which only some members are held (the others could then sum past 1).
 * Warnings: the sampler's, and one when a held parameter is correlated with
 * a drawn one (its coordinate still moves its partner through the copula).
 * Pure.
 */
export function prepareDraws(sc: Scenario, overrides: ReadonlyMap<string, number>): Result<Draws> {
  const made = makeSampler(sc.parameters, sc.uncertainties, sc.correlations);
  if (!made.ok) return made;
  const sampler = made.value;
  const issues: Issue[] = [];
  const warnings: Issue[] = [...made.warnings];
  const factors: Factor[] = [];
  for (const f of sampler.factors) {
    const names = factorParameters(f);
    const held = names.filter((n) => overrides.has(n));
    if (held.length === 0) factors.push(f);
    else if (held.length < names.length) {
      issues.push(issue("option", ["--set/--params"], `${held.map((n) => `"${n}"`).join(", ")} given a value, but ${f.label} draws its members jointly: hold every member of the group or none`));
    }
  }
  for (const c of sc.correlations) {
    const [a, b] = c.between;
    const held = [a, b].filter((n) => overrides.has(n));
    if (held.length === 1) {
      warnings.push(warning("option", ["--set/--params"], `"${held[0] ?? ""}" is held but correlated with "${held[0] === a ? b : a}": the share of variance that reaches the latter through the correlation is attributed to no factor`));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  if (factors.length === 0) {
    const why = sampler.factors.length === 0
      ? `scenario "${sc.id}" declares no parameter uncertainty: give parameters an \`uncertainty\` or a \`dirichlet\` group (docs/uncertainty.md)`
      : "every parameter with an uncertainty is held: nothing is left to vary";
    return { ok: false, issues: [sampler.factors.length === 0 ? issue("shape", ["parameters"], why) : issue("option", ["--set/--params"], why)] };
  }
  const drawnHeld = new Set(overrides.keys());
  const varied = sampler.names.filter((n) => !drawnHeld.has(n));
  return { ok: true, value: { sampler, factors, varied, overrides }, warnings };
}

/** The full parameter set at design point `u` (length `sampler.dims`): the sampler's draw, then the overrides. */
export function drawAt(d: Draws, u: Float64Array): Map<string, number> {
  const values = d.sampler.map(u);
  for (const [k, v] of d.overrides) values.set(k, v);
  return values;
}

/** A target's value at a point that solved (NaN for an id the point does not have, which a checked target cannot be). */
export function targetValue(r: Extract<PointResult, { ok: true }>, t: Target): number {
  return (t.kind === "group" ? r.groups.get(t.id) : r.outcomes.get(t.id)) ?? Number.NaN;
}

/** Most invalid draws reported one by one; the rest are counted in one more line. */
export const MAX_REPORTED_DRAWS = 5;

/**
 * The issues of the draws that make an invalid model, each naming the draw
 * (`what` and its index), the varied parameters' values and the underlying
 * problem (its path kept, so the CLI locates it in the scenario file). At
 * most {@link MAX_REPORTED_DRAWS} draws are detailed, then a count. Empty
 * when every draw solved. Pure.
 */
export function invalidDrawIssues(
  results: readonly PointResult[],
  points: readonly ReadonlyMap<string, number>[],
  varied: readonly string[],
  what: (index: number) => string,
): Issue[] {
  const out: Issue[] = [];
  let bad = 0;
  let evidenceOnly = true;
  results.forEach((r, k) => {
    if (r.ok) return;
    bad++;
    const errors = r.issues.filter((x) => x.severity === "error");
    const shown = errors.length > 0 ? errors : r.issues;
    if (!shown.every(isEvidenceIssue)) evidenceOnly = false;
    if (bad > MAX_REPORTED_DRAWS) return;
    const p = points[k];
    const values = varied.map((n) => `${n} = ${p?.get(n) ?? Number.NaN}`).join(", ");
    for (const x of shown) {
      // Evidence that cannot hold leaves the model valid: say what it is.
      const message = isEvidenceIssue(x) ? `${what(k)} (${values}): ${x.message}` : `${what(k)} (${values}) makes an invalid model: ${x.message}`;
      // A drawn value is applied as an override, whose problems name `--set`; the draw came from the
      // parameter's declaration, so that is where the line points.
      const name = x.path[1];
      const path = x.path[0] === "--set" && typeof name === "string" && varied.includes(name) ? ["parameters", name] : x.path;
      out.push({ ...x, path, severity: "error", message });
    }
  });
  if (bad > MAX_REPORTED_DRAWS) {
    const advice = evidenceOnly
      ? "the evidence cannot hold at those values: check the observations, or narrow the declared uncertainty"
      : "declare the weights jointly (a dirichlet group) or narrow the ranges";
    out.push(issue("option", ["draws"], `${bad - MAX_REPORTED_DRAWS} more of the ${results.length} draws ${evidenceOnly ? "cannot be conditioned on the evidence" : "make an invalid model"} (${bad} in all); none is dropped: ${advice}`));
  }
  return out;
}

/** Whether an issue is evidence that cannot hold at a point's values (src/sensitivity/estimate.ts), not a problem of the model. */
function isEvidenceIssue(x: Issue): boolean {
  return x.code === "option" && x.path[0] === "evidence";
}

/** The option a design issue's path names (`design()` reports on `n`, `seed` and `d`). */
const DESIGN_OPTION: Readonly<Record<string, string>> = { n: "--samples", seed: "--seed", d: "--samples" };

/**
 * A design's issues (paths `["n"]`, `["seed"]`, `["d"]`) as option issues
 * (`--samples`, `--seed`), so that the CLI prints `file: --samples: …`
 * rather than a path into the scenario file. Pure.
 */
export function asOptionIssues(issues: readonly Issue[]): Issue[] {
  return issues.map((i) => {
    const first = i.path[0];
    const option = typeof first === "string" ? DESIGN_OPTION[first] : undefined;
    return option === undefined ? i : { ...i, code: "option", path: [option] };
  });
}
