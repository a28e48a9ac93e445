/**
 * Two models simulated in lockstep with common random numbers: run `i` of
 * side A and run `i` of side B both draw from `runRng(seed, i)`, so they
 * differ only where the two models make the same random numbers lead to
 * different paths. Per shared target, integer counts (runs hitting it on A,
 * on B, on both) are all a paired estimate needs; counts of disjoint batches
 * add up exactly, so any batching and any worker count give the same sums.
 * Pure apart from the scratch buffers it allocates.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { runRng } from "../engine/rng.js";
import { checkRunRange } from "../engine/checks.js";
import { makeScratch, simulateRun } from "../engine/run.js";
import { ScenarioError, type Issue } from "../scenario/issues.js";
import { pairTargets, type PairTargets } from "./pairTargets.js";

/** Which side of a comparison: A (the first) or B (the second). */
export type Side = "a" | "b";

/** Counts over a batch of paired runs, per shared target (see {@link PairTargets}). */
export interface PairTally {
  runs: number;
  /** Per target: runs in which side A hits it. */
  readonly a: Float64Array;
  /** Per target: runs in which side B hits it. */
  readonly b: Float64Array;
  /** Per target: runs in which both sides hit it. */
  readonly both: Float64Array;
}

/** An empty tally for `targets` shared targets. Pure. */
export function emptyPairTally(targets: number): PairTally {
  if (!(Number.isInteger(targets) && targets >= 0)) throw new RangeError(`targets: expected a whole number, got ${targets}`);
  return { runs: 0, a: new Float64Array(targets), b: new Float64Array(targets), both: new Float64Array(targets) };
}

/** Adds `y` into `x` (mutates `x`). Integer sums below 2^53: exact in any order. */
export function addPairTally(x: PairTally, y: PairTally): void {
  x.runs += y.runs;
  for (const k of ["a", "b", "both"] as const) {
    const p = x[k];
    const q = y[k];
    for (let i = 0; i < p.length; i++) p[i] = (p[i] ?? 0) + (q[i] ?? 0);
  }
}

/**
 * A run-time problem of one side (a value out of range, a run matching no
 * outcome): which side, so that the caller can name that side's file.
 */
export class PairSideError extends Error {
  constructor(readonly side: Side, readonly issues: readonly Issue[]) {
    super(issues.map((i) => i.message).join("\n"));
    this.name = "PairSideError";
  }
}

/** Which paired runs to simulate: run indices `[from, to)` of master seed `seed`. */
export interface PairBatch {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

function sideRun(side: Side, model: CompiledModel, seed: number, i: number, sc: ReturnType<typeof makeScratch>): number {
  try {
    return simulateRun(model, runRng(seed, i), sc, i);
  } catch (e) {
    if (e instanceof ScenarioError) throw new PairSideError(side, e.issues);
    throw e;
  }
}

/**
 * Simulates runs `[from, to)` of `a` and of `b` in lockstep, run `i` of
 * both from `runRng(seed, i)`, and counts per shared target. Deterministic
 * in (a, b, seed, from, to). Throws a {@link PairSideError} when a run of
 * one side meets a run-time problem, a RangeError for a batch whose numbers
 * are not whole from 0 to `MAX_SEED` (`from` ≤ `to`).
 */
export function simulatePairs(a: CompiledModel, b: CompiledModel, batch: PairBatch, targets: PairTargets = pairTargets(a, b)): PairTally {
  checkRunRange(batch.seed, batch.from, batch.to);
  const t = emptyPairTally(targets.targets.length);
  const scA = makeScratch(a);
  const scB = makeScratch(b);
  const { hitsA, hitsB } = targets;
  for (let i = batch.from; i < batch.to; i++) {
    const ha = hitsA[sideRun("a", a, batch.seed, i, scA)] ?? [];
    const hb = hitsB[sideRun("b", b, batch.seed, i, scB)] ?? [];
    for (const k of ha) {
      t.a[k] = (t.a[k] ?? 0) + 1;
      if (hb.includes(k)) t.both[k] = (t.both[k] ?? 0) + 1;
    }
    for (const k of hb) t.b[k] = (t.b[k] ?? 0) + 1;
  }
  t.runs = Math.max(0, batch.to - batch.from);
  return t;
}
