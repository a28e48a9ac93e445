/**
 * One day of the exact solver (docs/semantics.md, days 1 … H): every joint
 * state's probability is spread over its successors: every machine's timed
 * options against the start-of-day snapshot, multiplied out, each
 * combination then through the immediate phase.
 *
 * Why it is fast: a joint state's successor list (successors.ts, worked out
 * by expand.ts) is reused for as many days as nothing it was worked out from
 * changes (the context's `until`), so most days carry a joint state with a
 * plain loop over its list. The machine whose options change soonest (a
 * window's daily hazard, typically) can be left out of a list as a factor,
 * multiplied in when the list is used. The spread itself (the multiply-adds
 * of every list, nearly all of a solve's arithmetic) runs in WebAssembly
 * where it can (spreadKernel.ts), stopping at each joint state whose list
 * must be worked out or checked here first; else in JavaScript. Mutable
 * buffers; one instance per solve.
 * @module
 */
import { LimitReached, type ExactContext } from "./context.js";
import { Expander } from "./expand.js";
import { guardOrder, type GuardOrder } from "./order.js";
import type { Records } from "./records.js";
import type { Settler } from "./settle.js";
import type { SpreadKernel } from "./spreadKernel.js";
import type { Successors } from "./successors.js";
import { spreadFactored, spreadList, type DayTable } from "./table.js";
import type { TapeRecorder } from "./tape.js";
import { TimedOptions } from "./timed.js";
import type { Transitions } from "./transitions.js";

/** Carries a distribution over joint states through one day. */
export class DayStep {
  private readonly options: TimedOptions;
  private readonly order: GuardOrder;
  private readonly expander: Expander;
  /** The joint state being looked at, at the start of the day. */
  private readonly state: Int32Array;
  private readonly clock: Int32Array;
  /** The WebAssembly day loop (spreadKernel.ts), when there is one. */
  private readonly kernel: SpreadKernel | undefined;
  /** The day's table limit (its `maxStates`). */
  private limit = 0;

  /**
   * `tape`, when given, records the solve (tape.ts): every component that
   * computes a probability is handed the recorder before it is built.
   * `kernel`, when given (and nothing is recorded), spreads the days
   * (spreadKernel.ts); it is handed every option block built and every
   * list committed.
   */
  constructor(private readonly ctx: ExactContext, tr: Transitions, settler: Settler,
    private readonly records: Records, private readonly lists: Successors, private readonly tape?: TapeRecorder,
    kernel?: SpreadKernel) {
    tr.tape = tape;
    settler.tape = tape;
    this.options = new TimedOptions(ctx, tr);
    // A recorded solve runs in JavaScript: the tape records each joint state as it is spread.
    this.kernel = tape === undefined ? kernel : undefined;
    this.options.mirror = this.kernel;
    this.kernel?.begin(this.options.prob.length, this.options.until.length);
    this.order = guardOrder(ctx.model);
    this.expander = new Expander(ctx, settler, this.options, this.order, lists);
    this.state = new Int32Array(ctx.M);
    this.clock = new Int32Array(ctx.M);
  }

  /**
   * Fills `next` (cleared first) with the distribution at the end of `day`,
   * from `cur` at the end of `day - 1`, which it leaves empty, and returns
   * its size; with the kernel, `next` is filled only when read through
   * {@link table}. Each joint state's probability `p` is spread over its
   * list, in order: `p × entry` (times the entry's factor option) added to
   * the entry's record, products that are 0 skipped (they would make a
   * record held with probability 0); by the WebAssembly kernel
   * (spreadKernel.ts) when there is one, else in JavaScript (table.ts): the
   * same operations in the same order.
   */
  run(day: number, cur: DayTable, next: DayTable): number {
    const { records, options, tape, kernel } = this;
    next.clear();
    options.startDay(day);
    this.ctx.frame.day = day;
    next.reserve(records.size);
    tape?.day(day, records);
    this.limit = next.maxStates;
    if (kernel !== undefined) return this.runKernel(day, cur, next, kernel);
    this.runJs(day, cur, next);
    return next.size;
  }

