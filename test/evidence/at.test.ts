/**
 * Monte Carlo at `--at` dates: the snapshot of an event-driven run (which
 * jumps over quiet days) is the state a day-by-day replay gives at the end
 * of that day, run by run; asking for dates changes no draw; the horizon's
 * snapshot is the final tally; and the counts agree with the exact solver's
 * `at` rows on a closed form.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulateParallel } from "../../src/cli/parallel.js";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import { addTally, emptyTally } from "../../src/engine/tally.js";
import { solveExact } from "../../src/exact/solver.js";
import { loadOk, modelOf, simpleModel, simpleText } from "../helpers/scenario.js";
import { bernsteinHalfWidth } from "../helpers/agreement.js";
import { hazardText } from "../helpers/hazard.js";

describe("Monte Carlo snapshots at given days", () => {
  const model = simpleModel();
  const days = [0, 18, 19, 20, 35, 60, 88];

  it("each run's snapshot is the replayed state at the end of that day", () => {
    const runs = 400;
    const t = simulateBatch(model, { seed: 11, from: 0, to: runs, at: days });
    const expected = days.map(() => new Float64Array(model.stateNames.length));
    for (let i = 0; i < runs; i++) {
      const r = replayRun(model, 11, i);
      days.forEach((d, k) => {
        const state = Array.from(model.initial);
        for (const e of r.events) if (e.day <= d) state[e.machine] = e.to;
        for (const s of state) expected[k]![s] = (expected[k]![s] ?? 0) + 1;
      });
    }
    expect(t.at.map((a) => [...a.states])).toEqual(expected.map((e) => [...e]));
  });

  it("asking for dates changes no draw; the horizon's snapshot is the final tally; slices add up", () => {
    const plain = simulateBatch(model, { seed: 3, from: 0, to: 2000 });
    const withAt = simulateBatch(model, { seed: 3, from: 0, to: 2000, at: days });
    expect([...withAt.outcomes]).toEqual([...plain.outcomes]);
    expect([...withAt.finalStates]).toEqual([...plain.finalStates]);
    const last = withAt.at[withAt.at.length - 1];
    expect([...(last?.outcomes ?? [])]).toEqual([...plain.outcomes]);
    expect([...(last?.states ?? [])]).toEqual([...plain.finalStates]);
    const parts = emptyTally(model, days);
    addTally(parts, simulateBatch(model, { seed: 3, from: 0, to: 700, at: days }));
    addTally(parts, simulateBatch(model, { seed: 3, from: 700, to: 2000, at: days }));
    expect(parts.at.map((a) => [...a.outcomes, ...a.states])).toEqual(withAt.at.map((a) => [...a.outcomes, ...a.states]));
  });

  it("a constant hazard h: P(fired by day d) = 1 − (1 − h)^d, Monte Carlo within its band and exact to 1e-12", () => {
    const m = modelOf(hazardText({ h: 0.02, horizon: "2026-03-01" }));
    const at = [5, 30, 59];
    const runs = 100_000;
    const t = simulateBatch(m, { seed: 5, from: 0, to: runs, at });
    const ex = solveExact(m, { at });
    expect(ex.ok).toBe(true);
    if (!ex.ok) return;
    at.forEach((d, k) => {
      const p = 1 - 0.98 ** d;
      expect(ex.result.at[k]?.outcomes[1]).toBeCloseTo(p, 12);
      expect(Math.abs((t.at[k]?.outcomes[1] ?? 0) - runs * p)).toBeLessThanOrEqual(bernsteinHalfWidth(runs, p, 1e-9));
    });
  });
});

describe("--at counts over worker threads", () => {
  it("are identical for 1, 2 and 3 workers (the bundled worker)", async () => {
    const worker = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));
    if (!existsSync(worker)) throw new Error("build the bundle first: node scripts/bundle.mjs");
    const scenario = loadOk(simpleText());
    const model = simpleModel();
    const run = (workers: number) => simulateParallel({ model, scenario, overrides: new Map(), seed: 9, runs: 9_001, workers, script: worker, at: [10, 40] });
    const one = await run(1);
    expect(one.at.map((a) => a.day)).toEqual([10, 40]);
    for (const w of [2, 3]) expect(await run(w), `${w} workers`).toEqual(one);
  });
});
