/**
 * The re-solve tape: what one exact solve did, written down so that a solve
 * of the same structure with new parameter values can redo only its
 * arithmetic (tapeReplay.ts), in the same order, for the same bits.
 *
 * Every probability the solver computes while it works out option blocks
 * (timed.ts), branch probabilities (transitions.ts), successor lists
 * (expand.ts, settle.ts, memo.ts) is given a *register* (tapeRegisters.ts).
 * This module records what the solve did with them: the option block and
 * list instances it built, and the spread of each day, written as, per joint
 * state held (in the table's order), which list instance it used and which
 * instance of its factor block (step.ts); then day 0 and the final table.
 * A register's recorded value tells which side of 0 it fell on: every
 * branch the solver took on a probability (`> 0` tests) is a test on some
 * register, so a replay whose registers all fall on the same sides took the
 * same branches, met the same joint states in the same order, and so
 * performed the same operations.
 *
 * Mutable while recording; one solve at a time.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import type { ExactContext } from "./context.js";
import type { Layout } from "./layout.js";
import type { Records } from "./records.js";
import type { DayTable } from "./table.js";
import { FloatVec, IntVec } from "./tapeVec.js";
import { REG_ZERO, TapeRegisters } from "./tapeRegisters.js";

/**
 * The most spread entries a tape holds (about 60 MB of tape; the shipped
 * scenario needs 1.5 million). A larger solve is not recorded: once over,
 * the recorder stops taking anything in (every call a no-op).
 */
const MAX_ENTRIES = 1 << 22;

/** Records one solve: its registers ({@link TapeRegisters}) and what it did with them. */
export class TapeRecorder extends TapeRegisters {
  /** Set by {@link finish}: the solve ran to its end. */
  finished = false;

  // List instances: per entry its successor id, register and factor offset; per instance where its entries end.
  readonly listTgt = new IntVec(1 << 14);
  readonly listReg = new IntVec(1 << 14);
  readonly listRoff = new IntVec(1 << 14);
  readonly listEnd = new IntVec();
  /** Per list instance: its least positive entry (1 when none), for the underflow check. */
  private readonly listMin = new FloatVec();
  /** Per record id: the instance of its current list. */
  private listInst = new Int32Array(256);

  // Option block instances: `stride` registers each.
  readonly blockReg = new IntVec();
  private readonly blockMin = new FloatVec();
  private blocks = 0;

  // The spread: per day (from 1), its first source; per source its record, list instance, factor block instance (-1: none).
  readonly dayStart = new IntVec();
  readonly srcId = new IntVec(1 << 14);
  readonly srcInst = new IntVec(1 << 14);
  readonly srcFactor = new IntVec(1 << 14);
  private entries = 0;
  private dayMinP = 1;
  private dayMinList = 1;
  private dayMinFactor = 1;
  private lastSize = 0;

  // Day 0 and the end.
  readonly initId = new IntVec();
  readonly initReg = new IntVec();
  finalIds = new Int32Array(0);
  finalOutcome = new Int32Array(0);
  finalStates = new Int32Array(0);
  /** The solve's `peakStates` (days 1 … H), and the most joint states held on any day, day 0 included (the state limit applies there too). */
  peak = 0;
  largest = 0;
  work = 0;
  maxId = 0;

  /** Options per block (timed.ts sets it when it is built). */
  stride = 1;

  constructor(readonly model: CompiledModel, readonly layout: Layout) {
    super();
  }

  /** Records an option block just built: its options' registers `regs[base … base + count - 1]`; returns its instance. */
  block(regs: Int32Array, probs: Float64Array, base: number, count: number): number {
    if (this.poisoned) return 0;
    let min = 1;
    for (let k = 0; k < this.stride; k++) {
      this.blockReg.push(k < count ? regs[base + k] ?? 0 : REG_ZERO);
      const p = k < count ? probs[base + k] ?? 0 : 0;
      if (p > 0 && p < min) min = p;
    }
    this.blockMin.push(min);
    return this.blocks++;
  }

