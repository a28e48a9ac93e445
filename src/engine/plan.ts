/**
 * The compiled model flattened for the Monte Carlo hot loop: one typed array
 * per field instead of objects of several shapes, so that every access in the
 * loop is monomorphic. Built once per model and cached. Pure.
 * @module
 */
import type { DayDist } from "../model/distributions.js";
import type { CompiledExpr } from "../model/expr.js";
import type { ExprFn } from "../model/frame.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";

/** How a timed transition is scheduled. */
export const KIND_WINDOW = 0;
/** A delay drawn at entry. */
export const KIND_DELAY = 1;
/** A hazard that reads neither `day` nor `daysInState`: a geometric waiting time. */
export const KIND_GEOMETRIC = 2;
/** A hazard that reads the time: a Bernoulli draw every day. */
export const KIND_DAILY = 3;

/** Machines whose changes a hazard reads, as a bitmask; every bit set when there are more than 31 machines. */
export const ALL_MACHINES = -1;

const NEVER: ExprFn = () => NaN;
const NO_DEPS = new Int32Array(0);
const EMPTY_DIST: DayDist = { first: 0, pmf: new Float64Array(0), tail: new Float64Array(1) };

/** The flattened model. Index `t` runs over timed transitions, `i` over `when` transitions. */
export interface Plan {
  readonly machines: number;
  /** Per global state: its timed transitions are `timedStart[s] … timedStart[s+1]-1` (priority order). */
  readonly timedStart: Int32Array;
  readonly kind: Uint8Array;
  readonly dist: readonly DayDist[];
  /** The hazard's constant value, or NaN when it must be evaluated. */
  readonly hazardConst: Float64Array;
  readonly hazardFn: readonly ExprFn[];
  readonly hazardExpr: readonly (CompiledExpr | undefined)[];
  readonly depMask: Int32Array;
  /** Per global state: the union of its geometric hazards' `depMask`s (whom to watch while in it). */
  readonly stateDepMask: Int32Array;
  /**
   * Per timed transition: the machines its geometric hazard reads (empty for
   * other kinds); per global state: the union over its geometric hazards.
   * Why lists beside the masks: past 31 machines a mask is "every machine",
   * which made every change re-evaluate every watching machine's hazards.
   */
  readonly deps: readonly Int32Array[];
  readonly stateDeps: readonly Int32Array[];
  /** Per machine `r`: the machines with some state whose geometric hazards read `r` (sorted). */
  readonly readers: readonly Int32Array[];
  /** Per global state: its `when` transitions are `whenStart[s] … whenStart[s+1]-1`. */
  readonly whenStart: Int32Array;
  readonly guardConst: Float64Array;
  readonly guardFn: readonly ExprFn[];
  /** Per timed transition, then per `when` transition: the transition itself (targets, weights, path). */
  readonly timed: readonly CompiledTransition[];
  readonly when: readonly CompiledTransition[];
  /** Per global state: 1 if some transition of it reads the time, so the engine steps day by day there. */
  readonly daily: Uint8Array;
  /** The most timed transitions of any state. */
  readonly slots: number;
  /**
   * The visited flags the outcomes read, when the final state (each machine's
   * state plus these flags) fits an exact integer key, so that its outcome can
   * be remembered; undefined otherwise.
   */
  readonly outcomeFlags: Int32Array | undefined;
}

/** The most visited flags an outcome key may hold. */
const MAX_OUTCOME_FLAGS = 20;

const cache = new WeakMap<CompiledModel, Plan>();

function maskOf(e: CompiledExpr): number {
  let mask = 0;
  for (const m of e.machines) {
    if (m > 30) return ALL_MACHINES;
    mask |= 1 << m;
  }
  return mask;
}

