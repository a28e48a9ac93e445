/**
 * Probabilistic sensitivity analysis (`tariffsim uncertainty`): n parameter
 * sets drawn from the declared uncertainty (random, Latin hypercube or Sobol
 * points mapped through the sampler), each solved with one estimator for all
 * (estimate.ts), and per target the distribution of its probability over the
 * draws: mean (the forecast that integrates the parameter uncertainty),
 * median, 5th and 95th percentiles (type 7) and a histogram.
 *
 * Split in three as sensitivity is (sobol.ts), so that the CLI can solve the
 * draws on worker threads: {@link planUncertainty}, any estimator over the
 * points, {@link finishUncertainty}; {@link uncertainty} runs all three in
 * this thread. Pure.
 * @module
 */
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { design, designRows, MAX_DESIGN_POINTS, type Sampling } from "../uncertainty/designs.js";
import type { Factor } from "../uncertainty/draw.js";
import { quantileSorted } from "../uncertainty/sobolIndices.js";
import { asOptionIssues, drawAt, invalidDrawIssues, prepareDraws, targetValue } from "./draws.js";
import { DEFAULT_ANALYSIS_SEED, estimatePoints, resolveEstimator, type Estimates, type EstimatorOptions, type Method, type PointResult } from "./estimate.js";
import type { DesignOptions } from "./options.js";
import { parseTargets, type Target } from "./targets.js";
import { posteriorSummary, SAME_VALUE, summariseWeighted, type PosteriorSummary } from "./posterior.js";

/** Default number of draws: about a thousand, a power of two so that the default Sobol design is balanced (= 2 ** 10). */
export const DEFAULT_UNCERTAINTY_SAMPLES = 1_024;
/** The most draws one analysis may solve: as many solves as the largest sensitivity analysis. */
export const MAX_UNCERTAINTY_SAMPLES = 200_000;
/** Bins of each histogram (equal widths from the smallest to the largest value). */
export const HISTOGRAM_BINS = 20;

/**
 * Options of {@link uncertainty}; every field optional. `posterior` weights
 * each draw by P(evidence | draw) (posterior.ts); it needs evidence.
 */
export type UncertaintyOptions = DesignOptions & { readonly posterior?: boolean };

/** The draws to solve. */
export interface UncertaintyPlan {
  readonly scenario: string;
  readonly samples: number;
  readonly sampling: Sampling;
  readonly seed: number;
  readonly estimator: EstimatorOptions;
  readonly targets: readonly Target[];
  readonly factors: readonly Factor[];
  /** The parameters that vary, in the scenario's order (the CSV's parameter columns). */
  readonly varied: readonly string[];
  /** One full parameter set per draw. */
  readonly points: readonly ReadonlyMap<string, number>[];
  /** Whether draws are weighted by P(evidence | draw). */
  readonly posterior: boolean;
  readonly warnings: readonly Issue[];
}

/** One histogram bin: values in [from, to) (the last bin includes `to`). */
export interface Bin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** With `--posterior`: the bin's share of the draws' total weight. */
  readonly weight?: number;
}

/** The distribution of one target over the draws. */
export interface UncertaintyTarget {
  readonly target: Target;
  readonly mean: number;
  readonly median: number;
  readonly p05: number;
  readonly p95: number;
  readonly histogram: readonly Bin[];
}

/** A probabilistic sensitivity analysis of a scenario. */
export interface UncertaintyReport {
  readonly scenario: string;
  readonly samples: number;
  readonly sampling: Sampling;
  readonly seed: number;
  readonly method: Method;
  /** Monte Carlo only: runs per draw (common random numbers, `seed`). */
  readonly runs: number | undefined;
  readonly factors: readonly Factor[];
  readonly varied: readonly string[];
  readonly targets: readonly UncertaintyTarget[];
  /** Every draw's parameters and results, in draw order (for `--draws FILE.csv`); null where the evidence cannot hold (`--posterior` only). */
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly results: readonly (Extract<PointResult, { ok: true }> | null)[];
  /** With `--posterior`: each draw's weight, P(evidence | draw), in draw order, and what they add up to. */
  readonly posterior?: PosteriorSummary & { readonly weights: Float64Array };
}

/**
 * Checks the options and draws every parameter set. Errors: bad targets,
 * invalid uncertainty declarations, no factor to vary, samples not a
 * positive integer or above {@link MAX_UNCERTAINTY_SAMPLES}, a design the
 * sampling cannot build. Warnings ride along. Pure.
 */
export function planUncertainty(sc: Scenario, options: UncertaintyOptions = {}): Result<UncertaintyPlan> {
  const estimator = resolveEstimator(options);
  const seed = options.seed ?? DEFAULT_ANALYSIS_SEED;
  const samples = options.samples ?? DEFAULT_UNCERTAINTY_SAMPLES;
  const sampling = options.sampling ?? "sobol";
  const targets = parseTargets(sc, options.targets ?? []);
  const draws = prepareDraws(sc, options.overrides ?? new Map<string, number>());
  if (!targets.ok || !draws.ok) return { ok: false, issues: [...(targets.ok ? [] : targets.issues), ...(draws.ok ? [] : draws.issues)] };
  const limit = Math.min(MAX_UNCERTAINTY_SAMPLES, MAX_DESIGN_POINTS);
  if (!Number.isInteger(samples) || samples < 1 || samples > limit) {
    return { ok: false, issues: [issue("option", ["--samples"], `draws must be an integer from 1 to ${limit}, got ${samples}`)] };
  }
  const posterior = options.posterior ?? false;
  if (posterior && estimator.evidence.length === 0) {
    return { ok: false, issues: [issue("option", ["--posterior"], "needs evidence to weight the draws by (--given or --evidence)")] };
  }
  const dims = draws.value.sampler.dims;
  const ds = design(sampling, seed, samples, dims);
  if (!ds.ok) return { ok: false, issues: asOptionIssues(ds.issues) };
  const rows = designRows(ds.value, 0, samples);
  const points = Array.from({ length: samples }, (_, j) => drawAt(draws.value, rows.subarray(j * dims, (j + 1) * dims)));
  const warnings = [...draws.warnings, ...asOptionIssues(ds.warnings)];
  return {
    ok: true,
    value: { scenario: sc.id, samples, sampling, seed, estimator, targets: targets.value, factors: draws.value.factors, varied: draws.value.varied, points, posterior, warnings },
    warnings,
  };
}

