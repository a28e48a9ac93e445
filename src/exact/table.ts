/**
 * One day's probability distribution over joint states, as a dense array
 * over record ids (records.ts) plus the ids held, in first-insertion order.
 * Why insertion order: a deterministic sequence of adds then gives the same
 * iteration, hence the same sums, bit for bit on every run. Why dense: ids
 * are small and consecutive, so an add is one array update, no hashing.
 * Mutable; not shared between threads (a Resolver keeps two for the next solve).
 * @module
 */
import { LimitReached } from "./context.js";

/** A distribution over record ids. */
export class DayTable {
  /** Per record id: its probability (0 when not held). */
  private vals: Float64Array;
  /** The ids held, in insertion order. */
  private order: Int32Array;
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
    if (v === 0) this.append(id);
  }

  /**
   * Adds `p × probs[j]` to record `ids[j]` for `j` in `from … to - 1`
   * (skipping products that are 0); every id must be below the size
   * {@link reserve}d. Why here: this loop carries almost all of a solve's
   * probability, and as one small method it is compiled early and tightly.
   */
  spread(p: number, ids: Int32Array, probs: Float64Array, from: number, to: number): void {
    const vals = this.vals;
    for (let j = from; j < to; j++) {
      const q = p * (probs[j] ?? 0);
      if (!(q > 0)) continue;
      const id = ids[j] ?? 0;
      const v = vals[id] ?? 0;
      vals[id] = v + q;
      if (v === 0) this.append(id);
    }
  }

  /** {@link spread}, each product also times `factor[refs[j]]`. */
  spreadFactored(p: number, ids: Int32Array, probs: Float64Array, from: number, to: number, refs: Int32Array, factor: Float64Array): void {
    const vals = this.vals;
    for (let j = from; j < to; j++) {
      const q = p * (probs[j] ?? 0) * (factor[refs[j] ?? 0] ?? 0);
      if (!(q > 0)) continue;
      const id = ids[j] ?? 0;
      const v = vals[id] ?? 0;
      vals[id] = v + q;
      if (v === 0) this.append(id);
    }
  }

  /** Makes room for ids below `n` (call before {@link spread} with such ids). */
  reserve(n: number): void {
    if (n > this.vals.length) this.growVals(n - 1);
  }

  private append(id: number): void {
    if (this.size >= this.order.length) {
      const order = new Int32Array(this.order.length * 2);
      order.set(this.order);
      this.order = order;
    }
    this.order[this.size++] = id;
    if (this.size > this.maxStates) throw new LimitReached(this.size);
  }

  private growVals(id: number): void {
    let n = this.vals.length;
    while (n <= id) n *= 2;
    const vals = new Float64Array(n);
    vals.set(this.vals);
    this.vals = vals;
  }
}
