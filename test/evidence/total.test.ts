/**
 * Exact conditioning on random scenarios, held to the law of total
 * probability: for a partition of the paths by an observation (a state
 * entered or not by day d; a machine's state at the end of day d), the
 * P(evidence)-weighted conditional outcomes add up to the unconditioned
 * ones, and P(in s at d) is the unconditioned timeline's occupancy of s on
 * day d. A filter that dropped the wrong joint states, renormalised wrongly
 * or applied a check on the wrong day fails it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { solveExact } from "../../src/exact/solver.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { scenarioFileArb } from "../generators/scenario.js";

function compile(file: unknown): CompiledModel | undefined {
  const loaded = loadScenarioText(JSON.stringify(file));
  if (!loaded.ok) return undefined;
  const prepared = prepareModel(loaded.scenario);
  return prepared.ok ? prepared.model : undefined;
}

/** P(evidence) and the conditional outcomes, or probability 0 (and no outcomes) when the evidence cannot hold. */
function conditioned(model: CompiledModel, evidence: Check[]): { p: number; outcomes: Float64Array } {
  const r = solveExact(model, { evidence });
  if (r.ok) return { p: r.result.evidenceProbability, outcomes: r.result.outcomes };
  if (r.impossible === undefined) throw new Error(r.issue.message);
  return { p: 0, outcomes: new Float64Array(model.outcomes.length) };
}

/** Σ_k p_k × outcomes_k, per outcome. */
function mix(parts: readonly { p: number; outcomes: Float64Array }[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => parts.reduce((s, x) => s + x.p * (x.outcomes[i] ?? 0), 0));
}

describe("exact conditioning: the law of total probability on random scenarios", () => {
  it("entered by day d or not; the machine's state at the end of day d", () => {
    fc.assert(
      fc.property(scenarioFileArb(), fc.nat(), fc.nat(), (file, pick, dayPick) => {
        const model = compile(file);
        if (model === undefined) return;
        const plain = solveExact(model, { timeline: true });
        if (!plain.ok) return;
        const n = model.outcomes.length;
        const s = pick % model.stateNames.length;
        const d = dayPick % (model.days + 1);
        const visited = [true, false].map((want) => conditioned(model, [{ kind: "visited", day: d, state: s, want }]));
        expect(visited[0]!.p + visited[1]!.p).toBeCloseTo(1, 9);
        mix(visited, n).forEach((x, i) => expect(x).toBeCloseTo(plain.result.outcomes[i] ?? 0, 9));
        const m = model.stateMachine[s] ?? 0;
        const states = Array.from({ length: (model.stateOffset[m + 1] ?? 0) - (model.stateOffset[m] ?? 0) }, (_, k) => (model.stateOffset[m] ?? 0) + k);
        const at = states.map((state) => conditioned(model, [{ kind: "in", day: d, machine: m, state }]));
        at.forEach((x, k) => expect(x.p).toBeCloseTo(plain.result.timeline?.states[d]?.[states[k] ?? 0] ?? -1, 9));
        mix(at, n).forEach((x, i) => expect(x).toBeCloseTo(plain.result.outcomes[i] ?? 0, 9));
      }),
      { numRuns: 60, seed: 8 },
    );
  });
});
