/**
 * Interval estimates for proportions. Pure.
 * @module
 */

/** The 97.5% standard normal quantile, for two-sided 95% intervals. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for `k` successes in `n` trials at normal
 * quantile `z` (default 95%). Stays inside [0, 1] and behaves at k = 0 and
 * k = n, unlike the Wald interval. Pure.
 */
export function wilson(k: number, n: number, z: number = Z95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Rounding can leave the bounds a hair inside k/n at the edges; the interval always contains k/n.
  return [k <= 0 ? 0 : Math.min(p, Math.max(0, centre - half)), k >= n ? 1 : Math.max(p, Math.min(1, centre + half))];
}

/** The standard error of a proportion estimated from `n` runs when the true value is `p`. Pure. */
export function standardError(p: number, n: number): number {
  return n > 0 ? Math.sqrt((p * (1 - p)) / n) : Infinity;
}
