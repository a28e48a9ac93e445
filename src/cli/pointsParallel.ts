/**
 * Solving many parameter sets (`sensitivity`, `uncertainty`) over worker
 * threads: the points split into contiguous slices, one per worker, the
 * results joined in order. Each point's result depends on that point alone
 * (estimate.ts), so the joined results are identical for any number of
 * workers. The estimator is chosen as `estimatePoints` chooses it: exact at
 * every point, or (`auto`, when any slice reaches a solver limit) Monte
 * Carlo at every point.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { estimatePoints, mcBudgetIssue, newEstimateState, type Estimates, type EstimatorOptions, type Method, type PointResult } from "../sensitivity/estimate.js";
import type { CliContext } from "./context.js";
import { CliError, formatIssues } from "./errors.js";
import { MAX_WORKERS, planAnalysis, workerScript, type WorkerPlan, type WorkersOption } from "./parallel.js";
import type { PointsJob, PointsReply } from "./pointsJob.js";
import type { Loaded } from "./scenario.js";
import { slices } from "./slice.js";
import { breathe, withProgress } from "./progress.js";
import { isWorkerProgress, POINT_BATCH } from "./workerProgress.js";

/**
 * The fewest points worth giving one worker thread. Why: a worker costs
 * about 0.1–0.3 s before its first solve (loading the bundle, compiling the
 * scenario), the time of 5–15 exact solves of the shipped scenario; below
 * this many points per worker the split saves less than it costs.
 */
export const MIN_POINTS_PER_WORKER = 64;

/**
 * The same for Monte Carlo conditioned on evidence (`--method mc` with
 * `--given` or `--evidence`): a point of the default 20,000 conditioned runs
 * costs about 3.5 s of CPU (0.16–0.18 ms a run), many worker starts.
 */
export const MIN_CONDITIONED_POINTS_PER_WORKER = 2;

/**
 * Caps the requested number of workers at the cores and at one worker per
 * `perWorker` points (default {@link MIN_POINTS_PER_WORKER}; at least one),
 * with a note when fewer than asked. Pure.
 */
export function planPointWorkers(requested: number, points: number, cores: number, perWorker = MIN_POINTS_PER_WORKER): WorkerPlan {
  const byPoints = Math.max(1, Math.floor(points / perWorker));
  const byCores = Math.max(1, cores);
  const workers = Math.max(1, Math.min(requested, byPoints, byCores));
  if (workers === requested) return { workers, note: undefined };
  const why: string[] = [];
  if (requested > byCores) why.push(`${byCores} ${byCores === 1 ? "core" : "cores"}`);
  if (requested > byPoints) why.push(`${points.toLocaleString("en-US")} solves: one worker per ${perWorker} solves`);
  return { workers, note: `note: --workers ${requested} reduced to ${workers} (${why.join("; ")})` };
}

/** What {@link estimateParallel} solves. */
export interface PointsParallelJob {
  readonly scenario: Scenario;
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly estimator: EstimatorOptions;
  /** Worker threads, already planned; 1 (or no worker script) solves in this thread. */
  readonly workers: number;
  /** The worker script; default the one beside the CLI. Tests pass the bundle's. */
  readonly script?: string | undefined;
  /** Called with the points solved so far at batch boundaries (progress.ts); given, one thread solves in batches, yielding between them. */
  readonly onProgress?: ((done: number) => void) | undefined;
}

function runWorker(script: string, job: PointsJob, onDone: (done: number) => void): Promise<PointsReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: job });
    let replied = false;
    w.on("message", (m: PointsReply) => {
      if (isWorkerProgress(m)) return onDone(m.done);
      replied = true; resolve(m); void w.terminate();
    });
    w.once("error", reject);
    // A worker that ends without answering must not leave the command waiting forever.
    w.once("exit", (code) => { if (!replied) reject(new Error(`worker thread stopped (exit code ${code}) before answering`)); });
  });
}

/** Every slice with one method: the joined results, or the first slice's issues (a solver limit). Rejects on a worker failure. */
async function allSlices(script: string, job: PointsParallelJob, method: Method): Promise<Result<PointResult[]>> {
  const { estimator: o } = job;
  const parts = slices(job.points.length, job.workers);
  const done = parts.map(() => 0);
  const replies = await Promise.all(parts.map(([from, to], k) => runWorker(script, {
    kind: "points", scenario: job.scenario, points: job.points.slice(from, to), method, runs: o.runs, seed: o.seed, maxStates: o.maxStates, evidence: o.evidence,
  }, (d) => {
    done[k] = d;
    job.onProgress?.(done.reduce((a, b) => a + b, 0));
  })));
  const results: PointResult[] = [];
  for (const r of replies) {
    if (!r.ok) {
      if (r.issues.length > 0) return { ok: false, issues: r.issues };
      throw new Error(r.message);
    }
    results.push(...r.results);
  }
  return { ok: true, value: results, warnings: [] };
}

