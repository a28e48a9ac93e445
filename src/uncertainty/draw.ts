/**
 * From a point of the unit hypercube to a full parameter set: the bridge
 * between sampling designs (random, Latin hypercube, Sobol: any of them) and
 * the model. Coordinates are laid out as: one per parameter with its own
 * `uncertainty` (in the parameters' order), then k − 1 per dirichlet group of
 * k components (in the groups' order). Correlations mix the per-parameter
 * coordinates through a Gaussian copula before the quantiles are taken.
 *
 * Every check of the uncertainty declarations runs in {@link makeSampler}, so
 * a sampler exists only for declarations under which every draw is a valid
 * parameter set (inside the bounds, weights summing to at most 1 within a
 * group); nothing is ever dropped or clipped at draw time. Pure: the same
 * point always gives the same parameter set; there is no hidden randomness.
 *
 * Why a quantile cache: `@stdlib`'s beta quantile (PERT, beta, dirichlet)
 * inverts the incomplete beta function and costs 2–50 µs a call, so 26 PERT
 * parameters over a Saltelli design of 1,024 base samples (28,672 points)
 * would spend about 35 s in quantiles alone. Every coordinate value of a
 * Saltelli design's mixed points A_B^i comes from A or B, and one
 * coordinate's quantile depends on that coordinate alone (for a correlated
 * parameter it does not, and is not cached), so each sampler memoises
 * quantiles per coordinate, up to {@link MAX_CACHED_PER_DIM} values each.
 * The cache changes no result, only the time taken.
 * @module
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { hasErrors, type Issue, type Path, type Result } from "../scenario/issues.js";
import { suggest } from "../scenario/suggest.js";
import { buildCopula, correlate, type Copula } from "./copula.js";
import { checkDirichlet, dirichletAlphas, dirichletDims, stickBreak, stickShapes, type NameHint } from "./dirichlet.js";
import { checkUncertainty, drawQuantile, toMarginal, type Marginal } from "./distributions.js";
import type { Correlation, DirichletGroup, Uncertainty } from "../scenario/uncertaintySchema.js";

/**
 * A parameter as the sampler sees it. The scenario's normalised `Parameter`
 * fits once its schema carries the optional `uncertainty`.
 */
export interface SamplerParameter {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly path: Path;
  readonly uncertainty?: Uncertainty | undefined;
}

/** Where the sampler's declarations live in the scenario file, and how to hint at misspelt names. */
export interface SamplerOptions {
  /** The scenario-level dirichlet groups; default `["uncertainties"]`. */
  readonly groupsPath?: Path;
  /** The scenario-level correlations; default `["correlations"]`. */
  readonly correlationsPath?: Path;
  /** "Did you mean" for unknown names (e.g. the rules' budgeted `suggest`); default `suggest`. */
  readonly hint?: NameHint;
}

/** Most quantiles a sampler remembers per coordinate; past it, new values are computed and not stored. = 2 ** 16 */
export const MAX_CACHED_PER_DIM = 65_536;

/**
 * One input factor of a sensitivity analysis: a parameter with its own
 * uncertainty (one coordinate), or a dirichlet group (its k − 1 coordinates
 * jointly; its members are not independent and get one index together).
 */
export type Factor =
  | { readonly kind: "parameter"; readonly label: string; readonly parameter: string; readonly dims: readonly [number] }
  | { readonly kind: "dirichlet"; readonly label: string; readonly group: number; readonly parameters: readonly string[]; readonly dims: readonly number[] };

/** Turns points of the unit hypercube into parameter sets. */
export interface Sampler {
  /** Coordinates per point. */
  readonly dims: number;
  /** The parameters that are drawn (the others stay at their defaults), in the scenario's order. */
  readonly names: readonly string[];
  /** The input factors and the coordinates each uses; every coordinate belongs to exactly one. */
  readonly factors: readonly Factor[];
  /** The marginal each parameter with its own uncertainty is drawn from (for tornado ends: `percentile`). */
  readonly marginals: ReadonlyMap<string, Marginal>;
  /** Whether correlations are applied (then the factors are not independent). */
  readonly correlated: boolean;
  /**
   * The parameter set (every parameter, in the scenario's order) at design
   * point `u` (length `dims`, each coordinate in [0, 1]). Pure in effect:
   * its only state is the quantile cache, which changes no result. Throws a
   * RangeError for a point of the wrong length or outside [0, 1]: a
   * programming error, not a scenario's.
   */
  map(u: Float64Array): Map<string, number>;
}

/**
 * Checks every uncertainty declaration and builds the sampler: per-parameter
 * uncertainties (`checkUncertainty`), dirichlet groups (`checkDirichlet`)
 * and correlations (`buildCopula`). All errors are returned together; the
 * warnings (e.g. a default outside its uncertainty's support) ride along
 * with the sampler. Pure.
 */