  /** Records record `id`'s list just committed: entries `from … from + count - 1` of the pool, factor block at option offset `factorBase` (-1: none). */
  list(id: number, ids: Int32Array, regs: Int32Array, probs: Float64Array, refs: Int32Array, from: number, count: number, factorBase: number): void {
    if (this.poisoned) return;
    let min = 1;
    for (let j = from; j < from + count; j++) {
      this.listTgt.push(ids[j] ?? 0);
      this.listReg.push(regs[j] ?? 0);
      this.listRoff.push(factorBase >= 0 ? (refs[j] ?? 0) - factorBase : 0);
      const p = probs[j] ?? 0;
      if (p > 0 && p < min) min = p;
      this.maxId = Math.max(this.maxId, ids[j] ?? 0);
    }
    this.listMin.push(min);
    if (id >= this.listInst.length) {
      const grown = new Int32Array(Math.max(2 * this.listInst.length, id + 1));
      grown.set(this.listInst);
      this.listInst = grown;
    }
    this.listInst[id] = this.listEnd.length;
    this.listEnd.push(this.listTgt.length);
  }

  /** Starts day `day` (1 … H) of the spread; `records` tells whether records were renumbered. */
  day(day: number, records: Records): void {
    if (day > 1) this.endDay();
    if (records.size < this.lastSize) this.poisoned = true;
    this.lastSize = records.size;
    while (this.dayStart.length < day) this.dayStart.push(this.srcId.length);
  }

  /** Record `id` (probability `p`) spreads over its current list, times the options of factor block instance `factor` (-1: none). */
  src(id: number, p: number, factor: number): void {
    if (this.poisoned) return;
    const inst = this.listInst[id] ?? 0;
    this.srcId.push(id);
    this.srcInst.push(inst);
    this.srcFactor.push(factor);
    this.maxId = Math.max(this.maxId, id);
    if (p < this.dayMinP) this.dayMinP = p;
    const lm = this.listMin.data[inst] ?? 1;
    if (lm < this.dayMinList) this.dayMinList = lm;
    if (factor >= 0) {
      const fm = this.blockMin.data[factor] ?? 1;
      if (fm < this.dayMinFactor) this.dayMinFactor = fm;
    }
    this.entries += (this.listEnd.data[inst] ?? 0) - (inst > 0 ? this.listEnd.data[inst - 1] ?? 0 : 0);
    if (this.entries > MAX_ENTRIES || this.listTgt.length > MAX_ENTRIES) this.poisoned = true;
  }

  /**
   * Ends a day: no product of the day may have rounded to 0 from positive
   * factors (the table would then have skipped it), which the least
   * probability, list entry and factor of the day rule out.
   */
  private endDay(): void {
    if (!(this.dayMinP * this.dayMinList * this.dayMinFactor > 0)) this.poisoned = true;
    this.dayMinP = 1;
    this.dayMinList = 1;
    this.dayMinFactor = 1;
  }

  /** The day-0 distribution: the pool entries `from … to - 1`, added in order. */
  initial(ids: Int32Array, regs: Int32Array, from: number, to: number): void {
    for (let j = from; j < to; j++) {
      this.initId.push(ids[j] ?? 0);
      this.initReg.push(regs[j] ?? 0);
      this.maxId = Math.max(this.maxId, ids[j] ?? 0);
    }
  }

  /**
   * The end of the solve: the final table's order, each record's outcome
   * and machine states (the observer has already checked that exactly one
   * outcome matches), the peak, the work done.
   */
  finish(ctx: ExactContext, cur: DayTable, records: Records, peak: number): void {
    this.endDay();
    if (this.poisoned) return;
    const H = this.model.days;
    while (this.dayStart.length < H + 1) this.dayStart.push(this.srcId.length);
    const M = ctx.M;
    const n = cur.size;
    this.finalIds = new Int32Array(n);
    this.finalOutcome = new Int32Array(n);
    this.finalStates = new Int32Array(n * M);
    for (let i = 0; i < n; i++) {
      const id = cur.idAt(i);
      this.finalIds[i] = id;
      this.maxId = Math.max(this.maxId, id);
      const state = records.state.subarray(id * M, id * M + M);
      this.finalStates.set(state, i * M);
      ctx.load(H, state, records.clock.subarray(id * M, id * M + M), 0, records.mask[id] ?? 0);
      this.finalOutcome[i] = this.model.outcomes.findIndex((o) => (o.when.constant ?? o.when.fn(ctx.frame)) !== 0);
    }
    this.peak = peak;
    this.largest = Math.max(peak, new Set(this.initId.view()).size);
    this.work = ctx.work;
    this.finished = true;
  }
}
