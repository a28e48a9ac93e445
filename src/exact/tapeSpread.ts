/**
 * The replay's spread (tapeReplay.ts): the two day tables and the arrays
 * one day's spread reads, laid out in the WebAssembly kernel's memory
 * (tapeKernel.ts) when it runs, else as plain typed arrays for the same loop
 * in JavaScript. Why a module of its own: the layout (byte offsets, targets
 * and factor offsets stored as byte offsets for the kernel) is the kernel's
 * contract, kept in one place. Mutable; one replay at a time.
 * @module
 */
import { ENTRY_BYTES, newKernel, spreadDayJs, type Kernel, type SpreadArrays, type SpreadIndex } from "./tapeKernel.js";

/** What the spread reads that a tape fixes: the index arrays ({@link SpreadIndex}) and the sizes of the tables. */
export interface SpreadShape extends SpreadIndex {
  /** Record ids are below this. */
  readonly ids: number;
  /** Option slots of all block instances (the factors' array length). */
  readonly factors: number;
}

/** Day tables and spread arrays. */
export class SpreadTables {
  /** Today's table and the next day's (swapped by {@link day}). */
  a: Float64Array;
  b: Float64Array;
  /**
   * Per list entry `e`: its probability, at `lv[e × lvStride]`; per option
   * slot: its probability (both filled by the replay before the days).
   */
  readonly lv: Float64Array;
  readonly lvStride: number;
  readonly fv: Float64Array;
  private readonly arrays: SpreadArrays;
  private readonly kernel: Kernel | undefined;
  private offA = 0;
  private offB = 0;
  /** Byte offsets of the entries, fv, src, sfrom, sto, sfb in the kernel's memory. */
  private readonly offsets: number[] = [];

  /** `wasm`: in WebAssembly where it runs (else, and when false, in JavaScript: the same numbers). */
  constructor(shape: SpreadShape, wasm: boolean) {
    const N = shape.ids;
    const E = shape.tgt.length;
    const S = shape.src.length;
    const F = shape.factors;
    this.kernel = wasm ? newKernel() : undefined;
    if (this.kernel === undefined) {
      this.a = new Float64Array(N);
      this.b = new Float64Array(N);
      this.lv = new Float64Array(E);
      this.lvStride = 1;
      this.fv = new Float64Array(F);
      this.arrays = { lv: this.lv, fv: this.fv, tgt: shape.tgt, roff: shape.roff, src: shape.src, sfrom: shape.sfrom, sto: shape.sto, sfb: shape.sfb };
      return;
    }
    // Doubles first (8-byte aligned), then the 4-byte ints.
    const mem = this.kernel.memory;
    const pages = Math.ceil((8 * (2 * N + F) + ENTRY_BYTES * E + 4 * 4 * S) / 65536);
    if (pages > 1) mem.grow(pages - 1);
    let at = 0;
    const f64 = (len: number): [Float64Array, number] => {
      const v = new Float64Array(mem.buffer, at, len);
      const o = at;
      at += 8 * len;
      return [v, o];
    };
    const i32 = (from: Int32Array): [Int32Array, number] => {
      const v = new Int32Array(mem.buffer, at, from.length);
      v.set(from);
      const o = at;
      at += 4 * from.length;
      return [v, o];
    };
    [this.a, this.offA] = f64(N);
    [this.b, this.offB] = f64(N);
    const [fv, oFv] = f64(F);
    this.fv = fv;
    // The entry stream: per entry its probability, then its target and factor as byte offsets (tapeKernel.ts).
    const oEnt = at;
    this.lv = new Float64Array(mem.buffer, oEnt, (ENTRY_BYTES / 8) * E);
    this.lvStride = ENTRY_BYTES / 8;
    const ints = new Int32Array(mem.buffer, oEnt, (ENTRY_BYTES / 4) * E);
    for (let e = 0; e < E; e++) {
      ints[(ENTRY_BYTES / 4) * e + 2] = 8 * (shape.tgt[e] ?? 0);
      ints[(ENTRY_BYTES / 4) * e + 3] = 8 * (shape.roff[e] ?? 0);
    }
    at += ENTRY_BYTES * E;
    const [src, oSrc] = i32(shape.src);
    const [sfrom, oFrom] = i32(shape.sfrom);
    const [sto, oTo] = i32(shape.sto);
    const [sfb, oFb] = i32(shape.sfb);
    // For the JavaScript loop only (unused with the kernel): plain arrays.
    this.arrays = { lv: new Float64Array(0), fv, tgt: shape.tgt, roff: shape.roff, src, sfrom, sto, sfb };
    this.offsets.push(oEnt, oFv, oSrc, oFrom, oTo, oFb);
  }

  /** Spreads sources `s0 … s1 - 1` from {@link a} into {@link b}, then swaps them; returns the least probability taken. */
  day(s0: number, s1: number): number {
    const { kernel } = this;
    let minP: number;
    if (kernel === undefined) minP = spreadDayJs(this.arrays, this.a, this.b, s0, s1);
    else {
      const [ent = 0, fv = 0, src = 0, sfrom = 0, sto = 0, sfb = 0] = this.offsets;
      minP = kernel.day(this.offA, this.offB, ent, fv, src, sfrom, sto, sfb, s0, s1);
    }
    [this.a, this.b] = [this.b, this.a];
    [this.offA, this.offB] = [this.offB, this.offA];
    return minP;
  }

  /** Empties both tables (after a replay that gave up midway). */
  clear(): void {
    this.a.fill(0);
    this.b.fill(0);
  }
}
