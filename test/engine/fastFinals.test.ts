/**
 * Final keys (src/engine/fast/finals.ts): a batch's counts by final key turn
 * into the same outcome and final-state tallies as counting each run at once,
 * and are cleared. (Runs that match no outcome are in fast.test.ts: the
 * reference engine reruns their batch and reports them.)
 */
import { describe, expect, it } from "vitest";
import { finalKeys, flushFinals, MAX_FINAL_KEYS } from "../../src/engine/fast/finals.js";
import { matchOutcome } from "../../src/engine/values.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";
import { day } from "../helpers/engine.js";

const model = modelOfSpec({
  horizon: day(30),
  machines: {
    a: { initial: "x", states: ["x", "y", "z"], transitions: [{ from: "x", hazard: 0.1, to: "y" }, { from: "y", hazard: 0.1, to: "z" }] },
    b: { initial: "u", states: ["u", "v"], transitions: [{ from: "u", when: 'in("a.z")', to: "v" }] },
  },
  outcomes: [
    { id: "passed_y", when: 'visited("a.y") and not in("b.v")' },
    { id: "never_y", when: 'not visited("a.y") and not in("b.v")' },
    { id: "moved", when: 'in("b.v")' },
  ],
});

describe("final keys", () => {
  it("lay out machines in order, then the outcomes' visited flags", () => {
    const keys = finalKeys(model);
    expect(keys.machines).toEqual([{ first: 0, count: 3, stride: 1 }, { first: 3, count: 2, stride: 3 }]);
    expect(keys.flags).toEqual([{ state: stateIdx(model, "a.y"), stride: 6 }]);
    expect(keys.size).toBe(12);
    expect(keys.counts.length).toBe(12);
    expect(keys.size).toBeLessThanOrEqual(MAX_FINAL_KEYS);
  });

  it("turn counts into the tallies counting each run would give, and clear them", () => {
    const keys = finalKeys(model);
    const outcomes = new Float64Array(3);
    const finals = new Float64Array(model.stateNames.length);
    // (a.x, b.u, never y) ×5; (a.z, b.v, y visited) ×7; (a.y, b.u, y visited) ×2.
    const runs: [number, number, number, number][] = [[0, 0, 0, 5], [2, 1, 1, 7], [1, 0, 1, 2]];
    for (const [a, b, y, n] of runs) keys.counts[a + 3 * b + 6 * y] = n;
    flushFinals(model, keys, outcomes, finals);
    const expected = new Float64Array(3);
    const f = { state: new Int32Array(2), visited: new Uint8Array(model.stateNames.length), entry: new Int32Array(2), day: model.days };
    for (const [a, b, y, n] of runs) {
      f.state[0] = a;
      f.state[1] = 3 + b;
      f.visited[stateIdx(model, "a.y")] = y;
      const o = matchOutcome(model, f, 0);
      expected[o] = (expected[o] ?? 0) + n;
    }
    expect(Array.from(outcomes)).toEqual(Array.from(expected));
    expect(Array.from(outcomes)).toEqual([2, 5, 7]);
    expect(Array.from(finals)).toEqual([5, 2, 7, 7, 7]);
    expect(keys.counts.every((c) => c === 0)).toBe(true);
  });
});
