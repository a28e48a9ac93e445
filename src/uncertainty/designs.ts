/**
 * Sampling designs: n points in the open unit cube (0, 1)^d, reproducible
 * from a seed, that the uncertainty commands map through quantile functions
 * to parameter values.
 *
 * - `random`: point i from `runRng(seed, i)` alone, d draws in order.
 * - `lhs`: a Latin hypercube (see `designsLhs.ts`); every column visits each
 *   of the n strata exactly once.
 * - `sobol`: Joe–Kuo Sobol points randomised by a seeded digital shift (see
 *   `designsSobol.ts`); balanced when n is a power of two.
 *
 * The contract that makes results identical for any worker count: a design
 * is a plain value built once from (sampling, seed, n, d), and point i is a
 * pure function of the design and i (`designPoint`); `designRows` returns any
 * run of consecutive points with the same values. Every coordinate is
 * strictly inside (0, 1) (random and Sobol coordinates are midpoints of a
 * 2^-32 grid), so quantile functions never see 0 or 1.
 * @module
 */
import { MAX_SEED, runRng, streamRng } from "../engine/rng.js";
import { issue, warning, type Issue, type Result } from "../scenario/issues.js";
import { LHS_MAX_CELLS, lhsMatrix } from "./designsLhs.js";
import { SOBOL_MAX_DIMENSIONS, SOBOL_MAX_POINTS, sobolBlock, wordToUnit } from "./designsSobol.js";

/** How the points of a design are chosen. */
export type Sampling = "random" | "lhs" | "sobol";

/** Every sampling, in the order a CLI lists them. */
export const SAMPLINGS: readonly Sampling[] = ["random", "lhs", "sobol"];

/** The largest dimension count of any design: the Sobol table's, so changing the sampling never changes what is accepted. */
export const MAX_DESIGN_DIMENSIONS = SOBOL_MAX_DIMENSIONS;

/** The largest number of points of a random or Sobol design (Sobol points repeat past 2^32). */
export const MAX_DESIGN_POINTS = SOBOL_MAX_POINTS;

const TWO_POW_32 = 4_294_967_296; // = 2 ** 32

/** What every design carries: its sampling, seed, point count n and dimension d. */
interface DesignBase {
  readonly seed: number;
  readonly n: number;
  readonly d: number;
}

/** A design: a plain value, built by `design()`, read by `designPoint` and `designRows`. */
export type Design =
  | (DesignBase & { readonly sampling: "random" })
  | (DesignBase & { readonly sampling: "lhs"; /** n × d, row-major. */ readonly matrix: Float64Array })
  | (DesignBase & { readonly sampling: "sobol"; /** One 32-bit XOR word per dimension. */ readonly shift: Uint32Array });

/**
 * The digital shift of a Sobol design with this seed: d 32-bit words, the
 * first d of one seeded stream (so a wider design's first d coordinates are
 * a narrower one's). Pure.
 */
export function sobolShift(seed: number, d: number): Uint32Array {
  const rng = streamRng(`tariffsim/sobol-shift/${seed}`);
  const shift = new Uint32Array(d);
  for (let j = 0; j < d; j++) shift[j] = Math.floor(rng() * TWO_POW_32);
  return shift;
}

/**
 * Builds a design of `n` points in (0, 1)^`d` from `seed`. Errors (as
 * issues, paths `["seed"]`, `["n"]`, `["d"]`): a seed that is not an integer
 * in [0, MAX_SEED]; n not an integer ≥ 1, or above MAX_DESIGN_POINTS, or for
 * `lhs` n · d above LHS_MAX_CELLS; d not an integer in [1,
 * MAX_DESIGN_DIMENSIONS] (1,111). A `sobol` design whose n is not a power of
 * two is built but carries a warning: its points are then not balanced, and
 * the estimates converge more slowly. Cost: O(n · d) for `lhs` (the whole
 * matrix is built here), O(d) otherwise. Pure.
 */
