/**
 * Generated scenarios compiled, and generated evidence that is satisfiable
 * by construction: checks read off a replayed run of the plain engine
 * (`replayRun`), so at least that run holds them.
 */
import fc from "fast-check";
import type { Check } from "../../src/evidence/check.js";
import { replayRun } from "../../src/engine/simulate.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { firstVisit, stateAt, type History } from "./oracle.js";

/** Compiles a generated scenario file (which must be valid). */
export function compileFile(file: Record<string, unknown>): CompiledModel {
  const loaded = loadScenarioText(JSON.stringify(file));
  if (!loaded.ok) throw new Error(`generated scenario is invalid: ${loaded.issues.map((i) => i.message).join("; ")}`);
  const prepared = prepareModel(loaded.scenario, new Map());
  if (!prepared.ok) throw new Error(`generated scenario does not compile: ${prepared.issues.map((i) => i.message).join("; ")}`);
  return prepared.model;
}

/** How to read checks off a run: per check, a kind and three free choices (reduced modulo what is available). */
export const picksArb = fc.array(fc.tuple(fc.constantFrom("by", "not", "on", "at"), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 });
export type Picks = readonly (readonly ["by" | "not" | "on" | "at", number, number, number])[];

/** Checks that run `run` of seed `seed` satisfies, chosen by `picks`; also the replayed history. */
export function evidenceFrom(model: CompiledModel, seed: number, run: number, picks: Picks): { checks: Check[]; history: History } {
  const r = replayRun(model, seed, run);
  const history: History = { initial: Array.from(model.initial), events: r.events };
  const H = model.days;
  const n = model.stateNames.length;
  const checks: Check[] = [];
  for (const [kind, a, b, c] of picks) {
    const s = a % n;
    const fv = firstVisit(model, history, s);
    switch (kind) {
      case "by": {
        // A state the run visited, by a day on or after its first visit.
        const visited = Array.from({ length: n }, (_, i) => i).filter((i) => firstVisit(model, history, i) !== undefined);
        const t = visited[a % visited.length] ?? 0;
        const first = firstVisit(model, history, t) ?? 0;
        checks.push({ kind: "visited", state: t, day: first + (b % (H - first + 1)), want: true });
        break;
      }
      case "not": {
        const last = fv === undefined ? H : fv - 1;
        if (last >= 0) checks.push({ kind: "visited", state: s, day: b % (last + 1), want: false });
        break;
      }
      case "on":
        if (fv !== undefined && fv >= 1) checks.push({ kind: "visited", state: s, day: fv - 1, want: false }, { kind: "visited", state: s, day: fv, want: true });
        break;
      case "at": {
        const m = c % model.machineIds.length;
        const day = b % (H + 1);
        checks.push({ kind: "in", machine: m, state: stateAt(history, m, day), day });
        break;
      }
      default: kind satisfies never;
    }
  }
  return { checks, history };
}
