/**
 * The posterior of an uncertainty analysis (`tariffsim uncertainty
 * --posterior`): each parameter draw weighted by the probability it gives
 * the evidence, P(evidence | draw), so that the draws, drawn from the
 * declared uncertainty (the prior), stand for the parameters as the
 * evidence leaves them. Why: without weights, a draw that makes the
 * evidence nearly impossible counts as much as one that explains it; the
 * weighted mean of P(target | evidence, draw) is the forecast given the
 * evidence with the parameter uncertainty integrated out, Σ w·p / Σ w.
 * This is importance sampling with the prior as proposal: Kish's effective
 * number of draws, (Σw)² / Σw², says how many equally weighted draws the
 * weighted ones are worth. Pure.
 * @module
 */
import type { Bin } from "./psa.js";

/** What the weighting did, for every format. */
export interface PosteriorSummary {
  /** The mean of the weights: P(evidence) averaged over the declared uncertainty. */
  readonly evidenceProbability: number;
  /** Kish's effective number of draws, (Σw)² / Σw². */
  readonly effectiveDraws: number;
  /** Draws with weight above 0 (the rest, where the evidence cannot hold, count for nothing). */
  readonly drawsKept: number;
  /** Draws where the evidence has probability 0. */
  readonly drawsExcluded: number;
}

/** The summary of a set of weights (not all 0). Pure. */
export function posteriorSummary(weights: Float64Array): PosteriorSummary {
  let sum = 0;
  let squares = 0;
  let kept = 0;
  for (const w of weights) {
    sum += w;
    squares += w * w;
    if (w > 0) kept++;
  }
  return {
    evidenceProbability: weights.length > 0 ? sum / weights.length : Number.NaN,
    effectiveDraws: squares > 0 ? (sum * sum) / squares : 0,
    drawsKept: kept,
    drawsExcluded: weights.length - kept,
  };
}

/**
 * The `q`-quantile of `values` weighted by `weights` (same length; the
 * weights not all 0; draws of weight 0 are ignored): the values sorted, each
 * placed at the midpoint of its share of the cumulative weight, and linear
 * interpolation between those points; below the first point the least
 * value, above the last the greatest. With equal weights it is Hazen's rule
 * (R's type 5). Pure.
 */
export function weightedQuantile(values: Float64Array, weights: Float64Array, q: number): number {
  const order = sortedOrder(values, weights);
  return quantileOf(values, weights, order, q);
}

/** Indices of the draws of weight above 0, by value (ties by index, so the order is deterministic). */
function sortedOrder(values: Float64Array, weights: Float64Array): number[] {
  const idx: number[] = [];
  for (let k = 0; k < values.length; k++) if ((weights[k] ?? 0) > 0) idx.push(k);
  return idx.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
}

function quantileOf(values: Float64Array, weights: Float64Array, order: readonly number[], q: number): number {
  let total = 0;
  for (const k of order) total += weights[k] ?? 0;
  if (order.length === 0 || !(total > 0)) return Number.NaN;
  let before = 0;
  let prevPos = Number.NaN;
  let prevVal = Number.NaN;
  for (const k of order) {
    const w = weights[k] ?? 0;
    const v = values[k] ?? Number.NaN;
    const pos = (before + w / 2) / total;
    if (q <= pos) {
      // Below the first midpoint: the least value; else on the line between the previous midpoint and this one.
      if (Number.isNaN(prevPos) || !(pos > prevPos)) return v;
      return prevVal + ((q - prevPos) / (pos - prevPos)) * (v - prevVal);
    }
    before += w;
    prevPos = pos;
    prevVal = v;
  }
  return prevVal;
}

/** A weighted target's distribution: as psa.ts's `summarise`, each bin also carrying its share of the weight. */
export interface WeightedDistribution {
  readonly mean: number;
  readonly median: number;
  readonly p05: number;
  readonly p95: number;
  readonly histogram: readonly Bin[];
}

/**
 * Weighted mean (Σw·v / Σw), median, 5th and 95th percentiles
 * ({@link weightedQuantile}) and a histogram of the draws of weight above 0
 * in `bins` equal bins from their least to their greatest value, each bin
 * with its count of draws and `weight`, its share of the total weight (the
 * shares add up to 1). Pure.
 */
export function summariseWeighted(values: Float64Array, weights: Float64Array, bins: number): WeightedDistribution {
  const order = sortedOrder(values, weights);
  let total = 0;
  let sum = 0;
  for (const k of order) {
    total += weights[k] ?? 0;
    sum += (weights[k] ?? 0) * (values[k] ?? 0);
  }
  const q = (p: number): number => quantileOf(values, weights, order, p);
  return { mean: sum / total, median: q(0.5), p05: q(0.05), p95: q(0.95), histogram: weightedHistogram(values, weights, order, total, bins) };
}

function weightedHistogram(values: Float64Array, weights: Float64Array, order: readonly number[], total: number, bins: number): Bin[] {
  const first = order[0];
  const last = order[order.length - 1];
  if (first === undefined || last === undefined) return [];
  const lo = values[first] ?? Number.NaN;
  const hi = values[last] ?? Number.NaN;
  if (!(hi > lo)) return [{ from: lo, to: hi, count: order.length, weight: 1 }];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  const mass = new Array<number>(bins).fill(0);
  for (const k of order) {
    const i = Math.min(bins - 1, Math.floor(((values[k] ?? lo) - lo) / width));
    counts[i] = (counts[i] ?? 0) + 1;
    mass[i] = (mass[i] ?? 0) + (weights[k] ?? 0) / total;
  }
  return counts.map((count, i) => ({ from: lo + i * width, to: i === bins - 1 ? hi : lo + (i + 1) * width, count, weight: mass[i] ?? 0 }));
}
