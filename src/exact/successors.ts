/**
 * The pool of successor lists: for a joint state, every joint state it can
 * be in at the end of the day with the probability of getting there (the
 * timed phase's options multiplied out, then the immediate phase). A list
 * holds for as many days as nothing it was worked out from changes
 * (step.ts), so on most days a joint state's probability is carried by a
 * plain loop over its list. Why a budget: lists cost memory per joint state
 * ever met; past the budget every list is dropped and rebuilt on demand.
 * Mutable; one solve at a time (a Resolver, resolver.ts, keeps the pool
 * for the next solve of the same layout, cleared).
 * @module
 */
import type { Records } from "./records.js";

/** The most list entries held (about 50 MB). */
export const POOL_BUDGET = 1 << 22;
const MIN_POOL = 1024;

/** Successor lists, as record ids and probabilities. */
export class Successors {
  /** Per entry: the successor's record id. */
  ids: Int32Array;
  /** Per entry: the probability of that successor (without the factor, when its list has one). */
  probs: Float64Array;
  /** Per entry, in a list with a factor block: the offset of the option whose probability multiplies `probs` (timed.ts). */
  refs: Int32Array;
  /** Per entry: its probability's register on the tape (tape.ts), when the solve is recorded (else 0). */
  regs: Int32Array;
  /** The option offset {@link push} records with each entry. */
  ref = -1;
  /** Entries in use (lists, then the list being built). */
  end = 0;
  /** Where the list being built starts. */
  private start = 0;
  /** The most entries held before every list is dropped ({@link POOL_BUDGET}; lower in tests of dropping). */
  budget = POOL_BUDGET;

  constructor(private readonly records: Records) {
    this.ids = new Int32Array(MIN_POOL);
    this.probs = new Float64Array(MIN_POOL);
    this.refs = new Int32Array(MIN_POOL);
    this.regs = new Int32Array(MIN_POOL);
  }

  /** Whether the next {@link begin} drops every list (the pool is over budget). */
  get full(): boolean {
    return this.end > this.budget;
  }

  /** Starts a list at the end of the pool (dropping every list first when over budget). */
  begin(): void {
    if (this.full) {
      this.records.dropLists();
      this.end = 0;
    }
    this.start = this.end;
  }

  /** Appends a successor to the list being built (with {@link ref}, and `reg`, its probability's register when recording). */
  push(id: number, prob: number, reg: number): void {
    if (this.end >= this.ids.length) this.grow();
    this.ids[this.end] = id;
    this.probs[this.end] = prob;
    this.refs[this.end] = this.ref;
    this.regs[this.end] = reg;
    this.end++;
  }

  /** The entries of the list being built are `start … end - 1`. */
  get first(): number {
    return this.start;
  }

  /** Drops every list (their records must forget them too). */
  clear(): void {
    this.end = 0;
    this.start = 0;
  }

  /** Drops the list being built (a temporary one). */
  discard(): void {
    this.end = this.start;
  }

  /**
   * Makes the list being built record `r`'s, holding through day `until`:
   * copied into the record's old room when it fits (so the pool does not
   * grow with lists rebuilt day after day), else kept where it is.
   */
  commit(r: number, until: number): void {
    const rec = this.records;
    const n = this.end - this.start;
    const room = rec.listRoom[r] ?? 0;
    if (n <= room) {
      const to = rec.listStart[r] ?? 0;
      this.ids.copyWithin(to, this.start, this.end);
      this.probs.copyWithin(to, this.start, this.end);
      this.refs.copyWithin(to, this.start, this.end);
      this.regs.copyWithin(to, this.start, this.end);
      this.end = this.start;
    } else {
      rec.listStart[r] = this.start;
      rec.listRoom[r] = n;
    }
    rec.listCount[r] = n;
    rec.validUntil[r] = until;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
    const probs = new Float64Array(this.probs.length * 2);
    probs.set(this.probs);
    this.probs = probs;
    const refs = new Int32Array(this.refs.length * 2);
    refs.set(this.refs);
    this.refs = refs;
    const regs = new Int32Array(this.regs.length * 2);
    regs.set(this.regs);
    this.regs = regs;
  }
}
