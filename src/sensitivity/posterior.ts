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
import { quantileSorted } from "../uncertainty/sobolIndices.js";
import type { Bin } from "./psa.js";

/**
 * Values closer than this are one value to a histogram. Why: a probability
 * worked out two ways (an outcome given evidence that makes it certain) can
 * differ from another by rounding, 1e-16 or so; spread over 20 bins, that
 * noise drew 20 bins all labelled "100.00% – 100.00%".
 */
export const SAME_VALUE = 1e-12;

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
  let kept = 0;
  let max = 0;
  for (const w of weights) {
    sum += w;
    if (w > 0) kept++;
    max = Math.max(max, w);
  }
  // Kish's n from the weights scaled by the largest (tiny weights squared would underflow).
  let scaled = 0;
  let squares = 0;
  for (const w of weights) {
    scaled += w / max;
    squares += (w / max) ** 2;
  }
  return {
    evidenceProbability: weights.length > 0 ? sum / weights.length : Number.NaN,
    effectiveDraws: max > 0 ? (scaled * scaled) / squares : 0,
    drawsKept: kept,
    drawsExcluded: weights.length - kept,
  };
}

/**
 * The `q`-quantile of `values` weighted by `weights` (same length; draws of
 * weight 0 are ignored): the weighted Hyndman–Fan type 7 estimator of
 * Akinshin (2023, "Weighted quantile estimators", arXiv:2304.07265). With
 * n* = (Σw)²/Σw² (Kish's effective number of draws) and h = (n* − 1)·q + 1,
 * the values sorted and their cumulative shares of the weight t_0 = 0 …
 * t_k, the quantile is Σ_k (F(t_k) − F(t_{k−1}))·x_k, where F rises
 * linearly from 0 at (h − 1)/n* to 1 at h/n*. Why this rule: with equal
 * weights it is type 7 itself (the rule of the unweighted report, used as
 * is then), so weighting by evidence that favours no draw changes no
 * percentile; and a draw of negligible weight moves a percentile
 * negligibly (a midpoint rule let it set the 5% point). NaN when every
 * weight is 0. Pure.
 */
export function weightedQuantile(values: Float64Array, weights: Float64Array, q: number): number {
  return quantileOf(values, weights, sortedOrder(values, weights), q);
}

/** Indices of the draws of weight above 0, by value (ties by index, so the order is deterministic). */
function sortedOrder(values: Float64Array, weights: Float64Array): number[] {
  const idx: number[] = [];
  for (let k = 0; k < values.length; k++) if ((weights[k] ?? 0) > 0) idx.push(k);
  return idx.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0) || a - b);
}

function quantileOf(values: Float64Array, weights: Float64Array, order: readonly number[], q: number): number {
  if (order.length === 0) return Number.NaN;
  const w0 = weights[order[0] ?? 0] ?? 0;
  if (order.every((k) => weights[k] === w0)) return quantileSorted(Float64Array.from(order, (k) => values[k] ?? Number.NaN), q);
  // Weights scaled by the largest, so that tiny ones neither underflow when squared nor make n* infinite.
  let max = 0;
  for (const k of order) max = Math.max(max, weights[k] ?? 0);
  let total = 0;
  let squares = 0;
  for (const k of order) {
    const w = (weights[k] ?? 0) / max;
    total += w;
    squares += w * w;
  }
  const n = (total * total) / squares;
  const h = (n - 1) * q + 1;
  const F = (t: number): number => Math.min(1, Math.max(0, t * n - h + 1));
  let result = 0;
  let before = 0;
  let Fbefore = 0;
  for (const k of order) {
    before += (weights[k] ?? 0) / max;
    const Fk = F(before / total);
    result += (Fk - Fbefore) * (values[k] ?? 0);
    Fbefore = Fk;
  }
  return result;
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
  if (!(hi - lo > SAME_VALUE)) return [{ from: lo, to: hi, count: order.length, weight: 1 }];
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