/**
 * The histogram of `sorted` (ascending, non-empty) in `bins` bins of equal
 * width from its first to its last value; a single bin when every value is
 * within {@link SAME_VALUE} of the first (rounding, not spread). Counts add
 * up to the number of values. Pure.
 */
export function histogram(sorted: Float64Array, bins: number = HISTOGRAM_BINS): Bin[] {
  const n = sorted.length;
  const lo = sorted[0] ?? Number.NaN;
  const hi = sorted[n - 1] ?? Number.NaN;
  if (n === 0) return [];
  if (!(hi - lo > SAME_VALUE)) return [{ from: lo, to: hi, count: n }];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) {
    const i = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ from: lo + i * width, to: i === bins - 1 ? hi : lo + (i + 1) * width, count }));
}

/** A summary of equally weighted draws with each bin's share of the weight (its share of the draws). Pure. */
function withShares(s: Omit<UncertaintyTarget, "target">): Omit<UncertaintyTarget, "target"> {
  const n = s.histogram.reduce((a, b) => a + b.count, 0);
  return { ...s, histogram: s.histogram.map((b) => ({ ...b, weight: b.count / n })) };
}

/** Mean, median, 5th and 95th percentiles and histogram of `values` (non-empty). Pure. */
export function summarise(values: Float64Array): Omit<UncertaintyTarget, "target"> {
  let sum = 0;
  for (const v of values) sum += v;
  const sorted = Float64Array.from(values).sort();
  return {
    mean: sum / values.length,
    median: quantileSorted(sorted, 0.5),
    p05: quantileSorted(sorted, 0.05),
    p95: quantileSorted(sorted, 0.95),
    histogram: histogram(sorted),
  };
}

/**
 * The distribution of each target over the solved draws (`estimates.results`
 * in the plan's order). Errors: any draw whose parameters make an invalid
 * model (each named with its values, none dropped). Pure.
 */
export function finishUncertainty(plan: UncertaintyPlan, estimates: Estimates): Result<UncertaintyReport> {
  const all = estimates.results;
  if (all.length !== plan.points.length) {
    return { ok: false, issues: [issue("option", [], `internal: ${all.length} results for ${plan.points.length} draws`)] };
  }
  // With --posterior, a draw where the evidence cannot hold has weight 0: it is no invalid model.
  const counted = plan.posterior ? all.map((r) => (!r.ok && r.impossible === true ? null : r)) : all;
  const bad = invalidDrawIssues(counted.filter((r): r is PointResult => r !== null), plan.points.filter((_, k) => counted[k] !== null), plan.varied, (k) => `draw ${k}`);
  if (bad.length > 0) return { ok: false, issues: bad };
  const results = counted.map((r) => (r !== null && r.ok ? r : null));
  const weights = plan.posterior ? Float64Array.from(results, (r) => r?.evidence ?? 0) : undefined;
  if (weights !== undefined && !weights.some((w) => w > 0)) {
    // Under Monte Carlo a weight of 0 means only that no run was consistent (src/sensitivity/estimate.ts).
    const why = estimates.method === "mc"
      ? `none of the ${plan.estimator.runs.toLocaleString("en-US")} conditioned runs was consistent with the evidence at any of the ${all.length} draws: it may be impossible, or too unlikely for this many runs (raise --runs)`
      : `the evidence has probability 0 at every one of the ${all.length} draws`;
    return { ok: false, issues: [issue("option", ["evidence"], why)] };
  }
  // Equal weights (evidence that favours no draw) change nothing: the unweighted summary, bit for bit, with shares.
  const equal = weights !== undefined && weights.every((w) => w === weights[0]);
  const targets = plan.targets.map((t) => {
    const y = new Float64Array(results.length);
    results.forEach((r, k) => { y[k] = r === null ? Number.NaN : targetValue(r, t); });
    return { target: t, ...(weights === undefined ? summarise(y) : equal ? withShares(summarise(y)) : summariseWeighted(y, weights, HISTOGRAM_BINS)) };
  });
  const mc = estimates.method === "mc";
  return {
    ok: true,
    value: {
      scenario: plan.scenario, samples: plan.samples, sampling: plan.sampling, seed: plan.seed,
      method: estimates.method, runs: mc ? plan.estimator.runs : undefined,
      factors: plan.factors, varied: plan.varied, targets, points: plan.points, results,
      ...(weights === undefined ? {} : { posterior: { ...posteriorSummary(weights), weights } }),
    },
    warnings: plan.warnings,
  };
}

/** Runs a probabilistic sensitivity analysis in this thread: plan, `estimatePoints`, finish. Pure. */
export function uncertainty(sc: Scenario, options: UncertaintyOptions = {}): Result<UncertaintyReport> {
  const plan = planUncertainty(sc, options);
  if (!plan.ok) return plan;
  const est = estimatePoints(sc, plan.value.points, plan.value.estimator);
  if (!est.ok) return est;
  return finishUncertainty(plan.value, est.value);
}
