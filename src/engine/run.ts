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
import { WEIGHT_TOLERANCE } from "../model/compile.js";
import { sampleDayFrom } from "../model/distributions.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledExpr } from "../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
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
  readonly slots: number;
  /** Per machine: the target chosen this phase, or -1. */
  readonly pending: Int32Array;
  /** Per global state: the day of the first visit in this run, or -1. */
  readonly firstDay: Int32Array;
  /** Per machine: 1 if it changed state today. */
  readonly changed: Uint8Array;
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
    slots,
    pending: new Int32Array(M),
    firstDay: new Int32Array(n),
    changed: new Uint8Array(M),
  };
}

/** The per-state facts the run loop needs, computed once per model. */
interface StatePlan {
  /** Some timed hazard or `when` guard of the state reads the time: step day by day. */
  readonly daily: Uint8Array;
}

const plans = new WeakMap<CompiledModel, StatePlan>();

function planOf(model: CompiledModel): StatePlan {
  let p = plans.get(model);
  if (p === undefined) {
    const daily = new Uint8Array(model.stateNames.length);
    model.stateNames.forEach((_, s) => {
      const readsTime =
        (model.timed[s] ?? []).some((t) => t.trigger.kind === "hazard" && t.trigger.hazard.readsTime) ||
        (model.immediate[s] ?? []).some((t) => t.trigger.kind === "when" && t.trigger.guard.readsTime);
      daily[s] = readsTime ? 1 : 0;
    });
    p = { daily };
    plans.set(model, p);
  }
  return p;
}

/** Evaluates a probability-valued expression, checking it lies in [0, 1]. */
function probability(model: CompiledModel, run: number, expr: CompiledExpr, f: EvalFrame): number {
  const v = expr.constant ?? expr.fn(f);
  if (v >= 0 && v <= 1) return v;
  if (v > -WEIGHT_TOLERANCE && v < 1 + WEIGHT_TOLERANCE) return v < 0 ? 0 : 1;
  throw new ScenarioError([issue("range", expr.path,
    `"${expr.text}" gives ${v}, not a probability in [0, 1] (scenario "${model.scenario.id}", run ${run}, day ${f.day}, states ${describeStates(model, f)})`)]);
}

/** The machines' current states, for messages. */
export function describeStates(model: CompiledModel, f: EvalFrame): string {
  return Array.from(f.state, (s) => model.stateNames[s] ?? "?").join(", ");
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
  if (other >= 0) {
    if (sum > 1 + WEIGHT_TOLERANCE) throw branchError(model, run, t, f, sum, true);
    values[other] = Math.max(0, 1 - sum);
  } else if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    throw branchError(model, run, t, f, sum, false);
  }
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i] ?? 0;
    if (u < acc) return targets[i] ?? -1;
  }
  return targets[targets.length - 1] ?? -1;
}

function branchError(model: CompiledModel, run: number, t: CompiledTransition, f: EvalFrame, sum: number, other: boolean): ScenarioError {
  return new ScenarioError([issue("weights", [...t.path, "to"],
    `branch weights sum to ${sum}${other ? ", leaving nothing for `otherwise`" : ", not 1"} (scenario "${model.scenario.id}", run ${run}, day ${f.day}, states ${describeStates(model, f)})`)]);
}

/** Geometric waiting time, in days from `from`, of a daily hazard `h`: the first day it fires. */
function geometricDay(from: number, h: number, rng: Rng): number {
  if (h <= 0) return Infinity;
  if (h >= 1) return from + 1;
  return from + 1 + Math.floor(Math.log(1 - rng()) / Math.log1p(-h));
}

/**
 * Draws when each timed transition of machine `m`'s current state is due,
 * from day `day`: all of them after an entry, or (`onlyReading`) just the
 * geometric hazards that read a machine that changed today.
 */
function schedule(model: CompiledModel, run: number, sc: RunScratch, m: number, day: number, rng: Rng, onlyReading: boolean): void {
  const f = sc.frame;
  const s = f.state[m] ?? 0;
  const list = model.timed[s] ?? [];
  const base = m * sc.slots;
  for (let j = 0; j < list.length; j++) {
    const tr = list[j];
    if (tr === undefined) continue;
    const trig = tr.trigger;
    switch (trig.kind) {
      case "window":
        if (!onlyReading) sc.due[base + j] = sampleDayFrom(trig.dist, day + 1, rng());
        break;
      case "delay":
        if (!onlyReading) sc.due[base + j] = day + sampleDayFrom(trig.dist, trig.dist.first, rng());
        break;
      case "hazard": {
        const h = trig.hazard;
        if (h.readsTime) {
          sc.due[base + j] = day + 1; // evaluated afresh each day
        } else if (!onlyReading || readsChanged(h, sc.changed)) {
          sc.due[base + j] = geometricDay(day, probability(model, run, h, f), rng);
        }
        break;
      }
      case "when":
        break;
      default:
        trig satisfies never;
    }
  }
}

