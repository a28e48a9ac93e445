/**
 * When no `when` transition can fire: a table over the states and visited
 * flags the guards read, 1 where every guard of the machines' current states
 * is false. Why: most days nothing fires, and evaluating each guard to find
 * that out is most of an immediate phase; the specialised engine skips the
 * phase by it (./phases.ts), and the conditioned sampler, which settles
 * every combination of a listed day's moves, skips its guards (a fifth of a
 * conditioned run's time). The table gives the same answer as the guards (a
 * guard that is an error is not quiet, so the phase still meets it). None
 * when a guard reads the day or days in state, or the table would be too
 * large. Pure (cached per model).
 * @module
 */
import type { EvalFrame } from "../../model/frame.js";
import type { CompiledExpr } from "../../model/expr.js";
import type { CompiledModel } from "../../model/model.js";
import { quietTable, tableIndex, type TableIndex } from "./tables.js";

/** The table and how to index it. */
export interface Quiet {
  readonly ix: TableIndex;
  readonly table: Uint8Array;
}

const cache = new WeakMap<CompiledModel, Quiet | null>();

/** The quiet table of a model's `when` transitions, or undefined where there is none (see the module comment). */
export function quietOf(model: CompiledModel): Quiet | undefined {
  const known = cache.get(model);
  if (known !== undefined) return known ?? undefined;
  const made = build(model);
  cache.set(model, made ?? null);
  return made;
}

function build(model: CompiledModel): Quiet | undefined {
  const machines = new Set<number>();
  const flags = new Set<number>();
  const M = model.machineIds.length;
  for (let m = 0; m < M; m++) {
    for (let s = model.stateOffset[m] ?? 0; s < (model.stateOffset[m + 1] ?? 0); s++) {
      for (const t of model.immediate[s] ?? []) {
        if (t.trigger.kind !== "when") continue;
        const g = t.trigger.guard;
        if (g.readsTime) return undefined;
        machines.add(m);
        for (const r of g.machines) machines.add(r);
        for (const v of g.visitedStates) flags.add(v);
      }
    }
  }
  if (machines.size === 0) return undefined;
  const ix = tableIndex(model, { machines: [...machines].sort((a, b) => a - b), visitedStates: [...flags].sort((a, b) => a - b) });
  if (ix === undefined) return undefined;
  const guards = (f: EvalFrame): CompiledExpr[] => {
    const out: CompiledExpr[] = [];
    for (const m of machines) {
      for (const t of model.immediate[f.state[m] ?? 0] ?? []) if (t.trigger.kind === "when") out.push(t.trigger.guard);
    }
    return out;
  };
  return { ix, table: quietTable(model, ix, guards) };
}

/** Whether no `when` transition can fire in frame `f` (1 in the table). Pure. */
export function isQuiet(q: Quiet, f: EvalFrame): boolean {
  let i = 0;
  for (const m of q.ix.machines) i += ((f.state[m.machine] ?? 0) - m.first) * m.stride;
  for (const v of q.ix.flags) i += (f.visited[v.state] ?? 0) * v.stride;
  return q.table[i] === 1;
}