export function makeSampler(
  params: readonly SamplerParameter[],
  groups: readonly DirichletGroup[],
  correlations: readonly Correlation[],
  options: SamplerOptions = {},
): Result<Sampler> {
  const hint = options.hint ?? suggest;
  const issues: Issue[] = [];
  const marginals = new Map<string, Marginal>();
  const dimOf = new Map<string, number>();
  const factors: Factor[] = [];
  for (const p of params) {
    if (p.uncertainty === undefined) continue;
    // Every declared uncertainty gets its coordinate, valid or not, so that a
    // correlation with an invalid one is not also reported as "no uncertainty".
    const dim = dimOf.size;
    dimOf.set(p.name, dim);
    factors.push({ kind: "parameter", label: p.name, parameter: p.name, dims: [dim] });
    const found = checkUncertainty(p, p.uncertainty, [...p.path, "uncertainty"]);
    issues.push(...found);
    if (!hasErrors(found)) marginals.set(p.name, toMarginal(p.uncertainty, p));
  }
  issues.push(
    ...checkDirichlet(
      groups,
      params.map((p) => ({ name: p.name, min: p.min, max: p.max, uncertain: p.uncertainty !== undefined })),
      options.groupsPath ?? ["uncertainties"],
      hint,
    ),
  );
  const groupOf = new Map<string, number>();
  groups.forEach((g, gi) => g.parameters.forEach((name) => groupOf.set(name, gi)));
  const copula = buildCopula(correlations, { parameters: params.map((p) => p.name), dimOf, groupOf, hint }, options.correlationsPath ?? ["correlations"]);
  if (!copula.ok) issues.push(...copula.issues);
  if (hasErrors(issues) || !copula.ok) return { ok: false, issues };

  let next = dimOf.size;
  const plans = groups.map((g, gi) => {
    const dims = Array.from({ length: dirichletDims(g) }, (_, i) => next + i);
    next += dims.length;
    factors.push({ kind: "dirichlet", label: `dirichlet(${g.parameters.join(", ")})`, group: gi, parameters: g.parameters, dims });
    return { parameters: g.parameters, shapes: stickShapes(dirichletAlphas(g)), offset: dims[0] ?? next };
  });
  const drawn = new Set([...marginals.keys(), ...groupOf.keys()]);
  const correlatedDims = new Set(copula.value.dims);
  const caches = Array.from({ length: next }, () => new Map<number, number>());
  const ctx: PointContext = { dims: next, params, marginals, dimOf, copula: copula.value, correlatedDims, plans, caches };
  const sampler: Sampler = {
    dims: next,
    names: params.filter((p) => drawn.has(p.name)).map((p) => p.name),
    factors,
    marginals,
    correlated: copula.value.names.length > 0,
    map: (u) => mapPoint(u, ctx),
  };
  return { ok: true, value: sampler, warnings: issues };
}

/** One dirichlet group ready to draw: its parameters, stick-breaking shapes and first coordinate. */
interface GroupPlan {
  readonly parameters: readonly string[];
  readonly shapes: readonly { readonly alpha: number; readonly beta: number }[];
  readonly offset: number;
}

/** Everything {@link mapPoint} needs, built once per sampler. */
interface PointContext {
  readonly dims: number;
  readonly params: readonly SamplerParameter[];
  readonly marginals: ReadonlyMap<string, Marginal>;
  readonly dimOf: ReadonlyMap<string, number>;
  readonly copula: Copula;
  readonly correlatedDims: ReadonlySet<number>;
  readonly plans: readonly GroupPlan[];
  /** Per coordinate: coordinate value → its quantile (never used for correlated coordinates). */
  readonly caches: readonly Map<number, number>[];
}

/** `f(x)` for coordinate `dim`, remembered unless the coordinate is correlated or its cache is full. */
function cached(ctx: PointContext, dim: number, x: number, f: (x: number) => number): number {
  const cache = ctx.correlatedDims.has(dim) ? undefined : ctx.caches[dim];
  const hit = cache?.get(x);
  if (hit !== undefined) return hit;
  const y = f(x);
  if (cache !== undefined && cache.size < MAX_CACHED_PER_DIM) cache.set(x, y);
  return y;
}

function mapPoint(u: Float64Array, ctx: PointContext): Map<string, number> {
  if (u.length !== ctx.dims) throw new RangeError(`a design point needs ${ctx.dims} coordinates; got ${u.length}`);
  for (const x of u) if (!(x >= 0 && x <= 1)) throw new RangeError(`design coordinates must lie in [0, 1]; got ${x}`);
  const v = ctx.copula.names.length > 0 ? correlate(ctx.copula, u) : u;
  const values = new Map<string, number>();
  for (const p of ctx.params) {
    const m = ctx.marginals.get(p.name);
    const d = ctx.dimOf.get(p.name);
    values.set(p.name, m !== undefined && d !== undefined ? cached(ctx, d, v[d] ?? Number.NaN, (x) => drawQuantile(x, m)) : p.default);
  }
  for (const plan of ctx.plans) {
    const b = plan.shapes.map((s, i) => cached(ctx, plan.offset + i, v[plan.offset + i] ?? Number.NaN, (x) => betaQuantile(x, s.alpha, s.beta)));
    const x = stickBreak(b);
    plan.parameters.forEach((name, i) => values.set(name, x[i] ?? Number.NaN));
  }
  return values;
}
