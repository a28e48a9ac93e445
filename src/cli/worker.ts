/**
 * A worker thread's entry. Three kinds of work:
 *
 * - Monte Carlo (`run`): the thread is started early, with no job, while the
 *   main thread is still loading the scenario; it loads this script, then
 *   waits for a {@link SliceJob} (the scenario already loaded and checked,
 *   with the final parameter values), compiles it, runs chunks of run indices
 *   claimed from a counter shared with the other threads (slice.ts), and
 *   posts its tally back;
 * - `sensitivity`, `uncertainty`, `tornado`, `sweep`: a slice of parameter
 *   sets given in `workerData` (pointsJob.ts), solved in batches with a
 *   progress message after each (workerProgress.ts);
 * - `compare`: a slice of paired runs given in `workerData` (pairedJob.ts).
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareModel } from "../model/prepare.js";
import { ScenarioError } from "../scenario/issues.js";
import { isSliceJob, simulateClaimed, type SliceJob, type SliceReply } from "./slice.js";
import { isPointsJob, runPointsJob, type PointsReply } from "./pointsJob.js";
import { isPairedJob, runPairedJob } from "./pairedJob.js";
import { newEstimateState, type PointResult } from "../sensitivity/estimate.js";
import { POINT_BATCH, type WorkerProgress } from "./workerProgress.js";

function reply(r: SliceReply): void {
  parentPort?.postMessage(r);
}

function failure(e: unknown): SliceReply {
  if (e instanceof ScenarioError) return { ok: false, issues: e.issues, message: e.message };
  return { ok: false, issues: [], message: e instanceof Error ? e.message : String(e) };
}

function runSlice(job: SliceJob): SliceReply {
  try {
    const prepared = prepareModel(job.scenario, new Map(job.overrides));
    if (!prepared.ok) throw new ScenarioError(prepared.issues);
    const t = simulateClaimed(prepared.model, job);
    return { ok: true, runs: t.runs, outcomes: t.outcomes, finalStates: t.finalStates, visited: t.visited, firstDaySum: t.firstDaySum, at: t.at };
  } catch (e) {
    return failure(e);
  }
}

/** Tells the CLI how much of this slice of points is done (workerProgress.ts). */
function progress(done: number): void {
  const m: WorkerProgress = { kind: "progress", done };
  parentPort?.postMessage(m);
}

const job: unknown = workerData;
if (isPointsJob(job)) {
  // sensitivity / uncertainty / tornado / sweep: a slice of parameter sets (pointsJob.ts), in batches of
  // points, each solved alone (the same results as one call), with a progress message after each batch.
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
    reply(failure(e));
  }
} else if (isPairedJob(job)) {
  // compare: a slice of paired runs (pairedJob.ts); runPairedJob returns its problems as values.
  parentPort?.postMessage(runPairedJob(job));
} else {
  // Monte Carlo: jobs arrive as messages; the main thread ends this thread when done.
  parentPort?.on("message", (m: unknown) => {
    reply(isSliceJob(m) ? runSlice(m) : { ok: false, issues: [], message: "internal: malformed worker job" });
  });
}
