/**
 * Variance-based global sensitivity (`tariffsim sensitivity`): first-order
 * and total Sobol indices of each target over every factor with a declared
 * uncertainty (a parameter, or a dirichlet group as one factor), with
 * bootstrap percentile intervals.
 *
 * Scheme: one design of n points over 2·dims coordinates is split into A
 * (its first dims columns) and B (its last: `splitBase`); each point is
 * mapped through the sampler to a parameter set. The model is solved at A, at
 * B and, per factor f, at A_B^f (A with every coordinate of f taken from B):
 * (F + 2)·n points for F factors, in blocks of n in that order, which is the
 * order `sobolIndices` reads (Saltelli 2010 first order with centred outputs,
 * Jansen 1999 total). Each point is solved with one estimator for all
 * (estimate.ts): exact, or Monte Carlo with common random numbers.
 *
 * Split in three so that the CLI can solve the points on worker threads:
 * {@link planSensitivity} (points), any estimator over the points (a pure
 * function of each point, so chunking cannot change a number), and
 * {@link finishSensitivity} (indices). {@link sensitivity} runs all three
 * in this thread. Pure: scenario and options in, numbers out.
 * @module
 */
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { design, designRows, type Sampling } from "../uncertainty/designs.js";
import type { Factor } from "../uncertainty/draw.js";
import { DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP, sobolIndices, splitBase, type SobolIndex } from "../uncertainty/sobolIndices.js";
import { asOptionIssues, drawAt, invalidDrawIssues, prepareDraws, targetValue } from "./draws.js";
import { DEFAULT_ANALYSIS_SEED, estimatePoints, resolveEstimator, type Estimates, type EstimatorOptions, type Method } from "./estimate.js";
import type { DesignOptions } from "./options.js";
import { parseTargets, type Target } from "./targets.js";

/** Default base samples n (a power of two, as Sobol points want). */
export const DEFAULT_SENSITIVITY_SAMPLES = 256;
/** The most model solves one analysis may ask for ((F + 2)·n): about 40 min of exact solves of the shipped scenario at 20 ms each. */
export const MAX_SENSITIVITY_SOLVES = 200_000;

/** Options of {@link sensitivity}; every field optional. */
export interface SensitivityOptions extends DesignOptions {
  /** Bootstrap replicates of the intervals; default 1,000. */
  readonly bootstrap?: number;
}

/** Everything to solve, and how to read the solves back. */
export interface SensitivityPlan {
  readonly scenario: string;
  readonly samples: number;
  readonly sampling: Sampling;
  readonly seed: number;
  readonly bootstrap: number;
  readonly estimator: EstimatorOptions;
  readonly targets: readonly Target[];
  readonly factors: readonly Factor[];
  readonly varied: readonly string[];
  readonly correlated: boolean;
  /** (F + 2)·n parameter sets: A, B, then A_B^f per factor, n each. */
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly warnings: readonly Issue[];
}

/** One target's indices, one per factor in the factors' order. */
export interface SensitivityTarget {
  readonly target: Target;
  readonly mean: number;
  readonly variance: number;
  readonly indices: readonly (SobolIndex & { readonly factor: Factor })[];
}

/** A global sensitivity analysis of a scenario. */
export interface SensitivityReport {
  readonly scenario: string;
  readonly samples: number;
  readonly sampling: Sampling;
  readonly seed: number;
  readonly bootstrap: number;
  readonly method: Method;
  /** Monte Carlo only: runs per point (common random numbers, `seed`). */
  readonly runs: number | undefined;
  readonly solves: number;
  readonly factors: readonly Factor[];
  readonly targets: readonly SensitivityTarget[];
  /** Caveats for every reader, e.g. that correlations break the variance split. */
  readonly notes: readonly string[];
}

/** What the report says when correlations are declared. */
/** The one-line warning (stderr) that correlations are declared; {@link INDEPENDENCE_NOTE} says more in reports. */
export const CORRELATED_WARNING = "Sobol indices assume independent inputs, and correlations are declared (see the report)";
export const INDEPENDENCE_NOTE = "correlations are declared: Sobol indices assume independent inputs, so with correlated factors they no longer split the variance (each factor's index is that of its own independent coordinate before the copula)";

/**
 * Checks the options and builds every point to solve. Errors: bad targets,
 * invalid uncertainty declarations, no factor to vary, samples not a
 * positive integer or too many solves, bootstrap replicates outside
 * [1, MAX_BOOTSTRAP], a design the sampling cannot build
 * (dimensions, seed). Warnings ride along (e.g. Sobol with n not a power of
 * two). Cost: O((F + 2)·n) parameter sets. Pure.
 */
