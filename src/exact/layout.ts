/**
 * How the exact solver encodes a joint state as one number: per machine its
 * state and, where the semantics need it, its days in state; plus the visited
 * flags that some expression reads. Only what can change a future probability
 * is kept, so equivalent histories share one key. Pure.
 * @module
 */
import { issue, type Issue } from "../scenario/issues.js";
import type { CompiledModel } from "../model/model.js";

/** The largest key space the solver accepts: keys are exact integers in a float64. */
export const MAX_KEY_SPACE = Number.MAX_SAFE_INTEGER; // = 2 ** 53 - 1

/** The encoding of joint states. */
export interface Layout {
  /** Per global state: the largest days-in-state value kept (0 when the state never reads its clock). */
  readonly clockCap: Int32Array;
  /** Per machine: the radix of its digit (`localStates × (maxCap + 1)`). */
  readonly radix: Float64Array;
  /** Per machine: the place value of its digit. */
  readonly place: Float64Array;
  /** Per machine: `max clockCap + 1` over its states. */
  readonly clockBase: Int32Array;
  /** Global indices of the states whose visited flag is kept, and each one's bit. */
  readonly visitedStates: readonly number[];
  readonly visitedBit: Int32Array;
  /** The place value of the visited mask. */
  readonly maskPlace: number;
  /** The number of distinct keys. */
  readonly keySpace: number;
}

/**
 * Works out the layout of a model. A state keeps its clock up to the longest
 * delay leaving it (past that no delay can fire), or up to the horizon when an
 * expression of its transitions reads `daysInState`. `observed` adds the
 * visited flags of global states that evidence checks (src/evidence/check.ts;
 * none by default, so a solve without evidence keeps its layout). Returns an
 * issue when the key space exceeds {@link MAX_KEY_SPACE}. Pure.
 */
export function layoutOf(model: CompiledModel, observed: Iterable<number> = []): { ok: true; layout: Layout } | { ok: false; issue: Issue } {
  const n = model.stateNames.length;
  const M = model.machineIds.length;
  const clockCap = new Int32Array(n);
  const visited = new Set<number>();
  for (let s = 0; s < n; s++) {
    let cap = 0;
    for (const t of [...(model.timed[s] ?? []), ...(model.immediate[s] ?? [])]) {
      const exprs = [...t.weights];
      const trig = t.trigger;
      switch (trig.kind) {
        case "delay": cap = Math.max(cap, trig.dist.first + trig.dist.pmf.length - 1); break;
        case "hazard": exprs.push(trig.hazard); break;
        case "when": exprs.push(trig.guard); break;
        case "window": break;
        default: trig satisfies never;
      }
      for (const e of exprs) {
        if (e === undefined) continue;
        if (e.readsDaysInState) cap = Math.max(cap, model.days);
        for (const v of e.visitedStates) visited.add(v);
      }
    }
    clockCap[s] = Math.min(cap, model.days);
  }
  for (const o of model.outcomes) for (const v of o.when.visitedStates) visited.add(v);
  for (const v of observed) visited.add(v);
  const visitedStates = [...visited].sort((a, b) => a - b);
  const visitedBit = new Int32Array(n).fill(-1);
  visitedStates.forEach((s, i) => { visitedBit[s] = i; });

  const radix = new Float64Array(M);
  const place = new Float64Array(M);
  const clockBase = new Int32Array(M);
  let size = 1;
  for (let m = 0; m < M; m++) {
    const lo = model.stateOffset[m] ?? 0;
    const hi = model.stateOffset[m + 1] ?? 0;
    let maxCap = 0;
    for (let s = lo; s < hi; s++) maxCap = Math.max(maxCap, clockCap[s] ?? 0);
    clockBase[m] = maxCap + 1;
    radix[m] = (hi - lo) * (maxCap + 1);
    place[m] = size;
    size *= radix[m] ?? 1;
  }
  const maskPlace = size;
  size *= 2 ** visitedStates.length;
  if (!(size <= MAX_KEY_SPACE)) {
    return {
      ok: false,
      issue: issue("limit", ["machines"],
        `scenario "${model.scenario.id}": the exact solver's joint state space has ${size.toExponential(2)} keys, over its limit of 2^53; use Monte Carlo (tariffsim run --method mc)`),
    };
  }
  return { ok: true, layout: { clockCap, radix, place, clockBase, visitedStates, visitedBit, maskPlace, keySpace: size } };
}