  /**
   * `table` as it is to be read (outside the day step): a table the kernel
   * kept for the next day (`run`'s `next`) is filled from it first.
   */
  table(table: DayTable): DayTable {
    if (this.kernel === undefined) return table;
    table.reserve(this.records.size);
    return this.kernel.fill(table);
  }

  /** {@link run} in JavaScript: the table's arrays in locals, the list loops in table.ts. */
  private runJs(day: number, cur: DayTable, next: DayTable): void {
    const { records, lists, options, tape } = this;
    const held = cur.order;
    const from0 = cur.vals;
    const factor = options.prob;
    let vals = next.vals;
    let order = next.order;
    let size = 0;
    for (let i = 0; i < cur.size; i++) {
      const id = held[i] ?? 0;
      const p = from0[id] ?? 0;
      // The table's size so far, for a reserve that moves its arrays.
      next.size = size;
      if (this.prepare(id, day)) {
        // Successors' records exist once their list does.
        next.reserve(records.size);
        vals = next.vals;
        order = next.order;
      }
      const block = records.factorBlock[id] ?? -1;
      const from = records.listStart[id] ?? 0;
      const to = from + (records.listCount[id] ?? 0);
      if (tape !== undefined) tape.src(id, p, block < 0 ? -1 : options.blockInst[block] ?? 0);
      size = block < 0
        ? spreadList(p, lists.ids, lists.probs, vals, order, size, from, to)
        : spreadFactored(p, lists.ids, lists.probs, lists.refs, factor, vals, order, size, from, to);
      if (size > this.limit) {
        next.size = size;
        next.checkSize();
      }
    }
    next.size = size;
    cur.clear();
  }

  /**
   * {@link run} through the kernel: it spreads joint states in order until
   * one whose list must first be worked out or checked here ({@link
   * prepare}), then resumes there once told how long that list holds.
   */
  private runKernel(day: number, cur: DayTable, next: DayTable, kernel: SpreadKernel): number {
    const { records } = this;
    kernel.reserve(records.size);
    const n = kernel.take(cur);
    let i = 0;
    for (;;) {
      i = kernel.run(i, n, day, this.limit);
      if (kernel.size > this.limit) throw new LimitReached(this.limit + 1);
      if (i >= n) break;
      const id = kernel.sourceAt(i);
      const dropping = this.lists.full;
      if (this.prepare(id, day)) {
        next.reserve(records.size);
        kernel.reserve(records.size);
        // Working out the list dropped every other list first (successors.ts, `begin`).
        if (dropping) kernel.forget();
      }
      this.tell(kernel, id);
    }
    return kernel.keep(next);
  }

  /**
   * Tells the kernel where record `id`'s list (which holds today) is, the
   * last day it holds, and its factor block with the options present when
   * it was worked out: the kernel checks that block itself, as {@link
   * ready} does (its last day and options present, which it is handed
   * whenever the block is built).
   */
  private tell(kernel: SpreadKernel, id: number): void {
    const { records } = this;
    kernel.record(id, records.validUntil[id] ?? -1, records.listStart[id] ?? 0, records.listCount[id] ?? 0,
      records.factorBlock[id] ?? -1, records.factorPresent[id] ?? 0);
  }

  /** Forgets what the kernel knows of records' lists (when records are renumbered and lists dropped). */
  forget(): void {
    this.kernel?.forget();
  }

  /** Makes record `id`'s list hold on `day`, working it out again when needed; returns whether it did (new records may then exist). */
  private prepare(id: number, day: number): boolean {
    const { records } = this;
    const factored = (records.factorBlock[id] ?? -1) >= 0;
    if ((records.validUntil[id] ?? -1) >= day && (!factored || this.ready(id, day))) return false;
    this.rebuild(id, day);
    return true;
  }

