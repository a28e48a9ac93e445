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
 * multiplied in when the list is used. Mutable buffers; one instance per solve.
 * @module
 */
import type { ExactContext } from "./context.js";
import { Expander } from "./expand.js";
import { guardOrder, type GuardOrder } from "./order.js";
import type { Records } from "./records.js";
import type { Settler } from "./settle.js";
import type { Successors } from "./successors.js";
import type { DayTable } from "./table.js";
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

  /**
   * `tape`, when given, records the solve (tape.ts): every component that
   * computes a probability is handed the recorder before it is built.
   */
  constructor(private readonly ctx: ExactContext, tr: Transitions, settler: Settler,
    private readonly records: Records, private readonly lists: Successors, private readonly tape?: TapeRecorder) {
    tr.tape = tape;
    settler.tape = tape;
    this.options = new TimedOptions(ctx, tr);
    this.order = guardOrder(ctx.model);
    this.expander = new Expander(ctx, settler, this.options, this.order, lists);
    this.state = new Int32Array(ctx.M);
    this.clock = new Int32Array(ctx.M);
  }

  /** Fills `next` (cleared first) with the distribution at the end of `day`, from `cur` at the end of `day - 1`. */
  run(day: number, cur: DayTable, next: DayTable): void {
    const { records, lists, options, tape } = this;
    next.clear();
    options.startDay(day);
    this.ctx.frame.day = day;
    next.reserve(records.size);
    tape?.day(day, records);
    for (let i = 0; i < cur.size; i++) {
      const id = cur.idAt(i);
      const p = cur.valueOf(id);
      const factored = (records.factorBlock[id] ?? -1) >= 0;
      if ((records.validUntil[id] ?? -1) < day || (factored && !this.ready(id, day))) {
        this.rebuild(id, day);
        // Successors' records exist once their list does.
        next.reserve(records.size);
      }
      const from = records.listStart[id] ?? 0;
      const to = from + (records.listCount[id] ?? 0);
      const block = records.factorBlock[id] ?? -1;
      if (tape !== undefined) tape.src(id, p, block < 0 ? -1 : options.blockInst[block] ?? 0);
      if (block < 0) next.spread(p, lists.ids, lists.probs, from, to);
      else next.spreadFactored(p, lists.ids, lists.probs, from, to, lists.refs, options.prob);
    }
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
