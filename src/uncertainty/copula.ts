/**
 * Correlations between uncertain parameters, applied with a Gaussian copula:
 * independent uniforms u become normal scores z = Φ⁻¹(u), are mixed by the
 * Cholesky factor L of the correlation matrix R (z' = L z, so cov z' = R),
 * and go back to uniforms u' = Φ(z'). Each u'_i is still uniform (z'_i is
 * standard normal because R has a unit diagonal), so every marginal is kept
 * exactly; only the dependence changes. `rho` is the correlation of the
 * normal scores; the rank (Spearman) correlation it gives is
 * (6/π) · asin(rho/2), slightly smaller in magnitude.
 *
 * Why Cholesky and not eigenvalues: the factor is needed anyway, and a
 * Cholesky that accepts pivots down to −{@link PSD_TOLERANCE} (setting them to
 * 0) factors every positive semi-definite matrix, singular ones (rho = ±1)
 * included, and fails exactly when the matrix is not PSD.
 *
 * Every function here is pure.
 * @module
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { issue, type Issue, type Path, type Result } from "../scenario/issues.js";
import { suggest } from "../scenario/suggest.js";
import type { NameHint } from "./dirichlet.js";
import type { Correlation } from "../scenario/uncertaintySchema.js";

/** A Cholesky pivot above −PSD_TOLERANCE counts as 0, not as a failure (rounding in a singular PSD matrix). */
export const PSD_TOLERANCE = 1e-10;
/** Below a zero pivot the column's residuals must vanish within this (they are at most √(tolerance) for a PSD matrix). */
const RESIDUAL_TOLERANCE = 1e-5;
/** Uniforms are kept in [U_EPS, 1 − U_EPS] before Φ⁻¹, so a design's 0 gives −8.2 rather than −∞ (which would make L z NaN). = 2 ** -53 */
const U_EPS = 2 ** -53;
/** Past this many correlated parameters, a failing matrix is not searched for its smallest failing triple. */
const MAX_TRIPLE_SEARCH = 100;

/** A Gaussian copula over some coordinates of a design point. */
export interface Copula {
  /** The correlated parameters, in matrix order. */
  readonly names: readonly string[];
  /** The coordinate (index into a design point) of each of `names`. */
  readonly dims: readonly number[];
  /** The lower-triangular Cholesky factor of the correlation matrix, row-major n × n. */
  readonly factor: Float64Array;
}

/**
 * The lower Cholesky factor of the symmetric n × n matrix `a` (row-major),
 * tolerant of singular PSD matrices; or the index of the first pivot at
 * which `a` shows it is not positive semi-definite.
 */
export function cholesky(a: Float64Array, n: number): { ok: true; factor: Float64Array } | { ok: false; pivot: number } {
  const l = new Float64Array(n * n);
  const at = (arr: Float64Array, i: number, j: number): number => arr[i * n + j] ?? Number.NaN;
  for (let j = 0; j < n; j++) {
    let d = at(a, j, j);
    for (let k = 0; k < j; k++) d -= at(l, j, k) ** 2;
    if (d < -PSD_TOLERANCE) return { ok: false, pivot: j };
    const ljj = d > PSD_TOLERANCE ? Math.sqrt(d) : 0;
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let r = at(a, i, j);
      for (let k = 0; k < j; k++) r -= at(l, i, k) * at(l, j, k);
      if (ljj > 0) l[i * n + j] = r / ljj;
      else if (Math.abs(r) > RESIDUAL_TOLERANCE) return { ok: false, pivot: j };
    }
  }
  return { ok: true, factor: l };
}

/** What {@link buildCopula} needs to know about the scenario's parameters. */
export interface CopulaContext {
  /** Every parameter name (for "did you mean"). */
  readonly parameters: readonly string[];
  /** Parameters with their own `uncertainty`, each with its coordinate in a design point. */
  readonly dimOf: ReadonlyMap<string, number>;
  /** Parameters drawn by a dirichlet group, with the group's index in `uncertainties`. */
  readonly groupOf: ReadonlyMap<string, number>;
  /** "Did you mean" for unknown names; default `suggest`. */
  readonly hint?: NameHint | undefined;
}

const fmt = (names: readonly string[]): string =>
  names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;

/**
 * Checks the scenario's `correlations` (each at `[...path, i]`) and builds
 * their copula. Errors: a name that is not a parameter ("did you mean"), a
 * parameter correlated with itself, one with no uncertainty of its own, one
 * drawn by a dirichlet group, a pair listed twice, and a matrix that is not
 * positive semi-definite — named by the smallest inconsistent triple of
 * parameters when there is one, else by all parameters of the leading block
 * that fails. Pure.
 */
