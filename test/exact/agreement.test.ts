/**
 * The Monte Carlo engine against the exact solver on random valid scenarios.
 *
 * Each property run compares every outcome's Monte Carlo count with the exact
 * probability inside a Bernstein band at a per-comparison false-alarm rate of
 * 1e-9 / (comparisons), so that a correct engine essentially never fails the
 * suite (Bonferroni: under 1e-9 overall per property run) while a wrong one —
 * an off-by-one day, a wrong priority, a hazard applied a day late — shifts
 * some outcome by far more than the band.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { CompiledModel } from "../../src/model/model.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { bernsteinHalfWidth } from "../helpers/agreement.js";

const RUNS = 40_000;
/**
 * A new draw of 100 scenarios on every run explores more; fast-check prints the
 * seed of a failure, and TARIFFSIM_PROPERTY_SEED replays it.
 */
const SEED = process.env.TARIFFSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.TARIFFSIM_PROPERTY_SEED);
const ALPHA_TOTAL = 1e-9;

function compile(file: Record<string, unknown>, overrides = new Map<string, number>()): CompiledModel {
  const loaded = loadScenarioText(JSON.stringify(file));
  if (!loaded.ok) throw new Error(`generated scenario is invalid: ${loaded.issues.map((i) => i.message).join("; ")}\n${JSON.stringify(file)}`);
  const prepared = prepareModel(loaded.scenario, overrides);
  if (!prepared.ok) throw new Error(`generated scenario does not compile: ${prepared.issues.map((i) => i.message).join("; ")}\n${JSON.stringify(file)}`);
  return prepared.model;
}

interface Exact {
  readonly outcomes: Float64Array;
  readonly finalStates: Float64Array;
}

function exactOf(model: CompiledModel): Exact {
  const r = solveExact(model);
  if (!r.ok) throw new Error(r.issue.message);
  return r.result;
}

/**
 * The outcomes and final states whose Monte Carlo count falls outside the
 * band. Final states of every machine are compared too: more comparisons,
 * more power against wrong mechanics that outcomes alone might hide.
 */
function disagreements(model: CompiledModel, exact: Exact, seed: number): string[] {
  const tally = simulateBatch(model, { seed, from: 0, to: RUNS });
  const alpha = ALPHA_TOTAL / (exact.outcomes.length + exact.finalStates.length);
  const out: string[] = [];
  const compare = (name: string, k: number, p: number): void => {
    const band = bernsteinHalfWidth(RUNS, p, alpha);
    if (Math.abs(k - RUNS * p) > band) out.push(`${name}: mc ${k}/${RUNS}, exact ${p} (band ±${band.toFixed(1)})`);
  };
  exact.outcomes.forEach((p, i) => compare(`outcome ${model.outcomes[i]?.id}`, tally.outcomes[i] ?? 0, p));
  exact.finalStates.forEach((p, s) => compare(`state ${model.stateNames[s]}`, tally.finalStates[s] ?? 0, p));
  return out;
}

describe("Monte Carlo agrees with the exact solver", () => {
  it("on 100 random valid scenarios, every outcome within a strict band", () => {
    fc.assert(
      fc.property(scenarioFileArb(), fc.integer({ min: 0, max: 2 ** 31 }), (file, seed) => {
        const model = compile(file);
        const exact = exactOf(model);
        let sum = 0;
        for (const p of exact.outcomes) sum += p;
        expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
        expect(disagreements(model, exact, seed)).toEqual([]);
      }),
      { numRuns: 100, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });

  it("the band has power: a hazard 30% off is caught", () => {
    const file = {
      id: "power", title: "Power check", description: "One daily hazard.", asOf: "2026-01-01",
      calendar: { start: "2026-01-01", horizon: "2026-01-21" },
      parameters: { h: { default: 0.05, min: 0, max: 1, unit: "probability per day", description: "hazard", source: { rationale: "test" } } },
      machines: { m: { initial: "a", states: { a: null, b: null }, transitions: [{ from: "a", hazard: "h", to: "b" }] } },
      outcomes: [{ id: "a", label: "a", when: 'in("m.a")' }, { id: "b", label: "b", when: 'in("m.b")' }],
    };
    const truth = exactOf(compile(file));
    const wrong = compile(file, new Map([["h", 0.065]]));
    expect(disagreements(wrong, truth, 1).length).toBeGreaterThan(0);
    expect(disagreements(compile(file), truth, 1)).toEqual([]);
  });
});
