/**
 * A worker thread's entry: compiles the scenario it is sent (already loaded
 * and checked by the main thread) with the same overrides, simulates one
 * slice of run indices and posts its tally back; or, for `sensitivity` and
 * `uncertainty`, solves a slice of parameter sets (pointsJob.ts). Starting a worker still
 * costs a few hundred milliseconds (loading this script), which is why
 * `--workers` is capped by the number of runs (parallel.ts).
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareModel } from "../model/prepare.js";
import { simulateBatch } from "../engine/simulate.js";
import { ScenarioError } from "../scenario/issues.js";
import { isSliceJob, type SliceReply } from "./slice.js";
import { isPointsJob, runPointsJob, type PointsReply } from "./pointsJob.js";
import { addTally, emptyTally } from "../engine/tally.js";
import type { PointResult } from "../sensitivity/estimate.js";
import { POINT_BATCH, RUN_BATCH, type WorkerProgress } from "./workerProgress.js";

function reply(r: SliceReply): void {
  parentPort?.postMessage(r);
}

/** Tells the CLI how much of this slice is done (workerProgress.ts). */
function progress(done: number): void {
  const m: WorkerProgress = { kind: "progress", done };
  parentPort?.postMessage(m);
}

const job: unknown = workerData;
if (isPointsJob(job)) {
  // sensitivity / uncertainty: a slice of parameter sets (pointsJob.ts).
  try {
    // In batches of points, each solved alone: the same results as one call.
    const results: PointResult[] = [];
    let failed: PointsReply | undefined;
    for (let from = 0; from < job.points.length && failed === undefined; from += POINT_BATCH) {
      const part = runPointsJob({ ...job, points: job.points.slice(from, from + POINT_BATCH) });
      if (part.ok) results.push(...part.results);
      else failed = part;
      progress(Math.min(job.points.length, from + POINT_BATCH));
    }
    const answer: PointsReply = failed ?? { ok: true, results };
    parentPort?.postMessage(answer);
  } catch (e) {
    reply({ ok: false, issues: [], message: e instanceof Error ? e.message : String(e) });
  }
} else if (!isSliceJob(job)) {
  reply({ ok: false, issues: [], message: "internal: malformed worker job" });
} else {
  try {
    const prepared = prepareModel(job.scenario, new Map(job.overrides));
    if (!prepared.ok) throw new ScenarioError(prepared.issues);
    const t = emptyTally(prepared.model);
    for (let from = job.from; from < job.to; from += RUN_BATCH) {
      const to = Math.min(job.to, from + RUN_BATCH);
      addTally(t, simulateBatch(prepared.model, { seed: job.seed, from, to }));
      progress(to - job.from);
    }
    reply({ ok: true, runs: t.runs, outcomes: t.outcomes, finalStates: t.finalStates, visited: t.visited, firstDaySum: t.firstDaySum });
  } catch (e) {
    if (e instanceof ScenarioError) reply({ ok: false, issues: e.issues, message: e.message });
    else reply({ ok: false, issues: [], message: e instanceof Error ? e.message : String(e) });
  }
}
