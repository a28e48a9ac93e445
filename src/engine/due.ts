/**
 * When each timed transition of a Monte Carlo run is due (run.ts): window
 * dates and delays drawn at entry, hazards that read neither `day` nor
 * `daysInState` drawn as geometric waiting times and redrawn when a machine
 * they read changes (and their value with it), and the day-by-day ones due
 * every day. After a day's changes, {@link reschedule} draws anew in
 * increasing machine order, so the order of the draws, hence the law, does
 * not depend on which machines changed.
 *
 * Why a module of its own: the draws of due days and the bookkeeping of who
 * reads whom are one concern; the day loop (run.ts) only asks for the next
 * due day. Pure apart from the {@link RunScratch} it writes and the draws.
 * @module
 */
import { sampleDayFrom } from "../model/distributions.js";
import type { CompiledModel } from "../model/model.js";
import { ALL_MACHINES, KIND_DELAY, KIND_GEOMETRIC, KIND_WINDOW, type Plan } from "./plan.js";
import type { Rng } from "./rng.js";
import { sortPrefix } from "./calendar.js";
import type { RunScratch } from "./scratch.js";
import { checkProbability, geometricDay } from "./values.js";

/** What drawing due days reads of one run: the model, its plan, the scratch buffers and the generator. */
export interface DueCtx {
  readonly model: CompiledModel;
  readonly plan: Plan;
  readonly sc: RunScratch;
  readonly rng: Rng;
  readonly run: number;
}

/** The hazard of timed transition `t` now, checked. */
export function hazardNow(c: DueCtx, t: number): number {
  const k = c.plan.hazardConst[t] ?? NaN;
  if (k === k) return k; // constant (NaN marks "evaluate")
  const fn = c.plan.hazardFn[t];
  const v = fn === undefined ? NaN : fn(c.sc.frame);
  return checkProbability(c.model, c.run, c.plan.hazardExpr[t], v, c.sc.frame);
}

/**
 * Draws when each timed transition of machine `m`'s current state is due,
 * from day `day`: all of them after an entry, or (`changedMask` non-zero)
 * just the geometric hazards that read a machine that changed today.
 */
export function schedule(c: DueCtx, m: number, day: number, changedMask: number): void {
  const sc = c.sc;
  if (day >= c.model.days) {
    // Nothing happens after the horizon (semantics.md): nothing is drawn or evaluated for day H + 1.
    sc.nextDue[m] = Infinity;
    return;
  }
  // What is drawn now is first used on day + 1, against the snapshot at its start (this one), so a
  // hazard's value error names day + 1, as in the exact solver. Geometric hazards read neither
  // `day` nor `daysInState`, so moving the frame's day changes only the message.
  const f = sc.frame;
  f.day = day + 1;
  drawDue(c, m, day, changedMask);
  f.day = day;
}

/** The body of {@link schedule}, for a day before the horizon. */
function drawDue(c: DueCtx, m: number, day: number, changedMask: number): void {
  const { plan, sc, rng } = c;
  const s = sc.frame.state[m] ?? 0;
  const t0 = plan.timedStart[s] ?? 0;
  const t1 = plan.timedStart[s + 1] ?? 0;
  const base = m * sc.slots - t0;
  let earliest = Infinity;
  for (let t = t0; t < t1; t++) {
    switch (plan.kind[t]) {
      case KIND_WINDOW:
        if (changedMask === 0) sc.due[base + t] = sampleDayFrom(plan.dist[t] ?? EMPTY, day + 1, rng());
        break;
      case KIND_DELAY: {
        const d = plan.dist[t] ?? EMPTY;
        if (changedMask === 0) sc.due[base + t] = day + sampleDayFrom(d, d.first, rng());
        break;
      }
      case KIND_GEOMETRIC:
        if (changedMask === 0) {
          const h = hazardNow(c, t);
          sc.drawnWith[base + t] = h;
          sc.due[base + t] = geometricDay(sc, t, day, h, rng);
        } else if (readsChanged(plan, plan.depMask[t] ?? 0, plan.deps[t], changedMask, sc.changed)) {
          // A machine it reads changed: redraw only if its value changed. Keeping the draw is
          // exact when it did not, since a geometric wait is memoryless.
          const h = hazardNow(c, t);
          if (h !== sc.drawnWith[base + t]) {
            sc.drawnWith[base + t] = h;
            sc.due[base + t] = geometricDay(sc, t, day, h, rng);
          }
        }
        break;
      default: // KIND_DAILY: evaluated afresh each day
        sc.due[base + t] = day + 1;
    }
    const d = sc.due[base + t] ?? Infinity;
    if (d < earliest) earliest = d;
  }
  // A due day not after today could never be reached by the event loop: a bug, failed loudly.
  if (!(earliest > day)) throw stepBound(c.run, `${c.model.days} days; machine "${c.model.machineIds[m] ?? "?"}" is due on day ${earliest}, not after day ${day}`);
  sc.nextDue[m] = earliest;
  sc.calendar.push(earliest, m);
}

