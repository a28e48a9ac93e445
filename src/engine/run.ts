/**
 * One Monte Carlo run, event by event, under docs/semantics.md: window dates
 * and delays are drawn at entry, hazards that read neither `day` nor
 * `daysInState` as geometric waiting times (redrawn when a machine they read
 * changes), and the engine steps day by day only while some active transition
 * reads the time. The law is the daily definition's; only the draws differ.
 * Pure apart from the {@link RunScratch} it reuses and the optional trace.
 * @module
 */
import { ScenarioError, issue } from "../scenario/issues.js";
import { asProbability, describeStates, probabilityError, weightsError, weightsSumOk } from "../model/runtime.js";
import { sampleDayFrom } from "../model/distributions.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledExpr } from "../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import { ALL_MACHINES, KIND_DAILY, KIND_DELAY, KIND_GEOMETRIC, KIND_WINDOW, planOf, type Plan } from "./plan.js";
import type { Rng } from "./rng.js";

/** One state change, for traces and replays. */
export interface TraceEvent {
  readonly day: number;
  readonly machine: number;
  readonly from: number;
  readonly to: number;
  readonly transition: CompiledTransition;
}

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
  };
}

/** Evaluates a probability-valued expression, checking it lies in [0, 1]. */
function probability(model: CompiledModel, run: number, expr: CompiledExpr, f: EvalFrame): number {
  return checkProbability(model, run, expr, expr.constant ?? expr.fn(f), f);
}

/** Checks a probability value (tolerating rounding at the edges), or throws naming the run. */
function checkProbability(model: CompiledModel, run: number, expr: CompiledExpr | undefined, v: number, f: EvalFrame): number {
  const p = asProbability(v);
  if (p === p) return p;
  throw probabilityError(model, expr, v, f, `run ${run}`);
}

/** Draws a branch target of `t` against the frame. */
function pickTarget(model: CompiledModel, run: number, t: CompiledTransition, f: EvalFrame, rng: Rng): number {
  const targets = t.targets;
  if (targets.length === 1) return targets[0] ?? -1;
  const u = rng();
  const cdf = t.constCdf;
  if (cdf !== undefined) {
    for (let i = 0; i < cdf.length; i++) if (u < (cdf[i] ?? 1)) return targets[i] ?? -1;
    return targets[targets.length - 1] ?? -1;
  }
  // Dynamic weights: evaluate all, check they sum to 1, then walk the cumulative sum.
  let sum = 0;
  let other = -1;
  const w = t.weights;
  const values = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const e = w[i];
    if (e === undefined) { other = i; continue; }
    const v = probability(model, run, e, f);
    values[i] = v;
    sum += v;
  }
  if (!weightsSumOk(sum, other >= 0)) throw weightsError(model, t, f, sum, other >= 0, `run ${run}`);
  if (other >= 0) values[other] = Math.max(0, 1 - sum);
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i] ?? 0;
    if (u < acc) return targets[i] ?? -1;
  }
  return targets[targets.length - 1] ?? -1;
}

/**
 * Geometric waiting time of daily hazard `h` of timed transition `t`, from day
 * `from`: the first day it fires. log(1 - h) is cached per transition, since
 * a hazard takes few distinct values in a run.
 */
function geometricDay(sc: RunScratch, t: number, from: number, h: number, rng: Rng): number {
  if (h <= 0) return Infinity;
  if (h >= 1) return from + 1;
  let logSurvival = sc.lastLogSurvival[t] ?? 0;
  if (h !== sc.lastHazard[t]) {
    logSurvival = Math.log1p(-h);
    sc.lastHazard[t] = h;
    sc.lastLogSurvival[t] = logSurvival;
  }
  return from + 1 + Math.floor(Math.log(1 - rng()) / logSurvival);
}

/** One run's context: the model, its plan, the scratch buffers and the generator. */
interface Ctx {
  readonly model: CompiledModel;
  readonly plan: Plan;
  readonly sc: RunScratch;
  readonly rng: Rng;
  readonly run: number;
  readonly trace: ((e: TraceEvent) => void) | undefined;
}

