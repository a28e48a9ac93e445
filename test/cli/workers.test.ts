/**
 * `--workers`: runs split over worker threads give the same numbers for any
 * number of workers; the request is capped at the cores and at one worker
 * per MIN_RUNS_PER_WORKER runs, with a note; past MAX_WORKERS it is refused.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { simulateBatch } from "../../src/engine/simulate.js";
import {
  AUTO_RUNS_PER_THREAD, CHUNK_RUNS, chunkSize, MAX_WORKERS, MIN_RUNS_PER_WORKER, parseWorkers, planThreads, planWorkers, simulateParallel, startWorkers,
} from "../../src/cli/parallel.js";
import { guessThreads, prestartWorkers, takePrestarted } from "../../src/cli/threads.js";
import { tmpDirs } from "../helpers/cli.js";
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

describe("planThreads and parseWorkers", () => {
  it("auto: one thread per AUTO_RUNS_PER_THREAD runs up to the cores, silently; a number as planWorkers", () => {
    expect(AUTO_RUNS_PER_THREAD).toBe(500_000);
    expect(planThreads("auto", 100_000, 2)).toEqual({ workers: 1, note: undefined }); // the default run stays on one thread
    expect(planThreads("auto", 999_999, 2)).toEqual({ workers: 1, note: undefined });
    expect(planThreads("auto", 1_000_000, 2)).toEqual({ workers: 2, note: undefined });
    expect(planThreads("auto", 10_000_000, 2)).toEqual({ workers: 2, note: undefined });
    expect(planThreads("auto", 10_000_000, 8)).toEqual({ workers: 8, note: undefined });
    expect(planThreads("auto", 10_000_000, 0).workers).toBe(1);
    expect(planThreads(64, 1000, 2)).toEqual(planWorkers(64, 1000, 2));
  });

  it("parses auto and 1..MAX_WORKERS", () => {
    expect(parseWorkers("auto")).toBe("auto");
    expect(parseWorkers("3")).toBe(3);
    for (const bad of ["0", "Auto", "", "1e2", "257"]) expect(() => parseWorkers(bad), bad).toThrow(/expected a whole number from 1 to 256, or auto/);
  });

  it("chunks: CHUNK_RUNS, smaller when a thread has fewer runs, never 0", () => {
    expect(chunkSize(10_000_000, 2)).toBe(CHUNK_RUNS);
    expect(chunkSize(1001, 2)).toBe(501);
    expect(chunkSize(1, 4)).toBe(1);
  });
});

describe("simulateParallel with the bundled worker", () => {
  const dirs = tmpDirs();
  afterAll(() => dirs.cleanup());

  it("this thread takes chunks too: --workers 2 starts one worker thread", async () => {
    const pool = startWorkers(2, WORKER);
    try {
      expect(pool.threads).toBe(2);
      expect(pool.workers).toHaveLength(1);
    } finally {
      await pool.close();
    }
    expect(startWorkers(1, WORKER).workers).toHaveLength(0);
    expect(startWorkers(3, undefined).threads).toBe(1); // no worker script: this thread alone
  });

  it("a pool started before the job gives the tally of one batch, from any first run, in chunks of any size", async () => {
    const scenario = loadOk(simpleText());
    const overrides = new Map([["h_raise", 0.05]]);
    const model = prepareOk(scenario, overrides);
    const pool = startWorkers(3, WORKER);
    try {
      const split = await simulateParallel({ model, scenario, overrides, seed: 8, from: 12_345, runs: 70_001, workers: 0, pool });
      expect(split).toEqual(simulateBatch(model, { seed: 8, from: 12_345, to: 82_346 }));
      // The same pool serves a second job (its counter starts again at 0).
      const again = await simulateParallel({ model, scenario, overrides, seed: 9, runs: 40_000, workers: 0, pool });
      expect(again).toEqual(simulateBatch(model, { seed: 9, from: 0, to: 40_000 }));
    } finally {
      await pool.close();
    }
  });

  it("a worker that dies fails the run instead of hanging", async () => {
    const dir = dirs.make();
    const script = join(dir, "dies.mjs");
    writeFileSync(script, "process.exit(3);\n");
    const scenario = loadOk(simpleText());
    const model = prepareOk(scenario);
    await expect(simulateParallel({ model, scenario, overrides: new Map(), seed: 1, runs: 50_000, workers: 2, script }))
      .rejects.toThrow(/worker thread stopped \(exit code 3\) before answering/);
  });

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

describe("a worker thread's jobs", () => {
  it("reuse the model compiled for an earlier job with the same modelId, and compile a new one for another", async () => {
    const scenario = loadOk(simpleText());
    const w = new Worker(WORKER);
    const ask = (overrides: [string, number][], modelId: number) => new Promise<unknown>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
      w.postMessage({ kind: "slice", scenario, overrides, modelId, seed: 3, from: 0, to: 5_000, chunk: 1_000, counter: new SharedArrayBuffer(8), at: [] });
    });
    try {
      const first = await ask([], 77);
      expect(first).toMatchObject({ ok: true, runs: 5_000 });
      // Another parameter value under the same number: the worker runs the model it has (the sender never does this).
      expect(await ask([["p_pass", 0.1]], 77)).toEqual(first);
      const other = await ask([["p_pass", 0.1]], 78);
      expect(other).toMatchObject({ ok: true, runs: 5_000 });
      expect(other).not.toEqual(first);
    } finally {
      await w.terminate();
    }
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

  it("ends the workers it started early when the input turns out bad (exit 2, no hang)", () => {
    // 10^7 runs: --workers auto starts a worker before the scenario is read; a live worker would keep the process running.
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--runs", "10000000", "--set", "nosuch=1");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--set nosuch: unknown parameter "nosuch"\n$/);
  });

  it("accepts --workers 256", () => {
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--workers", String(MAX_WORKERS), "--runs", "100");
    expect(r.code).toBe(0);
    expect(MAX_WORKERS).toBe(256);
  });
});

describe("workers started at the start of the process (threads.ts)", () => {
  it("guesses the threads of a plain `run` from its arguments, and 1 for anything else", () => {
    expect(guessThreads(["run", "--runs", "10000000"], 2)).toBe(2);
    expect(guessThreads(["--quiet", "run", "s.yaml", "-n", "1e7", "--states", "--seed", "4", "--format", "json", "--set", "a=1"], 2)).toBe(2);
    expect(guessThreads(["run", "--runs=1_000_000", "--workers=4"], 8)).toBe(4);
    expect(guessThreads(["run", "--runs", "10000000"], 4)).toBe(4); // auto: one thread per 500,000 runs, up to the cores
    expect(guessThreads(["run", "-n", "400000", "-w", "8"], 8)).toBe(4); // as planWorkers: one per 100,000 runs
    expect(guessThreads(["run", "--runs", "10000000", "--workers", "1"], 2)).toBe(1);
    expect(guessThreads(["run"], 2)).toBe(1); // the default 100,000 runs
    expect(guessThreads(["run", "--workers", "2"], 2)).toBe(1);
    expect(guessThreads(["run", "--runs", "10000000"], 1)).toBe(1);
    // Options whose plan is not plain, anything unknown or unusual, other commands: no guess.
    for (const extra of [["--precision", "0.01"], ["--shard", "1/2"], ["--replay", "3"], ["--method", "both"], ["--at", "2026-03-01"], ["--given", "x"],
      ["--timeline"], ["--nosuch"], ["b.yaml"], ["--runs", "1.5"], ["--workers", "two"], ["--seed"]]) {
      expect(guessThreads(["run", "a.yaml", "--runs", "10000000", ...extra], 2), extra.join(" ")).toBe(1);
    }
    for (const other of [["exact"], ["sensitivity", "--runs", "10000000"], ["--version"], []]) expect(guessThreads(other, 2), other.join(" ")).toBe(1);
  });

  it("are taken once by the pool, on the same script only", async () => {
    const args = ["run", "--runs", "10000000", "--workers", "2"];
    const expected = guessThreads(args, availableParallelism()) - 1;
    expect(prestartWorkers(args, WORKER)).toBe(expected); // how many it started (main.ts sets no V8 flag then)
    expect(prestartWorkers(args, WORKER)).toBe(0); // already started: none more
    expect(takePrestarted("/elsewhere/worker.mjs", 1)).toEqual([]); // another script: ended, not taken
    expect(prestartWorkers(["run", "--runs", "1000"], WORKER)).toBe(0); // a small run: none
    prestartWorkers(args, WORKER);
    const taken = takePrestarted(WORKER, 1);
    expect(taken).toHaveLength(expected);
    expect(takePrestarted(WORKER, 1)).toEqual([]); // once
    await Promise.all(taken.map((w) => w.terminate()));
  });

  it("a pool takes a worker started early and gives the same tally", async () => {
    const scenario = loadOk(simpleText());
    const model = prepareOk(scenario);
    prestartWorkers(["run", "--runs", "10000000", "--workers", "2"], WORKER);
    const pool = startWorkers(2, WORKER);
    try {
      expect(pool.threads).toBe(2); // the worker taken early, or (on one core, none started early) one started now
      expect(await simulateParallel({ model, scenario, overrides: new Map(), seed: 3, runs: 50_000, workers: 2, pool }))
        .toEqual(simulateBatch(model, { seed: 3, from: 0, to: 50_000 }));
      expect(takePrestarted(WORKER, 1)).toEqual([]); // the pool took it
    } finally {
      await pool.close();
    }
  });

  it("a command that ends before `run` takes them exits at once (they do not keep the process running)", () => {
    // --runs 10^7: a worker is started first thing; the bad --format then ends the command before `run` starts.
    const r = tariffsim("run", "test/fixtures/simple.yaml", "--runs", "10000000", "--format", "nosuch");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--format");
  });
});
