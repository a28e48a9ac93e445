/**
 * Growable typed arrays for the re-solve tape (tape.ts): appended to while a
 * solve is recorded, then read as plain typed arrays (`view()`) by the
 * replay. Why not `number[]`: a tape holds millions of entries, and typed
 * arrays keep them unboxed and compact. Mutable; not shared between threads.
 * @module
 */

/** A growable Int32Array. */
export class IntVec {
  data: Int32Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Int32Array(capacity);
  }

  /** Appends `x`. */
  push(x: number): void {
    if (this.length >= this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }

  /** Makes room for `n` entries in all. */
  grow(n: number): void {
    let cap = Math.max(16, this.data.length);
    while (cap < n) cap *= 2;
    if (cap === this.data.length) return;
    const d = new Int32Array(cap);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }

  /** The entries, as an array of exactly {@link length} (a copy: the vector may grow on). */
  view(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** A growable Float64Array. */
export class FloatVec {
  data: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Float64Array(capacity);
  }

  /** Appends `x`. */
  push(x: number): void {
    if (this.length >= this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }

  /** The entries, as an array of exactly {@link length} (a copy). */
  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