/** The hazard of timed transition `t` now, checked. */
function hazardNow(c: Ctx, t: number): number {
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
function schedule(c: Ctx, m: number, day: number, changedMask: number): void {
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
        } else if (((plan.depMask[t] ?? 0) & changedMask) !== 0) {
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
  sc.nextDue[m] = earliest;
}

const EMPTY = { first: 0, pmf: new Float64Array(0), tail: new Float64Array(1) };

function enter(sc: RunScratch, m: number, to: number, day: number): void {
  const f = sc.frame;
  f.state[m] = to;
  f.entry[m] = day;
  if (f.visited[to] === 0) {
    f.visited[to] = 1;
    sc.firstDay[to] = day;
    sc.visitedList[sc.visitedCount++] = to;
  }
  sc.changed[m] = 1;
}

/** The immediate phase of today: rounds of `when` transitions until none fires. */
function immediatePhase(c: Ctx): void {
  const { model, plan, sc } = c;
  const f = sc.frame;
  const M = plan.machines;
  const limit = model.stateNames.length + 1; // acyclic per machine, so fewer rounds than states
  for (let round = 0; ; round++) {
    if (round > limit) throw new Error("internal: immediate transitions did not settle");
    let any = false;
    for (let m = 0; m < M; m++) {
      sc.pending[m] = -1;
      const s = f.state[m] ?? 0;
      const i1 = plan.whenStart[s + 1] ?? 0;
      for (let i = plan.whenStart[s] ?? 0; i < i1; i++) {
        let v = plan.guardConst[i] ?? NaN;
        if (v !== v) v = (plan.guardFn[i] ?? NEVER)(f);
        if (v !== 0 && v === v) {
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
      if (to >= 0) enter(sc, m, to, f.day);
    }
  }
}

const NEVER = (): number => NaN;

/**
 * Runs one trajectory from day 0 to the horizon and returns the index of the
 * outcome it ends in; the final state stays in `sc.frame` and the first-visit
 * days in `sc.firstDay`. Throws a {@link ScenarioError} when a value is out of
 * range or the run matches no outcome or several. `run` is used in messages only.
 */
export function simulateRun(
  model: CompiledModel, rng: Rng, sc: RunScratch, run: number, trace?: (e: TraceEvent) => void,
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
  f.day = 0;
  for (let m = 0; m < M; m++) {
    const s = model.initial[m] ?? 0;
    f.state[m] = s;
    f.entry[m] = 0;
    sc.changed[m] = 0;
    if (f.visited[s] === 0) {
      f.visited[s] = 1;
      sc.firstDay[s] = 0;
      sc.visitedList[sc.visitedCount++] = s;
    }
  }
  immediatePhase(c);
  for (let m = 0; m < M; m++) schedule(c, m, 0, 0);

  let day = 0;
  for (;;) {
    // The next day anything can happen.
    let next = Infinity;
    for (let m = 0; m < M; m++) {
      if (plan.daily[f.state[m] ?? 0] === 1) { next = day + 1; break; }
      const d = sc.nextDue[m] ?? Infinity;
      if (d < next) next = d;
    }
    if (next > H) break;
    day = next;
    f.day = day;
    for (let m = 0; m < M; m++) sc.changed[m] = 0;

    // Timed phase: every machine decides against the start-of-day snapshot, then all apply.
    for (let m = 0; m < M; m++) {
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
          break;
        }
      }
    }
    let changedMask = 0;
    for (let m = 0; m < M; m++) {
      const to = sc.pending[m] ?? -1;
      if (to >= 0) enter(sc, m, to, day);
    }
    immediatePhase(c);
    for (let m = 0; m < M; m++) {
      if (sc.changed[m] === 1) {
        changedMask |= m > 30 ? ALL_MACHINES : 1 << m;
        schedule(c, m, day, 0);
      }
    }
    if (changedMask !== 0) {
      for (let m = 0; m < M; m++) {
        if (sc.changed[m] === 0 && ((plan.stateDepMask[f.state[m] ?? 0] ?? 0) & changedMask) !== 0) schedule(c, m, day, changedMask);
      }
    }
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

/** The one outcome the final state matches; a {@link ScenarioError} for none or several. */
export function matchOutcome(model: CompiledModel, f: EvalFrame, run: number): number {
  let found = -1;
  let count = 0;
  const outcomes = model.outcomes;
  for (let i = 0; i < outcomes.length; i++) {
    const w = outcomes[i]?.when;
    if (w === undefined) continue;
    const v = w.constant ?? w.fn(f);
    if (v !== 0 && !Number.isNaN(v)) {
      if (count === 0) found = i;
      count++;
    }
  }
  if (count === 1) return found;
  const names = outcomes.filter((o) => { const v = o.when.constant ?? o.when.fn(f); return v !== 0 && !Number.isNaN(v); }).map((o) => `"${o.id}"`);
  throw new ScenarioError([issue("outcomes", ["outcomes"], count === 0
    ? `scenario "${model.scenario.id}", run ${run}: no outcome matches the final state ${describeStates(model, f)}`
    : `scenario "${model.scenario.id}", run ${run}: outcomes ${names.join(" and ")} all match the final state ${describeStates(model, f)}`)]);
}
