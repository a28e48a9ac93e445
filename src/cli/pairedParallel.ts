/**
 * Paired runs (`compare`) over worker threads: runs `[0, runs)` split into
 * contiguous slices, one per worker, each simulating its slice of both sides
 * in lockstep (pairedJob.ts); the integer counts are added up, so the result
 * is identical for any number of workers. Workers are planned as for `run`
 * (parallel.ts: at most the cores, one per MIN_RUNS_PER_WORKER runs).
 * With evidence the slices carry each side's checks and return exact
 * weighted sums (pairedWeighted.ts), merged exactly: the same numbers for
 * any number of workers too.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { CompiledModel } from "../model/model.js";
import { pairTargets } from "../analysis/pairTargets.js";
import { addPairTally, emptyPairTally, PairSideError, simulatePairs, type PairTally } from "../analysis/pairedRuns.js";
import { simulateConditionedPairs, type PairEvidence } from "../analysis/pairedConditioned.js";
import { addWeightedPairTally, emptyWeightedPairTally, type WeightedPairTally } from "../analysis/pairedWeighted.js";
import type { Scenario } from "../scenario/scenario.js";
import { workerScript } from "./parallel.js";
import type { PairedJob, PairedReply } from "./pairedJob.js";
import { slices } from "./slice.js";

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
  /** Worker threads, already planned (`planWorkers`); 1 (or no worker script) runs in this thread. */
  readonly workers: number;
  /** The worker script; default the one beside the CLI. Tests pass the bundle's. */
  readonly script?: string | undefined;
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

/** The replies of every slice, in order (a side's problem thrown as a {@link PairSideError}). */
async function slicesOnWorkers(script: string, job: PairedParallelJob, evidence: PairEvidence | undefined): Promise<PairedReply[]> {
  const side = (s: PairedSide) => ({ scenario: s.scenario, overrides: [...s.overrides] });
  const replies = await Promise.all(slices(job.runs, job.workers).map(([from, to]) =>
    runWorker(script, { kind: "paired", a: side(job.a), b: side(job.b), seed: job.seed, from, to, evidence })));
  for (const r of replies) {
    if (r.ok) continue;
    if (r.side !== undefined && r.issues.length > 0) throw new PairSideError(r.side, r.issues);
    throw new Error(r.message);
  }
  return replies;
}

/**
 * Simulates paired runs `[0, runs)` on `workers` threads: the same counts
 * as `simulatePairs(a.model, b.model, { seed, from: 0, to: runs })`. Throws
 * a {@link PairSideError} on a side's run-time problem.
 */
export async function simulatePairsParallel(job: PairedParallelJob): Promise<PairTally> {
  const { a, b, seed, runs } = job;
  const script = job.script ?? workerScript();
  if (job.workers <= 1 || script === undefined) return simulatePairs(a.model, b.model, { seed, from: 0, to: runs });
  const total = emptyPairTally(pairTargets(a.model, b.model).targets.length);
  for (const r of await slicesOnWorkers(script, job, undefined)) {
    if (!r.ok || "weighted" in r) throw new Error("internal: a weighted reply to an unweighted paired job");
    addPairTally(total, r);
  }
  return total;
}

/**
 * Simulates paired runs `[0, runs)`, each side conditioned on its checks,
 * on `workers` threads: the same exact sums as
 * `simulateConditionedPairs(a.model, b.model, evidence, { seed, from: 0, to: runs })`.
 * Throws a {@link PairSideError} on a side's problem.
 */
export async function simulateConditionedPairsParallel(job: PairedParallelJob, evidence: PairEvidence): Promise<WeightedPairTally> {
  const { a, b, seed, runs } = job;
  const script = job.script ?? workerScript();
  if (job.workers <= 1 || script === undefined) return simulateConditionedPairs(a.model, b.model, evidence, { seed, from: 0, to: runs });
  const total = emptyWeightedPairTally(pairTargets(a.model, b.model).targets.length);
  for (const r of await slicesOnWorkers(script, job, evidence)) {
    if (!r.ok || !("weighted" in r)) throw new Error("internal: an unweighted reply to a weighted paired job");
    addWeightedPairTally(total, r.weighted);
  }
  return total;
}
