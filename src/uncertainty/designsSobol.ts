/**
 * Sobol points with 32-bit direction numbers (Joe & Kuo 2008,
 * new-joe-kuo-6.21201; dimension 1 is the van der Corput sequence), in
 * Gray-code order as Joe & Kuo and most libraries give them, optionally
 * randomised by a digital shift (each coordinate's 32-bit integer XORed with a
 * fixed word per dimension).
 *
 * Why a digital shift: it keeps every stratification property of the net
 * (XOR with a constant permutes the dyadic intervals of each coordinate) while
 * making each point uniform on [0, 1)^d, so estimates from several shifts are
 * unbiased and independent and give valid intervals.
 *
 * Why not the npm package `sobol`'s generator: it shifts by up to 52 bits with
 * JavaScript's 32-bit operators. Only its table of direction numbers is used,
 * through the generated `joekuo.ts`.
 *
 * Point `i` is computed from `i` alone (`sobolIntegers`), so points do not
 * depend on how a design is batched; `sobolBlock` walks a run of consecutive
 * points by the Gray-code recurrence and gives bit-identical results.
 * @module
 */
import { JOE_KUO_DIMENSIONS, JOE_KUO_TABLE } from "./joekuo.js";

/** The largest number of Sobol dimensions (the Joe–Kuo table's first 1,111). */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO_DIMENSIONS;

/** Bits per coordinate: direction numbers are 32-bit words. */
export const SOBOL_BITS = 32;

/** The number of distinct Sobol points (indices 0 … 2^32 − 1); past it they repeat. */
export const SOBOL_MAX_POINTS = 4_294_967_296; // = 2 ** 32

const TWO_POW_32 = 4_294_967_296; // = 2 ** 32

let cache: Uint32Array | undefined;

/**
 * The direction numbers v_{j,k} = m_{j,k} · 2^(32 − k) for every dimension j
 * (0-based) and bit k = 1 … 32, as a row-major `SOBOL_MAX_DIMENSIONS × 32`
 * array: entry `j * 32 + (k − 1)`. Beyond the table's m_1 … m_s they follow
 * Joe & Kuo's recurrence
 * v_k = v_{k−s} ⊕ (v_{k−s} >> s) ⊕ a_1 v_{k−1} ⊕ … ⊕ a_{s−1} v_{k−s+1}.
 * Built once on first use (about 142 KB) and cached; the caller must not
 * modify the returned array. Observably pure.
 */
export function sobolDirections(): Uint32Array {
  if (cache !== undefined) return cache;
  const v = new Uint32Array(SOBOL_MAX_DIMENSIONS * SOBOL_BITS);
  // Dimension 1: m_k = 1 for every k, i.e. the van der Corput sequence in base 2.
  for (let k = 1; k <= SOBOL_BITS; k++) v[k - 1] = 2 ** (SOBOL_BITS - k);
  const lines = JOE_KUO_TABLE.split("\n").filter((line) => line.trim() !== "");
  if (lines.length !== SOBOL_MAX_DIMENSIONS - 1) {
    throw new Error(`joekuo.ts holds ${lines.length + 1} dimensions, expected ${SOBOL_MAX_DIMENSIONS}; please report`);
  }
  lines.forEach((line, index) => {
    const [s = 0, a = 0, ...m] = line.trim().split(/\s+/).map(Number);
    const base = (index + 1) * SOBOL_BITS;
    const at = (k: number): number => v[base + k - 1] ?? 0; // v_k of this dimension, k ≥ 1
    for (let k = 1; k <= SOBOL_BITS; k++) {
      let word: number;
      if (k <= s) {
        word = (m[k - 1] ?? 0) * 2 ** (SOBOL_BITS - k); // m_k < 2^k, so this is below 2^32
      } else {
        const back = at(k - s);
        word = (back ^ (back >>> s)) >>> 0;
        for (let l = 1; l < s; l++) {
          if (((a >>> (s - 1 - l)) & 1) === 1) word = (word ^ at(k - l)) >>> 0;
        }
      }
      v[base + k - 1] = word;
    }
  });
  cache = v;
  return v;
}

/** Maps a 32-bit integer x to (x + 0.5) / 2^32: the middle of its cell, never 0 or 1. Pure. */
export function wordToUnit(x: number): number {
  return ((x >>> 0) + 0.5) / TWO_POW_32;
}

/**
 * The 32-bit integers of Sobol point `i` (Gray-code order; point 0 is the
 * origin), first `d` dimensions, written to `out[0 … d−1]`, each XORed with
 * `shift[j]` when a shift is given (pass `undefined` for the unrandomised
 * sequence). Cost: d × (number of set bits of i ⊕ (i >> 1)). Requires
 * 0 ≤ i < 2^32 and d ≤ SOBOL_MAX_DIMENSIONS (throws RangeError otherwise,
 * a programming error). Pure apart from writing `out`.
 */
export function sobolIntegers(i: number, d: number, shift: Uint32Array | undefined, out: Uint32Array): void {
  checkIndex(i, d);
  const v = sobolDirections();
  const gray = (i ^ (i >>> 1)) >>> 0;
  for (let j = 0; j < d; j++) {
    let x = shift === undefined ? 0 : (shift[j] ?? 0);
    const base = j * SOBOL_BITS;
    for (let g = gray, k = 0; g !== 0; g >>>= 1, k++) {
      if ((g & 1) === 1) x ^= v[base + k] ?? 0;
    }
    out[j] = x >>> 0;
  }
}

/**
 * Points `from … from + count − 1` of the (shifted) Sobol sequence in
 * [0, 1)^d, as `(x + 0.5) / 2^32`, written row-major into `out` starting at
 * `out[offset]`. The first point is computed directly, the rest by the
 * Gray-code recurrence x_{i} = x_{i−1} ⊕ v_{c}, c the lowest set bit of i;
 * XOR is exact, so the values equal `sobolIntegers` point by point.
 * Pure apart from writing `out`.
 */
export function sobolBlock(
  from: number,
  count: number,
  d: number,
  shift: Uint32Array | undefined,
  out: Float64Array,
  offset = 0,
): void {
  if (count <= 0) return;
  checkIndex(from + count - 1, d);
  const v = sobolDirections();
  const x = new Uint32Array(d);
  sobolIntegers(from, d, shift, x);
  for (let r = 0; r < count; r++) {
    const i = from + r;
    if (r > 0) {
      const c = 31 - Math.clz32(i & -i); // lowest set bit of i (i < 2^32, so i & -i is exact)
      for (let j = 0; j < d; j++) x[j] = (x[j] ?? 0) ^ (v[j * SOBOL_BITS + c] ?? 0);
    }
    const row = offset + r * d;
    for (let j = 0; j < d; j++) out[row + j] = wordToUnit(x[j] ?? 0);
  }
}

function checkIndex(i: number, d: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= SOBOL_MAX_POINTS) {
    throw new RangeError(`Sobol point index ${i} is outside 0 … 2^32 − 1`);
  }
  if (!Number.isInteger(d) || d < 0 || d > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(`Sobol dimension count ${d} is outside 0 … ${SOBOL_MAX_DIMENSIONS}`);
  }
}
