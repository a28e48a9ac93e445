/**
 * Exact conditioning against closed forms written out by hand: a constant
 * daily hazard given that it has not fired (`not … by`), given the day it
 * fired (`on`), given a state at a date (`at`); P(evidence); evidence of
 * probability zero as an issue naming the check; `at` rows; and bit
 * equality with the unconditioned solver when no evidence is given.
 */
import { describe, expect, it } from "vitest";
import { solveExact, type ExactResult, type ExactOptions } from "../../src/exact/solver.js";
import { Resolver } from "../../src/exact/resolver.js";
import type { CompiledModel } from "../../src/model/model.js";
import type { Check } from "../../src/evidence/check.js";
import { HAZARD_HORIZON_DAY, hazardModel } from "../helpers/hazard.js";

function solve(m: CompiledModel, opts: ExactOptions = {}): ExactResult {
  const r = solveExact(m, opts);
  if (!r.ok) throw new Error(r.issue.message);
  return r.result;
}

/** The case (test/helpers/hazard.ts): one machine a → b under a constant daily hazard h, horizon day H = 30 (2026-01-31). */
const H = HAZARD_HORIZON_DAY;
const A = 0; // global state m.a
const B = 1; // global state m.b

describe("exact conditioning: a constant daily hazard h", () => {
  it("given not fired by day d: P(fired by H) = 1 − (1 − h)^(H − d), P(evidence) = (1 − h)^d", () => {
    for (const h of [0.01, 0.03, 0.4]) {
      const m = hazardModel(h);
      for (const d of [0, 1, 10, 29, 30]) {
        const r = solve(m, { evidence: [{ kind: "visited", day: d, state: B, want: false }] });
        expect(r.outcomes[1]).toBeCloseTo(1 - (1 - h) ** (H - d), 12);
        expect(r.outcomes[0]).toBeCloseTo((1 - h) ** (H - d), 12);
        expect(r.evidenceProbability).toBeCloseTo((1 - h) ** d, 12);
        expect(r.finalStates[B]).toBeCloseTo(1 - (1 - h) ** (H - d), 12);
      }
    }
  });

  it("given fired by day d: certain at the horizon; P(evidence) = 1 − (1 − h)^d", () => {
    const h = 0.05;
    const r = solve(hazardModel(h), { evidence: [{ kind: "visited", day: 12, state: B, want: true }] });
    expect(r.outcomes[1]).toBe(1);
    expect(r.evidenceProbability).toBeCloseTo(1 - (1 - h) ** 12, 12);
  });

  it("given fired on day d (not by d − 1, by d): P(evidence) = (1 − h)^(d − 1) h", () => {
    const h = 0.07;
    const d = 9;
    const on: Check[] = [{ kind: "visited", day: d - 1, state: B, want: false }, { kind: "visited", day: d, state: B, want: true }];
    const r = solve(hazardModel(h), { evidence: on });
    expect(r.evidenceProbability).toBeCloseTo((1 - h) ** (d - 1) * h, 12);
    expect(r.outcomes[1]).toBe(1);
  });

  it("given in a at day d (`at`): the same as not fired by d; and the at rows", () => {
    const h = 0.03;
    const d = 10;
    const m = hazardModel(h);
    const r = solve(m, { evidence: [{ kind: "in", day: d, machine: 0, state: A }], at: [d, 20, 30] });
    expect(r.outcomes[1]).toBeCloseTo(1 - (1 - h) ** (H - d), 12);
    expect(r.at.map((x) => x.day)).toEqual([d, 20, 30]);
    expect(r.at[0]?.states[A]).toBeCloseTo(1, 12);
    expect(r.at[1]?.states[B]).toBeCloseTo(1 - (1 - h) ** 10, 12);
    expect(r.at[1]?.outcomes[1]).toBeCloseTo(1 - (1 - h) ** 10, 12);
    expect(r.at[2]?.outcomes[1]).toBe(r.outcomes[1]);
  });

  it("at rows without evidence equal the timeline's rows", () => {
    const m = hazardModel();
    const tl = solve(m, { timeline: true });
    const at = solve(m, { at: [0, 7, 30] });
    expect(at.at.map((x) => [...x.outcomes])).toEqual([0, 7, 30].map((d) => [...(tl.timeline?.outcomes[d] ?? [])]));
    expect(at.at.map((x) => [...x.states])).toEqual([0, 7, 30].map((d) => [...(tl.timeline?.states[d] ?? [])]));
    expect(at.evidenceProbability).toBe(1);
  });

  it("evidence of probability zero is an issue naming the first check that leaves nothing", () => {
    const m = hazardModel(0.1);
    // Not in a at day 0 is impossible (a is initial); so is being visited-b then not-visited-b later.
    const r0 = solveExact(m, { evidence: [{ kind: "visited", day: 0, state: A, want: false }] });
    expect(r0.ok).toBe(false);
    if (!r0.ok) {
      expect(r0.impossible).toBe(0);
      expect(r0.issue.message).toMatch(/probability 0/);
    }
    const ev: Check[] = [
      { kind: "visited", day: 5, state: B, want: true },
      { kind: "in", day: 6, machine: 0, state: B },
      { kind: "in", day: 8, machine: 0, state: A },
    ];
    const r = solveExact(m, { evidence: ev });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.impossible).toBe(2);
    // A hazard of 0: `fired by` day 3 has probability 0.
    const never = solveExact(hazardModel(0), { evidence: [{ kind: "visited", day: 3, state: B, want: true }] });
    expect(never.ok).toBe(false);
  });

  it("without evidence, results are bit-identical to a plain solve, cold or through a Resolver", () => {
    const m = hazardModel(0.037);
    const a = solve(m);
    const b = solve(m, { evidence: [] });
    expect([...b.outcomes]).toEqual([...a.outcomes]);
    expect([...b.finalStates]).toEqual([...a.finalStates]);
    expect(b.keySpace).toBe(a.keySpace);
    const resolver = new Resolver();
    const withEvidence = resolver.solve(m, { evidence: [{ kind: "visited", day: 4, state: B, want: false }] });
    const plain = resolver.solve(m);
    expect(plain.ok && [...plain.result.outcomes]).toEqual([...a.outcomes]);
    // The evidence adds a visited flag: the layouts differ, so the second solve did not reuse the first's buffers.
    expect(resolver.reused).toBe(0);
    expect(withEvidence.ok && withEvidence.result.keySpace).toBe(2 * a.keySpace);
    const again = resolver.solve(m, { evidence: [{ kind: "visited", day: 9, state: B, want: false }] });
    expect(again.ok && again.result.outcomes[1]).toBeCloseTo(1 - (1 - 0.037) ** (H - 9), 12);
  });

  it("malformed checks are an issue, not a wrong answer", () => {
    const m = hazardModel();
    const r = solveExact(m, { evidence: [{ kind: "visited", day: 31, state: B, want: false }] });
    expect(r.ok).toBe(false);
    const r2 = solveExact(m, { evidence: [{ kind: "in", day: 3, machine: 0, state: 5 }] });
    expect(r2.ok).toBe(false);
  });
});