export function buildCopula(correlations: readonly Correlation[], ctx: CopulaContext, path: Path): Result<Copula> {
  const out: Issue[] = [];
  const known = new Set(ctx.parameters);
  const index = new Map<string, number>();
  const rhos = new Map<string, { rho: number; at: number }>();
  const key = (i: number, j: number): string => (i < j ? `${i},${j}` : `${j},${i}`);
  const indexOf = (name: string): number => {
    const found = index.get(name);
    if (found !== undefined) return found;
    index.set(name, index.size);
    return index.size - 1;
  };
  correlations.forEach((c, ci) => {
    const [a, b] = c.between;
    let bad = false;
    c.between.forEach((name, side) => {
      const where: Path = [...path, ci, "between", side];
      if (!known.has(name)) out.push(issue("unknown-name", where, `no parameter "${name}"${(ctx.hint ?? suggest)(name, ctx.parameters)}`));
      else if (ctx.groupOf.has(name))
        out.push(issue("shape", where, `parameter "${name}" is drawn by uncertainties[${ctx.groupOf.get(name) ?? 0}] (a dirichlet) and cannot be correlated`));
      else if (!ctx.dimOf.has(name)) out.push(issue("shape", where, `parameter "${name}" has no uncertainty to correlate`));
      else return;
      bad = true;
    });
    if (a === b) {
      out.push(issue("shape", [...path, ci, "between"], `a parameter cannot be correlated with itself ("${a}")`));
      bad = true;
    }
    if (bad) return;
    const ia = indexOf(a);
    const ib = indexOf(b);
    const prior = rhos.get(key(ia, ib));
    if (prior !== undefined) out.push(issue("shape", [...path, ci], `"${a}" and "${b}" are already correlated by correlations[${prior.at}]`));
    else rhos.set(key(ia, ib), { rho: c.rho, at: ci });
  });
  if (out.length > 0) return { ok: false, issues: out };

  const names = [...index.keys()];
  const n = names.length;
  const rho = (i: number, j: number): number => (i === j ? 1 : rhos.get(key(i, j))?.rho ?? 0);
  const matrix = (ids: readonly number[]): Float64Array => {
    const m = new Float64Array(ids.length * ids.length);
    ids.forEach((i, r) => ids.forEach((j, c) => (m[r * ids.length + c] = rho(i, j))));
    return m;
  };
  const all = names.map((_, i) => i);
  const chol = cholesky(matrix(all), n);
  // Every indexed name passed the `dimOf` check above, so the fallback is never taken.
  if (chol.ok) return { ok: true, value: { names, dims: names.map((nm) => ctx.dimOf.get(nm) ?? -1), factor: chol.factor }, warnings: [] };

  const triple = n <= MAX_TRIPLE_SEARCH ? failingTriple(n, (ids) => cholesky(matrix(ids), ids.length).ok) : undefined;
  if (triple !== undefined) {
    const tn = triple.map((i) => names[i] ?? "");
    const pairs = [[0, 1], [0, 2], [1, 2]].map(([x = 0, y = 0]) => `rho(${tn[x]}, ${tn[y]}) = ${rho(triple[x] ?? 0, triple[y] ?? 0)}`);
    return {
      ok: false,
      issues: [issue("range", path, `the correlations of ${fmt(tn)} cannot hold together (their matrix is not positive semi-definite): ${pairs.join(", ")}`)],
    };
  }
  const block = names.slice(0, chol.pivot + 1);
  return {
    ok: false,
    issues: [issue("range", path, `the correlations among ${fmt(block)} cannot hold together (their matrix is not positive semi-definite)`)],
  };
}

/** The first triple of indices in [0, n) whose 3 × 3 sub-matrix is not PSD, if any (pairs always are: |rho| ≤ 1). */
function failingTriple(n: number, psd: (ids: readonly number[]) => boolean): readonly [number, number, number] | undefined {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let k = j + 1; k < n; k++) if (!psd([i, j, k])) return [i, j, k];
  return undefined;
}

/**
 * Maps one design point of independent uniforms to correlated uniforms: the
 * copula's coordinates go through Φ⁻¹, L and Φ; every other coordinate is
 * copied unchanged. Returns a new array; `u` is not modified.
 */
export function correlate(copula: Copula, u: Float64Array): Float64Array {
  const out = Float64Array.from(u);
  const n = copula.names.length;
  if (n === 0) return out;
  const z = new Float64Array(n);
  copula.dims.forEach((d, i) => {
    const ui = Math.min(1 - U_EPS, Math.max(U_EPS, u[d] ?? Number.NaN));
    z[i] = normalQuantile(ui, 0, 1);
  });
  copula.dims.forEach((d, i) => {
    let s = 0;
    for (let k = 0; k <= i; k++) s += (copula.factor[i * n + k] ?? 0) * (z[k] ?? 0);
    out[d] = normalCdf(s, 0, 1);
  });
  return out;
}
