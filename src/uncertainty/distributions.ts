/**
 * The per-parameter distributions of parameter uncertainty: quantiles (the
 * inverse CDF, so that any design of the unit hypercube — random, Latin
 * hypercube, Sobol — drives them), supports, means, and the meaning checks of
 * an `uncertainty` against its parameter.
 *
 * Quantiles come from the `@stdlib` distribution packages, not hand-written:
 * - uniform on [min, max]: min + u (max − min) (no package needed);
 * - triangular: `@stdlib/stats-base-dists-triangular-quantile`;
 * - PERT (beta-PERT, lambda 4): min + (max − min) · Beta⁻¹(u; α, β) with
 *   α = 1 + 4 (mode − min)/(max − min), β = 1 + 4 (max − mode)/(max − min);
 * - beta: α = mean · n, β = (1 − mean) · n, or α, β as written;
 * - lognormal: μ = (ln p05 + ln p95)/2, σ = (ln p95 − ln p05)/(2 z₉₅).
 *
 * Truncation, decided here: a lognormal's support (0, ∞) never lies inside a
 * parameter's finite bounds, so a lognormal is rejected unless it says
 * `truncate: true`, and then it is drawn *conditioned on* the bounds (inverse
 * CDF over [F(lo), F(hi)]), never clipped; its p05 and p95 must lie inside
 * the bounds, so truncation removes at most the 10% of mass in the tails.
 * Every other distribution must have its support inside the bounds (a beta's
 * is [0, 1]: on a narrower parameter use `pert` or `triangular`).
 *
 * Every function here is pure.
 * @module
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import lognormalQuantile from "@stdlib/stats-base-dists-lognormal-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import triangularQuantile from "@stdlib/stats-base-dists-triangular-quantile";
import { issue, warning, type Issue, type Path } from "../scenario/issues.js";
import type { Uncertainty } from "../scenario/uncertaintySchema.js";

/** Φ⁻¹(0.95), the standard normal's 95th percentile: p05 and p95 are μ ∓ Z95 · σ on the log scale. */
export const Z95 = 1.6448536269514722;

/** PERT's lambda: the weight of the mode (the classic beta-PERT). */
export const PERT_LAMBDA = 4;

/** A parameter's bounds, inclusive (same units as the parameter). */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The range of beta shapes (and Dirichlet alphas, drawn as betas) whose
 * quantiles the beta quantile function computes: outside it, it gives NaN
 * for some draws (measured: shapes of 1e150 and more, or both 1e-200 and
 * less). A shape of 1e100 is already a point mass for any analysis.
 */
export const MIN_SHAPE = 1e-100;
export const MAX_SHAPE = 1e100;

/** Whether a beta shape lies in [{@link MIN_SHAPE}, {@link MAX_SHAPE}]. Pure. */
export function shapeComputable(x: number): boolean {
  return x >= MIN_SHAPE && x <= MAX_SHAPE;
}

/** The beta shapes of a `beta` as written (either form). */
export function betaShape(spec: Extract<Uncertainty, { dist: "beta" }>): { alpha: number; beta: number } {
  return "mean" in spec ? { alpha: spec.mean * spec.n, beta: (1 - spec.mean) * spec.n } : { alpha: spec.alpha, beta: spec.beta };
}

/** The beta shapes of a PERT on [min, max] (lambda 4). */
export function pertShape(spec: Extract<Uncertainty, { dist: "pert" }>): { alpha: number; beta: number } {
  const width = spec.max - spec.min;
  return {
    alpha: 1 + (PERT_LAMBDA * (spec.mode - spec.min)) / width,
    beta: 1 + (PERT_LAMBDA * (spec.max - spec.mode)) / width,
  };
}

/** μ and σ of the underlying normal of a lognormal written by its 5th and 95th percentiles. */
export function lognormalParams(spec: Extract<Uncertainty, { dist: "lognormal" }>): { mu: number; sigma: number } {
  const lo = Math.log(spec.p05);
  const hi = Math.log(spec.p95);
  return { mu: (lo + hi) / 2, sigma: (hi - lo) / (2 * Z95) };
}

/**
 * The `u`-quantile (u in [0, 1]) of the distribution as written, untruncated;
 * in the parameter's units. Assumes {@link checkUncertainty} found no error.
 */
