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
  /** Per day asked for (`--at`, ascending): runs in each outcome (evaluated with `day` = that day) and state at its end; empty when none asked. */
  readonly at: readonly AtTally[];
}

/** Counts at the end of one day. */
export interface AtTally {
  readonly day: number;
  readonly outcomes: Float64Array;
  readonly states: Float64Array;
}

/** An empty tally for a model, with counts at `at` days (ascending, without repeats). Pure. */
export function emptyTally(model: CompiledModel, at: readonly number[] = []): Tally {
  const n = model.stateNames.length;
  return {
    at: at.map((day) => ({ day, outcomes: new Float64Array(model.outcomes.length), states: new Float64Array(n) })),
    runs: 0,
    outcomes: new Float64Array(model.outcomes.length),
    finalStates: new Float64Array(n),
    visited: new Float64Array(n),
    firstDaySum: new Float64Array(n),
  };
}

/**
 * Adds `b` into `a` (mutates `a`). Tallies of different models or `at`
 * days are a RangeError, checked before anything is added.
 */
export function addTally(a: Tally, b: Tally): void {
  // Checked before anything is added: a refused merge leaves `a` as it was.
  if (a.at.length !== b.at.length || a.at.some((r, k) => r.day !== b.at[k]?.day)) throw new RangeError("addTally: tallies of different --at days");
  if (a.outcomes.length !== b.outcomes.length || a.finalStates.length !== b.finalStates.length) {
    throw new RangeError(`addTally: tallies of different models (${a.outcomes.length} and ${b.outcomes.length} outcomes, ${a.finalStates.length} and ${b.finalStates.length} states)`);
  }
  a.runs += b.runs;
  for (const k of ["outcomes", "finalStates", "visited", "firstDaySum"] as const) {
    const x = a[k];
    const y = b[k];
    for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) + (y[i] ?? 0);
  }
  a.at.forEach((r, k) => {
    const o = b.at[k];
    if (o === undefined) return;
    for (let i = 0; i < r.outcomes.length; i++) r.outcomes[i] = (r.outcomes[i] ?? 0) + (o.outcomes[i] ?? 0);
    for (let i = 0; i < r.states.length; i++) r.states[i] = (r.states[i] ?? 0) + (o.states[i] ?? 0);
  });
}
