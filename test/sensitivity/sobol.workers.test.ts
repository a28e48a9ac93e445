/**
 * Solving a sensitivity design on worker threads (src/cli/pointsParallel.ts
 * with the bundled worker): the results are those of one thread, point for
 * point, for any number of workers (uneven slices), on the exact path and on
 * the Monte Carlo fallback; and the worker plan's caps.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateParallel, MIN_POINTS_PER_WORKER, planPointWorkers } from "../../src/cli/pointsParallel.js";
import { estimatePoints } from "../../src/sensitivity/estimate.js";
import { finishSensitivity, planSensitivity } from "../../src/sensitivity/sobol.js";
import { BUNDLE, loadOk, ROOT } from "../helpers/scenario.js";
import { ok, vote } from "./helpers.js";

const WORKER = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));
const voteU = loadOk(readFileSync(fileURLToPath(new URL("./fixtures/vote-uncertain.yaml", import.meta.url)), "utf8"));

beforeAll(() => {
  if (!existsSync(BUNDLE) || !existsSync(WORKER)) {
    const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
});

describe("estimateParallel with the bundled worker", () => {
  it("gives the one-thread results for 1, 2 and 3 workers, exact", async () => {
    const plan = ok(planSensitivity(voteU, { samples: 50, bootstrap: 50 }));
    const one = ok(estimatePoints(voteU, plan.points, plan.estimator));
    for (const workers of [1, 2, 3]) {
      const r = ok(await estimateParallel({ scenario: voteU, points: plan.points, estimator: plan.estimator, workers, script: WORKER }));
      expect(r).toEqual(one);
      expect(ok(finishSensitivity(plan, r))).toEqual(ok(finishSensitivity(plan, one)));
    }
  });

  it("falls back to Monte Carlo in every slice when any slice reaches a solver limit, as one thread does", async () => {
    const plan = ok(planSensitivity(voteU, { samples: 8, maxStates: 1, runs: 300, bootstrap: 10 }));
    const one = ok(estimatePoints(voteU, plan.points, plan.estimator));
    expect(one.method).toBe("mc");
    const r = ok(await estimateParallel({ scenario: voteU, points: plan.points, estimator: plan.estimator, workers: 3, script: WORKER }));
    expect(r).toEqual(one);
    const exactOnly = await estimateParallel({ scenario: voteU, points: plan.points, estimator: { ...plan.estimator, method: "exact" }, workers: 2, script: WORKER });
    expect(exactOnly.ok).toBe(false);
  });

  it("returns invalid draws as values from the workers", async () => {
    const points = [new Map([["p_pass", 0.8], ["p_stall", 0.5]]), new Map<string, number>()];
    const r = ok(await estimateParallel({ scenario: vote(), points, estimator: ok(planSensitivity(voteU, { samples: 2 })).estimator, workers: 2, script: WORKER }));
    expect(r.results.map((x) => x.ok)).toEqual([false, true]);
  });
});

describe("planPointWorkers", () => {
  it("caps at the cores and at one worker per MIN_POINTS_PER_WORKER solves, saying why", () => {
    expect(MIN_POINTS_PER_WORKER).toBe(64);
    expect(planPointWorkers(2, 1000, 4)).toEqual({ workers: 2, note: undefined });
    expect(planPointWorkers(8, 1000, 2)).toEqual({ workers: 2, note: "note: --workers 8 reduced to 2 (2 cores)" });
    expect(planPointWorkers(4, 100, 8)).toEqual({ workers: 1, note: "note: --workers 4 reduced to 1 (100 solves: one worker per 64 solves)" });
    expect(planPointWorkers(1, 1, 0).workers).toBe(1);
  });
});
