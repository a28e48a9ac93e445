/**
 * The buffers one Monte Carlo run works in, reused from run to run so that a
 * run allocates nothing, and the one way a machine enters a state (which
 * keeps the visited list, the changed list and the count of machines
 * stepping day by day in step). Mutable.
 * @module
 */
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel } from "../model/model.js";
import { Calendar } from "./calendar.js";
import { planOf } from "./plan.js";

/** Buffers reused from run to run, so a run allocates nothing. */
export interface RunScratch {
  readonly frame: EvalFrame;
  /** Per machine × timed slot: the day that transition is due (Infinity: never). */
  readonly due: Float64Array;
  /** Per machine × timed slot: the hazard a geometric due day was drawn with. */
  readonly drawnWith: Float64Array;
  /** Per timed transition: the last hazard value seen and its log(1 - h), to spare a logarithm. */
  readonly lastHazard: Float64Array;
  readonly lastLogSurvival: Float64Array;
  /** Final-state key → outcome index, for outcomes read only states and visited flags. */
  readonly outcomeMemo: Map<number, number>;
  readonly slots: number;
  /** Per machine: the target chosen this phase, or -1. */
  readonly pending: Int32Array;
  /** Per global state: the day of the first visit in this run, or -1. */
  readonly firstDay: Int32Array;
  /** Per machine: 1 if it changed state today. */
  readonly changed: Uint8Array;
  /** Per machine: the earliest due day of its timed transitions (kept by `schedule`). */
  readonly nextDue: Float64Array;
  /** The global states visited in this run, in order of first visit (the first `visitedCount`). */
  readonly visitedList: Int32Array;
  visitedCount: number;
  /** The machines that changed state today (the first `changedCount`), in no order. */
  readonly changedList: Int32Array;
  changedCount: number;
  /** How many machines are in a state that is stepped day by day (`plan.daily`). */
  dailyCount: number;
  /** The days machines are due on. */
  readonly calendar: Calendar;
  /** A list of machines and a per-machine mark (kept all 0), for the machines due today or to reschedule. */
  readonly picked: Int32Array;
  readonly mark: Uint8Array;
}

/** Allocates the scratch buffers for a model. */
export function makeScratch(model: CompiledModel): RunScratch {
  const M = model.machineIds.length;
  const n = model.stateNames.length;
  let slots = 1;
  for (const t of model.timed) slots = Math.max(slots, t.length);
  return {
    frame: { state: new Int32Array(M), visited: new Uint8Array(n), entry: new Int32Array(M), day: 0 },
    due: new Float64Array(M * slots),
    drawnWith: new Float64Array(M * slots),
    lastHazard: new Float64Array(planOf(model).timed.length).fill(NaN),
    lastLogSurvival: new Float64Array(planOf(model).timed.length),
    outcomeMemo: new Map(),
    slots,
    pending: new Int32Array(M),
    firstDay: new Int32Array(n),
    changed: new Uint8Array(M),
    nextDue: new Float64Array(M),
    visitedList: new Int32Array(n),
    visitedCount: 0,
    changedList: new Int32Array(M),
    changedCount: 0,
    dailyCount: 0,
    calendar: new Calendar(model.days),
    picked: new Int32Array(M),
    mark: new Uint8Array(M),
  };
}

/** Machine `m` enters global state `to` on `day` (`daily`: per state, 1 when stepped day by day). */
export function enter(sc: RunScratch, daily: Uint8Array, m: number, to: number, day: number): void {
  const f = sc.frame;
  sc.dailyCount += (daily[to] ?? 0) - (daily[f.state[m] ?? 0] ?? 0);
  f.state[m] = to;
  f.entry[m] = day;
  if (f.visited[to] === 0) {
    f.visited[to] = 1;
    sc.firstDay[to] = day;
    sc.visitedList[sc.visitedCount++] = to;
  }
  if (sc.changed[m] === 0) sc.changedList[sc.changedCount++] = m;
  sc.changed[m] = 1;
}
