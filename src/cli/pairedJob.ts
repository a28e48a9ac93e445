/**
 * The messages between the CLI and a worker thread that simulates a slice
 * of paired runs (`compare`), and the worker's side of it: a pure function
 * from a job to its reply. Both scenarios travel already loaded and checked,
 * with their overrides; the worker compiles them (deterministic) and
 * simulates runs `[from, to)` of both in lockstep, so a slice's counts are
 * exactly those the whole run would give for those indices. With evidence
 * (each side's checks, plain data), the slice is simulated by the
 * conditioned lockstep sampler (src/analysis/pairedConditioned.ts) and its
 * exact weighted sums travel back, to be merged exactly.
 * @module
 */
import { prepareModel } from "../model/prepare.js";
import { PairSideError, simulatePairs, type Side } from "../analysis/pairedRuns.js";
import { simulateConditionedPairs, type PairEvidence } from "../analysis/pairedConditioned.js";
import type { WeightedPairTally } from "../analysis/pairedWeighted.js";
import type { Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";

/** One side of a paired job: a scenario and its overrides. */
export interface PairedSideJob {
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
}

/** A slice of paired runs for one worker. */
export interface PairedJob {
  readonly kind: "paired";
  readonly a: PairedSideJob;
  readonly b: PairedSideJob;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** Each side's checks, when either side is conditioned (then the reply is weighted). */
  readonly evidence?: PairEvidence | undefined;
}

/** A worker's answer: the slice's counts per shared target, or the problem (with its side when it has one). */
export type PairedReply =
  | { readonly ok: true; readonly runs: number; readonly a: Float64Array; readonly b: Float64Array; readonly both: Float64Array }
  | { readonly ok: true; readonly runs: number; readonly weighted: WeightedPairTally }
  | { readonly ok: false; readonly side: Side | undefined; readonly issues: readonly Issue[]; readonly message: string };

function isSide(x: unknown): boolean {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides);
}

/** Checks the shape of a job received by a worker. */
export function isPairedJob(x: unknown): x is PairedJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return r.kind === "paired" && isSide(r.a) && isSide(r.b) && typeof r.seed === "number" && typeof r.from === "number" && typeof r.to === "number";
}

/** Simulates a job's paired runs (the worker's whole work). Pure. */
export function runPairedJob(job: PairedJob): PairedReply {
  const pa = prepareModel(job.a.scenario, new Map(job.a.overrides));
  if (!pa.ok) return { ok: false, side: "a", issues: pa.issues, message: "side A does not compile" };
  const pb = prepareModel(job.b.scenario, new Map(job.b.overrides));
  if (!pb.ok) return { ok: false, side: "b", issues: pb.issues, message: "side B does not compile" };
  try {
    const batch = { seed: job.seed, from: job.from, to: job.to };
    if (job.evidence !== undefined) {
      const w = simulateConditionedPairs(pa.model, pb.model, job.evidence, batch);
      return { ok: true, runs: w.runs, weighted: w };
    }
    const t = simulatePairs(pa.model, pb.model, batch);
    return { ok: true, runs: t.runs, a: t.a, b: t.b, both: t.both };
  } catch (e) {
    if (e instanceof PairSideError) return { ok: false, side: e.side, issues: e.issues, message: e.message };
    return { ok: false, side: undefined, issues: [], message: e instanceof Error ? e.message : String(e) };
  }
}
