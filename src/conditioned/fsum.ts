/**
 * Order-free sums of floating-point numbers: a sum is kept as a short list
 * of non-overlapping partials whose exact total is the exact sum of what was
 * added (Shewchuk's expansions, as in Python's `math.fsum`), and read off
 * correctly rounded. Why: weighted Monte Carlo adds real weights, not counts,
 * and plain float addition depends on the order of the terms; with exact
 * partials a batch's sums merged with another's give, once rounded, the same
 * number bit for bit whatever the batching (the property the engine's
 * integer tally has for free). Pure functions over mutable arrays.
 * @module
 */

/** An exact sum: non-overlapping partials in increasing magnitude (their exact total is the sum). */
export type Partials = number[];

/**
 * Adds `x` (finite) into `p` exactly (mutates `p`). Each step is Knuth's
 * two-sum with the larger term first, so `hi + lo` equals the two terms
 * exactly; zero remainders are dropped, so `p` stays short (a few entries for
 * numbers of similar size).
 */
export function addPartial(p: Partials, x: number): void {
  let i = 0;
  let acc = x;
  for (let j = 0; j < p.length; j++) {
    let y = p[j] ?? 0;
    let a = acc;
    if (Math.abs(a) < Math.abs(y)) {
      const t = a;
      a = y;
      y = t;
    }
    const hi = a + y;
    const lo = y - (hi - a);
    if (lo !== 0) p[i++] = lo;
    acc = hi;
  }
  p[i++] = acc;
  p.length = i;
}

/** Adds every partial of `q` into `p` (mutates `p`): `p` then holds the exact sum of both. */
export function mergePartials(p: Partials, q: readonly number[]): void {
  for (const x of q) addPartial(p, x);
}

/**
 * The exact sum of `p`, correctly rounded to the nearest double (ties to
 * even), so it depends only on the exact sum, not on how `p` was built
 * (the last step of Python's `math.fsum`). Pure.
 */
export function roundPartials(p: readonly number[]): number {
  let n = p.length;
  if (n === 0) return 0;
  n--;
  let hi = p[n] ?? 0;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    n--;
    const y = p[n] ?? 0;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // Half-way cases: the rounding of hi + lo went the wrong way if the next partial has lo's sign.
  if (n > 0 && ((lo < 0 && (p[n - 1] ?? 0) < 0) || (lo > 0 && (p[n - 1] ?? 0) > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}
