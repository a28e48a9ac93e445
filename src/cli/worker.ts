/**
 * A worker thread's entry: simulates one slice of run indices of a scenario
 * file and posts its tally back. Loading and compiling again here costs a few
 * hundred milliseconds, which is why `--workers` pays off only for large runs.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadScenarioFile } from "../io.js";
import { prepareModel } from "../model/prepare.js";
import { simulateBatch } from "../engine/simulate.js";
import { ScenarioError } from "../scenario/issues.js";
import { isSliceJob, type SliceReply } from "./slice.js";

function reply(r: SliceReply): void {
  parentPort?.postMessage(r);
}

const job: unknown = workerData;
if (!isSliceJob(job)) {
  reply({ ok: false, issues: [], message: "internal: malformed worker job" });
} else {
  try {
    const loaded = loadScenarioFile(job.file);
    if (!loaded.ok) throw new ScenarioError(loaded.issues);
    const prepared = prepareModel(loaded.scenario, new Map(job.overrides));
    if (!prepared.ok) throw new ScenarioError(prepared.issues);
    const t = simulateBatch(prepared.model, { seed: job.seed, from: job.from, to: job.to });
    reply({ ok: true, runs: t.runs, outcomes: t.outcomes, finalStates: t.finalStates, visited: t.visited, firstDaySum: t.firstDaySum });
  } catch (e) {
    if (e instanceof ScenarioError) reply({ ok: false, issues: e.issues, message: e.message });
    else reply({ ok: false, issues: [], message: e instanceof Error ? e.message : String(e) });
  }
}
