/**
 * One day's probability distribution over joint states, as a dense array
 * over record ids (records.ts) plus the ids held, in first-insertion order.
 * Why insertion order: a deterministic sequence of adds then gives the same
 * iteration, hence the same sums, bit for bit on every run. Why dense: ids
 * are small and consecutive, so an add is one array update, no hashing.
 * Why the arrays are open to the day step (step.ts): its spread, which
 * carries almost all of a solve's probability, adds into them in its own
 * loop, without a call (and a boxed number) per joint state.
 * Mutable; not shared between threads (a Resolver keeps two for the next solve).
 * @module
 */
import { LimitReached } from "./context.js";

/** A distribution over record ids. */
export class DayTable {
  /**
   * Per record id: its probability (0 when not held). Replaced when it
   * grows ({@link reserve}); writers must keep it in step with {@link order}.
   */
  vals: Float64Array;
  /**
   * The ids held, in insertion order (the first {@link size}). As long as
   * {@link vals} (ids are distinct and below its length), so appending
   * never needs room.
   */
  order: Int32Array;
  /** The number of ids held. */
  size = 0;

  /** An empty table that throws {@link LimitReached} when it would hold more than `maxStates` ids (settable between solves). */
  constructor(public maxStates: number) {
    this.vals = new Float64Array(1024);
    this.order = new Int32Array(1024);
  }

  /** Empties the table in O(size). */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.vals[this.order[i] ?? 0] = 0;
    this.size = 0;
  }

  /**
   * Renumbers the entries as ids `0 … size - 1` in their order (after
   * records were compacted the same way, records.ts), keeping order and
   * probabilities.
   */
  renumber(): void {
    const p = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) p[i] = this.vals[this.order[i] ?? 0] ?? 0;
    this.clear();
    for (let i = 0; i < p.length; i++) this.add(i, p[i] ?? 0);
  }

  /** The id of the `i`-th entry in insertion order (`0 <= i < size`). */
  idAt(i: number): number {
    return this.order[i] ?? 0;
  }

  /** The probability of record `id`. */
  valueOf(id: number): number {
    return this.vals[id] ?? 0;
  }

  /** Adds `p > 0` to the probability of record `id` (appending it to the order when new). */
  add(id: number, p: number): void {
    this.reserve(id + 1);
    const v = this.vals[id] ?? 0;
    this.vals[id] = v + p;
    // A held id has a positive probability, so 0 marks a new one.
    if (v === 0) {
      this.order[this.size++] = id;
      this.checkSize();
    }
  }

  /**
   * Throws {@link LimitReached} when the table holds more than
   * `maxStates` ids: as {@link add} does after each new id, and as a bulk
   * writer (step.ts) must after its adds, with the size the limit was first
   * passed at (one over it, as sizes grow by one).
   */
  checkSize(): void {
    if (this.size > this.maxStates) throw new LimitReached(this.maxStates + 1);
  }

  /** Makes room for ids below `n` (call before adding such ids through {@link vals}). */
  reserve(n: number): void {
    if (n <= this.vals.length) return;
    let cap = this.vals.length;
    while (cap < n) cap *= 2;
    const vals = new Float64Array(cap);
    vals.set(this.vals);
    this.vals = vals;
    const order = new Int32Array(cap);
    order.set(this.order.subarray(0, this.size));
    this.order = order;
  }
}

/**
 * Adds `p × probs[j]` to `vals[ids[j]]` for `j` in `from … to - 1`, in
 * order, skipping products that are 0; an id whose value was 0 is appended
 * to `order` at `size`. Returns the new size. Every id must be below
 * `vals.length` (and `order` as long). Why a function of its own, with
 * plain arguments: as one small monomorphic function V8 compiles this loop
 * tightly (measured: about half the time of the same loop written inside
 * the day step's).
 */
export function spreadList(p: number, ids: Int32Array, probs: Float64Array, vals: Float64Array, order: Int32Array,
  size: number, from: number, to: number): number {
  let n = size;
  for (let j = from; j < to; j++) {
    const q = p * (probs[j] ?? 0);
    if (!(q > 0)) continue;
    const t = ids[j] ?? 0;
    const v = vals[t] ?? 0;
    vals[t] = v + q;
    // A held id has a positive probability, so 0 marks a new one.
    if (v === 0) order[n++] = t;
  }
  return n;
}

/** {@link spreadList}, each product also times `factor[refs[j]]` (as `(p × probs[j]) × factor`). */
export function spreadFactored(p: number, ids: Int32Array, probs: Float64Array, refs: Int32Array, factor: Float64Array,
  vals: Float64Array, order: Int32Array, size: number, from: number, to: number): number {
  let n = size;
  for (let j = from; j < to; j++) {
    const q = p * (probs[j] ?? 0) * (factor[refs[j] ?? 0] ?? 0);
    if (!(q > 0)) continue;
    const t = ids[j] ?? 0;
    const v = vals[t] ?? 0;
    vals[t] = v + q;
    if (v === 0) order[n++] = t;
  }
  return n;
}