export function design(sampling: Sampling, seed: number, n: number, d: number): Result<Design> {
  const issues: Issue[] = [];
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    issues.push(issue("range", ["seed"], `seed ${seed} is not an integer in [0, ${MAX_SEED}]`));
  }
  if (!Number.isInteger(n) || n < 1) {
    issues.push(issue("range", ["n"], `the number of points must be a positive integer, got ${n}`));
  } else if (n > MAX_DESIGN_POINTS) {
    issues.push(issue("limit", ["n"], `${n} points is more than the limit of ${MAX_DESIGN_POINTS} (2^32)`));
  }
  if (!Number.isInteger(d) || d < 1) {
    issues.push(issue("range", ["d"], `the number of dimensions must be a positive integer, got ${d}`));
  } else if (d > MAX_DESIGN_DIMENSIONS) {
    issues.push(
      issue("limit", ["d"], `${d} dimensions is more than the limit of ${MAX_DESIGN_DIMENSIONS} (the Joe–Kuo Sobol table)`),
    );
  }
  if (issues.length === 0 && sampling === "lhs" && n * d > LHS_MAX_CELLS) {
    issues.push(
      issue("limit", ["n"], `a Latin hypercube of ${n} points × ${d} dimensions is more than the limit of ${LHS_MAX_CELLS} cells`),
    );
  }
  if (issues.length > 0) return { ok: false, issues };
  switch (sampling) {
    case "random":
      return { ok: true, value: { sampling, seed, n, d }, warnings: [] };
    case "lhs":
      return { ok: true, value: { sampling, seed, n, d, matrix: lhsMatrix(seed, n, d) }, warnings: [] };
    case "sobol": {
      const warnings: Issue[] = [];
      if (!isPowerOfTwo(n)) {
        const below = 2 ** Math.floor(Math.log2(n));
        const message = `Sobol points are balanced only for a power of two of them; ${n} is not (try ${below} or ${2 * below})`;
        warnings.push(warning("option", ["n"], message));
      }
      return { ok: true, value: { sampling, seed, n, d, shift: sobolShift(seed, d) }, warnings };
    }
    default:
      return sampling satisfies never;
  }
}

/** True for 1, 2, 4, 8, …. Pure. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/**
 * Writes point `i` (0 ≤ i < n) of `d` to `out[0 … d−1]`: coordinates strictly
 * inside (0, 1), unitless. Depends only on the design and i, never on which
 * other points were computed. Throws RangeError for an index outside the
 * design or an `out` shorter than d (programming errors). Pure apart from
 * writing `out`.
 */
export function designPoint(ds: Design, i: number, out: Float64Array): void {
  checkRange(ds, i, 1, out.length, ds.d);
  fillRows(ds, i, 1, out);
}

/**
 * Points `from … to − 1` of `d` as a new row-major `(to − from) × d.d`
 * array: the same values `designPoint` gives one by one. Throws RangeError
 * when not 0 ≤ from ≤ to ≤ n. Pure.
 */
export function designRows(ds: Design, from: number, to: number): Float64Array {
  const count = to - from;
  const out = new Float64Array(Math.max(0, count) * ds.d);
  if (count === 0 && Number.isInteger(from) && from >= 0 && from <= ds.n) return out;
  checkRange(ds, from, count, out.length, ds.d * count);
  fillRows(ds, from, count, out);
  return out;
}

function checkRange(ds: Design, from: number, count: number, outLength: number, need: number): void {
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 1 || from + count > ds.n) {
    throw new RangeError(`points ${from} … ${from + count - 1} are outside the design's 0 … ${ds.n - 1}`);
  }
  if (outLength < need) throw new RangeError(`output of length ${outLength} is shorter than ${need}`);
}

function fillRows(ds: Design, from: number, count: number, out: Float64Array): void {
  const d = ds.d;
  switch (ds.sampling) {
    case "random":
      for (let r = 0; r < count; r++) {
        const rng = runRng(ds.seed, from + r);
        for (let j = 0; j < d; j++) out[r * d + j] = wordToUnit(Math.floor(rng() * TWO_POW_32));
      }
      return;
    case "lhs":
      out.set(ds.matrix.subarray(from * d, (from + count) * d));
      return;
    case "sobol":
      sobolBlock(from, count, d, ds.shift, out);
      return;
    default:
      ds satisfies never;
  }
}
