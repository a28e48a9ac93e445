/**
 * The end-of-day joint states one day of one run can lead to, as listed by
 * the day stepper (day.ts): each with its probability, its class (allowed,
 * or allowed and reaching a pending goal) and a copy of the joint state, so
 * the sampler can pick one and load it back into the run's frame. Growable
 * typed buffers, reused from day to day. Mutable.
 * @module
 */
import type { EvalFrame } from "../model/frame.js";

/** Listed end-of-day joint states with their probabilities and classes. */
export class LeafPool {
  /** How many leaves are held. */
  size = 0;
  private prob = new Float64Array(64);
  private cls = new Int8Array(64);
  private state: Int32Array;
  private entry: Int32Array;
  private visited: Uint8Array;

  constructor(private readonly M: number, private readonly n: number) {
    this.state = new Int32Array(64 * M);
    this.entry = new Int32Array(64 * M);
    this.visited = new Uint8Array(64 * n);
  }

  /** Forgets every leaf. */
  clear(): void {
    this.size = 0;
  }

  /** Appends the joint state in `f` with probability `p` and class `cls`. */
  push(p: number, cls: number, f: EvalFrame): void {
    if (this.size >= this.prob.length) this.grow();
    const i = this.size++;
    const { M, n } = this;
    this.prob[i] = p;
    this.cls[i] = cls;
    // Element by element: for a few elements a loop costs less than `set`'s call into the runtime.
    const { state, entry, visited } = this;
    for (let m = 0; m < M; m++) {
      state[i * M + m] = f.state[m] ?? 0;
      entry[i * M + m] = f.entry[m] ?? 0;
    }
    for (let s = 0; s < n; s++) visited[i * n + s] = f.visited[s] ?? 0;
  }

  /** The total probability of the leaves of class `cls`. Summed in list order, so deterministic. */
  mass(cls: number): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) if (this.cls[i] === cls) s += this.prob[i] ?? 0;
    return s;
  }

  /**
   * The leaf of class `cls` at which the running sum of their probabilities
   * first exceeds `target` (the last such leaf when rounding leaves none), or -1 when the class is empty.
   */
  find(cls: number, target: number): number {
    let acc = 0;
    let last = -1;
    for (let i = 0; i < this.size; i++) {
      if (this.cls[i] !== cls) continue;
      last = i;
      acc += this.prob[i] ?? 0;
      if (target < acc) return i;
    }
    return last;
  }

  /** Loads leaf `i`'s joint state into `f` (states, entry days, visited flags; the day is unchanged). */
  load(i: number, f: EvalFrame): void {
    const { M, n, state, entry, visited } = this;
    // A loop, not `set` of a `subarray`: no view made per load.
    for (let m = 0; m < M; m++) {
      f.state[m] = state[i * M + m] ?? 0;
      f.entry[m] = entry[i * M + m] ?? 0;
    }
    for (let s = 0; s < n; s++) f.visited[s] = visited[i * n + s] ?? 0;
  }

  private grow(): void {
    const cap = this.prob.length * 2;
    const prob = new Float64Array(cap);
    prob.set(this.prob);
    this.prob = prob;
    const cls = new Int8Array(cap);
    cls.set(this.cls);
    this.cls = cls;
    const state = new Int32Array(cap * this.M);
    state.set(this.state);
    this.state = state;
    const entry = new Int32Array(cap * this.M);
    entry.set(this.entry);
    this.entry = entry;
    const visited = new Uint8Array(cap * this.n);
    visited.set(this.visited);
    this.visited = visited;
  }
}
