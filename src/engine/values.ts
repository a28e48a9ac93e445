/**
 * The checked values one Monte Carlo run reads: probabilities (in [0, 1],
 * or a ScenarioError naming the run), branch targets drawn from their
 * weights, geometric waiting times, and the one outcome a final state
 * matches. The wording of every error is shared with the exact solver
 * (src/model/runtime.ts). Pure apart from the scratch cache of log(1 - h).
 * @module
 */
import { dateOfDay } from "../scenario/dates.js";
import { ScenarioError, issue } from "../scenario/issues.js";
import { asProbability, describeStates, nanError, probabilityError, runContext, weightsError, weightsSumOk } from "../model/runtime.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledExpr } from "../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import type { Rng } from "./rng.js";

/** What {@link geometricDay} caches per timed transition: the last hazard seen and its log(1 - h). */
export interface SurvivalCache {
  readonly lastHazard: Float64Array;
  readonly lastLogSurvival: Float64Array;
}

/** Evaluates a probability-valued expression, checking it lies in [0, 1]. */
export function probability(model: CompiledModel, run: number, expr: CompiledExpr, f: EvalFrame): number {
  return checkProbability(model, run, expr, expr.constant ?? expr.fn(f), f);
}

/** Checks a probability value (tolerating rounding at the edges), or throws naming the run. */
export function checkProbability(model: CompiledModel, run: number, expr: CompiledExpr | undefined, v: number, f: EvalFrame): number {
  const p = asProbability(v);
  if (p === p) return p;
  throw probabilityError(model, expr, v, f, `run ${run}`);
}

/** Draws a branch target of `t` against the frame. */
export function pickTarget(model: CompiledModel, run: number, t: CompiledTransition, f: EvalFrame, rng: Rng): number {
  const targets = t.targets;
  if (targets.length === 1) return targets[0] ?? -1;
  return pickTargetAt(model, run, t, f, rng());
}

/** The branch target of `t` (at least two branches) that uniform `u` picks against the frame. */
export function pickTargetAt(model: CompiledModel, run: number, t: CompiledTransition, f: EvalFrame, u: number): number {
  const targets = t.targets;
  const cdf = t.constCdf;
  if (cdf !== undefined) {
    for (let i = 0; i < cdf.length; i++) if (u < (cdf[i] ?? 1)) return targets[i] ?? -1;
    return targets[targets.length - 1] ?? -1;
  }
  // Dynamic weights: evaluate all, check they sum to 1, then walk the cumulative sum.
  let sum = 0;
  let other = -1;
  const w = t.weights;
  const values = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const e = w[i];
    if (e === undefined) { other = i; continue; }
    const v = probability(model, run, e, f);
    values[i] = v;
    sum += v;
  }
  if (!weightsSumOk(sum, other >= 0)) throw weightsError(model, t, f, sum, other >= 0, `run ${run}`);
  if (other >= 0) values[other] = Math.max(0, 1 - sum);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i] ?? 0;
    if (u < acc) return targets[i] ?? -1;
  }
  return targets[targets.length - 1] ?? -1;
}

/**
 * Geometric waiting time of daily hazard `h` of timed transition `t`, from day
 * `from`: the first day it fires. log(1 - h) is cached per transition, since
 * a hazard takes few distinct values in a run.
 */
export function geometricDay(sc: SurvivalCache, t: number, from: number, h: number, rng: Rng): number {
  if (h <= 0) return Infinity;
  if (h >= 1) return from + 1;
  let logSurvival = sc.lastLogSurvival[t] ?? 0;
  if (h !== sc.lastHazard[t]) {
    logSurvival = Math.log1p(-h);
    sc.lastHazard[t] = h;
    sc.lastLogSurvival[t] = logSurvival;
  }
  return from + 1 + Math.floor(Math.log(1 - rng()) / logSurvival);
}

/** The one outcome the final state matches; a {@link ScenarioError} for none or several. */
export function matchOutcome(model: CompiledModel, f: EvalFrame, run: number): number {
  let found = -1;
  let count = 0;
  const outcomes = model.outcomes;
  for (let i = 0; i < outcomes.length; i++) {
    const w = outcomes[i]?.when;
    if (w === undefined) continue;
    const v = w.constant ?? w.fn(f);
    if (v !== v) throw nanError(model, w, "an outcome", runContext(model, f, `run ${run}`));
    if (v !== 0) {
      if (count === 0) found = i;
      count++;
    }
  }
  if (count === 1) return found;
  const names = outcomes.filter((o) => (o.when.constant ?? o.when.fn(f)) !== 0).map((o) => `"${o.id}"`);
  // Before the horizon the outcomes were asked at an `--at` date: the state then is not the final one.
  const state = f.day < model.days ? `the state on ${dateOfDay(model.scenario.start, f.day)} (--at)` : "the final state";
  throw new ScenarioError([issue("outcomes", ["outcomes"], count === 0
    ? `scenario "${model.scenario.id}", run ${run}: no outcome matches ${state} ${describeStates(model, f)}`
    : `scenario "${model.scenario.id}", run ${run}: outcomes ${names.join(" and ")} all match ${state} ${describeStates(model, f)}`)]);
}
