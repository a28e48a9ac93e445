/**
 * `tariffsim exact` and `run --method exact|both`, with the timeline and the
 * solver's limits, checked on stdout, stderr and exit codes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";

const FIXTURE = "test/fixtures/simple.yaml";
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** A scenario whose joint key space is about 404^7 ≈ 1.7e18 > 2^53: seven machines reading their clocks to day 100. */
function hugeScenario(): string {
  const machines = Array.from({ length: 7 }, (_, i) => `
  m${i}:
    initial: a
    states: { a: , b: , c: , d: }
    transitions:
      - { from: a, hazard: 'daysInState > 50 ? 0.1 : 0.01', to: b }
      - { from: b, hazard: 'daysInState > 50 ? 0.1 : 0.01', to: c }
      - { from: c, hazard: 'daysInState > 50 ? 0.1 : 0.01', to: d }
      - { from: d, hazard: 'daysInState > 50 ? 0.1 : 0.01', to: a }`).join("");
  return `id: huge
title: Huge
description: Too large for the exact solver.
asOf: 2026-01-01
calendar: { start: 2026-01-01, horizon: 2026-04-11 }
machines:${machines}
outcomes:
  - { id: a, label: a, when: 'in("m0.a")' }
  - { id: rest, label: rest, when: 'not in("m0.a")' }
`;
}

describe("tariffsim exact", () => {
  it("prints exact probabilities that sum to 1", async () => {
    const r = await cli("exact", FIXTURE, "--format", "json");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const body: { scenario: string; method: string; outcomes: { id: string; probability: number }[] } = JSON.parse(r.out);
    expect(body).toMatchObject({ scenario: "simple", method: "exact" });
    const outcomes = body.outcomes;
    expect(outcomes.map((o) => o.id)).toEqual(["hold", "rise"]);
    expect(Math.abs(outcomes.reduce((a, o) => a + o.probability, 0) - 1)).toBeLessThan(1e-12);
    // Hand-computed in test/exact/closedForm-style: 0.6 × mean over D = 19…37 of 0.98^D + 0.4 × 0.98^88.
    let mean = 0;
    for (let d = 19; d <= 37; d++) mean += 0.98 ** d / 19;
    expect(outcomes[0]?.probability).toBeCloseTo(0.6 * mean + 0.4 * 0.98 ** 88, 12);
  });

  it("--timeline gives every date from start to horizon, ending at the final answer", async () => {
    const r = await cli("exact", FIXTURE, "--timeline", "--format", "json");
    expect(r.code).toBe(0);
    const body: { outcomes: { probability: number }[]; timeline: { date: string; outcomes: Record<string, number>; states: Record<string, number> }[] } = JSON.parse(r.out);
    expect(body.timeline).toHaveLength(89); // 2026-02-01 … 2026-04-30
    expect(body.timeline[0]?.date).toBe("2026-02-01");
    expect(body.timeline[88]?.date).toBe("2026-04-30");
    expect(body.timeline[88]?.outcomes.hold).toBe(body.outcomes[0]?.probability);
    for (const p of body.timeline) {
      expect(Math.abs((p.states["bill.pending"] ?? 0) + (p.states["bill.passed"] ?? 0) + (p.states["bill.failed"] ?? 0) - 1)).toBeLessThan(1e-12);
    }
    // The bill cannot pass before its window opens on 2026-02-20 (day 19).
    expect(body.timeline[18]?.states["bill.passed"]).toBe(0);
    expect(body.timeline[19]?.states["bill.passed"]).toBeGreaterThan(0);
  });

  it("--timeline as a table shows one row every --every days plus the horizon", async () => {
    const r = await cli("exact", FIXTURE, "--timeline", "--every", "30");
    expect(r.code).toBe(0);
    const rows = nonEmptyLines(r.out).filter((l) => /^│ 2026-/.test(l)).map((l) => l.slice(2, 12));
    expect(rows).toEqual(["2026-02-01", "2026-03-03", "2026-04-02", "2026-04-30"]);
  });

  it("run --method both shows Monte Carlo beside exact with the difference in standard errors", async () => {
    const r = await cli("run", FIXTURE, "--method", "both", "--runs", "20000", "--format", "json");
    expect(r.code).toBe(0);
    const body: { runs: number; outcomes: { probability: number; exact: number; diffSE: number; count: number }[] } = JSON.parse(r.out);
    for (const o of body.outcomes) {
      const se = Math.sqrt((o.exact * (1 - o.exact)) / body.runs);
      expect(o.diffSE).toBeCloseTo((o.probability - o.exact) / se, 9);
      expect(Math.abs(o.diffSE)).toBeLessThan(6);
    }
    const table = await cli("run", FIXTURE, "--method", "both", "--runs", "20000");
    expect(table.out).toMatch(/Monte Carlo.*Exact.*Δ \(SE\)/);
  });

  it("a joint state space over the documented bound is exit code 2 naming the scenario and the size", async () => {
    const file = join(dirs.make(), "huge.yaml");
    writeFileSync(file, hugeScenario());
    const r = await cli("exact", file);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const lines = nonEmptyLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^.*huge\.yaml: .*scenario "huge": the exact solver's joint state space has 1\.\d+e\+18 keys, over its limit of 2\^53; use Monte Carlo/);
    expect(r.err).not.toMatch(STACK_LINE);
    // Monte Carlo still runs it.
    expect((await cli("run", file, "--runs", "200")).code).toBe(0);
  });

  it("more reachable joint states than the limit stops the solver with an issue, not an exception", () => {
    // Two machines of two states: four joint states, over a limit of three.
    const small = loadScenarioText(`id: two
title: t
description: d
asOf: 2026-01-01
calendar: { start: 2026-01-01, horizon: 2026-01-30 }
machines:
  a: { initial: x, states: { x: , y: }, transitions: [{ from: x, hazard: 0.1, to: y }, { from: y, hazard: 0.1, to: x }] }
  b: { initial: x, states: { x: , y: }, transitions: [{ from: x, hazard: 0.1, to: y }, { from: y, hazard: 0.1, to: x }] }
outcomes:
  - { id: o, label: o, when: 'in("a.x")' }
  - { id: p, label: p, when: 'in("a.y")' }
`);
    if (!small.ok) throw new Error(small.issues.map((i) => i.message).join());
    const model = prepareModel(small.scenario);
    if (!model.ok) throw new Error("fixture");
    const r = solveExact(model.model, { maxStates: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.message).toMatch(/scenario "two": the exact solver reached 4 joint states on one day, over its limit of 3; use Monte Carlo/);
    expect(solveExact(model.model).ok).toBe(true);
  });
});
