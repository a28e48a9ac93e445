/**
 * A claim's target probability at one parameter set: the exact solver when
 * its limits allow (one Resolver shared by every point of a check: the same
 * numbers as a cold solve, bit for bit), else Monte Carlo with common random
 * numbers (runs 0 … n − 1 of one seed at every point), whose noise the
 * checker allows for. Pure apart from the Resolver's buffers.
 * @module
 */
import { simulateBatch } from "../engine/simulate.js";
import { Resolver } from "../exact/resolver.js";
import type { CompiledModel } from "../model/model.js";
import { prepareModel } from "../model/prepare.js";
import { ScenarioError, type Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import type { Point } from "./space.js";

/** How a point was estimated. */
export type Method = "exact" | "mc";

/**
 * A point's probabilities by written target (`group:ID`, `outcome:ID`); why
 * the point is not a valid model; or (exact only) the solver limit it met.
 */
export type Evaluation =
  | { readonly kind: "ok"; readonly p: (target: string) => number }
  | { readonly kind: "invalid"; readonly issues: readonly Issue[] }
  | { readonly kind: "limit"; readonly issue: Issue };

function byTarget(model: CompiledModel, outcomes: ArrayLike<number>, scale: number): (t: string) => number {
  const table = new Map<string, number>();
  model.outcomes.forEach((o, i) => {
    const p = (outcomes[i] ?? 0) / scale;
    table.set(`outcome:${o.id}`, p);
    const g = model.groups[o.group];
    if (g !== undefined) table.set(`group:${g.id}`, (table.get(`group:${g.id}`) ?? 0) + p);
  });
  return (t) => table.get(t) ?? 0;
}

/**
 * Evaluates points of one scenario with one method: exact solves (a point
 * past the solver's limits says so, and the checker starts the claim again
 * by Monte Carlo, so that no claim compares two estimators), or Monte Carlo
 * with `runs` runs of `seed` at every point. Mutable (the Resolver's
 * buffers); one check at a time.
 */
export class Evaluator {
  private readonly resolver = new Resolver();

  constructor(private readonly sc: Scenario, readonly method: Method, readonly runs: number, private readonly seed: number) {}

  /** The target probabilities at `point`. */
  at(point: Point): Evaluation {
    const prepared = prepareModel(this.sc, point);
    if (!prepared.ok) return { kind: "invalid", issues: prepared.issues };
    const model = prepared.model;
    try {
      if (this.method === "exact") {
        const r = this.resolver.solve(model);
        return r.ok ? { kind: "ok", p: byTarget(model, r.result.outcomes, 1) } : { kind: "limit", issue: r.issue };
      }
      const tally = simulateBatch(model, { seed: this.seed, from: 0, to: this.runs });
      return { kind: "ok", p: byTarget(model, tally.outcomes, this.runs) };
    } catch (e) {
      if (e instanceof ScenarioError) return { kind: "invalid", issues: e.issues };
      throw e;
    }
  }
}
