/**
 * Unlikely evidence: with P(evidence) about 1e-4, rejection sampling keeps
 * about 1e-4 of its runs (its effective sample size per run). The guided
 * proposals must keep far more, as a ratio (no timing): for `not X by d`,
 * `X on d`, `X by d` and `X at d`, the effective sample size per run must be
 * at least 1,000 times rejection's, while the estimate of P(evidence) stays
 * within its reported error of the closed form.
 */
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { summarizeConditioned } from "../../src/conditioned/summary.js";
import type { CompiledModel } from "../../src/model/model.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";

const RUNS = 4_000;

function hazardModel(h: number): CompiledModel {
  return modelOfSpec({
    start: "2026-01-01", horizon: "2026-05-01",
    machines: {
      x: { initial: "idle", states: ["idle", "hit"], transitions: [{ from: "idle", hazard: h, to: "hit" }] },
      // A second machine that moves on its own, so days are not trivially alike.
      y: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 0.05, to: "b" }, { from: "b", hazard: 0.05, to: "a" }] },
    },
    outcomes: [{ id: "hit", when: 'in("x.hit")' }, { id: "idle", when: 'in("x.idle")' }],
  });
}

function essPerRun(model: CompiledModel, checks: readonly Check[], pE: number): number {
  const r = summarizeConditioned(model, simulateConditioned(model, checks, { seed: 5, from: 0, to: RUNS }), 5);
  if (!r.ok) throw new Error(r.issue.message);
  const s = r.summary;
  expect(Math.abs(s.evidence.probability - pE)).toBeLessThanOrEqual(4.5 * s.evidence.se + 1e-3 * pE);
  return s.ess / s.runs;
}

describe("efficiency on evidence of probability about 1e-4", () => {
  it("not X by d (h = 0.1, d = 87): (1 - h)^d = 1.06e-4", () => {
    const m = hazardModel(0.1);
    const pE = 0.9 ** 87;
    expect(essPerRun(m, [{ kind: "visited", state: stateIdx(m, "x.hit"), day: 87, want: false }], pE) / pE).toBeGreaterThan(1000);
  });

  it("X on d (h = 0.1, d = 80): (1 - h)^(d-1) h = 2.4e-5", () => {
    const m = hazardModel(0.1);
    const hit = stateIdx(m, "x.hit");
    const pE = 0.9 ** 79 * 0.1;
    const checks: Check[] = [{ kind: "visited", state: hit, day: 79, want: false }, { kind: "visited", state: hit, day: 80, want: true }];
    expect(essPerRun(m, checks, pE) / pE).toBeGreaterThan(1000);
  });

  it("X by d and X at d (h = 5e-6, d = 20): 1 - (1 - h)^d = 1.0e-4", () => {
    const h = 5e-6;
    const m = hazardModel(h);
    const hit = stateIdx(m, "x.hit");
    const pE = 1 - (1 - h) ** 20;
    const by = essPerRun(m, [{ kind: "visited", state: hit, day: 20, want: true }], pE);
    const at = essPerRun(m, [{ kind: "in", machine: 0, state: hit, day: 20 }], pE);
    // Without the lean towards the goal, a forced visit on day 20 (weight h) against rare early visits (weight 1)
    // would leave about 21 h ≈ 1e-4 here: no better than rejection.
    expect(by / pE).toBeGreaterThan(1000);
    expect(at / pE).toBeGreaterThan(1000);
  });
});
