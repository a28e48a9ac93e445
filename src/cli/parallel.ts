/**
 * Monte Carlo over worker threads: runs `[0, runs)` split into contiguous
 * slices, one per worker, each simulated from the scenario sent to it, tallies
 * added up. Counts are integers, so the result is identical for any number of
 * workers (tested end to end).
 * @module
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CompiledModel } from "../model/model.js";
import { simulateBatch } from "../engine/simulate.js";
import { addTally, emptyTally, type Tally } from "../engine/tally.js";
import { ScenarioError } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { slices, type SliceJob, type SliceReply } from "./slice.js";
import { isWorkerProgress, RUN_BATCH } from "./workerProgress.js";
import { breathe } from "./progress.js";

/** The most `--workers` accepted at all (a documented limit; more is exit 2). */
export const MAX_WORKERS = 256;

/**
 * The fewest runs worth giving one worker thread. Why this number: a worker
 * costs about 0.1 s before its first run (measured: 80 ms to start the
 * worker script on the reference machine, plus compiling the scenario it is
 * sent), the time of about 30,000 runs of the shipped scenario (306 k runs/s
 * per core) or 120,000 of the small test fixture (1.2 M runs/s). Below this
 * many runs per worker, the split saves less than the start costs.
 */
export const MIN_RUNS_PER_WORKER = 100_000;

/** The number of workers to start, and a note for stderr when fewer than asked. */
export interface WorkerPlan {
  readonly workers: number;
  readonly note: string | undefined;
}

/**
 * Caps the requested number of workers at the cores available and at one
 * worker per {@link MIN_RUNS_PER_WORKER} runs (at least one). Pure.
 */
export function planWorkers(requested: number, runs: number, cores: number): WorkerPlan {
  const byRuns = Math.max(1, Math.ceil(runs / MIN_RUNS_PER_WORKER));
  const byCores = Math.max(1, cores);
  const workers = Math.max(1, Math.min(requested, byRuns, byCores));
  if (workers === requested) return { workers, note: undefined };
  const why: string[] = [];
  if (requested > byCores) why.push(`${byCores} ${byCores === 1 ? "core" : "cores"}`);
  if (requested > byRuns) why.push(`${runs.toLocaleString("en-US")} runs: one worker per ${MIN_RUNS_PER_WORKER.toLocaleString("en-US")} runs`);
  return { workers, note: `note: --workers ${requested} reduced to ${workers} (${why.join("; ")})` };
}

/** The worker script: beside the bundle (dist/worker.mjs), or beside this module when run from tsc's output. */
export function workerScript(): string | undefined {
  for (const name of ["./worker.mjs", "./worker.js"]) {
    const p = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

function runSlice(script: string, job: SliceJob, onDone: (done: number) => void): Promise<SliceReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: job });
    let replied = false;
    w.on("message", (m: SliceReply) => {
      if (isWorkerProgress(m)) return onDone(m.done);
      replied = true; resolve(m); void w.terminate();
    });
    w.once("error", reject);
    // A worker that ends without answering (killed, out of memory) must not leave the run waiting forever.
    w.once("exit", (code) => { if (!replied) reject(new Error(`worker thread stopped (exit code ${code}) before answering`)); });
  });
}

/** What {@link simulateParallel} simulates. */
export interface ParallelJob {
  readonly model: CompiledModel;
  /** The scenario `model` was compiled from, sent to each worker. */
  readonly scenario: Scenario;
  readonly overrides: ReadonlyMap<string, number>;
  readonly seed: number;
  readonly runs: number;
  /** Worker threads to use, already planned ({@link planWorkers}); 1 runs in this thread. */
  readonly workers: number;
  /** The worker script; default: the one beside this module. Tests pass the bundle's. */
  readonly script?: string | undefined;
  /** Called with the runs done so far at batch boundaries (progress.ts); given, one thread simulates in batches, yielding between them. */
  readonly onProgress?: ((done: number) => void) | undefined;
}

/** Simulates runs `[0, runs)` on `workers` threads; one worker (or no worker script) runs in this thread. */
export async function simulateParallel(job: ParallelJob): Promise<Tally> {
  const { model, seed, runs, workers } = job;
  const script = job.script ?? workerScript();
  const onProgress = job.onProgress;
  if (workers <= 1 || script === undefined) {
    if (onProgress === undefined) return simulateBatch(model, { seed, from: 0, to: runs });
    // In batches, so that the bar and Ctrl-C are served between them; counts add up exactly.
    const total = emptyTally(model);
    for (let from = 0; from < runs; from += RUN_BATCH) {
      const to = Math.min(runs, from + RUN_BATCH);
      addTally(total, simulateBatch(model, { seed, from, to }));
      onProgress(to);
      await breathe();
    }
    return total;
  }
  const overrides = [...job.overrides];
  const parts = slices(runs, workers);
  const done = parts.map(() => 0);
  const replies = await Promise.all(parts.map(([from, to], k) =>
    runSlice(script, { scenario: job.scenario, overrides, seed, from, to }, (d) => {
      done[k] = d;
      onProgress?.(done.reduce((a, b) => a + b, 0));
    })));
  const total = emptyTally(model);
  for (const r of replies) {
    if (!r.ok) {
      if (r.issues.length > 0) throw new ScenarioError(r.issues);
      throw new Error(r.message);
    }
    addTally(total, r);
  }
  return total;
}
