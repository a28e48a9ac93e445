/**
 * The end-of-day joint states one day of one run can lead to, as listed by
 * the day stepper (day.ts): each with its probability, its class (allowed,
 * or allowed and reaching a pending goal) and what it changes in the joint
 * state, so the sampler can pick one and load it back into the run's frame.
 * A leaf keeps every machine's state and entry day, but of the visited
 * flags only those its moves set: flags are only ever set within a run, so
 * a leaf's flags are the start-of-day ones plus those (a listed day sets a
 * few of the model's flags, and copying all of them per leaf was a fifth of
 * a conditioned run's time). Growable typed buffers, reused from day to
 * day. Mutable.
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
  /** Per leaf: where its set flags start in {@link fresh}, and how many. */
  private freshFrom = new Int32Array(64);
  private freshCount = new Int32Array(64);
  /** The states whose visited flags the leaves' moves set, leaf after leaf. */
  private fresh = new Int32Array(64);
  private freshSize = 0;

  constructor(private readonly M: number) {
    this.state = new Int32Array(64 * M);
    this.entry = new Int32Array(64 * M);
  }

  /** Forgets every leaf. */
  clear(): void {
    this.size = 0;
    this.freshSize = 0;
  }

  /**
   * Appends the joint state in `f` with probability `p` and class `cls`;
   * `set[0 … k)` are the states whose visited flags the day's moves so far
   * set (those clear at the start of the day).
   */
  push(p: number, cls: number, f: EvalFrame, set: Int32Array, k: number): void {
    if (this.size >= this.prob.length) this.grow();
    if (this.freshSize + k > this.fresh.length) {
      const fresh = new Int32Array(Math.max(2 * this.fresh.length, this.freshSize + k));
      fresh.set(this.fresh);
      this.fresh = fresh;
    }
    const i = this.size++;
    const { M, state, entry, fresh } = this;
    this.prob[i] = p;
    this.cls[i] = cls;
    // Element by element: for a few elements a loop costs less than `set`'s call into the runtime.
    for (let m = 0; m < M; m++) {
      state[i * M + m] = f.state[m] ?? 0;
      entry[i * M + m] = f.entry[m] ?? 0;
    }
    this.freshFrom[i] = this.freshSize;
    this.freshCount[i] = k;
    for (let j = 0; j < k; j++) fresh[this.freshSize++] = set[j] ?? 0;
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

  /**
   * Loads leaf `i`'s joint state into `f` (states, entry days, visited
   * flags; the day is unchanged). `f` must hold the start of the day the
   * leaf was listed from, as {@link DayStepper.enumerate} leaves it: the
   * leaf's flags are set over those.
   */
  load(i: number, f: EvalFrame): void {
    const { M, state, entry, fresh } = this;
    // A loop, not `set` of a `subarray`: no view made per load.
    for (let m = 0; m < M; m++) {
      f.state[m] = state[i * M + m] ?? 0;
      f.entry[m] = entry[i * M + m] ?? 0;
    }
    const from = this.freshFrom[i] ?? 0;
    const to = from + (this.freshCount[i] ?? 0);
    for (let j = from; j < to; j++) f.visited[fresh[j] ?? 0] = 1;
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
    const freshFrom = new Int32Array(cap);
    freshFrom.set(this.freshFrom);
    this.freshFrom = freshFrom;
    const freshCount = new Int32Array(cap);
    freshCount.set(this.freshCount);
    this.freshCount = freshCount;
  }
}
