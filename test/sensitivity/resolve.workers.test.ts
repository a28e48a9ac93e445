/**
 * The shipped scenario's sensitivity points, solved through re-solve tapes
 * (exact/tape.ts) in one thread and split over worker threads: the same
 * numbers point for point, whatever the split (each worker records its own
 * tape, and a replay gives a cold solve's bits); and every point's numbers
 * are those of a cold `solveExact` of that point.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateParallel } from "../../src/cli/pointsParallel.js";
import { solveExact } from "../../src/exact/solver.js";
import { loadScenarioFile } from "../../src/io.js";
import { prepareModel } from "../../src/model/prepare.js";
import { estimatePoints } from "../../src/sensitivity/estimate.js";
import { finishSensitivity, planSensitivity } from "../../src/sensitivity/sobol.js";
import { BUNDLE, KOREA, ROOT } from "../helpers/scenario.js";
import { ok } from "./helpers.js";

const WORKER = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));

beforeAll(() => {
  if (!existsSync(BUNDLE) || !existsSync(WORKER)) {
    const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
});

describe("sensitivity of the shipped scenario through re-solve tapes", () => {
  it("gives the one-thread results on 2 and 3 workers, and each point is its cold solve", async () => {
    const loaded = loadScenarioFile(KOREA);
    if (!loaded.ok) throw new Error("the shipped scenario does not load");
    const sc = loaded.scenario;
    const plan = ok(planSensitivity(sc, { samples: 8, bootstrap: 20, method: "exact" }));
    const one = ok(estimatePoints(sc, plan.points, plan.estimator));
    expect(one.method).toBe("exact");
    for (const workers of [2, 3]) {
      const r = ok(await estimateParallel({ scenario: sc, points: plan.points, estimator: plan.estimator, workers, script: WORKER }));
      expect(r).toEqual(one);
      expect(ok(finishSensitivity(plan, r))).toEqual(ok(finishSensitivity(plan, one)));
    }
    // Every few points: the cold solve's numbers, bit for bit.
    for (let k = 0; k < plan.points.length; k += 7) {
      const point = plan.points[k];
      const got = one.results[k];
      if (point === undefined || got === undefined || !got.ok) throw new Error(`point ${k} did not solve`);
      const prepared = prepareModel(sc, point);
      if (!prepared.ok) throw new Error(`point ${k} does not compile`);
      const cold = solveExact(prepared.model);
      if (!cold.ok) throw new Error(cold.issue.message);
      prepared.model.outcomes.forEach((o, i) => { expect(got.outcomes.get(o.id)).toBe(cold.result.outcomes[i]); });
    }
  });
});
