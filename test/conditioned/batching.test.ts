/**
 * A batch [from, to) gives the same tally wherever it runs, and tallies of
 * any split of [0, n) merge, in any order, into the same numbers bit for
 * bit as one batch; each run replays alone with the weight it has in a batch.
 */
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { replayConditioned, simulateConditioned } from "../../src/conditioned/simulate.js";
import { summarizeConditioned } from "../../src/conditioned/summary.js";
import { addConditionedTally, emptyConditionedTally, sumValue, sumValues, type ConditionedTally } from "../../src/conditioned/tally.js";
import { addPartial, roundPartials } from "../../src/conditioned/fsum.js";
import type { CompiledModel } from "../../src/model/model.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";

function model(): CompiledModel {
  return modelOfSpec({
    start: "2026-01-01", horizon: "2026-02-10",
    machines: {
      x: { initial: "idle", states: ["idle", "hit", "gone"], transitions: [
        { from: "idle", hazard: 0.04, to: [{ to: "hit", weight: 0.7 }, { to: "gone", weight: 0.3 }] },
        { from: "hit", delay: { shape: "uniform", min: 2, max: 9 }, to: "gone" },
      ] },
      y: { initial: "wait", states: ["wait", "moved", "done"], transitions: [
        { from: "wait", hazard: 'in("x.hit") ? 0.2 : 0.01', to: "moved" },
        { from: "moved", when: 'in("x.gone")', to: "done" },
      ] },
    },
    outcomes: [{ id: "done", when: 'in("y.done")' }, { id: "other", when: 'not in("y.done")' }],
  });
}

/** Every number of a tally, rounded. */
function numbers(t: ConditionedTally): unknown {
  const v = (s: Parameters<typeof sumValues>[0]): unknown => { const r = sumValues(s); return [Array.from(r.w), Array.from(r.w2)]; };
  return {
    runs: t.runs, w: sumValue(t.weight), w2: sumValue(t.weightSq), outcomes: v(t.outcomes), finals: v(t.finalStates), visited: v(t.visited),
    at: t.at.map((d) => [d.day, v(d.outcomes), v(d.states)]),
  };
}

describe("batching", () => {
  const m = model();
  const checks: Check[] = [
    { kind: "visited", state: stateIdx(m, "x.hit"), day: 12, want: true },
    { kind: "visited", state: stateIdx(m, "y.done"), day: 15, want: false },
  ];
  const atDays = [0, 12, 30];
  const N = 3_000;
  const run = (from: number, to: number): ConditionedTally => simulateConditioned(m, checks, { seed: 9, from, to, atDays });

  it("any split of [0, n), merged in any order, gives the numbers of one batch, bit for bit", () => {
    const whole = run(0, N);
    for (const cuts of [[1000, 2000], [1, 7, 1500, 2999], [123]]) {
      const edges = [0, ...cuts, N];
      const parts = edges.slice(1).map((to, i) => run(edges[i] ?? 0, to));
      for (const order of [parts, [...parts].reverse()]) {
        const merged = emptyConditionedTally(m, atDays);
        for (const p of order) addConditionedTally(merged, p);
        expect(numbers(merged)).toEqual(numbers(whole));
        expect(summarizeConditioned(m, merged, 9)).toEqual(summarizeConditioned(m, whole, 9));
      }
    }
    // The weights vary (else the test would prove little): the lean and the deadline give runs different weights.
    const one = [0, 1, 2, 3, 4, 5].map((i) => replayConditioned(m, checks, 9, i).weight);
    expect(new Set(one).size).toBeGreaterThan(1);
  });

  it("each run replays alone with its weight in a batch", () => {
    for (const i of [0, 17, 2999]) {
      const alone = run(i, i + 1);
      expect(replayConditioned(m, checks, 9, i).weight).toBe(sumValue(alone.weight));
    }
  });

  it("exact sums do not depend on the order of the terms (plain float sums do)", () => {
    const xs = [1e16, 1, -1e16, 0.1, 0.2, 0.3, 1e-17, 3];
    const a: number[] = [];
    const b: number[] = [];
    for (const x of xs) addPartial(a, x);
    for (const x of [...xs].reverse()) addPartial(b, x);
    expect(roundPartials(a)).toBe(roundPartials(b));
    expect(roundPartials(a)).toBe(4.6);
    expect(xs.reduce((s, x) => s + x, 0)).not.toBe([...xs].reverse().reduce((s, x) => s + x, 0));
  });
});
