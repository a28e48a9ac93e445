/**
 * Hand-computed cases: the exact solver (to 1e-12) and the Monte Carlo engine
 * (within a strict band) against closed forms written out here.
 */
import { describe, expect, it } from "vitest";
import { simulateBatch, replayRun } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { CompiledModel } from "../../src/model/model.js";
import { bernsteinHalfWidth } from "../helpers/agreement.js";
import { HAZARD_HORIZON_DAY, hazardModel } from "../helpers/hazard.js";

function model(yaml: string, overrides: Record<string, number> = {}): CompiledModel {
  const loaded = loadScenarioText(yaml);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  const prepared = prepareModel(loaded.scenario, new Map(Object.entries(overrides)));
  if (!prepared.ok) throw new Error(prepared.issues.map((i) => i.message).join("; "));
  return prepared.model;
}

function exact(m: CompiledModel): Float64Array {
  const r = solveExact(m);
  if (!r.ok) throw new Error(r.issue.message);
  return r.result.outcomes;
}

/** Monte Carlo frequencies of each outcome are within a 1e-9 Bernstein band of `expected`. */
function expectMonteCarlo(m: CompiledModel, expected: readonly number[], runs = 100_000): void {
  const t = simulateBatch(m, { seed: 7, from: 0, to: runs });
  expected.forEach((p, i) => {
    const k = t.outcomes[i] ?? 0;
    expect(Math.abs(k - runs * p)).toBeLessThanOrEqual(bernsteinHalfWidth(runs, p, 1e-9));
  });
}

const header = (horizon: string): string => `
id: closed-form
title: Closed form
description: A hand-computed case.
asOf: 2026-01-01
calendar: { start: 2026-01-01, horizon: ${horizon} }
`;

