/**
 * The checked values a day of a conditioned run reads: a probability-valued
 * expression (in [0, 1], rounded onto the edge within the weight tolerance,
 * else an error naming the run and the day) and a transition's branch
 * probabilities (summing to 1, `otherwise` taking the rest), evaluated as
 * both engines evaluate them and worded as they word their errors
 * (src/model/runtime.ts). Pure apart from writing into `out`.
 * @module
 */
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import { asProbability, probabilityError, weightsError, weightsSumOk } from "../model/runtime.js";
import type { Path } from "../scenario/issues.js";

/** Where values are read: the model, the frame expressions read, and the run for messages (e.g. `run 12`). */
export interface ValueContext {
  readonly model: CompiledModel;
  readonly frame: EvalFrame;
  readonly where: string;
}

/** `v`, the value of `expr`, as a checked probability; a ScenarioError otherwise. */
export function checkedProbability(c: ValueContext, expr: { readonly path: Path; readonly text: string } | undefined, v: number): number {
  const p = asProbability(v);
  if (p === p) return p;
  throw probabilityError(c.model, expr, v, c.frame, c.where);
}

/** Writes the branch probabilities of `t` against the frame at `out[at …]`, checked to sum to 1. */
export function branchProbs(c: ValueContext, t: CompiledTransition, out: Float64Array, at: number): void {
  const w = t.weights;
  if (w.length === 1) {
    out[at] = 1;
    return;
  }
  let sum = 0;
  let other = -1;
  for (let i = 0; i < w.length; i++) {
    const e = w[i];
    if (e === undefined) { other = i; out[at + i] = 0; continue; }
    const v = checkedProbability(c, e, e.constant ?? e.fn(c.frame));
    out[at + i] = v;
    sum += v;
  }
  if (!weightsSumOk(sum, other >= 0)) throw weightsError(c.model, t, c.frame, sum, other >= 0, c.where);
  if (other >= 0) out[at + other] = Math.max(0, 1 - sum);
}