  /** Whether record `id`'s factored list (valid today otherwise) still holds once its factor block is brought up to date. */
  private ready(id: number, day: number): boolean {
    const { records, options } = this;
    const block = records.factorBlock[id] ?? -1;
    if (!options.current(block)) {
      // Rebuilt in place: the options keep their positions, only probabilities change.
      const mask = this.load(id);
      this.ctx.load(day, this.state, this.clock, 1, mask);
      const m = records.factorMachine[id] ?? 0;
      options.build(m, this.state, this.clock[m] ?? 0, mask);
    }
    // Options that had probability 0 when the list was worked out have no entries in it.
    return ((options.present[block] ?? 0) & ~(records.factorPresent[id] ?? 0)) === 0;
  }

  /** Loads record `id`'s joint state into `state` and `clock`; returns its visited mask. */
  private load(id: number): number {
    const { records, state, clock } = this;
    const M = this.ctx.M;
    for (let m = 0, at = id * M; m < M; m++, at++) {
      state[m] = records.state[at] ?? 0;
      clock[m] = records.clock[at] ?? 0;
    }
    return records.mask[id] ?? 0;
  }

  /**
   * Works out record `id`'s successor list as of `day` (probabilities
   * relative to being in it). The machine whose options change soonest
   * (a window's daily hazard, typically) is left out as a factor when that
   * lets the list outlive them: the list then holds while that machine's
   * options keep their shape, whatever their probabilities.
   */
  private rebuild(id: number, day: number): void {
    const { ctx, options, records, state, clock, expander } = this;
    const M = ctx.M;
    const H = ctx.model.days;
    const machineAt = this.order.machineAt;
    const mask = this.load(id);
    // Timed phase: options against the start-of-day snapshot (daysInState = stored clock + 1), loaded only to build some.
    let loaded = false;
    let soonest = -1;
    let first = H + 1;
    let second = H + 1;
    for (let level = 0; level < M; level++) {
      const m = machineAt[level] ?? 0;
      let o = options.find(m, state, clock[m] ?? 0, mask);
      if (o < 0) {
        if (!loaded) ctx.load(day, state, clock, 1, mask);
        loaded = true;
        o = options.build(m, state, clock[m] ?? 0, mask);
      }
      const block = (o / options.stride) | 0;
      expander.optAt[level] = o;
      expander.countAt[level] = options.count[block] ?? 0;
      const until = options.until[block] ?? 0;
      if (until < first) {
        second = first;
        first = until;
        soonest = level;
      } else if (until < second) second = until;
    }
    const factorBlock = soonest >= 0 ? ((expander.optAt[soonest] ?? 0) / options.stride) | 0 : -1;
    // Presence is tracked for the first 31 options only.
    const factorable = options.cached(factorBlock) && (options.count[factorBlock] ?? 0) <= 31;
    const factored = first < second && factorable;
    expander.factorLevel = factored ? soonest : -1;
    ctx.loadVisited(mask);
    ctx.until = H;
    this.lists.begin();
    this.lists.ref = -1;
    expander.expand(day, 1, records.key[id] ?? 0, mask);
    this.lists.commit(id, Math.min(ctx.until, factored ? second : first));
    this.kernel?.list(this.lists, records.listStart[id] ?? 0, records.listCount[id] ?? 0);
    records.factorBlock[id] = factored ? factorBlock : -1;
    records.factorMachine[id] = machineAt[soonest] ?? 0;
    records.factorPresent[id] = options.present[factorBlock] ?? 0;
    if (this.tape !== undefined) {
      const lists = this.lists;
      this.tape.list(id, lists.ids, lists.regs, lists.probs, lists.refs, records.listStart[id] ?? 0, records.listCount[id] ?? 0,
        factored ? factorBlock * options.stride : -1);
    }
  }
}
