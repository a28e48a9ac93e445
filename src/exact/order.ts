/**
 * The order in which expand.ts multiplies out the machines' options, and
 * where in that order each state's `when` guards can first be evaluated.
 * Why an order: the guards of a machine read only some machines, so once
 * those are fixed (outer levels) the guards hold or not for every
 * combination below; machines that guards read go outermost, machines with
 * guards next, the rest innermost, so most combinations need no guard at
 * all. Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";

/** The machines' nesting order and each state's guard level. */
export interface GuardOrder {
  /** Per level (outermost first): the machine multiplied out at that level. */
  readonly machineAt: Int32Array;
  /** Per global state with `when` transitions: the level at which all its guards' inputs are fixed; -1 for other states. */
  readonly guardLevel: Int32Array;
}

/** Works out the nesting order of a model's machines and its states' guard levels. Pure. */
export function guardOrder(model: CompiledModel): GuardOrder {
  const M = model.machineIds.length;
  const n = model.stateNames.length;
  const deps: number[][] = [];
  const readBy = new Int32Array(M);
  const guarded = new Uint8Array(M);
  for (let s = 0; s < n; s++) {
    const m = model.stateMachine[s] ?? 0;
    const d = new Set<number>([m]);
    for (const t of model.immediate[s] ?? []) {
      if (t.trigger.kind === "when") for (const r of t.trigger.guard.machines) d.add(r);
    }
    deps.push([...d]);
    if ((model.immediate[s]?.length ?? 0) === 0) continue;
    guarded[m] = 1;
    for (const r of d) if (r !== m) readBy[r] = (readBy[r] ?? 0) + 1;
  }
  const order = Array.from({ length: M }, (_, m) => m).sort((a, b) =>
    (readBy[b] ?? 0) - (readBy[a] ?? 0) || (guarded[b] ?? 0) - (guarded[a] ?? 0) || a - b);
  const machineAt = Int32Array.from(order);
  const levelOf = new Int32Array(M);
  order.forEach((m, level) => { levelOf[m] = level; });
  const guardLevel = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if ((model.immediate[s]?.length ?? 0) === 0) continue;
    let level = 0;
    for (const r of deps[s] ?? []) level = Math.max(level, levelOf[r] ?? 0);
    guardLevel[s] = level;
  }
  return { machineAt, guardLevel };
}
