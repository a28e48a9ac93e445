/**
 * Streaming aggregation of weighted runs: per run a weight `w` (a likelihood
 * ratio, in [0, 1]), summed as Σw and Σw², and per outcome, final state,
 * visited state and state (or outcome) at each requested day the sums of
 * `w × indicator` and `w² × indicator` (enough for the ratio estimator and
 * its delta-method variance; summary.ts). Every sum is exact
 * (fsum.ts), so tallies of disjoint batches merge into the same rounded
 * numbers whatever the batching, like the engine's integer tally. Memory
 * does not grow with the number of runs.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { addPartial, mergePartials, roundPartials, type Partials } from "./fsum.js";

/** Per index (outcome or state): exact sums of `w × indicator` and `w² × indicator`. */
export interface WeightedSums {
  readonly w: Partials[];
  readonly w2: Partials[];
}

/** What is tallied at one requested day. */
export interface DayTally {
  /** The day (0 … H). */
  readonly day: number;
  /** Per outcome, evaluated with `day` = that day (`horizon` unchanged). */
  readonly outcomes: WeightedSums;
  /** Per global state: the machine is in it at the end of that day. */
  readonly states: WeightedSums;
}

/** Weighted sums over a batch of runs. */
export interface ConditionedTally {
  /** Runs simulated, whatever their weight (0 included). */
  runs: number;
  /** Σw over runs. */
  readonly weight: Partials;
  /** Σw² over runs. */
  readonly weightSq: Partials;
  /** Per outcome at the horizon. */
  readonly outcomes: WeightedSums;
  /** Per global state: ended in it. */
  readonly finalStates: WeightedSums;
  /** Per global state: visited by the horizon. */
  readonly visited: WeightedSums;
  /** Per requested day, in the order asked. */
  readonly at: readonly DayTally[];
}

function sums(k: number): WeightedSums {
  return { w: Array.from({ length: k }, () => []), w2: Array.from({ length: k }, () => []) };
}

/** An empty tally for a model, with the requested days. Pure. */
export function emptyConditionedTally(model: CompiledModel, atDays: readonly number[] = []): ConditionedTally {
  const n = model.stateNames.length;
  const o = model.outcomes.length;
  return {
    runs: 0, weight: [], weightSq: [],
    outcomes: sums(o), finalStates: sums(n), visited: sums(n),
    at: atDays.map((day) => ({ day, outcomes: sums(o), states: sums(n) })),
  };
}

/** Adds weight `w` (and `w²`) at index `i` of `s` (mutates `s`). */
export function addWeighted(s: WeightedSums, i: number, w: number, w2: number): void {
  const a = s.w[i];
  const b = s.w2[i];
  if (a === undefined || b === undefined) throw new Error(`internal: weighted sum index ${i} out of range`);
  addPartial(a, w);
  addPartial(b, w2);
}

function mergeSums(a: WeightedSums, b: WeightedSums): void {
  a.w.forEach((p, i) => mergePartials(p, b.w[i] ?? []));
  a.w2.forEach((p, i) => mergePartials(p, b.w2[i] ?? []));
}

/**
 * Adds `b` into `a` (mutates `a`). Both must come from the same model and
 * the same requested days (else an error: merging them would mean nothing).
 */
export function addConditionedTally(a: ConditionedTally, b: ConditionedTally): void {
  if (a.at.length !== b.at.length || a.at.some((d, i) => d.day !== b.at[i]?.day) || a.outcomes.w.length !== b.outcomes.w.length
    || a.finalStates.w.length !== b.finalStates.w.length) {
    throw new RangeError("addConditionedTally: tallies of different models or days");
  }
  a.runs += b.runs;
  mergePartials(a.weight, b.weight);
  mergePartials(a.weightSq, b.weightSq);
  mergeSums(a.outcomes, b.outcomes);
  mergeSums(a.finalStates, b.finalStates);
  mergeSums(a.visited, b.visited);
  a.at.forEach((d, i) => {
    const e = b.at[i];
    if (e === undefined) return;
    mergeSums(d.outcomes, e.outcomes);
    mergeSums(d.states, e.states);
  });
}

/** A weighted sum's value, correctly rounded (the same for any batching). Pure. */
export function sumValue(p: readonly number[]): number {
  return roundPartials(p);
}

/** The rounded values of `s`: `w` and `w2` per index. Pure. */
export function sumValues(s: WeightedSums): { readonly w: Float64Array; readonly w2: Float64Array } {
  return { w: Float64Array.from(s.w, roundPartials), w2: Float64Array.from(s.w2, roundPartials) };
}
