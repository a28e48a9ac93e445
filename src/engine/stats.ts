/**
 * Interval estimates for proportions. Pure.
 * @module
 */

/** The 97.5% standard normal quantile, for two-sided 95% intervals. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for `k` successes in `n` trials at normal
 * quantile `z` (default 95%). Stays inside [0, 1] and behaves at k = 0 and
 * k = n, unlike the Wald interval; [0, 1] for n = 0. `k` and `n` may be
 * fractional (effective counts); a RangeError unless 0 ≤ k ≤ n < ∞ and
 * 0 < z < ∞. Pure.
 */
export function wilson(k: number, n: number, z: number = Z95): [number, number] {
  // Counts that cannot be (5 of 3, a negative z) gave intervals that looked like answers.
  if (!(n >= 0 && n < Infinity && k >= 0 && k <= n && z > 0 && z < Infinity)) {
    throw new RangeError(`wilson: expected 0 ≤ k ≤ n (finite) and z > 0, got k = ${k}, n = ${n}, z = ${z}`);
  }
  if (n <= 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Rounding can leave the bounds a hair inside k/n at the edges; the interval always contains k/n.
  return [k <= 0 ? 0 : Math.min(p, Math.max(0, centre - half)), k >= n ? 1 : Math.max(p, Math.min(1, centre + half))];
}

/**
 * The standard error of a proportion estimated from `n` runs when the true
 * value is `p` (Infinity for n = 0; a RangeError unless 0 ≤ p ≤ 1 and n ≥ 0). Pure.
 */
export function standardError(p: number, n: number): number {
  if (!(p >= 0 && p <= 1 && n >= 0)) throw new RangeError(`standardError: expected 0 ≤ p ≤ 1 and n ≥ 0, got p = ${p}, n = ${n}`);
  return n > 0 ? Math.sqrt((p * (1 - p)) / n) : Infinity;
}

/**
 * Tango's score statistic for H0: Δ = `d0` on a paired 2×2 table of `n`
 * pairs, `b` of them hit only by the second side and `c` only by the first
 * (Δ is the second side's proportion minus the first's, (b − c)/n): the
 * observed difference minus n·d0, over its standard deviation at the
 * restricted maximum-likelihood estimate of the discordant proportion
 * (Tango 1998, Stat Med 17:891). Decreasing in `d0`. Pure.
 */
function tangoStatistic(n: number, b: number, c: number, d0: number): number {
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * d0;
  const C = -c * d0 * (1 - d0);
  const disc = Math.sqrt(Math.max(0, B * B - 4 * A * C));
  // The quadratic's larger root, written without the cancellation of (√D − B) when B > 0.
  const p21 = B > 0 ? (disc + B > 0 ? (-2 * C) / (disc + B) : 0) : (disc - B) / (2 * A);
  const num = b - c - n * d0;
  const den = Math.sqrt(Math.max(0, n * (2 * p21 + d0 * (1 - d0))));
  if (den > 0) return num / den;
  return num === 0 ? 0 : num > 0 ? Infinity : -Infinity;
}

/**
 * The 95% (by default) score interval of Tango (1998) for the difference of
 * two paired proportions: `n` pairs, `onlyA` hit by the first side only,
 * `onlyB` by the second only (counts need not be whole: effective counts of
 * weighted runs are allowed); the difference is (onlyB − onlyA) / n. The
 * bounds are where the score statistic equals ∓z, found by bisection to
 * adjacent doubles. Throws a RangeError on counts that are not finite or
 * not 0 ≤ onlyA + onlyB ≤ n. Why not the Wald interval (difference ±
 * z·s/√n): with few discordant pairs it is far too short (measured in
 * docs/analysis.md: 35% of 95% intervals missed on a change that moves few
 * runs, 2,000 pairs), and it shrinks to a point when no pair differs. This
 * one stays within [−1, 1], always contains the difference, and with no
 * discordant pair gives ±z²/(n + z²). Pure.
 */
export function pairedScoreInterval(n: number, onlyA: number, onlyB: number, z: number = Z95): [number, number] {
  // (Effective counts may sum past n by rounding: allowed up to 1e-12 of it.)
  if (![n, onlyA, onlyB, z].every(Number.isFinite) || onlyA < 0 || onlyB < 0 || onlyA + onlyB > n * (1 + 1e-12) || !(z > 0)) {
    throw new RangeError(`pairedScoreInterval: counts must be finite, 0 ≤ onlyA + onlyB ≤ n, z > 0; got n = ${n}, onlyA = ${onlyA}, onlyB = ${onlyB}, z = ${z}`);
  }
  if (n === 0) return [-1, 1];
  // Worked out where the difference is not negative, and mirrored: the statistic's variance term loses
  // digits as the difference nears −1 (2·p21 + d0(1 − d0) is then a difference of numbers near 2), not +1.
  if (onlyA > onlyB) {
    const [lo, hi] = pairedScoreInterval(n, onlyB, onlyA, z);
    return [-hi, -lo];
  }
  const d = (onlyB - onlyA) / n;
  const t = (d0: number): number => tangoStatistic(n, onlyB, onlyA, d0);
  // Invariants: `lo` is outside the interval (its statistic beyond z), `hi` inside; halve until adjacent doubles.
  const bound = (outside: number, inside: number, isOutside: (x: number) => boolean): number => {
    let lo = outside;
    let hi = inside;
    for (;;) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) return hi;
      if (isOutside(mid)) lo = mid;
      else hi = mid;
    }
  };
  const upper = d >= 1 ? 1 : bound(1, d, (x) => t(x) < -z);
  // Equal counts: the table is its own mirror, so is the interval (exactly, not to rounding).
  if (onlyA === onlyB) return [-upper, upper];
  const lower = d <= -1 ? -1 : bound(-1, d, (x) => t(x) > z);
  return [lower, upper];
}

