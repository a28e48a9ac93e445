/**
 * The exact solver's work budget (MAX_EXACT_WORK): a solve that would
 * multiply out more combinations stops with a limit issue instead of running
 * for many seconds (issue 6: limits apply before the expensive work).
 */
import { describe, expect, it } from "vitest";
import { MAX_EXACT_WORK, solveExact } from "../../src/exact/solver.js";
import { simpleModel } from "../helpers/scenario.js";

describe("the exact solver's work budget", () => {
  it("stops with a limit issue naming the budget when a solve needs more", () => {
    const r = solveExact(simpleModel(), { maxWork: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.code).toBe("limit");
      expect(r.issue.message).toBe('scenario "simple": the exact solver multiplied out more than 5 combinations of machine states, its work limit; use Monte Carlo (tariffsim run --method mc)');
    }
  });

  it("gives the same answer as an unbounded solve when the budget suffices", () => {
    const bounded = solveExact(simpleModel(), { maxWork: MAX_EXACT_WORK });
    const unbounded = solveExact(simpleModel(), { maxWork: Infinity });
    expect(bounded.ok && unbounded.ok).toBe(true);
    if (bounded.ok && unbounded.ok) expect([...bounded.result.outcomes]).toEqual([...unbounded.result.outcomes]);
  });
});
