/**
 * The parameter values an analysis makes up (tornado ends, sweep points):
 * which parameters must take whole numbers — those a delay reads, since a
 * delay is a whole number of days (docs/format.md) and `d_impl_min = 11.2`
 * is an invalid model — and computed values tidied of binary rounding noise
 * (0.55 × 0.8 = 0.44000000000000006 → 0.44), so that the value reported is
 * the value solved. Pure.
 * @module
 */
import { walkExpr } from "../scenario/expression.js";
import type { DelaySpec, ExprSource, Scenario } from "../scenario/scenario.js";

/** The day-valued expressions of a delay (a weighted delay's weights are probabilities, not days). */
function dayFields(d: DelaySpec): ExprSource[] {
  switch (d.shape) {
    case "fixed":
      return [d.days];
    case "uniform":
      return [d.min, d.max];
    case "triangular":
      return [d.min, d.mode, d.max];
    case "weighted":
      return [];
    default:
      return d satisfies never;
  }
}

/** The names of the parameters read by any delay's days, min, mode or max. Pure. */
export function wholeDayParameters(sc: Scenario): Set<string> {
  const params = new Set(sc.parameters.map((p) => p.name));
  const out = new Set<string>();
  for (const m of sc.machines) {
    for (const t of m.transitions) {
      if (t.trigger.kind !== "delay") continue;
      for (const f of dayFields(t.trigger.delay)) {
        if (f.expr === undefined) continue;
        walkExpr(f.expr, (e) => {
          if (e.kind === "name" && params.has(e.name)) out.add(e.name);
        });
      }
    }
  }
  return out;
}

/** `x` rounded to the nearest whole number inside [min, max] (rounded inward at the bounds). Pure. */
export function wholeWithin(x: number, min: number, max: number): number {
  return Math.min(Math.floor(max), Math.max(Math.ceil(min), Math.round(x)));
}

/** Significant digits kept by {@link tidy}: far below any parameter's meaning, far above rounding noise (about 1e-16 relative). */
export const TIDY_DIGITS = 12;

/** `x` rounded to {@link TIDY_DIGITS} significant digits (0.44000000000000006 → 0.44). Pure. */
export function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(TIDY_DIGITS)) : x;
}
