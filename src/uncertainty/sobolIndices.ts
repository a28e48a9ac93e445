/**
 * Variance-based global sensitivity: first-order and total Sobol indices by
 * the Saltelli scheme, with bootstrap percentile intervals.
 *
 * From two independent base matrices A and B (n × d, each row a point in the
 * unit cube or already mapped to parameter values) the scheme needs the
 * model at A, at B and at each A_B^i (A with column i taken from B): (d + 2)·n
 * evaluations in all (`saltelliPoints`). With f_A, f_B, f_ABi those outputs
 * and V the variance of f over A and B together:
 *
 * - first order (Saltelli et al. 2010, Table 2 (b)):
 *   S1_i = mean_j (f_B[j] − m) · (f_ABi[j] − f_A[j]) / V
 * - total (Jansen 1999):  ST_i = mean_j (f_A[j] − f_ABi[j])² / 2 / V
 *
 * where m is the mean of f over A and B. Why f_B − m rather than Saltelli's
 * f_B: the expectation is the same (f_ABi − f_A has mean 0), but the
 * estimator no longer depends on adding a constant to f, and its variance
 * falls by the share of m² in E[f²]; for probabilities well away from 0 that
 * is most of it. SALib gets the same effect by standardising the outputs.
 *
 * Intervals: the n rows (row j of A, B and every A_B^i together) are
 * resampled with replacement, the indices recomputed, and the percentiles of
 * the replicates taken. Replicate b draws its rows from `runRng(seed, b)`
 * alone, so for one seed every target sees the same resamples. Why the
 * bootstrap and not a formula: it needs no assumption on f's distribution
 * and covers the ratio to V. With a Sobol design the rows are not
 * independent, so the intervals are, if anything, conservative.
 *
 * Everything here is a pure function of arrays: how the outputs were
 * computed (in which chunks, on how many workers) cannot change the result.
 * @module
 */
import { MAX_SEED, runRng } from "../engine/rng.js";
import { issue, type Issue, type Result } from "../scenario/issues.js";

/** The default number of bootstrap replicates. */
export const DEFAULT_BOOTSTRAP = 1_000;

/** The largest number of bootstrap replicates accepted. */
export const MAX_BOOTSTRAP = 100_000;

/** The default confidence level of the intervals. */
export const DEFAULT_CONFIDENCE = 0.95;

/** Options of `sobolIndices`; only `seed` is required. */
export interface SobolIndicesOptions {
  /** Seed of the bootstrap resampling, an integer in [0, MAX_SEED]. */
  readonly seed: number;
  /** Bootstrap replicates, an integer in [1, MAX_BOOTSTRAP]; default 1,000. */
  readonly bootstrap?: number;
  /** Two-sided confidence level of the percentile intervals, in (0, 1); default 0.95. */
  readonly confidence?: number;
}

/** The indices of one input; unitless fractions of the output's variance. */
export interface SobolIndex {
  /** First-order index: the share of variance from this input alone. */
  readonly S1: number;
  /** Bootstrap percentile interval of S1. */
  readonly S1ci: readonly [number, number];
  /** Total index: the share of variance this input takes part in, interactions included. */
  readonly ST: number;
  /** Bootstrap percentile interval of ST. */
  readonly STci: readonly [number, number];
}

/** The indices of one output (target). */
export interface SobolIndicesResult {
  /** Mean of the output over A and B (2n points): the forecast integrating the uncertainty. */
  readonly mean: number;
  /** Variance of the output over A and B (divisor 2n), in the output's units squared. */
  readonly variance: number;
  /** One entry per input, in column order. All zero when the variance is 0. */
  readonly indices: readonly SobolIndex[];
}

/**
 * Splits an n × 2d design (row-major, e.g. `designRows` of a 2d-dimensional
 * design) into A (its first d columns) and B (its last d), each n × d
 * row-major. Why one design of 2d columns: A and B must be independent, and
 * for Sobol points the columns of one sequence are, where two sequences from
 * different seeds are only shifted copies. Pure.
 */
