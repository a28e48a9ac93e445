/**
 * Streaming aggregation of runs: counts only, so memory does not grow with
 * the number of runs, and tallies of disjoint batches add up exactly
 * (integer sums below 2^53), whatever the batching.
 * @module
 */
import type { CompiledModel } from "../model/model.js";

/** Counts over a batch of runs. */
export interface Tally {
  runs: number;
  /** Per outcome: runs that ended in it. */
  readonly outcomes: Float64Array;
  /** Per global state: runs that ended in it. */
  readonly finalStates: Float64Array;
  /** Per global state: runs that visited it. */
  readonly visited: Float64Array;
  /** Per global state: the sum, over runs that visited it, of the day of the first visit. */
  readonly firstDaySum: Float64Array;
}

/** An empty tally for a model. Pure. */
export function emptyTally(model: CompiledModel): Tally {
  const n = model.stateNames.length;
  return {
    runs: 0,
    outcomes: new Float64Array(model.outcomes.length),
    finalStates: new Float64Array(n),
    visited: new Float64Array(n),
    firstDaySum: new Float64Array(n),
  };
}

/** Adds `b` into `a` (mutates `a`). */
export function addTally(a: Tally, b: Tally): void {
  a.runs += b.runs;
  for (const k of ["outcomes", "finalStates", "visited", "firstDaySum"] as const) {
    const x = a[k];
    const y = b[k];
    for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) + (y[i] ?? 0);
  }
}
