/**
 * Monte Carlo to a precision target: runs are simulated in batches on a
 * fixed schedule (cumulative run counts 10,000, 20,000, 40,000, … doubling,
 * the last one the cap), and the simulation stops at the first batch
 * boundary where every group's and outcome's 95% interval (the Wilson
 * interval the reports print) has a half-width, (hi − lo) / 2, of at most the
 * target. The schedule depends on nothing but the cap, and each batch's
 * counts on nothing but its run indices, so the stopping point and the
 * numbers are the same for any batching inside a batch and any worker count.
 * @module
 */
import { simulateBatch } from "../engine/simulate.js";
import { addTally, emptyTally, type Tally } from "../engine/tally.js";
import type { CompiledModel } from "../model/model.js";
import { summarize, type Summary } from "./summary.js";

/** Runs in the first batch of the schedule (the first boundary). */
export const PRECISION_FIRST_BATCH = 10_000;
/** The default cap on runs under a precision target (`--max-runs`). */
export const DEFAULT_PRECISION_MAX_RUNS = 10_000_000;

/**
 * The cumulative run counts at which the target is checked: `first`,
 * 2·`first`, 4·`first`, … while below `maxRuns`, then `maxRuns` itself.
 * Pure.
 */
export function precisionSchedule(maxRuns: number, first: number = PRECISION_FIRST_BATCH): number[] {
  // A first batch of 0 or less never doubles past the cap (the list grew until the process died); an infinite cap never ends.
  if (!(Number.isInteger(first) && first >= 1)) throw new RangeError(`first: expected a whole number of at least 1, got ${first}`);
  if (!(Number.isInteger(maxRuns) && maxRuns >= 1)) throw new RangeError(`maxRuns: expected a whole number of at least 1, got ${maxRuns}`);
  const out: number[] = [];
  for (let n = first; n < maxRuns; n *= 2) out.push(n);
  out.push(maxRuns);
  return out;
}

/** The widest 95% half-width among a summary's groups and outcomes, and whose it is. */
export interface Widest {
  readonly halfWidth: number;
  /** `group:ID` or `outcome:ID`. */
  readonly target: string;
}

/** The widest half-width, (hi − lo) / 2 of the Wilson interval, over every group and outcome; the first one on ties. Pure. */
export function widestHalfWidth(s: Summary): Widest {
  let w: Widest = { halfWidth: 0, target: "" };
  const each = (kind: string, xs: readonly { id: string; ci95: readonly [number, number] }[]): void => {
    for (const x of xs) {
      const h = (x.ci95[1] - x.ci95[0]) / 2;
      if (w.target === "" || h > w.halfWidth) w = { halfWidth: h, target: `${kind}:${x.id}` };
    }
  };
  each("group", s.groups);
  each("outcome", s.outcomes);
  return w;
}

/** How a run to a precision target ended. */
export interface PrecisionReport {
  /** The target half-width. */
  readonly target: number;
  readonly maxRuns: number;
  /** Runs simulated: the boundary where it stopped. */
  readonly runs: number;
  /** True when the target was met; false when the cap stopped it first. */
  readonly met: boolean;
  /** Batches simulated (boundaries checked). */
  readonly batches: number;
  /** The widest half-width at the stop. */
  readonly widest: Widest;
}

/** Options of {@link simulateToPrecision}. */
export interface PrecisionOptions {
  readonly seed: number;
  /** The target half-width of every 95% interval, a probability (> 0). */
  readonly precision: number;
  /** The cap on runs (default {@link DEFAULT_PRECISION_MAX_RUNS}). */
  readonly maxRuns?: number;
}

/** Simulates run indices `[from, to)`; by default in this thread ({@link simulateBatch}). */
export type BatchSimulator = (from: number, to: number) => Tally | Promise<Tally>;

/**
 * Simulates batches on the schedule until the target is met or the cap is
 * reached, and returns the summary of every run simulated with how it
 * ended. `simulate` lets a caller spread a batch over worker threads: it must
 * return the counts of exactly runs `[from, to)`. Deterministic in (model,
 * seed, precision, maxRuns). Throws a ScenarioError on a run-time problem.
 */
export async function simulateToPrecision(
  model: CompiledModel, opts: PrecisionOptions,
  simulate: BatchSimulator = (from, to) => simulateBatch(model, { seed: opts.seed, from, to }),
): Promise<{ summary: Summary; precision: PrecisionReport }> {
  const maxRuns = opts.maxRuns ?? DEFAULT_PRECISION_MAX_RUNS;
  if (!(opts.precision > 0 && opts.precision <= 0.5)) throw new RangeError(`precision: expected a half-width above 0 and at most 0.5, got ${opts.precision}`);
  const total = emptyTally(model);
  let summary = summarize(model, total, opts.seed);
  let widest: Widest = { halfWidth: 1, target: "" };
  let batches = 0;
  for (const to of precisionSchedule(maxRuns)) {
    const from = total.runs;
    const batch = await simulate(from, to);
    // A simulator that returned other runs would be summarized as if it had not.
    if (batch.runs !== to - from) throw new RangeError(`simulate(${from}, ${to}) returned a tally of ${batch.runs} runs, not ${to - from}`);
    addTally(total, batch);
    batches++;
    summary = summarize(model, total, opts.seed);
    widest = widestHalfWidth(summary);
    if (widest.halfWidth <= opts.precision) {
      return { summary, precision: { target: opts.precision, maxRuns, runs: total.runs, met: true, batches, widest } };
    }
  }
  return { summary, precision: { target: opts.precision, maxRuns, runs: total.runs, met: false, batches, widest } };
}
