/**
 * `scenarioFileArb({ parameters, groups })`: generated scenarios with
 * parameters that hazards read and headline groups load without errors or
 * unread parameters; at random values of those parameters a warm re-solve
 * equals a cold solve bit for bit; the exact groups are the sums of their
 * outcomes; and Monte Carlo agrees with the exact solver on the groups. The
 * default generator (no options) draws exactly what it drew before, so the
 * seeds of the other property tests give the scenarios they always gave.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeExact } from "../../src/analysis/exact.js";
import { summarize } from "../../src/analysis/summary.js";
import { simulateBatch } from "../../src/engine/simulate.js";
import { Resolver } from "../../src/exact/resolver.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { same } from "../helpers/resolver.js";

const withBoth = scenarioFileArb({ parameters: true, groups: true });

describe("scenarioFileArb with parameters and groups", () => {
  it("loads without errors, every declared parameter read, outcomes in two groups", () => {
    let withParams = 0;
    fc.assert(fc.property(withBoth, (file) => {
      const r = loadScenarioText(JSON.stringify(file));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.warnings.filter((w) => /is never used/.test(w.message))).toEqual([]);
      expect((r.scenario.groups ?? []).map((g) => g.id)).toEqual(["visited", "not_visited"]);
      if (r.scenario.parameters.length > 0) withParams++;
    }), { numRuns: 200, seed: 11 });
    expect(withParams).toBeGreaterThan(60); // about half: only hazards read parameters, and a file may have none
  });

  it("at random parameter values: a warm re-solve equals a cold solve, groups are their outcomes' sums, Monte Carlo agrees", () => {
    const resolver = new Resolver();
    let checked = 0;
    fc.assert(fc.property(withBoth, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }), fc.nat(), (file, draws, seed) => {
      const r = loadScenarioText(JSON.stringify(file));
      if (!r.ok) throw new Error("a generated file did not load");
      const overrides = new Map(r.scenario.parameters.map((p, i) => [p.name, (draws[i] ?? 0) / 1000]));
      const prepared = prepareModel(r.scenario, overrides);
      if (!prepared.ok) return;
      const model = prepared.model;
      same(resolver, model);
      const solved = solveExact(model);
      if (!solved.ok) return;
      checked++;
      const exact = summarizeExact(model, solved.result);
      for (const g of exact.groups) {
        const sum = exact.outcomes.filter((o) => o.group === g.id).reduce((a, o) => a + o.probability, 0);
        expect(Math.abs(g.probability - sum)).toBeLessThan(1e-12);
      }
      const mc = summarize(model, simulateBatch(model, { seed, from: 0, to: 4000 }), seed);
      for (const g of exact.groups) {
        const est = mc.groups.find((x) => x.id === g.id);
        expect(est).toBeDefined();
        const se = Math.sqrt(Math.max(g.probability * (1 - g.probability), 1e-4) / 4000);
        expect(Math.abs((est?.probability ?? NaN) - g.probability), `${g.id} ${JSON.stringify(file)}`).toBeLessThan(4.5 * se + 1e-3);
      }
    }), { numRuns: 60, seed: 12 });
    expect(checked).toBeGreaterThan(40);
  });

  it("the default generator's scenarios are unchanged by the options (no draw without them)", () => {
    const a = fc.sample(scenarioFileArb(), { seed: 5, numRuns: 20 });
    const b = fc.sample(scenarioFileArb({}), { seed: 5, numRuns: 20 });
    expect(b).toEqual(a);
    for (const f of a) expect("parameters" in f || "groups" in f).toBe(false);
  });
});
