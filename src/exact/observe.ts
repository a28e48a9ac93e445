/**
 * Reads a day's distribution: each outcome's probability (the one outcome
 * whose predicate holds in each joint state) and each state's. Why a cache:
 * with a timeline this runs for every joint state of every day, and when no
 * outcome reads the day a joint state's outcome never changes, so it is
 * worked out once per record. Mutable (the cache); one instance per solve.
 * @module
 */
import { ScenarioError, issue } from "../scenario/issues.js";
import { describeStates } from "../model/runtime.js";
import type { ExactContext } from "./context.js";
import type { Records } from "./records.js";
import type { DayTable } from "./table.js";

/** Not worked out yet. */
const UNKNOWN = -2;
/** No outcome, or several, match. */
const NOT_ONE = -1;

/** Outcome and state probabilities of a distribution. */
export class Observer {
  /** Per record: its outcome (or {@link NOT_ONE}, {@link UNKNOWN}); used only when no outcome reads the day. */
  private outcomeOf: Int32Array;
  private readonly timeless: boolean;

  constructor(private readonly ctx: ExactContext, private readonly records: Records) {
    this.timeless = ctx.model.outcomes.every((o) => !o.when.readsTime);
    this.outcomeOf = new Int32Array(0);
  }

  /** Forgets what it knows of records (when they are renumbered). */
  forget(): void {
    this.outcomeOf.fill(UNKNOWN);
  }

  /**
   * Adds, for distribution `d` at the end of `day`, each outcome's and each
   * state's probability to `outcomes` and `states`. With `strict`, throws a
   * ScenarioError for a joint state that matches no outcome or several.
   */
  observe(day: number, d: DayTable, outcomes: Float64Array, states: Float64Array, strict: boolean): void {
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
        k = this.evaluate(day, id, false);
        if (this.timeless) this.outcomeOf[id] = k;
      }
      if (k >= 0) outcomes[k] = (outcomes[k] ?? 0) + p;
      else if (strict) this.evaluate(day, id, true);
    }
  }

  /** The one outcome of record `id` on `day`, or {@link NOT_ONE} (with `strict`, a ScenarioError instead). */
  private evaluate(day: number, id: number, strict: boolean): number {
    const { ctx, records } = this;
    const { model, M } = ctx;
    ctx.load(day, records.state.subarray(id * M, id * M + M), records.clock.subarray(id * M, id * M + M), 0, records.mask[id] ?? 0);
    let found = NOT_ONE;
    let count = 0;
    model.outcomes.forEach((o, k) => {
      const v = o.when.constant ?? o.when.fn(ctx.frame);
      if (v !== 0 && !Number.isNaN(v)) { if (count === 0) found = k; count++; }
    });
    if (count === 1) return found;
    if (strict) {
      throw new ScenarioError([issue("outcomes", ["outcomes"],
        `scenario "${model.scenario.id}", exact solver: ${count === 0 ? "no outcome matches" : `${count} outcomes match`} the final state ${describeStates(model, ctx.frame)}`)]);
    }
    return NOT_ONE;
  }
}