/**
 * A 95% interval for a proportion estimated from weighted runs (a ratio
 * estimate p with delta-method standard error `se`, from runs whose weights
 * are worth `ess` equally weighted ones, Kish's (Σw)²/Σw²): the Wilson
 * interval of p at the effective number of runs n* = p(1 − p)/se², capped at
 * `ess` (and `ess` itself where that is undefined: p at 0 or 1, or se 0).
 * Why not p ± z·se: where few runs carry the estimate it is far too short,
 * and [0, 0] at p = 0 (measured on conditioned runs, docs/analysis.md);
 * an interval at the effective number of runs is in the spirit of Korn and
 * Graubard (1998) for weighted survey proportions (they use Clopper–Pearson
 * there, capped at the actual n). Throws a RangeError unless 0 ≤ p ≤ 1,
 * se ≥ 0 and ess is finite and positive. Pure.
 */
export function weightedProportionInterval(p: number, se: number, ess: number, z: number = Z95): [number, number] {
  if (!(p >= 0 && p <= 1) || !(se >= 0) || !(ess > 0) || !Number.isFinite(ess) || !(z > 0)) {
    throw new RangeError(`weightedProportionInterval: needs 0 ≤ p ≤ 1, se ≥ 0, a finite ess > 0 and z > 0; got p = ${p}, se = ${se}, ess = ${ess}, z = ${z}`);
  }
  // At least one run (Kish's ess is at least 1 wherever a weight is positive): fewer would mean nothing.
  const n = p > 0 && p < 1 && se > 0 ? Math.min(ess, Math.max(1, (p * (1 - p)) / (se * se))) : ess;
  const [lo, hi] = wilson(p * n, n, z);
  return [Math.min(lo, p), Math.max(hi, p)];
}

/**
 * A 95% interval for a paired difference d of two weighted estimates with
 * delta-method variance `v`, from runs worth `ess` equally weighted pairs:
 * Tango's score interval ({@link pairedScoreInterval}) on the effective
 * counts that give the same difference and the same variance: n pairs
 * (`ess`, or fewer when the variance would need a discordant share above 1:
 * then n = (1 − d²)/v, so that a larger variance still widens it), with
 * discordant share d² + n·v split so that their difference is d. Why: the
 * delta-method interval d ± z·√v missed far more than 5% where few runs
 * differ between the sides, and shrank to a point where none did. Throws a
 * RangeError unless −1 ≤ d ≤ 1, v ≥ 0 and ess is finite and positive. Pure.
 */
export function weightedPairedInterval(d: number, v: number, ess: number, z: number = Z95): [number, number] {
  if (!(d >= -1 && d <= 1) || !(v >= 0) || !Number.isFinite(v) || !(ess > 0) || !Number.isFinite(ess) || !(z > 0)) {
    throw new RangeError(`weightedPairedInterval: needs −1 ≤ d ≤ 1, a finite v ≥ 0, a finite ess > 0 and z > 0; got d = ${d}, v = ${v}, ess = ${ess}, z = ${z}`);
  }
  const n = d * d + ess * v > 1 && v > 0 ? Math.max(1, (1 - d * d) / v) : ess;
  const share = Math.min(1, Math.max(Math.abs(d), d * d + n * v));
  const onlyB = Math.max(0, (n * (share + d)) / 2);
  const onlyA = Math.max(0, Math.min(n - onlyB, (n * (share - d)) / 2));
  const [lo, hi] = pairedScoreInterval(n, onlyA, onlyB, z);
  return [Math.min(lo, d), Math.max(hi, d)];
}
