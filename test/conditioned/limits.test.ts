/**
 * The conditioned sampler's limit on one listed day (MAX_DAY_MOVES): n
 * machines that can each move on a day a check bites list 2^n combinations;
 * past the limit a run stops at once with a limit error naming the run and
 * the day, instead of running for hours (19 such machines took 1.7 s a run
 * under the old limit of 10^6).
 */
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { MAX_DAY_MOVES } from "../../src/conditioned/day.js";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { ScenarioError } from "../../src/scenario/issues.js";
import type { CompiledModel } from "../../src/model/model.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";

/** `n` independent machines, each flipping between two states with hazard 0.1 a day. */
function wide(n: number): CompiledModel {
  const machines = Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, {
    initial: "idle", states: ["idle", "x"],
    transitions: [{ from: "idle", hazard: 0.1, to: "x" }, { from: "x", hazard: 0.1, to: "idle" }],
  }]));
  return modelOfSpec({ start: "2026-01-01", horizon: "2026-01-31", machines, outcomes: [{ id: "x", when: 'in("m0.x")' }, { id: "idle", when: 'in("m0.idle")' }] });
}

describe("MAX_DAY_MOVES", () => {
  const checks = (m: CompiledModel): Check[] => [{ kind: "visited", state: stateIdx(m, "m0.x"), day: 20, want: false }];

  it("is 2^14: 14 two-way machines list up to the limit and run", () => {
    expect(MAX_DAY_MOVES).toBe(2 ** 14);
    const m = wide(14);
    expect(simulateConditioned(m, checks(m), { seed: 3, from: 0, to: 2 }).runs).toBe(2);
  });

  it("15 stop at once, run 0 day 1, with a limit error (exit 2 at the CLI)", () => {
    const m = wide(15);
    let caught: unknown;
    try {
      simulateConditioned(m, checks(m), { seed: 3, from: 0, to: 1000 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect(caught instanceof ScenarioError ? caught.issues.map((i) => [i.code, i.message]) : []).toEqual([[
      "limit", 'scenario "t": one day of the conditioned sampler (run 0, day 1) has more than 16,384 combinations of moves, its limit',
    ]]);
  });
});
