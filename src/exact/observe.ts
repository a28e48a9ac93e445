/**
 * Reads a day's distribution: each outcome's probability (the one outcome
 * whose predicate holds in each joint state) and each state's. Why a cache:
 * with a timeline this runs for every joint state of every day, and when no
 * outcome reads the day a joint state's outcome never changes, so it is
 * worked out once per record. Mutable (the cache); one instance per solve
 * (its cache array may be handed on to the next, which clears it).
 * @module
 */
import { ScenarioError, issue } from "../scenario/issues.js";
import { dateOfDay } from "../scenario/dates.js";
import { describeStates, nanError, runContext } from "../model/runtime.js";
import type { ExactContext } from "./context.js";
import type { Records } from "./records.js";
import type { DayTable } from "./table.js";

/**
 * Sets to 1 each probability that rounding left above 1 by at most 1e-12.
 * Why: conditioning divides by the evidence's probability check by check,
 * and an outcome the evidence makes certain can come out 1.0000000000000004
 * (a "probability" above 1 in a report, and failing any reader that checks
 * the range); more than 1e-12 above would be a fault, and is left to show.
 * Mutates `a`.
 */
export function atMostOne(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] ?? 0;
    if (v > 1 && v <= 1 + 1e-12) a[i] = 1;
  }
  return a;
}

/** Not worked out yet. */
const UNKNOWN = -2;

/** Outcome and state probabilities of a distribution. */
export class Observer {
  /** Per record: its outcome (or {@link UNKNOWN}); used only when no outcome reads the day. */
  private outcomeOf: Int32Array;
  private readonly timeless: boolean;

  /** `cache` (any content) may be the {@link cache} of an earlier solve, to save allocating it again. */
  constructor(private readonly ctx: ExactContext, private readonly records: Records, cache?: Int32Array) {
    this.timeless = ctx.model.outcomes.every((o) => !o.when.readsTime);
    this.outcomeOf = cache ?? new Int32Array(0);
    // Outcomes read the model (its parameters), so nothing known of another solve holds.
    this.outcomeOf.fill(UNKNOWN);
  }

  /** The per-record outcome cache, for the next solve to reuse. */
  get cache(): Int32Array {
    return this.outcomeOf;
  }

  /** Forgets what it knows of records (when they are renumbered). */
  forget(): void {
    this.outcomeOf.fill(UNKNOWN);
  }

  /**
   * Adds, for distribution `d` at the end of `day`, each outcome's and each
   * state's probability to `outcomes` and `states`. Throws a ScenarioError
   * for a joint state that matches no outcome or several, or where an
   * outcome gives NaN; `timeline` says the day is a timeline date rather
   * than the horizon (the message then names the date).
   */
  observe(day: number, d: DayTable, outcomes: Float64Array, states: Float64Array, timeline: boolean): void {
    const { ctx, records } = this;
    const M = ctx.M;
    if (this.outcomeOf.length < records.size) {
      const grown = new Int32Array(Math.max(records.size, 2 * this.outcomeOf.length)).fill(UNKNOWN);
      grown.set(this.outcomeOf);
      this.outcomeOf = grown;
    }
    for (let i = 0; i < d.size; i++) {
      const id = d.idAt(i);
      const p = d.valueOf(id);
      for (let m = 0, at = id * M; m < M; m++, at++) {
        const s = records.state[at] ?? 0;
        states[s] = (states[s] ?? 0) + p;
      }
      let k = this.timeless ? this.outcomeOf[id] ?? UNKNOWN : UNKNOWN;
      if (k === UNKNOWN) {
        k = this.evaluate(day, id, timeline);
        if (this.timeless) this.outcomeOf[id] = k;
      }
      outcomes[k] = (outcomes[k] ?? 0) + p;
    }
  }

  /**
   * The one outcome of record `id` on `day`, or a ScenarioError. Why a
   * timeline date is held to the same rule as the horizon: outcomes are
   * evaluated there with `day` = that day while `horizon` keeps its value,
   * so a predicate written for the horizon can match no outcome or several
   * on an earlier day, and the row would silently not sum to 1.
   */
  private evaluate(day: number, id: number, timeline: boolean): number {
    const { ctx, records } = this;
    const { model, M } = ctx;
    ctx.load(day, records.state.subarray(id * M, id * M + M), records.clock.subarray(id * M, id * M + M), 0, records.mask[id] ?? 0);
    let found = -1;
    const matched: string[] = [];
    // Only an error needs the description of where it arose: built then, not for every joint state.
    const where = (): string => (timeline
      ? `exact solver, timeline date ${dateOfDay(model.scenario.start, day)} (day ${day}), states ${describeStates(model, ctx.frame)}`
      : runContext(model, ctx.frame, "exact solver"));
    model.outcomes.forEach((o, k) => {
      const v = o.when.constant ?? o.when.fn(ctx.frame);
      if (v !== v) throw nanError(model, o.when, "an outcome", where());
      if (v !== 0) {
        if (found < 0) found = k;
        matched.push(`"${o.id}"`);
      }
    });
    if (matched.length === 1) return found;
    const what = matched.length === 0 ? "no outcome matches" : `outcomes ${matched.join(" and ")} all match`;
    if (timeline) {
      throw new ScenarioError([issue("outcomes", ["outcomes"],
        `scenario "${model.scenario.id}", exact by date (--timeline or --at): on ${dateOfDay(model.scenario.start, day)} (day ${day}) ${what} the joint state ${describeStates(model, ctx.frame)}; outcomes by date are evaluated with \`day\` = that day but \`horizon\` unchanged, so each date's joint states must match exactly one outcome`)]);
    }
    throw new ScenarioError([issue("outcomes", ["outcomes"],
      `scenario "${model.scenario.id}", exact solver: ${what} the final state ${describeStates(model, ctx.frame)}`)]);
  }
}