export function planSensitivity(sc: Scenario, options: SensitivityOptions = {}): Result<SensitivityPlan> {
  const estimator = resolveEstimator(options);
  const seed = options.seed ?? DEFAULT_ANALYSIS_SEED;
  const samples = options.samples ?? DEFAULT_SENSITIVITY_SAMPLES;
  const sampling = options.sampling ?? "sobol";
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const targets = parseTargets(sc, options.targets ?? []);
  const draws = prepareDraws(sc, options.overrides ?? new Map<string, number>());
  if (!targets.ok || !draws.ok) return { ok: false, issues: [...(targets.ok ? [] : targets.issues), ...(draws.ok ? [] : draws.issues)] };
  const { sampler, factors } = draws.value;
  const solves = (factors.length + 2) * samples;
  if (!Number.isInteger(samples) || samples < 2) return fail("--samples", `base samples must be an integer of at least 2, got ${samples}`);
  if (!Number.isInteger(bootstrap) || bootstrap < 1 || bootstrap > MAX_BOOTSTRAP) {
    return fail("--bootstrap", `bootstrap replicates must be an integer from 1 to ${MAX_BOOTSTRAP}, got ${bootstrap}`);
  }
  if (solves > MAX_SENSITIVITY_SOLVES) {
    return fail("--samples", `(${factors.length} factors + 2) × ${samples} samples is ${solves} solves, more than the limit of ${MAX_SENSITIVITY_SOLVES}`);
  }
  const ds = design(sampling, seed, samples, 2 * sampler.dims);
  if (!ds.ok) return { ok: false, issues: asOptionIssues(ds.issues) };
  const { a, b } = splitBase(designRows(ds.value, 0, samples), samples, sampler.dims);
  const dims = sampler.dims;
  const points: Map<string, number>[] = [];
  const row = new Float64Array(dims);
  const blocks: (Factor | "A" | "B")[] = ["A", "B", ...factors];
  for (const block of blocks) {
    for (let j = 0; j < samples; j++) {
      row.set((block === "B" ? b : a).subarray(j * dims, (j + 1) * dims));
      if (typeof block !== "string") for (const c of block.dims) row[c] = b[j * dims + c] ?? Number.NaN;
      points.push(drawAt(draws.value, row));
    }
  }
  const warnings = [...draws.warnings, ...asOptionIssues(ds.warnings)];
  return {
    ok: true,
    value: {
      scenario: sc.id, samples, sampling, seed, bootstrap, estimator, targets: targets.value, factors,
      varied: draws.value.varied, correlated: sampler.correlated, points, warnings,
    },
    warnings,
  };
}

function fail<T>(option: string, message: string): Result<T> {
  return { ok: false, issues: [issue("option", [option], message)] };
}

/** Which draw point k is, for error messages: its block and row. */
function pointName(plan: SensitivityPlan): (k: number) => string {
  return (k) => {
    const block = Math.floor(k / plan.samples);
    const j = k % plan.samples;
    const where = block === 0 ? `row ${j} of A` : block === 1 ? `row ${j} of B` : `row ${j} of A with ${plan.factors[block - 2]?.label ?? "?"} from B`;
    return `draw ${k}, ${where},`;
  };
}

/**
 * The indices from the solved points (`estimates.results` in the plan's
 * order). Errors: any point whose parameters make an invalid model (each
 * named, none dropped), or a result count that does not match. Cost:
 * O(targets · bootstrap · n · F). Pure.
 */
export function finishSensitivity(plan: SensitivityPlan, estimates: Estimates): Result<SensitivityReport> {
  const { results } = estimates;
  if (results.length !== plan.points.length) {
    return { ok: false, issues: [issue("option", [], `internal: ${results.length} results for ${plan.points.length} points`)] };
  }
  const bad = invalidDrawIssues(results, plan.points, plan.varied, pointName(plan));
  if (bad.length > 0) return { ok: false, issues: bad };
  const F = plan.factors.length;
  const targets: SensitivityTarget[] = [];
  for (const t of plan.targets) {
    const y = new Float64Array(results.length);
    results.forEach((r, k) => { y[k] = r.ok ? targetValue(r, t) : Number.NaN; });
    // The same bootstrap seed for every target: every target sees the same resamples.
    const s = sobolIndices(y, plan.samples, F, { seed: plan.seed, bootstrap: plan.bootstrap });
    if (!s.ok) return s;
    targets.push({
      target: t, mean: s.value.mean, variance: s.value.variance,
      indices: s.value.indices.flatMap((x, i) => {
        const factor = plan.factors[i];
        return factor === undefined ? [] : [{ ...x, factor }];
      }),
    });
  }
  const mc = estimates.method === "mc";
  return {
    ok: true,
    value: {
      scenario: plan.scenario, samples: plan.samples, sampling: plan.sampling, seed: plan.seed, bootstrap: plan.bootstrap,
      method: estimates.method, runs: mc ? plan.estimator.runs : undefined, solves: results.length,
      factors: plan.factors, targets, notes: plan.correlated ? [INDEPENDENCE_NOTE] : [],
    },
    warnings: plan.warnings,
  };
}

/**
 * Runs a global sensitivity analysis in this thread: {@link planSensitivity},
 * `estimatePoints`, {@link finishSensitivity}. Pure.
 */
export function sensitivity(sc: Scenario, options: SensitivityOptions = {}): Result<SensitivityReport> {
  const plan = planSensitivity(sc, options);
  if (!plan.ok) return plan;
  const est = estimatePoints(sc, plan.value.points, plan.value.estimator);
  if (!est.ok) return est;
  return finishSensitivity(plan.value, est.value);
}
