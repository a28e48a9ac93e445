/**
 * Conditioned Monte Carlo (`run` with evidence) shared between the CLI's
 * main thread and its worker threads: the job a worker is sent, its reply,
 * and the loop each thread runs. The same protocol as slice.ts: every thread
 * claims chunks of run indices from a shared counter until none is left.
 *
 * Why the result is the same for any number of threads: run `i` is
 * simulated from its own generator whichever thread runs it, and a
 * conditioned tally holds exact sums (src/conditioned/fsum.ts), so tallies
 * of disjoint chunks merge into the same correctly rounded numbers in any
 * order, as the engine's integer counts do.
 * @module
 */
import { simulateConditioned } from "../conditioned/simulate.js";
import { addConditionedTally, emptyConditionedTally, type ConditionedTally } from "../conditioned/tally.js";
import type { Check } from "../evidence/check.js";
import type { CompiledModel } from "../model/model.js";
import type { Scenario } from "../scenario/scenario.js";
import { claimed, type ClaimRange, type WorkerFailure } from "./claim.js";

/**
 * Runs per chunk of conditioned work. Why far fewer than the plain engine's
 * (parallel.ts, `CHUNK_RUNS`): a conditioned run costs about 650 plain ones
 * (0.16–0.18 ms for the shipped scenario and its evidence), so 512 runs are
 * about 100 ms: the threads finish within that of each other and the
 * progress bar moves, while merging a chunk's exact sums stays well under 1%
 * of its time.
 */
export const CONDITIONED_CHUNK_RUNS = 512;

/** A range of conditioned runs for a worker to share with the other threads: the scenario checked, the checks resolved. */
export interface ConditionedSliceJob extends ClaimRange {
  readonly kind: "conditioned";
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
  /** Which compiled model of the sending thread this is (see `SliceJob.modelId`). */
  readonly modelId: number;
  /** The resolved observations (plain data: global state and machine indices, days). */
  readonly checks: readonly Check[];
  readonly seed: number;
  /** `--at` days (ascending), tallied as `ConditionedTally.at`. */
  readonly atDays: readonly number[];
}

/** A worker's answer: the exact sums of the chunks it ran, or the problem. */
export type ConditionedSliceReply =
  | { readonly ok: true; readonly conditioned: ConditionedTally }
  | WorkerFailure;

/** Checks the shape of a job received by a worker. */
export function isConditionedSliceJob(x: unknown): x is ConditionedSliceJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return r.kind === "conditioned" && typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides) && typeof r.modelId === "number"
    && Array.isArray(r.checks) && typeof r.seed === "number" && typeof r.from === "number" && typeof r.to === "number"
    && typeof r.chunk === "number" && r.chunk >= 1 && r.counter instanceof SharedArrayBuffer && Array.isArray(r.atDays);
}

/** What {@link claimConditioned} needs of a job. */
export type ConditionedClaim = ClaimRange & Pick<ConditionedSliceJob, "checks" | "seed" | "atDays">;

/**
 * Claims the job's next chunk, simulates it conditioned on the job's checks
 * into `total`, and counts its runs as done for every thread; returns the
 * runs done by all threads so far, or undefined when no chunk is left
 * (claim.ts, `claimed`: a failure stops every thread's claims).
 * Deterministic per chunk.
 */
export function claimConditioned(model: CompiledModel, job: ConditionedClaim, total: ConditionedTally): number | undefined {
  return claimed(job, (from, to) =>
    addConditionedTally(total, simulateConditioned(model, job.checks, { seed: job.seed, from, to, atDays: job.atDays })));
}

/** Runs claimed chunks until none is left: the exact sums of those this thread ran. */
export function simulateConditionedClaimed(model: CompiledModel, job: ConditionedClaim): ConditionedTally {
  const total = emptyConditionedTally(model, job.atDays);
  while (claimConditioned(model, job, total) !== undefined);
  return total;
}