/**
 * Solves every point with one estimator, on `workers` threads: the same
 * result as `estimatePoints(scenario, points, estimator)`, point for point.
 * Rejects when a worker fails (an internal error).
 */
export async function estimateParallel(job: PointsParallelJob): Promise<Result<Estimates>> {
  const script = job.script ?? workerScript();
  const { estimator: o } = job;
  if (job.workers <= 1 || script === undefined || job.points.length === 0) {
    return job.onProgress === undefined ? estimatePoints(job.scenario, job.points, o) : inBatches(job, job.onProgress);
  }
  if (o.method !== "mc") {
    const exact = await allSlices(script, job, "exact");
    if (exact.ok) return { ok: true, value: { method: "exact", results: exact.value }, warnings: [] };
    if (o.method === "exact") return exact;
  }
  const budget = mcBudgetIssue(job.points.length, o.runs, o.evidence.length > 0);
  if (budget !== undefined) return { ok: false, issues: [budget] };
  const mc = await allSlices(script, job, "mc");
  if (!mc.ok) return { ok: false, issues: [...mc.issues, issue("option", [], "internal: Monte Carlo reported a solver limit")] };
  return { ok: true, value: { method: "mc", results: mc.value }, warnings: [] };
}

/**
 * {@link estimatePoints} in this thread, in batches of points with a breath
 * between them (for the progress bar and Ctrl-C): exact at every point, or
 * (`auto`, when a batch reaches a solver limit) Monte Carlo at every point,
 * as estimatePoints chooses; each point is solved alone, so the results are
 * the same.
 */
async function inBatches(job: PointsParallelJob, onProgress: (done: number) => void): Promise<Result<Estimates>> {
  const { estimator: o, points } = job;
  // One Resolver for every batch: its tape serves them all (a new one per batch would solve each batch's first point cold).
  const state = newEstimateState(job.scenario);
  const pass = async (method: Method): Promise<Result<PointResult[]>> => {
    const results: PointResult[] = [];
    for (let from = 0; from < points.length; from += POINT_BATCH) {
      const r = estimatePoints(job.scenario, points.slice(from, from + POINT_BATCH), { ...o, method }, state);
      if (!r.ok) return r;
      results.push(...r.value.results);
      onProgress(Math.min(points.length, from + POINT_BATCH));
      await breathe();
    }
    return { ok: true, value: results, warnings: [] };
  };
  if (o.method !== "mc") {
    const exact = await pass("exact");
    if (exact.ok) return { ok: true, value: { method: "exact", results: exact.value }, warnings: [] };
    if (o.method === "exact") return exact;
  }
  const budget = mcBudgetIssue(points.length, o.runs, o.evidence.length > 0);
  if (budget !== undefined) return { ok: false, issues: [budget] };
  const mc = await pass("mc");
  return mc.ok ? { ok: true, value: { method: "mc", results: mc.value }, warnings: [] } : mc;
}

/** What {@link solvePointsOrFail} needs from a command. */
export interface CommandSolve {
  readonly loaded: Loaded;
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly estimator: EstimatorOptions;
  /** `--workers` as given: capped here ({@link planPointWorkers}), with a note on stderr when reduced. */
  readonly workers: WorkersOption;
}

/**
 * A command's solves on worker threads: the plan's note on stderr, then
 * {@link estimateParallel}; a solver limit under `--method exact` (or a
 * problem a worker found) is a {@link CliError} (exit 2).
 */
export async function solvePointsOrFail(ctx: CliContext, job: CommandSolve): Promise<Estimates> {
  // Monte Carlo with evidence may also come from `auto` falling back past a solver limit: planned for it whenever it can
  // run (with `auto` and an exact pass, a worker more than the exact solves need costs its start, ~0.1–0.3 s).
  const conditionedMc = job.estimator.method !== "exact" && job.estimator.evidence.length > 0;
  const perWorker = conditionedMc ? MIN_CONDITIONED_POINTS_PER_WORKER : MIN_POINTS_PER_WORKER;
  const plan = planAnalysis(job.workers, (n) => planPointWorkers(n, job.points.length, availableParallelism(), perWorker));
  if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
  const { loaded } = job;
  const r = await withProgress(ctx, job.points.length, "solves", (p) =>
    estimateParallel({ scenario: loaded.scenario, points: job.points, estimator: job.estimator, workers: plan.workers, onProgress: p.update }));
  if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
  return r.value;
}

/** `--workers` help of the analysis commands. */
export const POINT_WORKERS_HELP = `worker threads for the solves, at most ${MAX_WORKERS}, or auto for the cores (same numbers for any count; capped at the cores and at one per ${MIN_POINTS_PER_WORKER} solves, ${MIN_CONDITIONED_POINTS_PER_WORKER} for Monte Carlo with evidence)`;