/** The plan of a model (built once, then cached). Pure. */
export function planOf(model: CompiledModel): Plan {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const n = model.stateNames.length;
  const timed: CompiledTransition[] = [];
  const when: CompiledTransition[] = [];
  const timedStart = new Int32Array(n + 1);
  const whenStart = new Int32Array(n + 1);
  const daily = new Uint8Array(n);
  let slots = 1;
  for (let s = 0; s < n; s++) {
    timedStart[s] = timed.length;
    whenStart[s] = when.length;
    const ts = model.timed[s] ?? [];
    const ws = model.immediate[s] ?? [];
    timed.push(...ts);
    when.push(...ws);
    slots = Math.max(slots, ts.length);
    const readsTime =
      ts.some((t) => t.trigger.kind === "hazard" && t.trigger.hazard.readsTime) ||
      ws.some((t) => t.trigger.kind === "when" && t.trigger.guard.readsTime);
    daily[s] = readsTime ? 1 : 0;
  }
  timedStart[n] = timed.length;
  whenStart[n] = when.length;

  const kind = new Uint8Array(timed.length);
  const dist: DayDist[] = [];
  const hazardConst = new Float64Array(timed.length).fill(NaN);
  const hazardFn: ExprFn[] = [];
  const hazardExpr: (CompiledExpr | undefined)[] = [];
  const depMask = new Int32Array(timed.length);
  timed.forEach((t, i) => {
    const trig = t.trigger;
    switch (trig.kind) {
      case "window":
      case "delay":
        kind[i] = trig.kind === "window" ? KIND_WINDOW : KIND_DELAY;
        dist.push(trig.dist);
        hazardFn.push(NEVER);
        hazardExpr.push(undefined);
        break;
      case "hazard": {
        const h = trig.hazard;
        kind[i] = h.readsTime ? KIND_DAILY : KIND_GEOMETRIC;
        dist.push(EMPTY_DIST);
        hazardConst[i] = h.constant ?? NaN;
        hazardFn.push(h.fn);
        hazardExpr.push(h);
        depMask[i] = maskOf(h);
        break;
      }
      case "when":
        throw new Error("internal: a when transition among timed ones");
      default:
        trig satisfies never;
    }
  });
  const stateDepMask = new Int32Array(n);
  const deps = timed.map((t, i) => (kind[i] === KIND_GEOMETRIC && t.trigger.kind === "hazard" ? Int32Array.from(t.trigger.hazard.machines) : NO_DEPS));
  const stateDeps: Int32Array[] = [];
  for (let s = 0; s < n; s++) {
    const union = new Set<number>();
    for (let t = timedStart[s] ?? 0; t < (timedStart[s + 1] ?? 0); t++) {
      if (kind[t] !== KIND_GEOMETRIC) continue;
      stateDepMask[s] = (stateDepMask[s] ?? 0) | (depMask[t] ?? 0);
      for (const r of deps[t] ?? NO_DEPS) union.add(r);
    }
    stateDeps.push(union.size === 0 ? NO_DEPS : Int32Array.from([...union].sort((a, b) => a - b)));
  }
  const readerSets = model.machineIds.map(() => new Set<number>());
  for (let s = 0; s < n; s++) for (const r of stateDeps[s] ?? NO_DEPS) readerSets[r]?.add(model.stateMachine[s] ?? 0);
  const readers = readerSets.map((set) => Int32Array.from([...set].sort((a, b) => a - b)));
  const guardConst = new Float64Array(when.length).fill(NaN);
  const guardFn: ExprFn[] = [];
  when.forEach((t, i) => {
    if (t.trigger.kind !== "when") throw new Error("internal: a timed transition among when ones");
    guardConst[i] = t.trigger.guard.constant ?? NaN;
    guardFn.push(t.trigger.guard.fn);
  });
  const flags = new Set<number>();
  for (const o of model.outcomes) for (const v of o.when.visitedStates) flags.add(v);
  const keySpace = n ** model.machineIds.length * 2 ** flags.size;
  const outcomeFlags = flags.size <= MAX_OUTCOME_FLAGS && keySpace <= Number.MAX_SAFE_INTEGER
    ? Int32Array.from([...flags].sort((a, b) => a - b))
    : undefined;
  const plan: Plan = {
    machines: model.machineIds.length, timedStart, kind, dist, hazardConst, hazardFn, hazardExpr, depMask, stateDepMask, deps, stateDeps, readers,
    whenStart, guardConst, guardFn, timed, when, daily, slots, outcomeFlags,
  };
  cache.set(model, plan);
  return plan;
}