/**
 * Whether a machine that `mask` (or, when it is {@link ALL_MACHINES}, the
 * list `deps`) says a hazard reads changed today. The mask settles it at
 * once up to 31 machines; past that the list keeps a change from waking
 * every watching machine.
 */
function readsChanged(plan: Plan, mask: number, deps: Int32Array | undefined, changedMask: number, changed: Uint8Array): boolean {
  if ((mask & changedMask) === 0) return false;
  if ((mask !== ALL_MACHINES && changedMask !== ALL_MACHINES) || plan.machines <= 31 || deps === undefined) return true;
  for (let i = 0; i < deps.length; i++) if (changed[deps[i] ?? 0] === 1) return true;
  return false;
}

const EMPTY = { first: 0, pmf: new Float64Array(0), tail: new Float64Array(1) };

/**
 * After today's changes: draws anew for every machine that changed, then
 * redraws the geometric hazards that read one of them, each in increasing
 * machine order (the order of the draws, hence the law, as when every
 * machine was scanned). Past 31 machines the watchers are found through
 * `plan.readers` rather than by scanning every machine.
 */
export function reschedule(c: DueCtx, day: number): void {
  const { plan, sc } = c;
  const M = plan.machines;
  const state = sc.frame.state;
  const list = sc.changedList;
  const n = sc.changedCount;
  sortPrefix(list, n);
  let changedMask = 0;
  for (let i = 0; i < n; i++) {
    const m = list[i] ?? 0;
    changedMask |= m > 30 ? ALL_MACHINES : 1 << m;
    schedule(c, m, day, 0);
  }
  if (M <= 31) {
    for (let m = 0; m < M; m++) {
      const s = state[m] ?? 0;
      if (sc.changed[m] === 0 && ((plan.stateDepMask[s] ?? 0) & changedMask) !== 0) schedule(c, m, day, changedMask);
    }
    return;
  }
  const picked = sc.picked;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const readers = plan.readers[list[i] ?? 0] ?? NO_READERS;
    for (let k = 0; k < readers.length; k++) {
      const m = readers[k] ?? 0;
      if (sc.changed[m] === 1 || sc.mark[m] === 1) continue;
      sc.mark[m] = 1;
      picked[count++] = m;
    }
  }
  for (let i = 0; i < count; i++) sc.mark[picked[i] ?? 0] = 0;
  sortPrefix(picked, count);
  for (let i = 0; i < count; i++) {
    const m = picked[i] ?? 0;
    const s = state[m] ?? 0;
    if (readsChanged(plan, plan.stateDepMask[s] ?? 0, plan.stateDeps[s], changedMask, sc.changed)) schedule(c, m, day, changedMask);
  }
}

const NO_READERS = new Int32Array(0);

/**
 * The loud internal error of a loop that ran past its bound. Why bounds: a
 * bug (a window drawn a day early, say) must fail at once, not spin for
 * ever where no test timeout can stop it.
 */
export function stepBound(run: number, what: string): Error {
  return new Error(`internal: run ${run} exceeded its step bound (${what})`);
}