export function quantile(u: number, spec: Uncertainty): number {
  switch (spec.dist) {
    case "uniform":
      return spec.min + u * (spec.max - spec.min);
    case "triangular":
      return triangularQuantile(u, spec.min, spec.max, spec.mode);
    case "pert": {
      const { alpha, beta } = pertShape(spec);
      return spec.min + (spec.max - spec.min) * betaQuantile(u, alpha, beta);
    }
    case "beta": {
      const { alpha, beta } = betaShape(spec);
      return betaQuantile(u, alpha, beta);
    }
    case "lognormal": {
      const { mu, sigma } = lognormalParams(spec);
      return lognormalQuantile(u, mu, sigma);
    }
    default:
      return spec satisfies never;
  }
}

/** The support [lo, hi] of the distribution as written, untruncated (a lognormal's is (0, ∞), given as [0, Infinity]). */
export function support(spec: Uncertainty): readonly [number, number] {
  switch (spec.dist) {
    case "uniform":
    case "triangular":
    case "pert":
      return [spec.min, spec.max];
    case "beta":
      return [0, 1];
    case "lognormal":
      return [0, Infinity];
    default:
      return spec satisfies never;
  }
}

/** The mean of the distribution as written, untruncated. */
export function mean(spec: Uncertainty): number {
  switch (spec.dist) {
    case "uniform":
      return (spec.min + spec.max) / 2;
    case "triangular":
      return (spec.min + spec.mode + spec.max) / 3;
    case "pert":
      return (spec.min + PERT_LAMBDA * spec.mode + spec.max) / (PERT_LAMBDA + 2);
    case "beta": {
      const { alpha, beta } = betaShape(spec);
      return alpha / (alpha + beta);
    }
    case "lognormal": {
      const { mu, sigma } = lognormalParams(spec);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    default:
      return spec satisfies never;
  }
}

/**
 * A parameter's distribution as drawn: the written one, truncated to
 * [lo, hi] when it says `truncate: true`. `uLo`, `uHi` are the CDF at `lo`
 * and `hi`; a draw maps u in [0, 1] to the quantile at uLo + u (uHi − uLo).
 */
export interface Marginal {
  readonly spec: Uncertainty;
  readonly lo: number;
  readonly hi: number;
  readonly uLo: number;
  readonly uHi: number;
}

/** The lognormal CDF at x, via Φ((ln x − μ)/σ); 0 for x ≤ 0. */
function lognormalCdf(x: number, mu: number, sigma: number): number {
  return x <= 0 ? 0 : normalCdf(Math.log(x), mu, sigma);
}

/**
 * The distribution a parameter is drawn from, given its bounds. Only a
 * lognormal with `truncate: true` is truncated (to [max(min, 0), max]); every
 * other spec is returned whole (its support is checked to lie inside the
 * bounds by {@link checkUncertainty}).
 */
export function toMarginal(spec: Uncertainty, bounds: Bounds): Marginal {
  if (spec.dist === "lognormal" && spec.truncate === true) {
    const { mu, sigma } = lognormalParams(spec);
    const lo = Math.max(bounds.min, 0);
    const hi = bounds.max;
    return { spec, lo, hi, uLo: lognormalCdf(lo, mu, sigma), uHi: lognormalCdf(hi, mu, sigma) };
  }
  const [lo, hi] = support(spec);
  return { spec, lo, hi, uLo: 0, uHi: 1 };
}

/**
 * The `u`-quantile of a parameter's distribution as drawn. For a truncated
 * marginal the result is kept inside [lo, hi]: the quantile of a CDF value
 * inside [F(lo), F(hi)] can only leave by rounding (about one ulp).
 */
export function drawQuantile(u: number, m: Marginal): number {
  if (m.uLo === 0 && m.uHi === 1) return quantile(u, m.spec);
  const x = quantile(m.uLo + u * (m.uHi - m.uLo), m.spec);
  return Math.min(m.hi, Math.max(m.lo, x));
}

/** The `p`-th percentile (p in [0, 1], e.g. 0.05 and 0.95 for a tornado's ends) of a parameter as drawn. */
export function percentile(m: Marginal, p: number): number {
  return drawQuantile(p, m);
}

/** The mean of a parameter as drawn (a truncated lognormal's in closed form). */
export function marginalMean(m: Marginal): number {
  const spec = m.spec;
  if (spec.dist !== "lognormal" || (m.uLo === 0 && m.uHi === 1)) return mean(spec);
  const { mu, sigma } = lognormalParams(spec);
  // E[X | lo < X < hi] = e^{μ+σ²/2} [Φ((ln hi − μ − σ²)/σ) − Φ((ln lo − μ − σ²)/σ)] / (F(hi) − F(lo)).
  const shifted = (x: number): number => (x <= 0 ? 0 : normalCdf(Math.log(x), mu + sigma * sigma, sigma));
  return (Math.exp(mu + (sigma * sigma) / 2) * (shifted(m.hi) - shifted(m.lo))) / (m.uHi - m.uLo);
}

/** A parameter as {@link checkUncertainty} sees it. */
export interface CheckedParameter extends Bounds {
  readonly default: number;
}

/**
 * The meaning checks of a parameter's `uncertainty` (at `path`, e.g.
 * `["parameters", "p_struck_down", "uncertainty"]`): the distribution's own
 * numbers are valid, and its support (after declared truncation) lies inside
 * the parameter's bounds. Errors name the key, e.g.
 * `parameters.p_struck_down.uncertainty.max: 1.2 is above the parameter's max 1`.
 * A default outside the support is a warning (a tornado's base would be a
 * value the uncertainty says cannot happen). Pure.
 */
export function checkUncertainty(param: CheckedParameter, spec: Uncertainty, path: Path): Issue[] {
  const out: Issue[] = [];
  const at = (key: string): Path => [...path, key];
  const within = (key: string, v: number): void => {
    if (v < param.min) out.push(issue("range", at(key), `${v} is below the parameter's min ${param.min}`));
    if (v > param.max) out.push(issue("range", at(key), `${v} is above the parameter's max ${param.max}`));
  };
  const positive = (key: string, v: number): void => {
    if (!(v > 0)) out.push(issue("range", at(key), `${key} must be above 0; found ${v}`));
  };
  switch (spec.dist) {
    case "uniform":
      if (!(spec.min < spec.max)) out.push(issue("range", at("max"), `max ${spec.max} must be above min ${spec.min}`));
      within("min", spec.min);
      within("max", spec.max);
      break;
    case "triangular":
    case "pert":
      if (!(spec.min < spec.max)) out.push(issue("range", at("max"), `max ${spec.max} must be above min ${spec.min}`));
      else if (spec.mode < spec.min || spec.mode > spec.max)
        out.push(issue("range", at("mode"), `mode ${spec.mode} must lie in [min, max] = [${spec.min}, ${spec.max}]`));
      within("min", spec.min);
      within("max", spec.max);
      break;
    case "beta": {
      if ("mean" in spec) {
        if (!(spec.mean > 0 && spec.mean < 1)) out.push(issue("range", at("mean"), `mean must lie strictly between 0 and 1; found ${spec.mean}`));
        positive("n", spec.n);
      } else {
        positive("alpha", spec.alpha);
        positive("beta", spec.beta);
      }
      const { alpha, beta } = betaShape(spec);
      const where = "mean" in spec ? "n" : "alpha";
      if (out.length === 0 && !(shapeComputable(alpha) && shapeComputable(beta)))
        out.push(issue("range", at(where), `the beta's shapes (alpha ${alpha}, beta ${beta}) must lie in [${MIN_SHAPE}, ${MAX_SHAPE}], where its quantiles can be computed`));
      if (param.min > 0 || param.max < 1)
        out.push(
          issue("range", at("dist"), `a beta draws from [0, 1], which is not inside the parameter's bounds [${param.min}, ${param.max}]; use pert, triangular or uniform within the bounds`),
        );
      break;
    }
    case "lognormal":
      if (!(spec.p05 > 0)) out.push(issue("range", at("p05"), `p05 must be above 0; found ${spec.p05}`));
      if (!(spec.p05 < spec.p95)) out.push(issue("range", at("p95"), `p95 ${spec.p95} must be above p05 ${spec.p05}`));
      within("p05", spec.p05);
      within("p95", spec.p95);
      if (spec.truncate !== true)
        out.push(
          issue("range", at("truncate"), `a lognormal draws from (0, ∞), which is not inside the parameter's bounds [${param.min}, ${param.max}]; write truncate: true to draw it conditioned on the bounds`),
        );
      break;
    default:
      return spec satisfies never;
  }
  if (out.length === 0) {
    const m = toMarginal(spec, param);
    if (param.default < m.lo || param.default > m.hi)
      out.push(warning("range", path, `the parameter's default ${param.default} is outside the uncertainty's support [${m.lo}, ${m.hi}]`));
  }
  return out;
}
