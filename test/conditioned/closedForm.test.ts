/**
 * The conditioned sampler against closed forms written out by hand: a
 * constant daily hazard h given `not X by d`, `X by d`, `X on d` and
 * `X at d`, and a second machine that reads the first. Each estimate must
 * lie within 4.5 of its own reported standard errors (plus 1e-3) of the
 * closed form, and the mean weight must estimate P(evidence).
 */
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { replayConditioned, simulateConditioned } from "../../src/conditioned/simulate.js";
import { summarizeConditioned, type ConditionedSummary, type WeightedEstimate } from "../../src/conditioned/summary.js";
import { sumValue } from "../../src/conditioned/tally.js";
import type { CompiledModel } from "../../src/model/model.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";

const START = "2026-01-01";
/** Day 40 from the start. */
const HORIZON = "2026-02-10";
const H = 40;

function hazardModel(h: number): CompiledModel {
  return modelOfSpec({
    start: START, horizon: HORIZON,
    machines: { x: { initial: "idle", states: ["idle", "hit"], transitions: [{ from: "idle", hazard: h, to: "hit" }] } },
    outcomes: [{ id: "hit", when: 'in("x.hit")' }, { id: "idle", when: 'in("x.idle")' }],
  });
}

function summary(model: CompiledModel, checks: readonly Check[], runs: number, atDays: readonly number[] = []): ConditionedSummary {
  const r = summarizeConditioned(model, simulateConditioned(model, checks, { seed: 11, from: 0, to: runs, atDays }), 11);
  if (!r.ok) throw new Error(r.issue.message);
  return r.summary;
}

function expectNear(e: WeightedEstimate | undefined, expected: number, what: string): void {
  if (e === undefined) throw new Error(`no estimate for ${what}`);
  const band = 4.5 * e.se + 1e-3;
  expect(Math.abs(e.probability - expected), `${what}: ${e.probability} ± ${e.se} vs ${expected}`).toBeLessThanOrEqual(band);
}

const visited = (state: number, day: number, want: boolean): Check => ({ kind: "visited", state, day, want });

