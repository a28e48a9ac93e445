/**
 * The solve's day loop runs in WebAssembly where it can (exact/spreadKernel.ts)
 * and in JavaScript otherwise (exact/step.ts, table.ts): both must give the
 * same numbers bit for bit (outcomes, groups, final states, timeline and
 * `at` rows, P(evidence), the peak), the same issue at a limit, and the same
 * after the records are compacted or the successor pool dropped mid-solve
 * (budgets lowered so that the shipped scenario and generated ones do
 * both, often). The kernel is shared by every solve of the process, so a
 * solve stopped midway by a limit must leave nothing behind for the next.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { solveExact, type ExactOptions, type ExactOutcome } from "../../src/exact/solver.js";
import { SpreadKernel } from "../../src/exact/spreadKernel.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { koreaScenarioOrThrow } from "../helpers/resolver.js";

/** Everything a solve gave, as exact bit patterns (or its issue, or the error it threw). */
function bitsOf(solve: () => ExactOutcome): string {
  const bits = (a: Float64Array): string => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2)).join(",");
  try {
    const r = solve();
    if (!r.ok) return `issue ${r.impossible ?? ""}: ${r.issue.message}`;
    const { outcomes, groups, finalStates, timeline, at, evidenceProbability, peakStates, keySpace } = r.result;
    const rows = timeline === undefined ? "" : [...timeline.outcomes, ...timeline.states].map(bits).join("|");
    const ats = at.map((a) => `${a.day}:${bits(a.outcomes)}:${bits(a.states)}`).join("|");
    return [bits(outcomes), bits(groups), bits(finalStates), rows, ats, bits(Float64Array.of(evidenceProbability)), peakStates, keySpace].join(" / ");
  } catch (e) {
    return `throw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Solves `model` with `opts` in WebAssembly and in JavaScript, requires the same bits, and returns them. */
function bothWays(model: CompiledModel, opts: ExactOptions = {}): string {
  const wasm = bitsOf(() => solveExact(model, opts));
  expect(wasm).toBe(bitsOf(() => solveExact(model, { ...opts, wasm: false })));
  return wasm;
}

function korea(): CompiledModel {
  const prepared = prepareModel(koreaScenarioOrThrow());
  if (!prepared.ok) throw new Error(prepared.issues.map((i) => i.message).join("; "));
  return prepared.model;
}

describe("the solve's day loop in WebAssembly equals the JavaScript one, bit for bit", () => {
  it("runs in WebAssembly here (else the tests below compare JavaScript with itself)", () => {
    expect(SpreadKernel.shared()).toBeDefined();
  });

  it("on the shipped scenario: plain, timeline, at days, evidence", () => {
    const m = korea();
    const machine = m.machineIds.indexOf("court");
    const first = m.stateOffset[machine] ?? 0;
    const evidence: Check[] = [
      { kind: "in", day: 20, machine, state: first },
      { kind: "visited", day: 60, state: first, want: true },
    ];
    const plain = bothWays(m);
    expect(plain).not.toMatch(/^(issue|throw)/);
    bothWays(m, { timeline: true });
    bothWays(m, { at: [0, 1, 30, 90, m.days] });
    bothWays(m, { evidence, at: [10, 70] });
    // Compacting the records and dropping the pool change no number.
    expect(bothWays(m, { recordBudget: 200 })).toBe(plain);
    expect(bothWays(m, { poolBudget: 2000 })).toBe(plain);
    expect(bothWays(m, { recordBudget: 100, poolBudget: 500, timeline: true })).toBe(bothWays(m, { timeline: true }));
  });

  it("stops at the state limit with the same issue, and leaves the shared kernel clean", () => {
    const m = korea();
    const plain = bitsOf(() => solveExact(m));
    for (const maxStates of [1, 40, 300, 1000]) {
      expect(bothWays(m, { maxStates })).toBe(`issue : scenario "${m.scenario.id}": the exact solver reached ${maxStates + 1} joint states on one day, over its limit of ${maxStates}; use Monte Carlo (tariffsim run --method mc)`);
      expect(bitsOf(() => solveExact(m))).toBe(plain);
    }
    bothWays(m, { maxWork: 20_000 });
    expect(bitsOf(() => solveExact(m))).toBe(plain);
  });

  it("on generated scenarios, with timelines, limits and low budgets", () => {
    let solved = 0;
    fc.assert(
      fc.property(scenarioFileArb(), fc.integer({ min: 0, max: 99 }), (file, k) => {
        const loaded = loadScenarioText(JSON.stringify(file));
        if (!loaded.ok) return;
        const prepared = prepareModel(loaded.scenario);
        if (!prepared.ok) return;
        const m = prepared.model;
        const plain = bothWays(m, { timeline: k % 3 === 0 });
        if (!plain.startsWith("issue") && !plain.startsWith("throw")) solved++;
        bothWays(m, { maxStates: 1 + (k % 7) });
        bothWays(m, { recordBudget: 4 + (k % 20), poolBudget: 8 + k, at: [k % (m.days + 1)] });
      }),
      { numRuns: 60, seed: 17 },
    );
    expect(solved).toBeGreaterThan(30);
  });
});