function readsChanged(h: CompiledExpr, changed: Uint8Array): boolean {
  for (const m of h.machines) if (changed[m] === 1) return true;
  return false;
}

function enter(sc: RunScratch, m: number, to: number, day: number): void {
  const f = sc.frame;
  f.state[m] = to;
  f.entry[m] = day;
  if (f.visited[to] === 0) {
    f.visited[to] = 1;
    sc.firstDay[to] = day;
  }
  sc.changed[m] = 1;
}

/** The immediate phase of `day`: rounds of `when` transitions until none fires. */
function immediatePhase(model: CompiledModel, run: number, sc: RunScratch, rng: Rng, trace: ((e: TraceEvent) => void) | undefined): void {
  const f = sc.frame;
  const M = f.state.length;
  const limit = model.stateNames.length + 1; // acyclic per machine, so fewer rounds than states
  for (let round = 0; ; round++) {
    if (round > limit) throw new Error("internal: immediate transitions did not settle");
    let any = false;
    for (let m = 0; m < M; m++) {
      sc.pending[m] = -1;
      const list = model.immediate[f.state[m] ?? 0] ?? [];
      for (const tr of list) {
        if (tr.trigger.kind !== "when") continue;
        const g = tr.trigger.guard;
        const v = g.constant ?? g.fn(f);
        if (v !== 0 && !Number.isNaN(v)) {
          const to = pickTarget(model, run, tr, f, rng);
          sc.pending[m] = to;
          any = true;
          if (trace !== undefined) trace({ day: f.day, machine: m, from: f.state[m] ?? 0, to, transition: tr });
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

/**
 * Runs one trajectory from day 0 to the horizon and returns the index of the
 * outcome it ends in; the final state stays in `sc.frame` and the first-visit
 * days in `sc.firstDay`. Throws a {@link ScenarioError} when a value is out of
 * range or the run matches no outcome or several. `run` is used in messages only.
 */
export function simulateRun(
  model: CompiledModel, rng: Rng, sc: RunScratch, run: number, trace?: (e: TraceEvent) => void,
): number {
  const f = sc.frame;
  const M = f.state.length;
  const H = model.days;
  const daily = planOf(model).daily;
  f.visited.fill(0);
  sc.firstDay.fill(-1);
  sc.changed.fill(0);
  f.day = 0;
  for (let m = 0; m < M; m++) {
    const s = model.initial[m] ?? 0;
    f.state[m] = s;
    f.entry[m] = 0;
    f.visited[s] = 1;
    sc.firstDay[s] = 0;
  }
  immediatePhase(model, run, sc, rng, trace);
  for (let m = 0; m < M; m++) schedule(model, run, sc, m, 0, rng, false);

  let day = 0;
  for (;;) {
    // The next day anything can happen.
    let next = Infinity;
    for (let m = 0; m < M; m++) {
      const s = f.state[m] ?? 0;
      if (daily[s] === 1) { next = day + 1; break; }
      const n = model.timed[s]?.length ?? 0;
      for (let j = 0; j < n; j++) {
        const d = sc.due[m * sc.slots + j] ?? Infinity;
        if (d < next) next = d;
      }
    }
    if (next > H) break;
    day = next;
    f.day = day;
    sc.changed.fill(0);

    // Timed phase: every machine decides against the start-of-day snapshot, then all apply.
    for (let m = 0; m < M; m++) {
      sc.pending[m] = -1;
      const s = f.state[m] ?? 0;
      const list = model.timed[s] ?? [];
      for (let j = 0; j < list.length; j++) {
        const tr = list[j];
        if (tr === undefined) continue;
        const trig = tr.trigger;
        let fires: boolean;
        if (trig.kind === "hazard" && trig.hazard.readsTime) {
          fires = rng() < probability(model, run, trig.hazard, f);
        } else {
          fires = sc.due[m * sc.slots + j] === day;
        }
        if (fires) {
          const to = pickTarget(model, run, tr, f, rng);
          sc.pending[m] = to;
          if (trace !== undefined) trace({ day, machine: m, from: s, to, transition: tr });
          break;
        }
      }
    }
    for (let m = 0; m < M; m++) {
      const to = sc.pending[m] ?? -1;
      if (to >= 0) enter(sc, m, to, day);
    }
    immediatePhase(model, run, sc, rng, trace);
    for (let m = 0; m < M; m++) {
      if (sc.changed[m] === 1) schedule(model, run, sc, m, day, rng, false);
    }
    for (let m = 0; m < M; m++) {
      if (sc.changed[m] === 0) schedule(model, run, sc, m, day, rng, true);
    }
  }

  f.day = H;
  return matchOutcome(model, f, run);
}

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