describe("closed forms under evidence", () => {
  it("not X by d: P(X by H | E) = 1 - (1 - h)^(H - d), and every weight is (1 - h)^d", () => {
    for (const [h, d] of [[0.05, 10], [0.2, 30]] as const) {
      const model = hazardModel(h);
      const hit = stateIdx(model, "x.hit");
      const checks = [visited(hit, d, false)];
      const s = summary(model, checks, 20_000);
      expectNear(s.final.outcomes.find((o) => o.id === "hit"), 1 - (1 - h) ** (H - d), `h=${h} d=${d}`);
      // The proposal never lets X fire by day d, so every run has the same weight: P(evidence) exactly.
      const pE = (1 - h) ** d;
      expect(Math.abs(s.evidence.probability - pE) / pE).toBeLessThan(1e-12);
      expect(s.ess).toBeCloseTo(20_000, 6);
      const one = replayConditioned(model, checks, 11, 5);
      expect(Math.abs(one.weight - pE) / pE).toBeLessThan(1e-12);
    }
  });

  it("X by d: P(E) = 1 - (1 - h)^d and P(X by j | E) = (1 - (1 - h)^j) / P(E) for j <= d", () => {
    const h = 0.01;
    const d = 25;
    const model = hazardModel(h);
    const hit = stateIdx(model, "x.hit");
    const pE = 1 - (1 - h) ** d;
    const at = [1, 5, 12, 24, 25];
    const s = summary(model, [visited(hit, d, true)], 40_000, at);
    expectNear(s.evidence, pE, "P(evidence)");
    at.forEach((j, i) => expectNear(s.at[i]?.states.find((x) => x.id === "x.hit"), (1 - (1 - h) ** j) / pE, `P(hit by ${j} | E)`));
    expectNear(s.final.outcomes.find((o) => o.id === "hit"), 1, "P(hit at H | E)");
    // The lean spreads the forced visit over the days left: most runs keep their worth (no lean: about 1/d).
    expect(s.ess / s.runs).toBeGreaterThan(0.5);
  });

  it("X on d: every weight is (1 - h)^(d-1) h, and X is in force from day d", () => {
    const h = 0.03;
    const d = 17;
    const model = hazardModel(h);
    const hit = stateIdx(model, "x.hit");
    const s = summary(model, [visited(hit, d - 1, false), visited(hit, d, true)], 5_000, [d - 1, d]);
    const pE = (1 - h) ** (d - 1) * h;
    expect(Math.abs(s.evidence.probability - pE) / pE).toBeLessThan(1e-12);
    expect(s.at[0]?.states.find((x) => x.id === "x.hit")?.probability).toBe(0);
    expect(s.at[1]?.states.find((x) => x.id === "x.hit")?.probability).toBe(1);
  });

  it("a second machine reading the first: P(Y moved | X at d) by hand", () => {
    // y moves with hazard a while x is idle, b once x is hit (read against the start-of-day snapshot).
    const [h, a, b] = [0.04, 0.01, 0.2];
    const model = modelOfSpec({
      start: START, horizon: HORIZON,
      machines: {
        x: { initial: "idle", states: ["idle", "hit"], transitions: [{ from: "idle", hazard: h, to: "hit" }] },
        y: { initial: "wait", states: ["wait", "moved"], transitions: [{ from: "wait", hazard: `in("x.hit") ? ${b} : ${a}`, to: "moved" }] },
      },
      outcomes: [{ id: "moved", when: 'in("y.moved")' }, { id: "wait", when: 'in("y.wait")' }],
    });
    const d = 20;
    const checks: Check[] = [{ kind: "in", machine: 0, state: stateIdx(model, "x.hit"), day: d }];
    // Given x hit on day k (<= d), y waits through days 1..k at hazard a (snapshot: x idle at the start of day k),
    // then H - k days at b. P(y waits | hit on k) = (1-a)^k (1-b)^(H-k); P(hit on k) = (1-h)^(k-1) h.
    let pE = 0;
    let wait = 0;
    for (let k = 1; k <= d; k++) {
      const pk = (1 - h) ** (k - 1) * h;
      pE += pk;
      wait += pk * (1 - a) ** k * (1 - b) ** (H - k);
    }
    const s = summary(model, checks, 40_000);
    expectNear(s.evidence, pE, "P(evidence)");
    expectNear(s.final.outcomes.find((o) => o.id === "wait"), wait / pE, "P(y waits | x hit at d)");
  });

  it("a goal two moves away (idle → mid → done): P(done by d) by hand, runs that fall behind dropped early", () => {
    // Two stages with hazards a then b: P(done by d) = Σ_k P(mid on k) P(done within days k+1 … d).
    const [a, b] = [0.002, 0.3];
    const model = modelOfSpec({
      start: START, horizon: HORIZON,
      machines: { x: { initial: "idle", states: ["idle", "mid", "done"], transitions: [
        { from: "idle", hazard: a, to: "mid" }, { from: "mid", hazard: b, to: "done" },
      ] } },
      outcomes: [{ id: "done", when: 'in("x.done")' }, { id: "other", when: 'not in("x.done")' }],
    });
    const d = 30;
    let pE = 0;
    let midBy10 = 0;
    for (let k = 1; k < d; k++) {
      const pk = (1 - a) ** (k - 1) * a * (1 - (1 - b) ** (d - k));
      pE += pk;
      if (k <= 10) midBy10 += pk;
    }
    const checks = [visited(stateIdx(model, "x.done"), d, true)];
    const s = summary(model, checks, 20_000, [10]);
    expectNear(s.evidence, pE, "P(evidence)");
    // Given done by d, x left idle by day 10 with probability midBy10 / pE (mid or done at the end of day 10).
    const at10 = s.at[0]?.states;
    const left = (at10?.find((x) => x.id === "x.mid")?.probability ?? 0) + (at10?.find((x) => x.id === "x.done")?.probability ?? 0);
    expect(Math.abs(left - midBy10 / pE)).toBeLessThan(0.03);
    // On the last day a run still idle can no longer make it: it is dropped then, not carried to weight 0.
    expect(s.ess / s.runs).toBeGreaterThan(10 * pE);
  });

  it("impossible evidence: every weight is 0 and the summary says so", () => {
    const model = hazardModel(0.1);
    const hit = stateIdx(model, "x.hit");
    const idle = stateIdx(model, "x.idle");
    const checks = [visited(hit, 10, true), { kind: "in", machine: 0, state: idle, day: 12 } satisfies Check];
    const t = simulateConditioned(model, checks, { seed: 1, from: 0, to: 500 });
    expect(t.runs).toBe(500);
    expect(sumValue(t.weight)).toBe(0);
    const r = summarizeConditioned(model, t, 1);
    expect(r.ok).toBe(false);
  });

  it("rejects checks out of range, naming the check", () => {
    const model = hazardModel(0.1);
    expect(() => simulateConditioned(model, [visited(1, H + 1, true)], { seed: 1, from: 0, to: 1 })).toThrow(/check 0: day 41 is outside 0 … 40/);
    expect(() => simulateConditioned(model, [{ kind: "in", machine: 1, state: 0, day: 3 }], { seed: 1, from: 0, to: 1 })).toThrow(/machine index 1/);
  });
});
