/**
 * The timed phase of one day of a conditioned run (docs/semantics.md): per
 * machine, its options against the start-of-day snapshot, each with its
 * probability: one per branch of each timed transition that can fire today
 * (transition j fires with `q_j × Π_{i<j} (1 − q_i)`, q being a window's
 * `w(t) / W(t)`, a delay's conditional probability at its days in state,
 * or a hazard), then staying. Every hazard of the state is evaluated and
 * checked, even past a transition certain to fire, as in the exact solver.
 * Mutable buffers; one instance per batch.
 * @module
 */
import { conditionalHazard } from "../model/distributions.js";
import type { CompiledModel } from "../model/model.js";
import { branchProbs, checkedProbability, type ValueContext } from "./values.js";

/** Every machine's timed options for one day. */
export class TimedOptions {
  /** Option slots per machine (machine m's options start at `m × stride`). */
  readonly stride: number;
  /** Per option: its probability (positive). */
  readonly prob: Float64Array;
  /** Per option: the state it enters (-1: the machine stays). */
  readonly target: Int32Array;
  /** Per machine: how many options it has today. */
  readonly count: Int32Array;
  private readonly buf: Float64Array;

  constructor(model: CompiledModel) {
    const M = model.machineIds.length;
    let stride = 1;
    let width = 1;
    for (let s = 0; s < model.stateNames.length; s++) {
      let k = 1;
      for (const t of model.timed[s] ?? []) {
        k += t.targets.length;
        width = Math.max(width, t.targets.length);
      }
      stride = Math.max(stride, k);
    }
    this.stride = stride;
    this.prob = new Float64Array(M * stride);
    this.target = new Int32Array(M * stride);
    this.count = new Int32Array(M);
    this.buf = new Float64Array(width);
  }

  /** Builds every machine's options for `day` (≥ 1) against `c.frame`, the start-of-day snapshot (its day set to `day`). */
  build(c: ValueContext, day: number): void {
    const { model, frame: f } = c;
    const { stride, prob, target, buf } = this;
    for (let m = 0; m < this.count.length; m++) {
      const s = f.state[m] ?? 0;
      let k = m * stride;
      let survive = 1;
      for (const t of model.timed[s] ?? []) {
        const trig = t.trigger;
        const h = trig.kind === "hazard" ? checkedProbability(c, trig.hazard, trig.hazard.constant ?? trig.hazard.fn(f)) : 0;
        if (!(survive > 0)) continue;
        let q = 0;
        switch (trig.kind) {
          case "window": q = conditionalHazard(trig.dist, day); break;
          case "delay": q = conditionalHazard(trig.dist, day - (f.entry[m] ?? 0)); break;
          case "hazard": q = h; break;
          case "when": break;
          default: trig satisfies never;
        }
        if (!(q > 0)) continue;
        const fire = survive * q;
        survive *= 1 - q;
        branchProbs(c, t, buf, 0);
        for (let b = 0; b < t.targets.length; b++) {
          const p = fire * (buf[b] ?? 0);
          if (!(p > 0)) continue;
          prob[k] = p;
          target[k] = t.targets[b] ?? 0;
          k++;
        }
      }
      if (survive > 0) {
        prob[k] = survive;
        target[k] = -1;
        k++;
      }
      this.count[m] = k - m * stride;
    }
  }

  /** Machine m's option for one uniform `u` in [0, 1): its target (-1: stays). */
  pick(m: number, u: number): number {
    const base = m * this.stride;
    const end = base + (this.count[m] ?? 0);
    let acc = 0;
    for (let k = base; k < end; k++) {
      acc += this.prob[k] ?? 0;
      if (u < acc) return this.target[k] ?? -1;
    }
    // Rounding can leave u at or past the options' total: the last option then (none: the machine stays).
    return end > base ? this.target[end - 1] ?? -1 : -1;
  }
}
