/**
 * Where a claim's points come from, as fast-check arbitraries of parameter
 * sets: the parameter box (each parameter anywhere in its bounds, whole
 * numbers for delays' days) or the declared uncertainty (design points of
 * the unit cube mapped through the scenario's sampler: marginals, dirichlet
 * groups, copula). Why arbitraries and not a sampling design: fast-check
 * shrinks a failing point to a small one — in the box towards the defaults
 * (every parameter it can put back at its default goes back), in the
 * uncertainty towards the medians — so a counterexample names only the
 * parameters that matter. Pure (fast-check draws from its own seeded stream).
 * @module
 */
import fc from "fast-check";
import type { Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { makeSampler } from "../uncertainty/draw.js";
import { wholeDayParameters } from "../sensitivity/values.js";

/** A point: the parameters that differ from their defaults (the others stay at theirs). */
export type Point = ReadonlyMap<string, number>;

/** Every parameter anywhere in its bounds, each shrinking back to its default. Pure. */
export function boxPoints(sc: Scenario): fc.Arbitrary<Point> {
  const whole = wholeDayParameters(sc);
  const movable = sc.parameters.filter((p) => p.min < p.max);
  const values = movable.map((p) => fc.option(valueIn(p.min, p.max, whole.has(p.name)), { nil: undefined, freq: 3 }));
  return fc.tuple(...values).map((vs) => {
    const m = new Map<string, number>();
    vs.forEach((v, i) => { const p = movable[i]; if (p !== undefined && v !== undefined) m.set(p.name, v); });
    return m;
  });
}

/** A value in [min, max]: a whole number for a delay's days, else any double. Pure. */
export function valueIn(min: number, max: number, whole: boolean): fc.Arbitrary<number> {
  return whole ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * Parameter sets drawn from the declared uncertainty (the other parameters
 * at their defaults); the sampler's issues when the declarations are bad.
 * Each input factor (a parameter, or a dirichlet group) is either drawn or
 * left at its default(s), and fast-check shrinks towards leaving it: a
 * counterexample names only the factors that matter. With correlations the
 * factors are drawn jointly (always all of them), shrinking towards the
 * medians. Pure.
 */
export function uncertaintyPoints(sc: Scenario): Result<fc.Arbitrary<Point>> {
  const s = makeSampler(sc.parameters, sc.uncertainties, sc.correlations);
  if (!s.ok) return s;
  const sampler = s.value;
  // Coordinates as offsets from the cube's centre, so that fast-check's shrinking (towards 0) heads for the medians.
  const coord = fc.double({ min: -0.5, max: 0.5, noNaN: true });
  const factorArb = (dims: number): fc.Arbitrary<number[] | undefined> => {
    const draw = fc.array(coord, { minLength: dims, maxLength: dims });
    return sampler.correlated ? draw : fc.option(draw, { nil: undefined, freq: 3 });
  };
  const arb = fc.tuple(...sampler.factors.map((f) => factorArb(f.dims.length))).map((drawn) => {
    const u = new Float64Array(sampler.dims).fill(0.5);
    sampler.factors.forEach((f, i) => f.dims.forEach((d, k) => { u[d] = 0.5 + (drawn[i]?.[k] ?? 0); }));
    const all = sampler.map(u);
    const m = new Map<string, number>();
    sampler.factors.forEach((f, i) => {
      if (drawn[i] === undefined) return; // left at its default(s)
      for (const name of f.kind === "parameter" ? [f.parameter] : f.parameters) {
        const v = all.get(name);
        if (v !== undefined) m.set(name, v);
      }
    });
    return m;
  });
  return { ok: true, value: arb, warnings: s.warnings };
}
