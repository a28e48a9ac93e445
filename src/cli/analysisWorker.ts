/**
 * A worker thread's work for the analyses, given in `workerData` when the
 * thread starts (worker.ts loads this module only then, so that a Monte
 * Carlo worker of `run` does not load the exact solver and the analyses):
 *
 * - `sensitivity`, `uncertainty`, `tornado`, `sweep`: a slice of parameter
 *   sets (pointsJob.ts), solved in batches with a progress message after
 *   each (workerProgress.ts);
 * - `compare`: paired runs claimed in chunks (pairedJob.ts);
 * - `paths` and `trace`: runs claimed in chunks, each chunk's result posted
 *   as it is made (pathsJob.ts, orderedChunks.ts).
 * @module
 */
import { parentPort } from "node:worker_threads";
import { ScenarioError } from "../scenario/issues.js";
import { isPointsJob, runPointsJob, type PointsReply } from "./pointsJob.js";
import { isPairedJob, runPairedJob } from "./pairedJob.js";
import { isStoryJob, runStoryJob } from "./pathsJob.js";
import { newEstimateState, type PointResult } from "../sensitivity/estimate.js";
import { POINT_BATCH, type WorkerProgress } from "./workerProgress.js";

/** Tells the CLI how much of this slice of points is done (workerProgress.ts). */
function progress(done: number): void {
  const m: WorkerProgress = { kind: "progress", done };
  parentPort?.postMessage(m);
}

function failure(e: unknown): PointsReply {
  if (e instanceof ScenarioError) return { ok: false, issues: e.issues, message: e.message };
  return { ok: false, issues: [], message: e instanceof Error ? e.message : String(e) };
}

/**
 * Runs the job a worker thread was started with and posts its reply (after
 * its progress messages); an unknown job is answered with a failure.
 */
export function runAnalysisJob(job: unknown): void {
  if (isPointsJob(job)) {
    // A slice of parameter sets, in batches of points, each solved alone (the same results as one
    // call), with a progress message after each batch.
    try {
      const results: PointResult[] = [];
      let failed: PointsReply | undefined;
      const state = newEstimateState(job.scenario); // one Resolver for the slice: its tape serves every batch
      for (let from = 0; from < job.points.length && failed === undefined; from += POINT_BATCH) {
        const part = runPointsJob({ ...job, points: job.points.slice(from, from + POINT_BATCH) }, state);
        if (part.ok) results.push(...part.results);
        else failed = part;
        progress(Math.min(job.points.length, from + POINT_BATCH));
      }
      const answer: PointsReply = failed ?? { ok: true, results };
      parentPort?.postMessage(answer);
    } catch (e) {
      parentPort?.postMessage(failure(e));
    }
  } else if (isPairedJob(job)) {
    // runPairedJob returns its problems as values.
    parentPort?.postMessage(runPairedJob(job));
  } else if (isStoryJob(job)) {
    runStoryJob(job, (m) => parentPort?.postMessage(m));
  } else {
    parentPort?.postMessage(failure(new Error("internal: malformed worker job")));
  }
}
