/**
 * The messages between the CLI and a worker thread that solves a run of
 * parameter sets (`sensitivity`, `uncertainty`), and the worker's side of
 * it: a pure function from a job to its reply. Each point is solved alone
 * (estimate.ts), so a slice's results are exactly the ones the whole run
 * would give at those points.
 * @module
 */
import type { Check } from "../evidence/check.js";
import type { Scenario } from "../scenario/scenario.js";
import type { Issue } from "../scenario/issues.js";
import { estimatePoints, newEstimateState, type EstimateState, type Method, type PointResult } from "../sensitivity/estimate.js";

/**
 * A slice of points for one worker. `method` is never `auto`: the main
 * thread decides (exact first; Monte Carlo at every point when any slice
 * reaches a solver limit), so that no two slices use two estimators.
 */
export interface PointsJob {
  readonly kind: "points";
  readonly scenario: Scenario;
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly method: Method;
  readonly runs: number;
  readonly seed: number;
  readonly maxStates: number | undefined;
  /** The evidence every point is conditioned on (empty: none). */
  readonly evidence: readonly Check[];
}

/** A worker's answer: a result per point, or the solver's limit (exact), or a failure. */
export type PointsReply =
  | { readonly ok: true; readonly results: readonly PointResult[] }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly message: string };

/** Checks the shape of a job received by a worker. */
export function isPointsJob(x: unknown): x is PointsJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return r.kind === "points" && typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.points)
    && (r.method === "exact" || r.method === "mc") && typeof r.runs === "number" && typeof r.seed === "number"
    && (r.maxStates === undefined || typeof r.maxStates === "number") && Array.isArray(r.evidence);
}

/** Solves a job's points (the worker's whole work). Pure. */
export function runPointsJob(job: PointsJob, state: EstimateState = newEstimateState(job.scenario)): PointsReply {
  const r = estimatePoints(job.scenario, job.points, { method: job.method, runs: job.runs, seed: job.seed, maxStates: job.maxStates, evidence: job.evidence }, state);
  return r.ok ? { ok: true, results: r.value.results } : { ok: false, issues: r.issues, message: r.issues.map((i) => i.message).join("; ") };
}
