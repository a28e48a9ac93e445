/**
 * A worker thread's entry: compiles the scenario it is sent (already loaded
 * and checked by the main thread) with the same overrides, simulates one
 * slice of run indices and posts its tally back; or, for `sensitivity` and
 * `uncertainty`, solves a slice of parameter sets (pointsJob.ts); or, for
 * `compare`, simulates a slice of paired runs (pairedJob.ts). Starting a worker still
 * costs a few hundred milliseconds (loading this script), which is why
 * `--workers` is capped by the number of runs (parallel.ts).
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareModel } from "../model/prepare.js";
import { simulateBatch } from "../engine/simulate.js";
import { ScenarioError } from "../scenario/issues.js";
import { isSliceJob, type SliceReply } from "./slice.js";
import { isPointsJob, runPointsJob } from "./pointsJob.js";
import { isPairedJob, runPairedJob } from "./pairedJob.js";

function reply(r: SliceReply): void {
  parentPort?.postMessage(r);
}

const job: unknown = workerData;
if (isPointsJob(job)) {
  // sensitivity / uncertainty: a slice of parameter sets (pointsJob.ts).
  try {
    parentPort?.postMessage(runPointsJob(job));
  } catch (e) {
    reply({ ok: false, issues: [], message: e instanceof Error ? e.message : String(e) });
  }
} else if (isPairedJob(job)) {
  // compare: a slice of paired runs (pairedJob.ts); runPairedJob returns its problems as values.
  parentPort?.postMessage(runPairedJob(job));
} else if (!isSliceJob(job)) {
  reply({ ok: false, issues: [], message: "internal: malformed worker job" });
} else {
  try {
    const prepared = prepareModel(job.scenario, new Map(job.overrides));
    if (!prepared.ok) throw new ScenarioError(prepared.issues);
    const t = simulateBatch(prepared.model, { seed: job.seed, from: job.from, to: job.to, at: job.at });
    reply({ ok: true, runs: t.runs, outcomes: t.outcomes, finalStates: t.finalStates, visited: t.visited, firstDaySum: t.firstDaySum, at: t.at });
  } catch (e) {
    if (e instanceof ScenarioError) reply({ ok: false, issues: e.issues, message: e.message });
    else reply({ ok: false, issues: [], message: e instanceof Error ? e.message : String(e) });
  }
}