export function splitBase(rows: Float64Array, n: number, d: number): { a: Float64Array; b: Float64Array } {
  if (rows.length !== n * 2 * d) throw new RangeError(`expected ${n} × ${2 * d} values, got ${rows.length}`);
  const a = new Float64Array(n * d);
  const b = new Float64Array(n * d);
  for (let j = 0; j < n; j++) {
    a.set(rows.subarray(j * 2 * d, j * 2 * d + d), j * d);
    b.set(rows.subarray(j * 2 * d + d, (j + 1) * 2 * d), j * d);
  }
  return { a, b };
}

/**
 * The number of model evaluations the scheme needs: (d + 2) · n. Pure.
 */
export function saltelliSize(n: number, d: number): number {
  return (d + 2) * n;
}

/**
 * Point k (0 ≤ k < (d + 2)·n) of the scheme, written to `out[0 … d−1]`.
 * Layout, in blocks of n rows: block 0 is A, block 1 is B, block 2 + i is
 * A_B^i (row j of A with column i replaced by row j of B's column i). The
 * outputs passed to `sobolIndices` must follow the same order. `a` and `b`
 * are n × d row-major. Throws RangeError for k outside the scheme. Pure apart
 * from writing `out`.
 */
export function saltelliPoint(a: Float64Array, b: Float64Array, n: number, d: number, k: number, out: Float64Array): void {
  if (a.length !== n * d || b.length !== n * d) throw new RangeError(`A and B must hold ${n} × ${d} values`);
  if (!Number.isInteger(k) || k < 0 || k >= saltelliSize(n, d)) {
    throw new RangeError(`point ${k} is outside 0 … ${saltelliSize(n, d) - 1}`);
  }
  const block = Math.floor(k / n);
  const row = (k % n) * d;
  out.set((block === 1 ? b : a).subarray(row, row + d));
  if (block >= 2) out[block - 2] = b[row + block - 2] ?? NaN;
}

/**
 * All (d + 2)·n points of the scheme as one row-major `(d + 2)·n × d` array,
 * in `saltelliPoint`'s order. Pure.
 */
export function saltelliPoints(a: Float64Array, b: Float64Array, n: number, d: number): Float64Array {
  const total = saltelliSize(n, d);
  const out = new Float64Array(total * d);
  const row = new Float64Array(d);
  for (let k = 0; k < total; k++) {
    saltelliPoint(a, b, n, d, k, row);
    out.set(row, k * d);
  }
  return out;
}

/**
 * First-order and total Sobol indices of one output, with bootstrap
 * intervals. `y` holds the model's (d + 2)·n outputs in `saltelliPoint`'s
 * order. Errors (as issues): n or d not a positive integer, `y` of the
 * wrong length (path `["outputs"]`), a non-finite output (path
 * `["outputs", k]`), bad options (paths `["bootstrap"]`, `["confidence"]`,
 * `["seed"]`). Estimates are not clipped to [0, 1]: sampling error can push
 * them slightly outside, and their intervals show by how much. Cost:
 * O(bootstrap · n · d). Pure.
 */
export function sobolIndices(
  y: Float64Array,
  n: number,
  d: number,
  options: SobolIndicesOptions,
): Result<SobolIndicesResult> {
  const issues = checkInputs(y, n, d, options);
  if (issues.length > 0) return { ok: false, issues };
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;

  const identity = new Uint32Array(n);
  for (let j = 0; j < n; j++) identity[j] = j;
  const s1 = new Float64Array(d);
  const st = new Float64Array(d);
  const { mean, variance } = estimate(y, n, d, identity, s1, st);

  // Replicates, one column per input: s1Reps[i * bootstrap + r].
  const s1Reps = new Float64Array(d * bootstrap);
  const stReps = new Float64Array(d * bootstrap);
  const rows = new Uint32Array(n);
  const s1b = new Float64Array(d);
  const stb = new Float64Array(d);
  for (let r = 0; r < bootstrap; r++) {
    const rng = runRng(options.seed, r);
    for (let j = 0; j < n; j++) rows[j] = Math.floor(rng() * n);
    estimate(y, n, d, rows, s1b, stb);
    for (let i = 0; i < d; i++) {
      s1Reps[i * bootstrap + r] = s1b[i] ?? NaN;
      stReps[i * bootstrap + r] = stb[i] ?? NaN;
    }
  }
  const lo = (1 - confidence) / 2;
  const indices: SobolIndex[] = [];
  for (let i = 0; i < d; i++) {
    const s1Col = s1Reps.subarray(i * bootstrap, (i + 1) * bootstrap).sort();
    const stCol = stReps.subarray(i * bootstrap, (i + 1) * bootstrap).sort();
    indices.push({
      S1: s1[i] ?? NaN,
      S1ci: [quantileSorted(s1Col, lo), quantileSorted(s1Col, 1 - lo)],
      ST: st[i] ?? NaN,
      STci: [quantileSorted(stCol, lo), quantileSorted(stCol, 1 - lo)],
    });
  }
  return { ok: true, value: { mean, variance, indices }, warnings: [] };
}

