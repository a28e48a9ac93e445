/**
 * Monte Carlo over worker threads: runs `[0, runs)` split into contiguous
 * slices, one per worker, each simulated from the scenario file, tallies added
 * up. Counts are integers, so the result is identical for any number of
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
import { slices, type SliceJob, type SliceReply } from "./slice.js";

/** The worker script: beside the bundle (dist/worker.mjs), or beside this module when run from tsc's output. */
function workerScript(): string | undefined {
  for (const name of ["./worker.mjs", "./worker.js"]) {
    const p = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

function runSlice(script: string, job: SliceJob): Promise<SliceReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: job });
    w.once("message", (m: SliceReply) => { resolve(m); void w.terminate(); });
    w.once("error", reject);
  });
}

/**
 * Simulates runs `[0, runs)` of `model` (loaded from `file` with `overrides`)
 * on `workers` threads; one worker (or no worker script) runs in this thread.
 */
export async function simulateParallel(
  model: CompiledModel, file: string, overrides: ReadonlyMap<string, number>, seed: number, runs: number, workers: number,
): Promise<Tally> {
  const script = workerScript();
  if (workers <= 1 || script === undefined) return simulateBatch(model, { seed, from: 0, to: runs });
  const replies = await Promise.all(slices(runs, workers).map(([from, to]) =>
    runSlice(script, { file, overrides: [...overrides], seed, from, to })));
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