describe("closed forms", () => {
  it("a single daily hazard h over d days fires with probability 1 - (1 - h)^d", () => {
    for (const h of [0.001, 0.03, 0.5]) {
      const m = hazardModel(h); // test/helpers/hazard.ts: one machine a → b under hazard h
      const d = HAZARD_HORIZON_DAY; // 2026-01-01 → 2026-01-31
      const p = 1 - (1 - h) ** d;
      const e = exact(m);
      expect(e[1]).toBeCloseTo(p, 12);
      expect(e[0]).toBeCloseTo(1 - p, 12);
      expectMonteCarlo(m, [1 - p, p]);
    }
  });

  it("a uniform window with a branch, cut by the horizon: (days in horizon / window days) × weight", () => {
    // Window 2026-01-06 … 2026-01-15 (days 5 … 14, 10 days); horizon day 10: 6 of the 10 days fall inside.
    const yaml = `${header("2026-01-11")}
parameters:
  w: { default: 0.7, min: 0, max: 1, unit: probability, description: weight, source: { rationale: test } }
machines:
  bill:
    initial: pending
    states: { pending: , passed: , failed: }
    transitions:
      - from: pending
        window: { shape: uniform, from: 2026-01-06, to: 2026-01-15 }
        to: [{ to: passed, weight: w }, { to: failed, otherwise: true }]
outcomes:
  - { id: pending, label: pending, when: 'in("bill.pending")' }
  - { id: passed, label: passed, when: 'in("bill.passed")' }
  - { id: failed, label: failed, when: 'in("bill.failed")' }
`;
    const m = model(yaml);
    const fired = 6 / 10;
    const expected = [1 - fired, fired * 0.7, fired * 0.3];
    const e = exact(m);
    expected.forEach((p, i) => expect(e[i]).toBeCloseTo(p, 12));
    expectMonteCarlo(m, expected);
  });

  it("two machines: a hazard that reads the other machine switches the day after it changes", () => {
    // b turns on by a fixed delay of k = 4 days, i.e. during day 4. a's hazard on day t reads the
    // start-of-day snapshot, so days 1…4 use h0 and days 5…H use h1:
    // P(a not fired by H) = (1 - h0)^4 (1 - h1)^(H - 4), H = 20.
    const yaml = `${header("2026-01-21")}
parameters:
  h0: { default: 0.02, min: 0, max: 1, unit: per day, description: off hazard, source: { rationale: test } }
  h1: { default: 0.2, min: 0, max: 1, unit: per day, description: on hazard, source: { rationale: test } }
machines:
  a:
    initial: waiting
    states: { waiting: , fired: }
    transitions:
      - { from: waiting, hazard: 'in("b.on") ? h1 : h0', to: fired }
  b:
    initial: off
    states: { off: , on: }
    transitions:
      - { from: off, delay: { shape: fixed, days: 4 }, to: on }
outcomes:
  - { id: waiting, label: waiting, when: 'in("a.waiting")' }
  - { id: fired, label: fired, when: 'in("a.fired")' }
`;
    const m = model(yaml);
    const q = 0.98 ** 4 * 0.8 ** 16;
    const e = exact(m);
    expect(e[0]).toBeCloseTo(q, 12);
    expectMonteCarlo(m, [q, 1 - q]);
  });

  it("a triangular delay: P(fired by day k) is the normalised triangular weight sum", () => {
    // Weights on 2…6 with mode 3: d ≤ 3: 1 - (3 - d)/2 → 0.5, 1; d > 3: 1 - (d - 3)/4 → 0.75, 0.5, 0.25. Sum 3.
    const yaml = `${header("2026-01-05")}
machines:
  m:
    initial: a
    states: { a: , b: }
    transitions:
      - { from: a, delay: { shape: triangular, min: 2, mode: 3, max: 6 }, to: b }
outcomes:
  - { id: a, label: a, when: 'in("m.a")' }
  - { id: b, label: b, when: 'in("m.b")' }
`;
    const e = exact(model(yaml)); // horizon day 4: delays 2, 3, 4 have fired
    expect(e[1]).toBeCloseTo((0.5 + 1 + 0.75) / 3, 12);
  });

  it("same-day timed transitions: the first declared wins", () => {
    const yaml = `${header("2026-01-11")}
machines:
  m:
    initial: a
    states: { a: , first: , second: }
    transitions:
      - { from: a, delay: { shape: fixed, days: 3 }, to: first }
      - { from: a, delay: { shape: fixed, days: 3 }, to: second }
outcomes:
  - { id: a, label: a, when: 'in("m.a")' }
  - { id: first, label: first, when: 'in("m.first")' }
  - { id: second, label: second, when: 'in("m.second")' }
`;
    const m = model(yaml);
    expect(Array.from(exact(m))).toEqual([0, 1, 0]);
    expectMonteCarlo(m, [0, 1, 0], 2_000);
  });

  it("immediate transitions run in simultaneous rounds: both guards see the same snapshot", () => {
    // x: a → b when y is in c; y: c → d when x is in a. Both hold at day 0, so both move
    // (taking them one machine at a time would leave y in c).
    const yaml = `${header("2026-01-03")}
machines:
  x:
    initial: a
    states: { a: , b: }
    transitions:
      - { from: a, when: 'in("y.c")', to: b }
  y:
    initial: c
    states: { c: , d: }
    transitions:
      - { from: c, when: 'in("x.a")', to: d }
outcomes:
  - { id: both, label: both moved, when: 'in("x.b") and in("y.d")' }
  - { id: other, label: otherwise, when: 'not (in("x.b") and in("y.d"))' }
`;
    const m = model(yaml);
    expect(Array.from(exact(m))).toEqual([1, 0]);
    expect(replayRun(m, 1, 0).events.map((e) => [e.day, m.stateNames[e.to]])).toEqual([[0, "x.b"], [0, "y.d"]]);
  });

  it("a window entered midway draws only from the days after entry", () => {
    // s enters 'open' on day 5 (fixed delay); the window covers days 1…10 uniformly, so after entry
    // only days 6…10 remain, each with probability 1/5: by horizon day 7, P(fired) = 2/5.
    const yaml = `${header("2026-01-08")}
machines:
  s:
    initial: closed
    states: { closed: , open: , done: }
    transitions:
      - { from: closed, delay: { shape: fixed, days: 5 }, to: open }
      - { from: open, window: { shape: uniform, from: 2026-01-02, to: 2026-01-11 }, to: done }
outcomes:
  - { id: done, label: done, when: 'in("s.done")' }
  - { id: not_done, label: not done, when: 'not in("s.done")' }
`;
    const m = model(yaml);
    const e = exact(m);
    expect(e[0]).toBeCloseTo(2 / 5, 12);
    expectMonteCarlo(m, [2 / 5, 3 / 5]);
  });

  it("a guard on the date fires on exactly that date", () => {
    const yaml = `${header("2026-01-20")}
machines:
  t:
    initial: low
    states: { low: , high: }
    transitions:
      - { from: low, when: 'day >= date("2026-01-10")', to: high }
outcomes:
  - { id: low, label: low, when: 'in("t.low")' }
  - { id: high, label: high, when: 'in("t.high")' }
`;
    const m = model(yaml);
    expect(replayRun(m, 3, 5).events.map((e) => e.day)).toEqual([9]);
    const r = solveExact(m, { timeline: true });
    if (!r.ok) throw new Error(r.issue.message);
    const high = r.result.timeline?.outcomes.map((o) => o[1]) ?? [];
    expect(high.indexOf(1)).toBe(9);
    expect(high[8]).toBe(0);
  });
  it("same-day `when` priority: the first declared of two holding guards wins, in both engines", () => {
    // m leaves a by `first` as soon as x has fired (both guards hold then), else by `second` on day 10.
    // So P(first) = P(x fired by day 10) = 1 - (1 - h)^10; with the priority flipped it would be 0.
    const yaml = `${header("2026-01-21")}
parameters:
  h: { default: 0.08, min: 0, max: 1, unit: per day, description: hazard, source: { rationale: test } }
machines:
  x:
    initial: a
    states: { a: , b: }
    transitions:
      - { from: a, hazard: h, to: b }
  m:
    initial: a
    states: { a: , first: , second: }
    transitions:
      - { from: a, when: 'in("x.b")', to: first }
      - { from: a, when: 'in("x.b") or day >= 10', to: second }
outcomes:
  - { id: a, label: a, when: 'in("m.a")' }
  - { id: first, label: first, when: 'in("m.first")' }
  - { id: second, label: second, when: 'in("m.second")' }
`;
    const m = model(yaml);
    const p = 1 - (1 - 0.08) ** 10;
    const e = exact(m);
    expect(e[0]).toBe(0);
    expect(e[1]).toBeCloseTo(p, 12);
    expect(e[2]).toBeCloseTo(1 - p, 12);
    expectMonteCarlo(m, [0, p, 1 - p], 20_000);
  });

  it("timed priority with two daily hazards: the first fires with h1, the second only when the first does not", () => {
    // Per day: first h1, second (1 - h1) h2, stay s = (1 - h1)(1 - h2); over d days
    // P(first) = h1 (1 - s^d) / (1 - s). Flipping the priority swaps the roles of h1 and h2.
    const yaml = `${header("2026-01-16")}
machines:
  m:
    initial: a
    states: { a: , first: , second: }
    transitions:
      - { from: a, hazard: 0.1, to: first }
      - { from: a, hazard: 0.3, to: second }
outcomes:
  - { id: a, label: a, when: 'in("m.a")' }
  - { id: first, label: first, when: 'in("m.first")' }
  - { id: second, label: second, when: 'in("m.second")' }
`;
    const m = model(yaml);
    const d = 15;
    const s = 0.9 * 0.7;
    const e = exact(m);
    expect(e[0]).toBeCloseTo(s ** d, 12);
    expect(e[1]).toBeCloseTo((0.1 * (1 - s ** d)) / (1 - s), 12);
    expect(e[2]).toBeCloseTo((0.9 * 0.3 * (1 - s ** d)) / (1 - s), 12);
    expectMonteCarlo(m, [s ** d, (0.1 * (1 - s ** d)) / (1 - s), (0.27 * (1 - s ** d)) / (1 - s)], 20_000);
  });
});
