/**
 * `run` with evidence over worker threads: conditioned runs split over any
 * number of threads give the numbers of one batch (exact sums), the worker
 * gets the overrides and the checks, a dying worker fails the run, and the
 * threads are planned by the cost of a conditioned run.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { summarizeConditioned } from "../../src/conditioned/summary.js";
import type { Check } from "../../src/evidence/check.js";
import { conditionedChunk, simulateConditionedParallel } from "../../src/cli/conditionedParallel.js";
import { CONDITIONED_CHUNK_RUNS } from "../../src/cli/conditionedSlice.js";
import { startWorkers } from "../../src/cli/parallel.js";
import { CONDITIONED_RUNS, MIN_CONDITIONED_RUNS_PER_WORKER, planThreads, planWorkers } from "../../src/cli/threads.js";
import { ensureBundle, expectSameOnWorkers, printingProblems, runBundle, WORKER } from "../helpers/bundle.js";
import { tmpDirs } from "../helpers/cli.js";
import { loadOk, prepareOk, simpleText, stateIdx } from "../helpers/scenario.js";

beforeAll(ensureBundle);

describe("simulateConditionedParallel with the bundled worker", () => {
  const dirs = tmpDirs();
  afterAll(() => dirs.cleanup());
  const scenario = loadOk(simpleText());
  const overrides = new Map([["h_raise", 0.05]]);
  const model = prepareOk(scenario, overrides);
  // The bill has not passed by day 30, and the tariff is still low on day 10.
  const checks: Check[] = [
    { kind: "visited", state: stateIdx(model, "bill.passed"), day: 30, want: false },
    { kind: "in", machine: 1, state: stateIdx(model, "tariff.low"), day: 10 },
  ];
  const atDays = [5, 40];
  const RUNS = 3 * CONDITIONED_CHUNK_RUNS + 77; // uneven: the last chunk is short
  const one = summarizeConditioned(model, simulateConditioned(model, checks, { seed: 4, from: 0, to: RUNS, atDays }), 4);

  it("gives the numbers of one batch on 1, 2 and 3 threads, with progress or without", async () => {
    expect(one.ok).toBe(true);
    for (const threads of [1, 2, 3]) {
      const pool = startWorkers(threads, WORKER);
      try {
        expect(pool.threads).toBe(threads);
        const done: number[] = [];
        const plain = await simulateConditionedParallel({ model, scenario, overrides, checks, seed: 4, runs: RUNS, atDays, pool });
        const tracked = await simulateConditionedParallel({
          model, scenario, overrides, checks, seed: 4, runs: RUNS, atDays, pool, onProgress: (d) => done.push(d),
        });
        expect(summarizeConditioned(model, plain, 4), `${threads} threads`).toEqual(one);
        expect(summarizeConditioned(model, tracked, 4), `${threads} threads, progress`).toEqual(one);
        expect(done[done.length - 1]).toBe(RUNS);
        expect(done.every((d, i) => i === 0 || d >= (done[i - 1] ?? 0))).toBe(true);
      } finally {
        await pool.close();
      }
    }
  });

  it("sends the overrides and the checks: without them the numbers differ", async () => {
    const pool = startWorkers(2, WORKER);
    try {
      const base = prepareOk(scenario);
      const noOverride = await simulateConditionedParallel({ model: base, scenario, overrides: new Map(), checks, seed: 4, runs: RUNS, atDays, pool });
      expect(summarizeConditioned(base, noOverride, 4)).not.toEqual(one);
      const fewer = await simulateConditionedParallel({ model, scenario, overrides, checks: checks.slice(0, 1), seed: 4, runs: RUNS, atDays, pool });
      expect(summarizeConditioned(model, fewer, 4)).not.toEqual(one);
    } finally {
      await pool.close();
    }
  });

  it("a worker that dies fails the run instead of hanging", async () => {
    const script = join(dirs.make(), "dies.mjs");
    writeFileSync(script, "process.exit(3);\n");
    const pool = startWorkers(2, script);
    try {
      await expect(simulateConditionedParallel({ model, scenario, overrides, checks, seed: 4, runs: RUNS, atDays, pool }))
        .rejects.toThrow(/worker thread stopped \(exit code 3\) before answering/);
    } finally {
      await pool.close();
    }
  });

  it("chunks: at most CONDITIONED_CHUNK_RUNS, smaller when a thread has fewer runs, never 0", () => {
    expect(conditionedChunk(100_000, 2)).toBe(CONDITIONED_CHUNK_RUNS);
    expect(conditionedChunk(300, 2)).toBe(150);
    expect(conditionedChunk(0, 2)).toBe(1);
  });
});

describe("planning threads for conditioned runs", () => {
  it("auto: one thread per AUTO_CONDITIONED_RUNS_PER_THREAD up to the cores; N: one worker per MIN_CONDITIONED_RUNS_PER_WORKER", () => {
    expect(planThreads("auto", 100_000, 2, CONDITIONED_RUNS)).toEqual({ workers: 2, note: undefined }); // the default conditioned run
    expect(planThreads("auto", 100_000, 2)).toEqual({ workers: 1, note: undefined }); // the default plain run stays on one
    expect(planThreads("auto", 4_999, 8, CONDITIONED_RUNS).workers).toBe(1);
    expect(planWorkers(2, 2 * MIN_CONDITIONED_RUNS_PER_WORKER, 2, CONDITIONED_RUNS)).toEqual({ workers: 2, note: undefined });
    expect(planWorkers(4, 500, 8, CONDITIONED_RUNS)).toEqual({
      workers: 1, note: "note: --workers 4 reduced to 1 (500 conditioned runs: one worker per 1,000 conditioned runs)",
    });
  });
});

describe("run with evidence and --workers, end to end", () => {
  const given = ["--given", "not bill.passed by 2026-03-01", "--given", "tariff.low at 2026-02-10"];
  const args = ["run", "test/fixtures/simple.yaml", ...given, "--runs", "3001", "--seed", "5", "--set", "h_raise=0.04"];

  it.each(["json", "table"])("gives byte-identical %s for 1 and 2 threads, with no note", (format) => {
    const out = expectSameOnWorkers([...args, "--format", format]);
    if (format === "json") expect(JSON.parse(out)).toMatchObject({ runs: 3001 });
  });

  it("gives the same CSV for 1 and 2 threads but for the command line it quotes", async () => {
    const one = await runBundle([...args, "--format", "csv", "--workers", "1"]);
    const two = await runBundle([...args, "--format", "csv", "--workers", "2"]);
    expect([one.code, two.code]).toEqual([0, 0]);
    const body = (out: string): string => out.replace(/^# command: .*--workers \d\r?\n/m, "");
    expect(body(one.out)).not.toContain("--workers");
    expect(body(two.out)).toBe(body(one.out));
  });

  it("reduces --workers for a few conditioned runs, saying why in their unit", async () => {
    const r = await runBundle(["run", "test/fixtures/simple.yaml", ...given, "--runs", "500", "--workers", "2", "--format", "json"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^note: --workers 2 reduced to 1 \((?:\d+ cores?; )?500 conditioned runs: one worker per 1,000 conditioned runs\)\n$/);
  });
});

describe("a run that fails on several threads", () => {
  const dirs = tmpDirs();
  afterAll(() => dirs.cleanup());
  // The tariff's hazard is 2 once the bill has failed (about one run in 20,000 with --set p_pass=0.99995):
  // the first failing run is far into the runs, in a chunk either thread may take.
  const failing = (): string => {
    const file = join(dirs.make(), "rare.yaml");
    writeFileSync(file, simpleText().replace(`'in("bill.passed") ? 0 : h_raise'`, `'in("bill.failed") ? 2 : h_raise'`));
    return file;
  };

  it.each([["plain", []], ["conditioned", ["--given", "tariff.low at 2026-02-10"]]])(
    "%s: exit 2 with the one-thread line (the first failing run) on 2 threads, no stack trace",
    async (_kind, given) => {
      const file = failing();
      for (const seed of ["2", "8"]) {
        const args = ["run", file, ...given, "--runs", given.length > 0 ? "60000" : "300000", "--set", "p_pass=0.99995", "--seed", seed];
        const one = await runBundle([...args, "--workers", "1"]);
        expect(one.code).toBe(2);
        expect(one.err).toMatch(/^\S+rare\.yaml:\d+:\d+: machines\.tariff\.transitions\[0\]\.hazard: .* gives 2, not a probability in \[0, 1\] \(scenario "simple", run \d+, /);
        expect(one.err.split("\n")).toHaveLength(2);
        for (let i = 0; i < 2; i++) {
          const two = await runBundle([...args, "--workers", "2"]);
          expect(two.code, two.err).toBe(2);
          expect(printingProblems(two, undefined)).toEqual([]);
          expect(two.err).toBe(availableParallelism() >= 2 ? one.err : `note: --workers 2 reduced to 1 (1 core)\n${one.err}`);
          expect(two.out).toBe("");
        }
      }
    },
  );
});
