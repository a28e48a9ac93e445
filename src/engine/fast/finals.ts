/**
 * Final states counted by key: a run of the specialised engine ends by adding
 * one to the count of its final key (each machine's state, and the visited
 * flags the outcomes read), and the batch turns the counts into outcome and
 * final-state tallies once at its end. Why: a run's end then costs one
 * increment instead of an outcome lookup and one increment per machine, and
 * a run's outcome depends on nothing else (outcomes read neither the time
 * nor days in state). Pure apart from the counts it clears.
 * @module
 */
import type { EvalFrame } from "../../model/frame.js";
import type { CompiledModel } from "../../model/model.js";
import { matchOutcome } from "../values.js";

/** The layout of the final key, its counts, and each key's outcome once worked out (-1 before). */
export interface FinalKeys {
  readonly machines: readonly { readonly first: number; readonly count: number; readonly stride: number }[];
  readonly flags: readonly { readonly state: number; readonly stride: number }[];
  readonly size: number;
  readonly counts: Float64Array;
  readonly outcome: Int32Array;
}

/** The most keys counted this way (the counts are scanned once per batch). */
export const MAX_FINAL_KEYS = 1 << 12;

/** The final key's layout for a model (machines in order, then the outcomes' flags ascending). Pure. */
export function finalKeys(model: CompiledModel): FinalKeys {
  const machines: { first: number; count: number; stride: number }[] = [];
  let size = 1;
  for (let m = 0; m < model.machineIds.length; m++) {
    const first = model.stateOffset[m] ?? 0;
    const count = (model.stateOffset[m + 1] ?? 0) - first;
    machines.push({ first, count, stride: size });
    size *= count;
  }
  const flagSet = new Set<number>();
  for (const o of model.outcomes) for (const v of o.when.visitedStates) flagSet.add(v);
  const flags: { state: number; stride: number }[] = [];
  for (const state of [...flagSet].sort((a, b) => a - b)) {
    flags.push({ state, stride: size });
    size *= 2;
  }
  const small = size <= MAX_FINAL_KEYS;
  return { machines, flags, size, counts: new Float64Array(small ? size : 0), outcome: new Int32Array(small ? size : 0).fill(-1) };
}

/**
 * Adds the counted runs to `outcomes` and `finalStates` and clears the
 * counts. Throws as `matchOutcome` does when a final key matches no outcome
 * or several (the caller then reruns the batch with the reference engine).
 */
export function flushFinals(model: CompiledModel, keys: FinalKeys, outcomes: Float64Array, finalStates: Float64Array): void {
  const f: EvalFrame = {
    state: new Int32Array(keys.machines.length), visited: new Uint8Array(model.stateNames.length),
    entry: new Int32Array(keys.machines.length), day: model.days,
  };
  const { counts } = keys;
  for (let key = 0; key < counts.length; key++) {
    const c = counts[key] ?? 0;
    if (c === 0) continue;
    keys.machines.forEach((m, i) => {
      const s = m.first + (Math.floor(key / m.stride) % m.count);
      f.state[i] = s;
      finalStates[s] = (finalStates[s] ?? 0) + c;
    });
    let o = keys.outcome[key] ?? -1;
    if (o < 0) {
      for (const fl of keys.flags) f.visited[fl.state] = Math.floor(key / fl.stride) % 2;
      o = matchOutcome(model, f, 0);
      keys.outcome[key] = o;
    }
    outcomes[o] = (outcomes[o] ?? 0) + c;
    counts[key] = 0;
  }
}
