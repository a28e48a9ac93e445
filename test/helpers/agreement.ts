/**
 * A strict band for comparing a Monte Carlo count with an exact probability.
 */

/**
 * Bernstein's inequality: for k ~ Binomial(n, p), P(|k - np| >= t) <= alpha when
 * t = L/3 + sqrt((L/3)^2 + 2 n p (1 - p) L), L = ln(2 / alpha). Unlike a normal
 * approximation it holds for every p, including p near 0 or 1.
 */
export function bernsteinHalfWidth(n: number, p: number, alpha: number): number {
  const L = Math.log(2 / alpha);
  const v = n * p * (1 - p);
  return L / 3 + Math.sqrt((L / 3) ** 2 + 2 * v * L);
}

/** The count deviation |k - np| in units of the binomial standard deviation. */
export function zScore(k: number, n: number, p: number): number {
  const sd = Math.sqrt(n * p * (1 - p));
  return sd > 0 ? (k - n * p) / sd : k === n * p ? 0 : Infinity;
}
