/**
 * `paths` and `trace` over threads, with a progress bar: the runs are
 * claimed in chunks by this thread and `--workers` − 1 worker threads, and
 * the chunks' results are taken in run order (orderedChunks.ts), so the
 * report is the one-thread report for any number of threads. Threads are
 * planned by the cost of a run on the reference engine with its trace.
 * @module
 */
import { availableParallelism } from "node:os";
import { PathsAccumulator, pathsOfChunk, type PathTally } from "../analysis/paths.js";
import { samplesOfChunk, SamplesAccumulator, type Samples } from "../analysis/samples.js";
import type { CliContext } from "./context.js";
import { runOrdered } from "./orderedChunks.js";
import { planAnalysis, planWorkers, workerScript, type WorkersOption } from "./parallel.js";
import type { PathsInputs } from "./pathsOptions.js";
import type { PathsJob, SamplesJob } from "./pathsJob.js";
import { withProgress } from "./progress.js";
import { withScenarioAsync } from "./scenario.js";
import type { RunCost } from "./threads.js";

/**
 * Runs told by `paths` and `trace`: the reference engine with each run's
 * state changes recorded, about 3.5 µs a run for the shipped scenario (one
 * core, 2026-11-29), so a worker's ~0.1 s start is about 30,000 runs.
 */
export const STORY_RUNS: RunCost = { minPerWorker: 30_000, autoPerThread: 150_000, unit: "runs" };

/** Runs per chunk: about 14 ms at 3.5 µs a run (the threads finish together, the bar moves). */
export const STORY_CHUNK = 4_096;

/** The threads for `runs` runs under `--workers`, with the plan's note on stderr. */
function threadsFor(ctx: CliContext, workers: WorkersOption, runs: number): number {
  const plan = planAnalysis(workers, (n) => planWorkers(n, runs, availableParallelism(), STORY_RUNS));
  if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
  return plan.workers;
}

/** What both commands send a worker: the checked scenario, its values, the seed and the outcome. */
function base(inputs: PathsInputs, seed: number) {
  return { scenario: inputs.loaded.scenario, overrides: [...inputs.values.values], seed, outcome: inputs.outcome };
}

/** `paths`: the tally of runs `[0, runs)` over `machines` (all when undefined). */
export async function pathsOnThreads(ctx: CliContext, inputs: PathsInputs,
  o: { seed: number; runs: number; machines: readonly number[] | undefined; maxPaths: number; workers: WorkersOption }): Promise<PathTally> {
  const threads = threadsFor(ctx, o.workers, o.runs);
  const acc = new PathsAccumulator(o.maxPaths);
  const opts = { seed: o.seed, outcome: inputs.outcome, machines: o.machines };
  await withScenarioAsync(inputs.loaded, () => withProgress(ctx, o.runs, "runs", (p) => runOrdered({
    from: 0, to: o.runs, chunk: STORY_CHUNK, workers: threads - 1, script: workerScript(),
    workerData: (claim): PathsJob => ({ kind: "paths", ...base(inputs, o.seed), machines: o.machines, ...claim }),
    here: (from, to) => pathsOfChunk(inputs.model, opts, from, to),
    consume: (chunk) => { acc.add(chunk); return true; },
    onProgress: p.update,
  })));
  return acc.tally();
}

/** `trace`: the first `count` matching runs among `[0, maxRuns)`. */
export async function samplesOnThreads(ctx: CliContext, inputs: PathsInputs,
  o: { seed: number; count: number; maxRuns: number; workers: WorkersOption }): Promise<Samples> {
  const threads = threadsFor(ctx, o.workers, o.maxRuns);
  const acc = new SamplesAccumulator(o.count);
  const opts = { seed: o.seed, outcome: inputs.outcome, count: o.count };
  await withScenarioAsync(inputs.loaded, () => withProgress(ctx, o.maxRuns, "runs searched", (p) => runOrdered({
    from: 0, to: o.maxRuns, chunk: STORY_CHUNK, workers: threads - 1, script: workerScript(),
    workerData: (claim): SamplesJob => ({ kind: "samples", ...base(inputs, o.seed), count: o.count, ...claim }),
    here: (from, to) => samplesOfChunk(inputs.model, opts, from, to),
    consume: (found, _from, to) => !acc.add(found, to),
    onProgress: p.update,
  })));
  return acc.samples();
}
