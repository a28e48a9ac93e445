/**
 * With no evidence, the conditioned sampler is plain Monte Carlo under the
 * daily definition: every weight is 1, and every outcome and final-state
 * frequency must lie within a Bernstein band (total false-alarm rate 1e-9
 * per scenario) of the exact solver's probability, on generated scenarios.
 * Both ways through a day are held to it: drawing one move, and listing
 * every move (the path days with evidence take) then drawing from the list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { sumValue, sumValues } from "../../src/conditioned/tally.js";
import { solveExact } from "../../src/exact/solver.js";
import type { CompiledModel } from "../../src/model/model.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { bernsteinHalfWidth } from "../helpers/agreement.js";
import { compileFile } from "./generated.js";

const RUNS = 20_000;
const ALPHA_TOTAL = 1e-9;
const SEED = process.env.TARIFFSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.TARIFFSIM_PROPERTY_SEED);

function disagreements(model: CompiledModel, seed: number, listEveryDay: boolean): string[] {
  const r = solveExact(model);
  if (!r.ok) throw new Error(r.issue.message);
  const exact = r.result;
  const t = simulateConditioned(model, [], { seed, from: 0, to: RUNS, listEveryDay });
  // No evidence: every run has weight 1 (exactly when drawn; the listed moves' total, 1 within rounding, when listed),
  // so the weighted sums are counts.
  expect(Math.abs(sumValue(t.weight) - RUNS)).toBeLessThanOrEqual(listEveryDay ? 1e-9 : 0);
  expect(Math.abs(sumValue(t.weightSq) - RUNS)).toBeLessThanOrEqual(listEveryDay ? 1e-9 : 0);
  const o = sumValues(t.outcomes);
  const s = sumValues(t.finalStates);
  const alpha = ALPHA_TOTAL / (exact.outcomes.length + exact.finalStates.length);
  const out: string[] = [];
  const compare = (name: string, k: number, p: number): void => {
    const band = bernsteinHalfWidth(RUNS, p, alpha);
    if (Math.abs(k - RUNS * p) > band) out.push(`${name}: mc ${k}/${RUNS}, exact ${p} (band ±${band.toFixed(1)})`);
  };
  exact.outcomes.forEach((p, i) => compare(`outcome ${model.outcomes[i]?.id}`, o.w[i] ?? 0, p));
  exact.finalStates.forEach((p, i) => compare(`state ${model.stateNames[i]}`, s.w[i] ?? 0, p));
  return out;
}

describe("the conditioned sampler without evidence agrees with the exact solver", () => {
  for (const listEveryDay of [false, true]) {
    it(`on ${listEveryDay ? 15 : 25} generated scenarios (${listEveryDay ? "every day listed" : "moves drawn"})`, () => {
      fc.assert(
        fc.property(scenarioFileArb(), fc.integer({ min: 0, max: 2 ** 31 }), (file, seed) => {
          expect(disagreements(compileFile(file), seed, listEveryDay)).toEqual([]);
        }),
        { numRuns: listEveryDay ? 15 : 25, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }

  it("and the band catches a law that is off (a hazard 30% high)", () => {
    const spec = (h: number): Record<string, unknown> => ({
      id: "band", title: "Band", description: "d", asOf: "2026-01-01",
      calendar: { start: "2026-01-01", horizon: "2026-01-21" },
      machines: { m: { initial: "a", states: { a: null, b: null }, transitions: [{ from: "a", hazard: h, to: "b" }] } },
      outcomes: [{ id: "a", label: "a", when: 'in("m.a")' }, { id: "b", label: "b", when: 'in("m.b")' }],
    });
    const truth = compileFile(spec(0.03));
    const wrong = compileFile(spec(0.039));
    const r = solveExact(truth);
    if (!r.ok) throw new Error(r.issue.message);
    const t = simulateConditioned(wrong, [], { seed: 3, from: 0, to: RUNS });
    const k = sumValues(t.outcomes).w[1] ?? 0;
    const p = r.result.outcomes[1] ?? 0;
    expect(Math.abs(k - RUNS * p)).toBeGreaterThan(bernsteinHalfWidth(RUNS, p, ALPHA_TOTAL / 4));
  });
});
