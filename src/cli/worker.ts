/**
 * A worker thread's entry. Two kinds of work:
 *
 * - Monte Carlo (`run`): the thread is started early, with no job, while the
 *   main thread is still loading the scenario; it loads this script, then
 *   waits for a {@link SliceJob} (the scenario already loaded and checked,
 *   with the final parameter values), compiles it, runs chunks of run indices
 *   claimed from a counter shared with the other threads (slice.ts), and
 *   posts its tally back; with evidence, a {@link ConditionedSliceJob}
 *   likewise, with the resolved checks, and its exact sums go back
 *   (conditionedSlice.ts);
 * - the analyses (`sensitivity`, `uncertainty`, `tornado`, `sweep`,
 *   `compare`): a job given in `workerData`, run by analysisWorker.ts.
 *
 * Why the analyses' code is imported only when such a job comes: a Monte
 * Carlo worker starts while the main thread is already computing, and every
 * module it loads delays its first run (and stays in its memory); it needs
 * the model's compiler and the engine only.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileModel } from "../model/compile.js";
import type { CompiledModel } from "../model/model.js";
import { resolveParams } from "../model/params.js";
import { ScenarioError } from "../scenario/issues.js";
import { failureOf } from "./claim.js";
import { isConditionedSliceJob, simulateConditionedClaimed, type ConditionedSliceJob, type ConditionedSliceReply } from "./conditionedSlice.js";
import { isSliceJob, simulateClaimed, type SliceJob, type SliceReply } from "./slice.js";

/**
 * Compiles the job's scenario with its parameter values: parameters resolved
 * and the model compiled, as prepareModel does, but without its check of the
 * outcomes' coverage. Why: the main thread made that check on this scenario
 * with these values before sending it (a check of the scenario, not of a
 * run), and in a worker it cost 10–50 ms of CPU before the first run.
 */
function compile(job: Pick<SliceJob, "scenario" | "overrides">): CompiledModel {
  const params = resolveParams(job.scenario, new Map(job.overrides));
  if (!params.ok) throw new ScenarioError(params.issues);
  const compiled = compileModel(job.scenario, params.params);
  if (!compiled.ok) throw new ScenarioError(compiled.issues);
  return compiled.model;
}

/** The model of the last job, by the sender's number for it (`SliceJob.modelId`). */
let last: { readonly id: number; readonly model: CompiledModel } | undefined;

/** The job's model: the last one when the job names it, else compiled (see {@link compile}). */
function modelOf(job: Pick<SliceJob, "scenario" | "overrides" | "modelId">): CompiledModel {
  if (last?.id === job.modelId) return last.model;
  const model = compile(job);
  last = { id: job.modelId, model };
  return model;
}

function runSlice(job: SliceJob): SliceReply {
  try {
    const t = simulateClaimed(modelOf(job), job);
    return { ok: true, runs: t.runs, outcomes: t.outcomes, finalStates: t.finalStates, visited: t.visited, firstDaySum: t.firstDaySum, at: t.at };
  } catch (e) {
    return failureOf(e);
  }
}

function runConditioned(job: ConditionedSliceJob): ConditionedSliceReply {
  try {
    return { ok: true, conditioned: simulateConditionedClaimed(modelOf(job), job) };
  } catch (e) {
    return failureOf(e);
  }
}

const job: unknown = workerData;
if (job === undefined || job === null) {
  // Monte Carlo: jobs arrive as messages; the main thread ends this thread when done.
  parentPort?.on("message", (m: unknown) => {
    const r: SliceReply | ConditionedSliceReply = isSliceJob(m) ? runSlice(m)
      : isConditionedSliceJob(m) ? runConditioned(m)
      : { ok: false, issues: [], message: "internal: malformed worker job" };
    parentPort?.postMessage(r);
  });
} else {
  const { runAnalysisJob } = await import("./analysisWorker.js");
  runAnalysisJob(job);
}
