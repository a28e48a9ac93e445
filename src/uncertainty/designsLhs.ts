/**
 * Latin hypercube designs: n points in [0, 1)^d such that every column
 * visits each of the n strata [k/n, (k+1)/n) exactly once. Each dimension
 * gets its own seeded permutation of the strata (Fisher–Yates) and a seeded
 * jitter within each stratum, from a stream derived from (seed, dimension)
 * alone, so the first d columns of a wider design equal a narrower one.
 *
 * Why the whole matrix at once: a point's stratum depends on every other
 * point's (a permutation of all n), so unlike random and Sobol points a
 * Latin hypercube point cannot be computed from its index alone. The matrix
 * is a pure function of (seed, n, d), so any split across workers reads the
 * same values.
 * @module
 */
import { streamRng } from "../engine/rng.js";

/** The largest number of cells (n × d) of a Latin hypercube matrix: 2^25 doubles, 256 MiB. */
export const LHS_MAX_CELLS = 33_554_432; // = 2 ** 25

/**
 * Jitter resolution for n points: 2^-bits within a stratum, with
 * bits = min(32, 50 − bitLength(n)). Why: the stratum index p < n and the
 * jitter must add exactly (p + jitter needs bitLength(n) + bits ≤ 53 bits)
 * with a margin of two bits, so that (p + jitter) / n is strictly inside
 * stratum p after rounding and never equals 0 or 1. Pure.
 */
export function lhsJitterBits(n: number): number {
  const bitLength = 32 - Math.clz32(n);
  return Math.min(32, 50 - bitLength);
}

/** The stream of dimension `j` of a Latin hypercube with this seed. Pure. */
function dimensionRng(seed: number, j: number): () => number {
  return streamRng(`tariffsim/lhs/${seed}/${j}`);
}

/**
 * The n × d Latin hypercube matrix (row-major: point i, dimension j at
 * `i * d + j`) for `seed`. Column j: a Fisher–Yates permutation `perm` of
 * 0 … n − 1 drawn from dimension j's stream, then for each point i a jitter
 * u from the same stream on a grid of 2^-bits (cell midpoints), giving
 * x = (perm[i] + u) / n, strictly inside (0, 1). Requires integers
 * 1 ≤ n, 0 ≤ d and n · d ≤ LHS_MAX_CELLS (checked by the caller). Pure.
 */
export function lhsMatrix(seed: number, n: number, d: number): Float64Array {
  const matrix = new Float64Array(n * d);
  const perm = new Uint32Array(n);
  const bits = lhsJitterBits(n);
  const scale = 2 ** bits;
  for (let j = 0; j < d; j++) {
    const rng = dimensionRng(seed, j);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(rng() * (i + 1));
      const t = perm[i] ?? 0;
      perm[i] = perm[k] ?? 0;
      perm[k] = t;
    }
    for (let i = 0; i < n; i++) {
      const jitter = (Math.floor(rng() * scale) + 0.5) / scale;
      matrix[i * d + j] = ((perm[i] ?? 0) + jitter) / n;
    }
  }
  return matrix;
}
