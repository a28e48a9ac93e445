/**
 * One Monte Carlo run, event by event, under docs/semantics.md: window dates
 * and delays are drawn at entry, hazards that read neither `day` nor
 * `daysInState` as geometric waiting times (redrawn when a machine they read
 * changes), and the engine steps day by day only while some active transition
 * reads the time. The law is the daily definition's; only the draws differ.
 * This module is the day loop: the timed phase, the immediate phase, the
 * outcome; the due days are drawn in due.ts. Pure apart from the
 * {@link RunScratch} it reuses and the optional trace.
 * @module
 */
import { nanError, runContext } from "../model/runtime.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import { KIND_DAILY, planOf } from "./plan.js";
import type { Rng } from "./rng.js";
import { hazardNow, reschedule, schedule, stepBound, type DueCtx } from "./due.js";
import { enter, makeScratch, type RunScratch } from "./scratch.js";
import { takeBefore, type Snapshots } from "./snapshot.js";
import { matchOutcome, pickTarget } from "./values.js";

export { makeScratch, matchOutcome, type RunScratch };

/** One state change, for traces and replays. */
export interface TraceEvent {
  readonly day: number;
  readonly machine: number;
  readonly from: number;
  readonly to: number;
  readonly transition: CompiledTransition;
}

/** One run's context: what drawing due days reads (due.ts), and the trace. */
interface Ctx extends DueCtx {
  readonly trace: ((e: TraceEvent) => void) | undefined;
}

/** The immediate phase of today: rounds of `when` transitions until none fires. */
function immediatePhase(c: Ctx): void {
  const { model, plan, sc } = c;
  const f = sc.frame;
  const M = plan.machines;
  const limit = model.stateNames.length + 1; // acyclic per machine, so fewer rounds than states
  for (let round = 0; ; round++) {
    if (round > limit) throw stepBound(c.run, `${limit} immediate rounds on day ${f.day}`);
    let any = false;
    for (let m = 0; m < M; m++) {
      sc.pending[m] = -1;
      const s = f.state[m] ?? 0;
      const i1 = plan.whenStart[s + 1] ?? 0;
      for (let i = plan.whenStart[s] ?? 0; i < i1; i++) {
        let v = plan.guardConst[i] ?? NaN;
        if (v !== v) v = (plan.guardFn[i] ?? NEVER)(f);
        if (v !== v) throw nanGuard(c, i);
        if (v !== 0) {
          const tr = plan.when[i];
          if (tr === undefined) break;
          const to = pickTarget(model, c.run, tr, f, c.rng);
          sc.pending[m] = to;
          any = true;
          if (c.trace !== undefined) c.trace({ day: f.day, machine: m, from: s, to, transition: tr });
          break;
        }
      }
    }
    if (!any) return;
    for (let m = 0; m < M; m++) {
      const to = sc.pending[m] ?? -1;
      if (to >= 0) enter(sc, plan.daily, m, to, f.day);
    }
  }
}

const NEVER = (): number => NaN;

/** The error for `when` transition `i` (plan index) whose guard gave NaN. */
function nanGuard(c: Ctx, i: number): Error {
  const tr = c.plan.when[i];
  const g = tr?.trigger.kind === "when" ? tr.trigger.guard : undefined;
  if (g === undefined) return new Error("internal: a NaN guard with no expression");
  return nanError(c.model, g, "a guard", runContext(c.model, c.sc.frame, `run ${c.run}`));
}

/**
 * Runs one trajectory from day 0 to the horizon and returns the index of the
 * outcome it ends in; the final state stays in `sc.frame` and the first-visit
 * days in `sc.firstDay`. Throws a {@link ScenarioError} when a value is out of
 * range or the run matches no outcome or several. `run` is used in messages only.
 * With `snapshots`, the state at the end of each of their days is handed to
 * them (snapshot.ts); the run itself, and its draws, are the same.
 */
