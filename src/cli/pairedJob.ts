/**
 * Paired runs (`compare`) shared between the CLI's main thread and its
 * worker threads: the job a worker is sent, its reply, and the loop each
 * thread runs. The same protocol as `run` (claim.ts): every thread claims
 * chunks of run indices from a shared counter until none is left, so the
 * threads finish together and the main thread's progress bar counts every
 * thread's runs. Both scenarios travel already loaded and checked, with
 * their overrides; the worker compiles them (deterministic) and simulates
 * its chunks of both in lockstep. With evidence (each side's checks, plain
 * data), chunks are simulated by the conditioned lockstep sampler
 * (src/analysis/pairedConditioned.ts) and exact weighted sums travel back.
 *
 * Why the result is the same for any number of threads: run `i` of each
 * side is simulated from its own generator whichever thread runs it, and
 * the tallies are integer counts or exact sums, which merge into the same
 * numbers in any order.
 * @module
 */
import { prepareModel } from "../model/prepare.js";
import type { CompiledModel } from "../model/model.js";
import { addPairTally, emptyPairTally, PairSideError, simulatePairs, type PairTally, type Side } from "../analysis/pairedRuns.js";
import { simulateConditionedPairs, type PairEvidence } from "../analysis/pairedConditioned.js";
import { addWeightedPairTally, emptyWeightedPairTally, type WeightedPairTally } from "../analysis/pairedWeighted.js";
import { pairTargets } from "../analysis/pairTargets.js";
import type { Scenario } from "../scenario/scenario.js";
import { ChunkFailure, claimed, failureOf, throwFailure, type ClaimRange, type WorkerFailure } from "./claim.js";

/**
 * Paired runs per chunk claimed (without evidence; with evidence, those of
 * conditionedSlice.ts). Why fewer than `run`'s 16,384: a pair costs about
 * 8 µs on the reference engine, so 2,048 pairs are about 16 ms: the threads
 * finish within that of each other and the bar moves.
 */
export const PAIRED_CHUNK_RUNS = 2_048;

/** One side of a paired job: a scenario and its overrides. */
export interface PairedSideJob {
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
}

/** A range of paired runs for a worker to share with the other threads. */
export interface PairedJob extends ClaimRange {
  readonly kind: "paired";
  readonly a: PairedSideJob;
  readonly b: PairedSideJob;
  readonly seed: number;
  /** Each side's checks, when either side is conditioned (then the reply is weighted). */
  readonly evidence?: PairEvidence | undefined;
}

/** A failure, with the side it belongs to when it has one. */
export interface PairedFailure extends WorkerFailure {
  readonly side: Side | undefined;
}

/** A worker's answer: the counts (or exact weighted sums) of the chunks it ran, or the problem. */
export type PairedReply =
  | { readonly ok: true; readonly runs: number; readonly a: Float64Array; readonly b: Float64Array; readonly both: Float64Array }
  | { readonly ok: true; readonly runs: number; readonly weighted: WeightedPairTally }
  | PairedFailure;

function isSide(x: unknown): boolean {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides);
}

/** Checks the shape of a job received by a worker. */
export function isPairedJob(x: unknown): x is PairedJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return r.kind === "paired" && isSide(r.a) && isSide(r.b) && typeof r.seed === "number" && typeof r.from === "number" && typeof r.to === "number"
    && typeof r.chunk === "number" && r.chunk >= 1 && r.counter instanceof SharedArrayBuffer;
}

/** What one thread has tallied: counts, or exact weighted sums with the checks they are conditioned on. */
export type PairedTotal =
  | { readonly kind: "plain"; readonly tally: PairTally }
  | { readonly kind: "weighted"; readonly tally: WeightedPairTally; readonly evidence: PairEvidence };

/** An empty total for the pair (weighted when `evidence` is given). Pure. */
export function emptyPairedTotal(a: CompiledModel, b: CompiledModel, evidence: PairEvidence | undefined): PairedTotal {
  const n = pairTargets(a, b).targets.length;
  return evidence === undefined ? { kind: "plain", tally: emptyPairTally(n) } : { kind: "weighted", tally: emptyWeightedPairTally(n), evidence };
}

/** The claim of a job (its range and seed). */
export type PairedClaim = ClaimRange & { readonly seed: number };

/**
 * Claims the job's next chunk and simulates it on both sides into `total`;
 * returns the runs done by all threads so far, or undefined when no chunk
 * is left (claim.ts, `claimed`: a failure stops every thread's claims).
 * Deterministic per chunk.
 */
export function claimPaired(a: CompiledModel, b: CompiledModel, job: PairedClaim, total: PairedTotal): number | undefined {
  return claimed(job, (from, to) => {
    const batch = { seed: job.seed, from, to };
    if (total.kind === "weighted") addWeightedPairTally(total.tally, simulateConditionedPairs(a, b, total.evidence, batch));
    else addPairTally(total.tally, simulatePairs(a, b, batch));
  });
}

/** A failure as a reply: its side (a {@link PairSideError}'s) and the chunk it happened in. */
export function pairedFailureOf(e: unknown): PairedFailure {
  const thrown = e instanceof ChunkFailure ? e.thrown : e;
  // A side's problem carries its issues itself (it is no ScenarioError, whose issues failureOf keeps).
  if (thrown instanceof PairSideError) return { ...failureOf(e), issues: thrown.issues, side: thrown.side };
  return { ...failureOf(e), side: undefined };
}

/** Throws a paired failure: a side's problem as a {@link PairSideError}, else as claim.ts's throwFailure does. */
export function throwPairedFailure(f: PairedFailure): never {
  if (f.side !== undefined && f.issues.length > 0) throw new PairSideError(f.side, f.issues);
  return throwFailure(f);
}

/** A worker's whole work: compiles both sides, then claims chunks until none is left. */
export function runPairedJob(job: PairedJob): PairedReply {
  const pa = prepareModel(job.a.scenario, new Map(job.a.overrides));
  if (!pa.ok) return { ok: false, side: "a", issues: pa.issues, message: "side A does not compile" };
  const pb = prepareModel(job.b.scenario, new Map(job.b.overrides));
  if (!pb.ok) return { ok: false, side: "b", issues: pb.issues, message: "side B does not compile" };
  try {
    const total = emptyPairedTotal(pa.model, pb.model, job.evidence);
    while (claimPaired(pa.model, pb.model, job, total) !== undefined);
    if (total.kind === "weighted") return { ok: true, runs: total.tally.runs, weighted: total.tally };
    return { ok: true, runs: total.tally.runs, a: total.tally.a, b: total.tally.b, both: total.tally.both };
  } catch (e) {
    return pairedFailureOf(e);
  }
}
