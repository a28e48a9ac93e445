/**
 * Day distributions of calendar windows and delays as dense probability
 * arrays with their tail sums. Pure.
 * @module
 */

/**
 * A distribution over consecutive whole days `first … first + pmf.length - 1`.
 * `tail[i] = pmf[i] + … + pmf[n-1]` (computed by summation, so `tail[i] === tail[i+1]`
 * exactly where `pmf[i] === 0`), with `tail[n] = 0`.
 */
export interface DayDist {
  readonly first: number;
  readonly pmf: Float64Array;
  readonly tail: Float64Array;
}

/** Builds a {@link DayDist} from non-negative relative weights (at least one positive). Pure. */
export function dayDist(first: number, weights: readonly number[]): DayDist {
  let total = 0;
  for (const w of weights) total += w;
  const n = weights.length;
  const pmf = new Float64Array(n);
  for (let i = 0; i < n; i++) pmf[i] = (weights[i] ?? 0) / total;
  const tail = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) tail[i] = (tail[i + 1] ?? 0) + (pmf[i] ?? 0);
  return { first, pmf, tail };
}

/** Equal weight on every day of `[lo, hi]`. Pure. */
export function uniformWeights(lo: number, hi: number): number[] {
  return new Array<number>(hi - lo + 1).fill(1);
}

/**
 * Triangular weights on `[lo, hi]` peaking at `mode`: day `d` gets
 * `1 - |d - mode| / (span + 1)`, `span` being the days from the mode to the
 * end on d's side, so every day of the range has positive weight. Pure.
 */
export function triangularWeights(lo: number, mode: number, hi: number): number[] {
  const out: number[] = [];
  for (let d = lo; d <= hi; d++) {
    out.push(d <= mode ? 1 - (mode - d) / (mode - lo + 1) : 1 - (d - mode) / (hi - mode + 1));
  }
  return out;
}

/**
 * The conditional probability that the event falls on day `day`, given it
 * has not fallen before: `pmf / tail` there (0 outside the support or once
 * nothing is left). Pure.
 */
export function conditionalHazard(d: DayDist, day: number): number {
  const i = day - d.first;
  if (i < 0 || i >= d.pmf.length) return 0;
  const t = d.tail[i] ?? 0;
  return t > 0 ? (d.pmf[i] ?? 0) / t : 0;
}

/**
 * Draws a day of `d` restricted to days `>= from` (renormalised), by inverse
 * tail search on one uniform `u` in [0, 1); `Infinity` if nothing is left. Pure.
 */
export function sampleDayFrom(d: DayDist, from: number, u: number): number {
  const n = d.pmf.length;
  const lo = Math.max(0, from - d.first);
  if (lo >= n) return Infinity;
  const top = d.tail[lo] ?? 0;
  if (top <= 0) return Infinity;
  // Smallest i >= lo with tail[lo] - tail[i+1] > u * top, i.e. tail[i+1] < top - u * top.
  const target = top - u * top;
  let a = lo;
  let b = n - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((d.tail[mid + 1] ?? 0) < target) b = mid;
    else a = mid + 1;
  }
  return d.first + a;
}