export function simulateRun(
  model: CompiledModel, rng: Rng, sc: RunScratch, run: number, trace?: (e: TraceEvent) => void, snapshots?: Snapshots,
): number {
  const plan = planOf(model);
  const c: Ctx = { model, plan, sc, rng, run, trace };
  const f = sc.frame;
  const M = plan.machines;
  const H = model.days;
  const due = sc.due;
  const slots = sc.slots;
  // Clear only what the previous run set (loops, not fill: these arrays are tiny and fill's call costs more).
  for (let i = 0; i < sc.visitedCount; i++) {
    const s = sc.visitedList[i] ?? 0;
    f.visited[s] = 0;
    sc.firstDay[s] = -1;
  }
  sc.visitedCount = 0;
  sc.changedCount = 0;
  sc.dailyCount = 0;
  sc.calendar.reset();
  f.day = 0;
  for (let m = 0; m < M; m++) {
    const s = model.initial[m] ?? 0;
    f.state[m] = s;
    f.entry[m] = 0;
    sc.changed[m] = 0;
    sc.dailyCount += plan.daily[s] ?? 0;
    if (f.visited[s] === 0) {
      f.visited[s] = 1;
      sc.firstDay[s] = 0;
      sc.visitedList[sc.visitedCount++] = s;
    }
  }
  immediatePhase(c);
  for (let m = 0; m < M; m++) schedule(c, m, 0, 0);

  let day = 0;
  let snap = 0;
  const picked = sc.picked;
  // Each step moves to a later day, so at most H steps: a step to today or before is a bug.
  for (let steps = 0; ; steps++) {
    // The next day anything can happen: tomorrow while some machine steps day by day, else the calendar's.
    const next = sc.dailyCount > 0 ? day + 1 : sc.calendar.next(day + 1, sc.nextDue);
    // Days from today up to the next step keep today's end state.
    if (snapshots !== undefined) snap = takeBefore(snapshots, snap, Math.min(next, H + 1), f);
    if (next > H) break;
    if (!(next > day) || steps >= H) throw stepBound(run, `${H} days; step ${steps} went from day ${day} to day ${next}`);
    day = next;
    f.day = day;
    for (let i = 0; i < sc.changedCount; i++) sc.changed[sc.changedList[i] ?? 0] = 0;
    sc.changedCount = 0;

    // Timed phase: every machine decides against the start-of-day snapshot, then all apply. Only
    // machines due today (or stepping daily) can fire or draw; they go in increasing order as always.
    let count = M;
    if (sc.dailyCount > 0) for (let m = 0; m < M; m++) picked[m] = m;
    else count = sc.calendar.due(day, sc.nextDue, picked, sc.mark);
    for (let i = 0; i < count; i++) {
      const m = picked[i] ?? 0;
      sc.pending[m] = -1;
      const s = f.state[m] ?? 0;
      const t0 = plan.timedStart[s] ?? 0;
      const t1 = plan.timedStart[s + 1] ?? 0;
      const base = m * slots - t0;
      for (let t = t0; t < t1; t++) {
        const fires = plan.kind[t] === KIND_DAILY ? rng() < hazardNow(c, t) : due[base + t] === day;
        if (fires) {
          const tr = plan.timed[t];
          if (tr === undefined) break;
          const to = pickTarget(model, run, tr, f, rng);
          sc.pending[m] = to;
          if (trace !== undefined) trace({ day, machine: m, from: s, to, transition: tr });
          // Every hazard of the state is defined today (semantics.md), fired or pre-empted: check the
          // rest as the exact solver does, drawing nothing (the stream, hence the law, is unchanged).
          for (let u = t + 1; u < t1; u++) if (plan.kind[u] === KIND_DAILY) hazardNow(c, u);
          break;
        }
      }
    }
    for (let i = 0; i < count; i++) {
      const m = picked[i] ?? 0;
      const to = sc.pending[m] ?? -1;
      if (to >= 0) enter(sc, plan.daily, m, to, day);
    }
    immediatePhase(c);
    if (sc.changedCount > 0) reschedule(c, day);
  }

  f.day = H;
  // Outcomes read only final states and visited flags (and constants), so each final state's
  // outcome is computed once per scratch and then looked up.
  const flags = plan.outcomeFlags;
  if (flags === undefined) return matchOutcome(model, f, run);
  const n = model.stateNames.length;
  let key = 0;
  for (let m = 0; m < M; m++) key = key * n + (f.state[m] ?? 0);
  for (let i = 0; i < flags.length; i++) key = key * 2 + (f.visited[flags[i] ?? 0] ?? 0);
  const known = sc.outcomeMemo.get(key);
  if (known !== undefined) return known;
  const o = matchOutcome(model, f, run);
  if (sc.outcomeMemo.size < OUTCOME_MEMO_LIMIT) sc.outcomeMemo.set(key, o);
  return o;
}

/** The most final states whose outcome one scratch remembers. */
const OUTCOME_MEMO_LIMIT = 100_000;

