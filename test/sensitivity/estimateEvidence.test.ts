/**
 * estimatePoints conditioned on evidence (EstimatorOptions.evidence): exact
 * points are the conditioned solver's numbers, bit for bit; Monte Carlo
 * points are the conditioned sampler's ratio estimates (the same runs at
 * every point) and agree with exact within their noise; a point where the
 * evidence cannot hold is invalid, not a solver limit; the worker's job
 * gives what one thread gives; conditioned runs have their own budget.
 */
import { describe, expect, it } from "vitest";
import { runPointsJob } from "../../src/cli/pointsJob.js";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { sumValue, sumValues } from "../../src/conditioned/tally.js";
import type { Check } from "../../src/evidence/check.js";
import { solveExact } from "../../src/exact/solver.js";
import { estimatePoints, MAX_CONDITIONED_ANALYSIS_RUNS, mcBudgetIssue, resolveEstimator, type PointResult } from "../../src/sensitivity/estimate.js";
import { loadOk, prepareOk, simpleText, stateIdx } from "../helpers/scenario.js";

const sc = loadOk(simpleText());
const base = prepareOk(sc);
/** "not tariff.high by 2026-02-20" (day 19) and "bill.passed by 2026-03-10" (day 37). */
const notHigh: Check = { kind: "visited", day: 19, state: stateIdx(base, "tariff.high"), want: false };
const passed: Check = { kind: "visited", day: 37, state: stateIdx(base, "bill.passed"), want: true };
const points = [0, 0.3, 0.6, 1].map((p) => new Map([["p_pass", p], ["h_raise", 0.01 + p / 50]]));

function valid(r: PointResult): Extract<PointResult, { ok: true }> {
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r;
}

describe("estimatePoints with evidence", () => {
  it("exact: each point is solveExact's conditioned probability at its values, bit for bit", () => {
    const r = estimatePoints(sc, points, resolveEstimator({ method: "exact", evidence: [notHigh] }));
    if (!r.ok) throw new Error("expected ok");
    expect(r.value.method).toBe("exact");
    r.value.results.forEach((res, i) => {
      const model = prepareOk(sc, points[i]);
      const direct = solveExact(model, { evidence: [notHigh] });
      if (!direct.ok) throw new Error(direct.issue.message);
      expect(direct.result.evidenceProbability).toBeLessThan(1);
      expect(valid(res).outcomes.get("hold")).toBe(direct.result.outcomes[0]);
      expect(valid(res).outcomes.get("rise")).toBe(direct.result.outcomes[1]);
    });
  });

  it("Monte Carlo: the conditioned sampler's ratio Σw·I / Σw over runs 0 … n − 1, and within 5 SE of exact", () => {
    const runs = 3000;
    const mc = estimatePoints(sc, points, resolveEstimator({ method: "mc", runs, seed: 7, evidence: [notHigh] }));
    const ex = estimatePoints(sc, points, resolveEstimator({ method: "exact", evidence: [notHigh] }));
    if (!mc.ok || !ex.ok) throw new Error("expected ok");
    mc.value.results.forEach((res, i) => {
      const tally = simulateConditioned(prepareOk(sc, points[i]), [notHigh], { seed: 7, from: 0, to: runs });
      const w = sumValues(tally.outcomes).w;
      expect(valid(res).outcomes.get("hold")).toBe((w[0] ?? NaN) / sumValue(tally.weight));
      const exact = valid(ex.value.results[i] ?? { ok: false, issues: [] }).outcomes.get("hold") ?? NaN;
      expect(Math.abs((valid(res).outcomes.get("hold") ?? NaN) - exact)).toBeLessThan(5 * Math.sqrt(0.25 / runs));
    });
  });

  it("a point where the evidence cannot hold is invalid (exact and Monte Carlo); the others are solved; no solver limit", () => {
    for (const method of ["exact", "mc", "auto"] as const) {
      const r = estimatePoints(sc, points, resolveEstimator({ method, runs: 500, evidence: [passed] }));
      if (!r.ok) throw new Error(`${method}: expected ok`);
      const [zero, ...rest] = r.value.results;
      expect(zero?.ok).toBe(false);
      if (zero?.ok === false) expect(zero.issues[0]?.message).toMatch(/evidence|consistent/);
      for (const x of rest) expect(x.ok).toBe(true);
      expect(r.value.method).toBe(method === "mc" ? "mc" : "exact");
    }
  });

  it("a worker's job with evidence gives what one thread gives", () => {
    const o = resolveEstimator({ method: "exact", evidence: [notHigh, passed] });
    const here = estimatePoints(sc, points, o);
    const job = runPointsJob({ kind: "points", scenario: sc, points, method: "exact", runs: o.runs, seed: o.seed, maxStates: undefined, evidence: o.evidence });
    if (!here.ok || !job.ok) throw new Error("expected ok");
    expect(job.results).toEqual(here.value.results);
  });

  it("conditioned Monte Carlo has its own, smaller budget", () => {
    expect(mcBudgetIssue(100, 100_000)).toBeUndefined();
    expect(mcBudgetIssue(100, 100_000, true)).toBeUndefined();
    // The total in full: just past the limit must not read as the limit.
    expect(mcBudgetIssue(100, MAX_CONDITIONED_ANALYSIS_RUNS / 100 + 1, true)?.message).toContain("is 10,000,100 conditioned Monte Carlo runs, more than the limit of 10^7 (about 30 minutes on one core)");
    expect(mcBudgetIssue(100, MAX_CONDITIONED_ANALYSIS_RUNS / 100 + 1, false)).toBeUndefined();
  });
});