/**
 * The estimators over the rows `rows` (a resample of 0 … n−1, or all of
 * them), writing S1 and ST per input; returns the mean and variance of f
 * over those rows of A and B. A zero variance gives zero indices. Pure apart
 * from writing `s1` and `st`.
 */
function estimate(
  y: Float64Array,
  n: number,
  d: number,
  rows: Uint32Array,
  s1: Float64Array,
  st: Float64Array,
): { mean: number; variance: number } {
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const r = rows[j] ?? 0;
    sum += (y[r] ?? 0) + (y[n + r] ?? 0);
  }
  const mean = sum / (2 * n);
  let squares = 0; // two passes: the variance of outputs near a large mean stays exact
  for (let j = 0; j < n; j++) {
    const r = rows[j] ?? 0;
    const ea = (y[r] ?? 0) - mean;
    const eb = (y[n + r] ?? 0) - mean;
    squares += ea * ea + eb * eb;
  }
  const variance = squares / (2 * n);
  for (let i = 0; i < d; i++) {
    const block = (2 + i) * n;
    let first = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const r = rows[j] ?? 0;
      const fa = y[r] ?? 0;
      const fab = y[block + r] ?? 0;
      first += ((y[n + r] ?? 0) - mean) * (fab - fa);
      total += (fa - fab) * (fa - fab);
    }
    s1[i] = variance > 0 ? first / n / variance : 0;
    st[i] = variance > 0 ? total / (2 * n) / variance : 0;
  }
  return { mean, variance };
}

/** The q-quantile of sorted values, linear between order statistics (Hyndman–Fan type 7). Pure. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * q;
  const below = Math.floor(h);
  const x0 = sorted[below] ?? NaN;
  const x1 = sorted[Math.min(below + 1, m - 1)] ?? NaN;
  return x0 + (h - below) * (x1 - x0);
}

function checkInputs(y: Float64Array, n: number, d: number, options: SobolIndicesOptions): Issue[] {
  const issues: Issue[] = [];
  if (!Number.isInteger(n) || n < 1) issues.push(issue("range", ["n"], `n must be a positive integer, got ${n}`));
  if (!Number.isInteger(d) || d < 1) issues.push(issue("range", ["d"], `d must be a positive integer, got ${d}`));
  if (issues.length === 0 && y.length !== saltelliSize(n, d)) {
    issues.push(issue("range", ["outputs"], `expected (d + 2) · n = ${saltelliSize(n, d)} outputs, got ${y.length}`));
  }
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) issues.push(issue("range", ["outputs", bad], `output ${bad} is ${y[bad]}, not a finite number`));
  const { seed, bootstrap = DEFAULT_BOOTSTRAP, confidence = DEFAULT_CONFIDENCE } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    issues.push(issue("range", ["seed"], `seed ${seed} is not an integer in [0, ${MAX_SEED}]`));
  }
  if (!Number.isInteger(bootstrap) || bootstrap < 1 || bootstrap > MAX_BOOTSTRAP) {
    issues.push(issue("range", ["bootstrap"], `bootstrap must be an integer in [1, ${MAX_BOOTSTRAP}], got ${bootstrap}`));
  }
  if (!(confidence > 0 && confidence < 1)) {
    issues.push(issue("range", ["confidence"], `confidence must be in (0, 1), got ${confidence}`));
  }
  return issues;
}
