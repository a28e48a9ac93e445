/**
 * `--workers`: runs split over worker threads give the same numbers for any
 * number of workers; the request is capped at the cores and at one worker
 * per MIN_RUNS_PER_WORKER runs, with a note; past MAX_WORKERS it is refused.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_WORKERS, MIN_RUNS_PER_WORKER, planWorkers, simulateParallel } from "../../src/cli/parallel.js";
import { BUNDLE, loadOk, prepareOk, ROOT, simpleText } from "../helpers/scenario.js";

const WORKER = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));

function tariffsim(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BUNDLE) || !existsSync(WORKER)) {
    const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
});

describe("planWorkers", () => {
  it("keeps a request that fits", () => {
    expect(planWorkers(2, 2 * MIN_RUNS_PER_WORKER, 4)).toEqual({ workers: 2, note: undefined });
    expect(planWorkers(1, 10, 1)).toEqual({ workers: 1, note: undefined });
  });

  it("caps at the cores and at one worker per MIN_RUNS_PER_WORKER runs, saying why", () => {
    expect(MIN_RUNS_PER_WORKER).toBe(100_000);
    expect(planWorkers(64, 1000, 2)).toEqual({ workers: 1, note: "note: --workers 64 reduced to 1 (2 cores; 1,000 runs: one worker per 100,000 runs)" });
    expect(planWorkers(64, 10_000_000, 2)).toEqual({ workers: 2, note: "note: --workers 64 reduced to 2 (2 cores)" });
    expect(planWorkers(8, 250_000, 16)).toEqual({ workers: 3, note: "note: --workers 8 reduced to 3 (250,000 runs: one worker per 100,000 runs)" });
    expect(planWorkers(3, 200_001, 3).workers).toBe(3);
    expect(planWorkers(3, 200_000, 3).workers).toBe(2);
    expect(planWorkers(4, 1, 0).workers).toBe(1);
  });
});

describe("simulateParallel with the bundled worker", () => {
  it("gives identical tallies for 1, 2 and 3 workers (uneven slices)", async () => {
    const text = simpleText();
    const scenario = loadOk(text);
    const overrides = new Map([["p_pass", 0.3]]);
    const model = prepareOk(scenario, overrides);
    const run = (workers: number) => simulateParallel({ model, scenario, overrides, seed: 5, runs: 30_001, workers, script: WORKER });
    const one = await run(1);
    expect(one.runs).toBe(30_001);
    expect(one.outcomes.reduce((a, b) => a + b, 0)).toBe(30_001);
    for (const w of [2, 3]) expect(await run(w), `${w} workers`).toEqual(one);
    // The override reaches the workers: without it the numbers differ.
    const base = await simulateParallel({ model: prepareOk(scenario), scenario, overrides: new Map(), seed: 5, runs: 30_001, workers: 2, script: WORKER });
    expect(base.outcomes).not.toEqual(one.outcomes);
  });
});

describe("--workers end to end", () => {
  it("gives byte-identical JSON for 1 and 2 workers where 2 are used", () => {
    const args = ["run", "test/fixtures/simple.yaml", "--runs", String(2 * MIN_RUNS_PER_WORKER + 1), "--seed", "5", "--format", "json"];
    const one = tariffsim(...args, "--workers", "1");
    expect(one.code).toBe(0);
    const two = tariffsim(...args, "--workers", "2");
    expect(two.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(two.err).toBe(availableParallelism() >= 2 ? "" : "note: --workers 2 reduced to 1 (1 core)\n");
  });

  it("--workers 64 --runs 1000: reduced to 1 with a note, and quick", () => {
    const t0 = Date.now();
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--workers", "64", "--runs", "1000", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^note: --workers 64 reduced to 1 \(\d+ cores?; 1,000 runs: one worker per 100,000 runs\)\n$/);
    expect(Date.now() - t0).toBeLessThan(15_000); // was 48 s and 2.4 GB with 64 workers each reloading the scenario
    expect(JSON.parse(r.out)).toMatchObject({ runs: 1000 });
  });

  it.each(["0", String(MAX_WORKERS + 1), "1.5", "-2"])("rejects --workers %s with exit code 2", (w) => {
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--workers", w);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`option '-w, --workers <n>' argument '${w}' is invalid. expected a whole number from 1 to ${MAX_WORKERS}`);
  });

  it("accepts --workers 256", () => {
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--workers", String(MAX_WORKERS), "--runs", "100");
    expect(r.code).toBe(0);
    expect(MAX_WORKERS).toBe(256);
  });
});
