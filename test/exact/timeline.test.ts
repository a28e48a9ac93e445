/**
 * `exact --timeline`: outcomes are evaluated at the end of every day with
 * `day` = that day while `horizon` keeps its value, so every date's joint
 * states must match exactly one outcome (an error naming the date
 * otherwise), and every row then sums to 1. The timeline's size is
 * days × (outcomes + states) numbers.
 */
import { describe, expect, it } from "vitest";
import { summarizeExact } from "../../src/analysis/exact.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { ScenarioError } from "../../src/scenario/issues.js";
import { day } from "../helpers/engine.js";
import { koreaScenario, modelOfSpec, simpleModel } from "../helpers/scenario.js";

describe("exact --timeline", () => {
  // At the horizon m is always in b; before day 5 it is in a, where `in("m.a") and day == horizon` is false.
  const model = modelOfSpec({
    horizon: day(10),
    machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 5 }, to: "b" }] } },
    outcomes: [{ id: "done", when: 'in("m.b")' }, { id: "pending", when: 'in("m.a") and day == horizon' }],
  });

  it("a date whose joint state matches no outcome is an error naming the date (the horizon alone is fine)", () => {
    const plain = solveExact(model);
    expect(plain.ok && Array.from(plain.result.outcomes)).toEqual([1, 0]);
    let caught: unknown;
    try {
      solveExact(model, { timeline: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    if (!(caught instanceof ScenarioError)) return;
    expect(caught.issues.map((i) => [i.code, i.message])).toEqual([["outcomes",
      'scenario "t", exact by date (--timeline or --at): on 2026-02-01 (day 0) no outcome matches the joint state m.a; ' +
      "outcomes by date are evaluated with `day` = that day but `horizon` unchanged, so each date's joint states must match exactly one outcome"]]);
  });

  it("a date where two outcomes match is an error naming both", () => {
    const overlap = modelOfSpec({
      horizon: day(10),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 5 }, to: "b" }] } },
      outcomes: [{ id: "done", when: 'in("m.b") or day < horizon' }, { id: "pending", when: 'in("m.a")' }],
    });
    expect(() => solveExact(overlap, { timeline: true })).toThrow(
      /^outcomes: scenario "t", exact by date \(--timeline or --at\): on 2026-02-01 \(day 0\) outcomes "done" and "pending" all match the joint state m\.a; /);
  });

  it("every row sums to 1, and so does every machine's row of states", () => {
    const m = simpleModel();
    const r = solveExact(m, { timeline: true });
    if (!r.ok) throw new Error(r.issue.message);
    const t = r.result.timeline;
    expect(t?.outcomes).toHaveLength(m.days + 1);
    for (const [d, row] of (t?.outcomes ?? []).entries()) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const st = t?.states[d] ?? new Float64Array(0);
      for (let mi = 0; mi < m.machineIds.length; mi++) {
        let sum = 0;
        for (let s = m.stateOffset[mi] ?? 0; s < (m.stateOffset[mi + 1] ?? 0); s++) sum += st[s] ?? 0;
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  it("holds days × (outcomes + states) numbers (the shipped scenario, when it validates)", () => {
    const sc = koreaScenario();
    if (sc === undefined) return;
    const p = prepareModel(sc);
    if (!p.ok) return;
    const r = solveExact(p.model, { timeline: true });
    if (!r.ok) throw new Error(r.issue.message);
    const t = r.result.timeline;
    const numbers = (t?.outcomes ?? []).reduce((a, o, i) => a + o.length + (t?.states[i]?.length ?? 0), 0);
    expect(numbers).toBe((p.model.days + 1) * (p.model.outcomes.length + p.model.stateNames.length));
    const s = summarizeExact(p.model, r.result);
    expect(s.timeline).toHaveLength(p.model.days + 1);
  });
});
