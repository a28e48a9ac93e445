/**
 * What the transition graph alone says about how soon a machine can get
 * somewhere, ignoring guards and probabilities (so every answer is a bound
 * that the model can only make worse): which states a machine can be in or
 * pass through within one day from a state, the fewest days from one state
 * to another, and the most such days over the states one day can lead to.
 * The conditioned sampler uses them to skip listing days where no check can
 * bite, and to drop moves after which a check can no longer be met in the
 * days left. Pure after construction.
 * @module
 */
import type { CompiledModel } from "../model/model.js";

/** Days for "cannot get there at all". */
export const NEVER = 0x3fffffff;

/** Reachability tables of one model (global state indices, `n × n`, row = from). */
export class Reach {
  /** `one[s·n + x]` = 1 when from `s` the machine can be in or pass through `x` within one day (`s` itself included). */
  readonly one: Uint8Array;
  /** `days[s·n + x]`: the fewest days from being in `s` at the end of a day to having been in `x` ({@link NEVER}: never). */
  readonly days: Int32Array;
  /** `worst[s·n + x]`: the most of `days[y·n + x]` over the states `y` one day can lead to from `s`. */
  readonly worst: Int32Array;

  constructor(model: CompiledModel) {
    const n = model.stateNames.length;
    this.one = new Uint8Array(n * n);
    for (let s = 0; s < n; s++) {
      const row = s * n;
      // Timed phase (or staying), then any immediate chain.
      const stack = [s];
      for (const t of model.timed[s] ?? []) for (const to of t.targets) stack.push(to);
      while (stack.length > 0) {
        const x = stack.pop() ?? 0;
        if (this.one[row + x] === 1) continue;
        this.one[row + x] = 1;
        for (const t of model.immediate[x] ?? []) for (const to of t.targets) stack.push(to);
      }
    }
    // Breadth first from every state over the one-day graph, within its machine (the graph never leaves it).
    this.days = new Int32Array(n * n).fill(NEVER);
    this.worst = new Int32Array(n * n).fill(NEVER);
    for (let s = 0; s < n; s++) {
      const m = model.stateMachine[s] ?? 0;
      const lo = model.stateOffset[m] ?? 0;
      const hi = model.stateOffset[m + 1] ?? 0;
      const row = s * n;
      this.days[row + s] = 0;
      let frontier = [s];
      for (let d = 1; frontier.length > 0; d++) {
        const next: number[] = [];
        for (const y of frontier) {
          for (let x = lo; x < hi; x++) {
            if (this.one[y * n + x] !== 1 || (this.days[row + x] ?? 0) <= d) continue;
            this.days[row + x] = d;
            next.push(x);
          }
        }
        frontier = next;
      }
    }
    for (let s = 0; s < n; s++) {
      const m = model.stateMachine[s] ?? 0;
      const lo = model.stateOffset[m] ?? 0;
      const hi = model.stateOffset[m + 1] ?? 0;
      for (let x = lo; x < hi; x++) {
        let w = 0;
        for (let y = lo; y < hi; y++) if (this.one[s * n + y] === 1) w = Math.max(w, this.days[y * n + x] ?? NEVER);
        this.worst[s * n + x] = w;
      }
    }
  }
}
