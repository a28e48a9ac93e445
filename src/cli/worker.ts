/**
 * A worker thread's entry. Two kinds of work:
 *
 * - Monte Carlo (`run`): the thread is started early, with no job, while the
 *   main thread is still loading the scenario; it loads this script, then
 *   waits for a {@link SliceJob} (the scenario already loaded and checked,
 *   with the final parameter values), compiles it, runs chunks of run indices
 *   claimed from a counter shared with the other threads (slice.ts), and
 *   posts its tally back;
 * - `sensitivity`, `uncertainty`, `tornado`, `sweep`: a slice of parameter
 *   sets given in `workerData` (pointsJob.ts), solved at once.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareModel } from "../model/prepare.js";
import { ScenarioError } from "../scenario/issues.js";
import { isSliceJob, simulateClaimed, type SliceJob, type SliceReply } from "./slice.js";
import { isPointsJob, runPointsJob } from "./pointsJob.js";
import { isPairedJob, runPairedJob } from "./pairedJob.js";

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

const job: unknown = workerData;
if (isPointsJob(job)) {
  try {
    parentPort?.postMessage(runPointsJob(job));
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
