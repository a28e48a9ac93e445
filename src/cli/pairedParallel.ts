/**
 * Paired runs (`compare`) over worker threads: every thread, this one
 * included, claims chunks of run indices from a shared counter and
 * simulates both sides of each run in lockstep (pairedJob.ts); the integer
 * counts, or with evidence the exact weighted sums (pairedWeighted.ts), are
 * merged, so the result is identical for any number of threads. This thread
 * yields between its chunks when a progress bar is drawn, so that the bar
 * moves and Ctrl-C is served. Threads are planned as for `run` (parallel.ts,
 * threads.ts: per plain run, or per conditioned run with evidence).
 * @module
 */
import { Worker } from "node:worker_threads";
import type { CompiledModel } from "../model/model.js";
import type { PairTally } from "../analysis/pairedRuns.js";
import type { PairEvidence } from "../analysis/pairedConditioned.js";
import { addPairTally, simulatePairs } from "../analysis/pairedRuns.js";
import { simulateConditionedPairs } from "../analysis/pairedConditioned.js";
import { addWeightedPairTally, type WeightedPairTally } from "../analysis/pairedWeighted.js";
import type { Scenario } from "../scenario/scenario.js";
import { throwEarliest } from "./claim.js";
import { conditionedChunk } from "./conditionedParallel.js";
import { thisThread, workerScript } from "./parallel.js";
import { claimPaired, emptyPairedTotal, PAIRED_CHUNK_RUNS, throwPairedFailure, type PairedFailure, type PairedJob, type PairedReply, type PairedTotal } from "./pairedJob.js";

/** One side of {@link simulatePairsParallel}: the compiled model and what it was compiled from (sent to workers). */
export interface PairedSide {
  readonly model: CompiledModel;
  readonly scenario: Scenario;
  readonly overrides: ReadonlyMap<string, number>;
}

/** What {@link simulatePairsParallel} simulates. */
export interface PairedParallelJob {
  readonly a: PairedSide;
  readonly b: PairedSide;
  readonly seed: number;
  readonly runs: number;
  /** Threads, already planned (`planWorkers`); 1 (or no worker script) runs in this thread. */
  readonly workers: number;
  /** The worker script; default the one beside the CLI. Tests pass the bundle's. */
  readonly script?: string | undefined;
  /** Called with the runs done so far by every thread (progress.ts); given, this thread yields between chunks. */
  readonly onProgress?: ((done: number) => void) | undefined;
}

function runWorker(script: string, job: PairedJob): Promise<PairedReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: job });
    let replied = false;
    w.once("message", (m: PairedReply) => { replied = true; resolve(m); void w.terminate(); });
    w.once("error", reject);
    // A worker that ends without answering must not leave the command waiting forever.
    w.once("exit", (code) => { if (!replied) reject(new Error(`worker thread stopped (exit code ${code}) before answering`)); });
  });
}

/**
 * Runs `[0, runs)` of the pair on `job.workers` threads: this one and
 * `workers − 1` worker threads claim chunks until none is left; the earliest
 * failing chunk's problem is thrown (a side's as a PairSideError), as one
 * thread would report it. Returns this thread's total with the workers' merged in.
 */
async function claimPairs(job: PairedParallelJob, evidence: PairEvidence | undefined, script: string | undefined): Promise<PairedTotal> {
  const { a, b, seed, runs } = job;
  const threads = script === undefined ? 1 : Math.max(1, job.workers);
  // Two Int32s shared by every thread: the next chunk to claim, and the runs done (for the progress bar).
  const counter = new SharedArrayBuffer(8);
  const chunk = evidence === undefined ? Math.max(1, Math.min(PAIRED_CHUNK_RUNS, Math.ceil(runs / threads))) : conditionedChunk(runs, threads);
  const claim = { seed, from: 0, to: runs, chunk, counter };
  const side = (s: PairedSide) => ({ scenario: s.scenario, overrides: [...s.overrides] });
  const replies = Promise.all(Array.from({ length: threads - 1 }, () =>
    runWorker(script ?? "", { kind: "paired", a: side(a), b: side(b), evidence, ...claim })));
  // Should this thread fail first, its error is thrown once the workers have answered (they stop claiming).
  replies.catch(() => undefined);
  const total = emptyPairedTotal(a.model, b.model, evidence);
  const failed = await thisThread(() => claimPaired(a.model, b.model, claim, total), job.onProgress);
  const all = await replies;
  throwEarliest<PairedFailure>(failed, all, throwPairedFailure);
  for (const r of all) {
    if (!r.ok) continue; // thrown above
    if (total.kind === "weighted" && "weighted" in r) addWeightedPairTally(total.tally, r.weighted);
    else if (total.kind === "plain" && !("weighted" in r)) addPairTally(total.tally, r);
    else throw new Error("internal: a paired reply of the other kind");
  }
  if (total.tally.runs !== runs) throw new Error(`internal: the threads ran ${total.tally.runs} paired runs, not ${runs}`);
  job.onProgress?.(runs);
  return total;
}

/**
 * Simulates paired runs `[0, runs)` on `workers` threads: the same counts
 * as `simulatePairs(a.model, b.model, { seed, from: 0, to: runs })`. Throws
 * a PairSideError on a side's run-time problem.
 */
export async function simulatePairsParallel(job: PairedParallelJob): Promise<PairTally> {
  const script = job.script ?? workerScript();
  if ((job.workers <= 1 || script === undefined) && job.onProgress === undefined) {
    return simulatePairs(job.a.model, job.b.model, { seed: job.seed, from: 0, to: job.runs });
  }
  const total = await claimPairs(job, undefined, script);
  if (total.kind !== "plain") throw new Error("internal: a weighted total without evidence");
  return total.tally;
}

/**
 * Simulates paired runs `[0, runs)`, each side conditioned on its checks,
 * on `workers` threads: the same exact sums as
 * `simulateConditionedPairs(a.model, b.model, evidence, { seed, from: 0, to: runs })`.
 * Throws a PairSideError on a side's problem.
 */
export async function simulateConditionedPairsParallel(job: PairedParallelJob, evidence: PairEvidence): Promise<WeightedPairTally> {
  const script = job.script ?? workerScript();
  if ((job.workers <= 1 || script === undefined) && job.onProgress === undefined) {
    return simulateConditionedPairs(job.a.model, job.b.model, evidence, { seed: job.seed, from: 0, to: job.runs });
  }
  const total = await claimPairs(job, evidence, script);
  if (total.kind !== "weighted") throw new Error("internal: a plain total with evidence");
  return total.tally;
}
