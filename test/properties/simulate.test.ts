/**
 * Properties of simulation over random parameter settings: counts add up,
 * seeds reproduce, batching does not matter, and a replayed run is the run
 * the batch counted. On the simple fixture always; on the shipped scenario
 * when it exists and validates (it is written concurrently).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/analysis/summary.js";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import { addTally, emptyTally, type Tally } from "../../src/engine/tally.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { koreaScenario, loadOk, simpleText } from "../helpers/scenario.js";

const plain = (t: Tally): Record<string, number | number[]> => ({
  runs: t.runs,
  outcomes: Array.from(t.outcomes),
  finalStates: Array.from(t.finalStates),
  visited: Array.from(t.visited),
  firstDaySum: Array.from(t.firstDaySum),
});

/** Random overrides of one or two parameters, within their bounds (whole numbers where all three bounds are). */
function overridesArb(sc: Scenario, maxKeys: number): fc.Arbitrary<Map<string, number>> {
  const value = (name: string): fc.Arbitrary<[string, number]> => {
    const p = sc.parameters.find((x) => x.name === name);
    if (p === undefined) throw new Error(name);
    const whole = [p.default, p.min, p.max].every(Number.isInteger);
    return fc.integer({ min: 0, max: 1000 }).map((k) => {
      const v = p.min + ((p.max - p.min) * k) / 1000;
      return [name, whole ? Math.round(v) : v] as [string, number];
    });
  };
  const names = sc.parameters.map((p) => p.name);
  return fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: maxKeys })
    .chain((ns) => fc.tuple(...ns.map(value)))
    .map((pairs) => new Map(pairs));
}

/** Compiles, or (for a combination the scenario's own checks reject) discards the case. */
function compiled(sc: Scenario, overrides: Map<string, number>): CompiledModel {
  const r = prepareModel(sc, overrides);
  if (!r.ok) {
    // Only value-dependent checks may reject values within the bounds.
    expect(r.issues.every((i) => i.code === "weights" || i.code === "range")).toBe(true);
    fc.pre(false);
    throw new Error("unreachable");
  }
  return r.model;
}

interface Subject {
  readonly name: string;
  readonly scenario: Scenario;
  readonly runs: number;
  readonly numRuns: number;
}

const subjects: Subject[] = [{ name: "simple.yaml", scenario: loadOk(simpleText()), runs: 1500, numRuns: 30 }];
const korea = koreaScenario();
if (korea !== undefined) subjects.push({ name: "korea-us-2026.yaml", scenario: korea, runs: 600, numRuns: 20 });

const seedArb = fc.integer({ min: 0, max: 2 ** 40 });

for (const subject of subjects) {
  const { scenario: sc, runs, numRuns } = subject;
  describe(`simulation properties: ${subject.name}`, () => {
    it("every run ends in exactly one outcome: counts sum to runs, probabilities to 1", () => {
      fc.assert(fc.property(overridesArb(sc, 2), seedArb, (ov, seed) => {
        const model = compiled(sc, ov);
        const t = simulateBatch(model, { seed, from: 0, to: runs });
        expect(t.runs).toBe(runs);
        expect(t.outcomes.reduce((a, b) => a + b, 0)).toBe(runs);
        for (const c of t.outcomes) expect(Number.isInteger(c)).toBe(true);
        // Each machine ends in exactly one of its states.
        for (let m = 0; m < model.machineIds.length; m++) {
          let sum = 0;
          for (let s = model.stateOffset[m] ?? 0; s < (model.stateOffset[m + 1] ?? 0); s++) {
            sum += t.finalStates[s] ?? NaN;
            expect(t.visited[s]).toBeGreaterThanOrEqual(t.finalStates[s] ?? NaN);
          }
          expect(sum).toBe(runs);
          expect(t.visited[model.initial[m] ?? -1]).toBe(runs);
        }
        const s = summarize(model, t, seed);
        expect(Math.abs(s.outcomes.reduce((a, o) => a + o.probability, 0) - 1)).toBeLessThan(1e-12);
        if (s.groups.length > 0) expect(s.groups.reduce((a, g) => a + g.count, 0)).toBe(runs);
      }), { numRuns });
    });

    it("the same seed gives identical tallies", () => {
      fc.assert(fc.property(overridesArb(sc, 2), seedArb, (ov, seed) => {
        const a = simulateBatch(compiled(sc, ov), { seed, from: 0, to: runs });
        // A fresh compilation, so nothing cached between the two is relied on.
        const b = simulateBatch(compiled(sc, ov), { seed, from: 0, to: runs });
        expect(plain(b)).toEqual(plain(a));
      }), { numRuns: Math.ceil(numRuns / 2) });
    });

    it("tallies do not depend on batching: [0, n) = [0, k) + [k, n)", () => {
      fc.assert(fc.property(
        overridesArb(sc, 2), seedArb, fc.integer({ min: 0, max: runs }), fc.integer({ min: 0, max: 10_000 }),
        (ov, seed, k, offset) => {
          const model = compiled(sc, ov);
          const whole = simulateBatch(model, { seed, from: offset, to: offset + runs });
          const parts = emptyTally(model);
          addTally(parts, simulateBatch(model, { seed, from: offset, to: offset + k }));
          addTally(parts, simulateBatch(model, { seed, from: offset + k, to: offset + runs }));
          expect(plain(parts)).toEqual(plain(whole));
        },
      ), { numRuns });
    });

    it("replayRun(i) is the run that the batch [i, i+1) counts", () => {
      fc.assert(fc.property(overridesArb(sc, 2), seedArb, fc.integer({ min: 0, max: 1_000_000 }), (ov, seed, i) => {
        const model = compiled(sc, ov);
        const r = replayRun(model, seed, i);
        const t = simulateBatch(model, { seed, from: i, to: i + 1 });
        expect(r.run).toBe(i);
        const outcomes = new Array<number>(model.outcomes.length).fill(0);
        outcomes[r.outcome] = 1;
        expect(Array.from(t.outcomes)).toEqual(outcomes);
        const finals = new Array<number>(model.stateNames.length).fill(0);
        for (const s of r.finalStates) finals[s] = (finals[s] ?? 0) + 1;
        expect(Array.from(t.finalStates)).toEqual(finals);
        // Visited states and first-visit days follow from the initial states and the events.
        const first = new Map<number, number>();
        for (const s of model.initial) first.set(s, 0);
        for (const e of r.events) {
          expect(model.stateNames[e.from]?.split(".")[0]).toBe(model.machineIds[e.machine]);
          if (!first.has(e.to)) first.set(e.to, e.day);
        }
        expect(Array.from(t.visited)).toEqual(model.stateNames.map((_, s) => (first.has(s) ? 1 : 0)));
        expect(Array.from(t.firstDaySum)).toEqual(model.stateNames.map((_, s) => first.get(s) ?? 0));
        // Events are in day order, within the horizon.
        const days = r.events.map((e) => e.day);
        expect(days).toEqual([...days].sort((a, b) => a - b));
        for (const d of days) expect(d).toBeLessThanOrEqual(model.days);
      }), { numRuns: numRuns * 2 });
    });
  });
}
