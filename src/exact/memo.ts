/**
 * What the immediate phase makes of a joint state, remembered: for a joint
 * state after the timed phase (by key), the settled joint states (record
 * ids) with their probabilities given that state. Why: when a guard holds
 * (a court ruling voiding a tariff, say) the same post-timed states come up
 * again and again, and replaying a short list costs far less than the
 * rounds of guards. An entry holds through the last day its inputs keep
 * their value (the context's `until`). Mutable; one solve at a time (a Resolver resets it between solves).
 * @module
 */
import { KeyIndex } from "./keyindex.js";
import type { Successors } from "./successors.js";
import type { TapeRecorder } from "./tape.js";

/** The most entries held; past it the memo starts afresh. */
const MEMO_BUDGET = 1 << 20;
const MIN_SIZE = 256;

/** Settled outcomes by post-timed key. */
export class SettleMemo {
  private index: KeyIndex;
  /** Per slot: where its entries start, how many, the room they have, the last day they hold. */
  private start: Int32Array;
  private count: Int32Array;
  private room: Int32Array;
  private until: Int32Array;
  private slots = 0;
  /** Per entry: the settled record id and its probability. */
  private ids: Int32Array;
  private probs: Float64Array;
  /** Per entry: its probability's register on the tape (tape.ts), when the solve is recorded. */
  private regs: Int32Array;
  private end = 0;

  constructor(keySpace: number) {
    this.index = new KeyIndex(keySpace);
    this.start = new Int32Array(MIN_SIZE);
    this.count = new Int32Array(MIN_SIZE);
    this.room = new Int32Array(MIN_SIZE);
    this.until = new Int32Array(MIN_SIZE);
    this.ids = new Int32Array(MIN_SIZE);
    this.probs = new Float64Array(MIN_SIZE);
    this.regs = new Int32Array(MIN_SIZE);
  }

  /** The slot holding `key`'s outcome on `day`, or -1. */
  find(key: number, day: number): number {
    const slot = this.index.find(key);
    return slot >= 0 && (this.until[slot] ?? -1) >= day ? slot : -1;
  }

  /** The last day slot `slot` holds. */
  lastDay(slot: number): number {
    return this.until[slot] ?? 0;
  }

  /**
   * Appends to the list being built each settled state of slot `slot`, in
   * order, with `q ×` its probability (`q` in register `qReg` when `tape` records).
   */
  replay(slot: number, q: number, out: Successors, tape: TapeRecorder | undefined, qReg: number): void {
    const from = this.start[slot] ?? 0;
    const to = from + (this.count[slot] ?? 0);
    if (tape === undefined) {
      for (let j = from; j < to; j++) out.push(this.ids[j] ?? 0, q * (this.probs[j] ?? 0), 0);
      return;
    }
    for (let j = from; j < to; j++) {
      const p = q * (this.probs[j] ?? 0);
      out.push(this.ids[j] ?? 0, p, tape.mul(qReg, this.regs[j] ?? 0, p));
    }
  }

  /** Remembers that `key` settles into the entries `from … to - 1` of `list` (probabilities given the key), through day `until`. */
  store(key: number, list: Successors, from: number, to: number, until: number): void {
    const { ids, probs, regs } = list;
    const n = to - from;
    if (this.end + n > MEMO_BUDGET) this.reset();
    let slot = this.index.find(key);
    if (slot < 0) {
      slot = this.slots++;
      if (slot >= this.start.length) this.growSlots();
      this.index.insert(key, slot);
      this.room[slot] = 0;
    }
    if (n > (this.room[slot] ?? 0)) {
      while (this.end + n > this.ids.length) this.growEntries();
      this.start[slot] = this.end;
      this.room[slot] = n;
      this.end += n;
    }
    const at = this.start[slot] ?? 0;
    this.ids.set(ids.subarray(from, to), at);
    this.probs.set(probs.subarray(from, to), at);
    this.regs.set(regs.subarray(from, to), at);
    this.count[slot] = n;
    this.until[slot] = until;
  }

  /** Forgets everything (record ids included, as when records are compacted). */
  reset(): void {
    this.index.clear();
    this.slots = 0;
    this.end = 0;
  }

  private growSlots(): void {
    const n = this.start.length * 2;
    this.start = grown(this.start, n);
    this.count = grown(this.count, n);
    this.room = grown(this.room, n);
    this.until = grown(this.until, n);
  }

  private growEntries(): void {
    const n = this.ids.length * 2;
    const ids = new Int32Array(n);
    ids.set(this.ids);
    this.ids = ids;
    const probs = new Float64Array(n);
    probs.set(this.probs);
    this.probs = probs;
    const regs = new Int32Array(n);
    regs.set(this.regs);
    this.regs = regs;
  }
}

/** A copy of `a` lengthened to `n` (zeros after). */
function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
