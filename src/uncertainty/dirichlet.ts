/**
 * Joint uncertainty over weights that must sum to at most 1: a Dirichlet.
 *
 * Why: branch weights fed by several independently uncertain parameters can
 * sum past 1 (in the Korea scenario `p_pass_in_window` + `p_filibuster`
 * exceeds 1 for about 10% of a uniform box over their ranges), and every such
 * draw would be an invalid model. A Dirichlet over the weights (and, with
 * `remainder: true`, over the `otherwise` branch's share 1 − sum) is valid
 * for every draw by construction, so nothing is ever rejected or clipped.
 *
 * Sampling is by stick-breaking with beta quantiles, one uniform coordinate
 * per component but the last (k − 1 coordinates for k components), so any
 * design of the unit hypercube (random, LHS, Sobol) drives it:
 * x₁ = B⁻¹(u₁; a₁, Σ_{j>1} a_j), x_i = (1 − Σ_{j<i} x_j) · B⁻¹(u_i; a_i, Σ_{j>i} a_j),
 * and the last component takes what is left. Each component is marginally
 * Beta(a_i, A − a_i) with mean a_i / A (A = Σ a_j = concentration).
 *
 * Every function here is pure.
 * @module
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { issue, type Issue, type Path } from "../scenario/issues.js";
import { suggest } from "../scenario/suggest.js";
import { MAX_SHAPE, MIN_SHAPE, shapeComputable } from "./distributions.js";
import type { DirichletGroup } from "../scenario/uncertaintySchema.js";

/** How far a no-remainder group's means may be from summing to 1 (the engine's branch-weight tolerance). */
export const MEAN_SUM_TOLERANCE = 1e-9;

/**
 * The Dirichlet's alphas, one per component: `mean[i] · concentration` for
 * each parameter, then, with a remainder, `(1 − Σ mean) · concentration`.
 * Assumes {@link checkDirichlet} found no error.
 */
export function dirichletAlphas(group: DirichletGroup): Float64Array {
  const k = group.parameters.length + (group.remainder ? 1 : 0);
  const alphas = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < group.parameters.length; i++) {
    const m = group.mean[i] ?? 0;
    alphas[i] = m * group.concentration;
    sum += m;
  }
  if (group.remainder) alphas[k - 1] = (1 - sum) * group.concentration;
  return alphas;
}

/** Uniform coordinates a group uses: one per component but the last. */
export function dirichletDims(group: DirichletGroup): number {
  return group.parameters.length + (group.remainder ? 1 : 0) - 1;
}

/**
 * The beta shapes of each stick-breaking step: step i (of k − 1) draws the
 * share of what is left as Beta(alphas[i], Σ_{j>i} alphas[j]). Each step's
 * beta quantile depends on its own coordinate only, so a caller may cache it
 * per coordinate value (see `draw.ts`).
 */
export function stickShapes(alphas: Float64Array): readonly { readonly alpha: number; readonly beta: number }[] {
  const k = alphas.length;
  // tails[i] = Σ_{j>i} alphas[j], summed from the end so no subtraction cancels.
  const tails = new Float64Array(k);
  for (let i = k - 2; i >= 0; i--) tails[i] = (tails[i + 1] ?? 0) + (alphas[i + 1] ?? 0);
  return Array.from({ length: Math.max(0, k - 1) }, (_, i) => ({ alpha: alphas[i] ?? Number.NaN, beta: tails[i] ?? Number.NaN }));
}

/**
 * The k components from the k − 1 step shares `b` (each in [0, 1]): x_i is
 * b_i of what is left, the last component what is left at the end. The
 * components are in [0, 1] and sum to 1 up to rounding.
 */
export function stickBreak(b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(b.length + 1);
  let rest = 1;
  for (let i = 0; i < b.length; i++) {
    const bi = b[i] ?? Number.NaN;
    out[i] = rest * bi;
    rest *= 1 - bi;
  }
  out[b.length] = rest;
  return out;
}

/**
 * One Dirichlet draw by stick-breaking from `alphas.length − 1` uniforms
 * `u[offset …]` (each in [0, 1]); returns every component (the remainder
 * last, when there is one).
 */
export function dirichletFromUniforms(u: ArrayLike<number>, offset: number, alphas: Float64Array): Float64Array {
  const shapes = stickShapes(alphas);
  return stickBreak(shapes.map((s, i) => betaQuantile(u[offset + i] ?? Number.NaN, s.alpha, s.beta)));
}

/** A "did you mean" hint for a misspelt name (`suggest`, or the rules' budgeted one), "" for none. */
export type NameHint = (name: string, names: Iterable<string>) => string;

/** A parameter as {@link checkDirichlet} sees it. */
export interface DirichletParameter {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Whether the parameter has its own `uncertainty` (then it cannot also be in a group). */
  readonly uncertain: boolean;
}

/**
 * The meaning checks of the scenario's Dirichlet groups (`groups[i]` at
 * `[...path, i]`, e.g. `uncertainties[0]`): every name is a parameter ("did
 * you mean"), none is listed twice, in two groups or has its own uncertainty
 * too; one mean per parameter, each in (0, 1), summing to less than 1 with a
 * remainder or to 1 without one (which needs two parameters or more);
 * concentration above 0; and every parameter's bounds contain [0, 1], where
 * its draws fall. Pure.
 */
export function checkDirichlet(
  groups: readonly DirichletGroup[],
  params: readonly DirichletParameter[],
  path: Path,
  hint: NameHint = suggest,
): Issue[] {
  const out: Issue[] = [];
  const byName = new Map(params.map((p) => [p.name, p]));
  const owner = new Map<string, number>(); // parameter name → first group listing it
  groups.forEach((g, gi) => {
    const at: Path = [...path, gi];
    const found = out.length;
    g.parameters.forEach((name, j) => {
      const where: Path = [...at, "parameters", j];
      const p = byName.get(name);
      if (p === undefined) {
        out.push(issue("unknown-name", where, `no parameter "${name}"${hint(name, byName.keys())}`));
        return;
      }
      const first = owner.get(name);
      if (first === gi) out.push(issue("shape", where, `parameter "${name}" is listed twice in this group`));
      else if (first !== undefined) out.push(issue("shape", where, `parameter "${name}" is already drawn by uncertainties[${first}]; a parameter can be in one group only`));
      else owner.set(name, gi);
      if (p.uncertain)
        out.push(issue("shape", where, `parameter "${name}" has its own uncertainty; drop it, or drop "${name}" from this group (a parameter is drawn once)`));
      if (p.min > 0 || p.max < 1)
        out.push(issue("range", where, `parameter "${name}" has bounds [${p.min}, ${p.max}], but a dirichlet draws it anywhere in [0, 1]`));
    });
    if (!(g.concentration > 0)) out.push(issue("range", [...at, "concentration"], `concentration must be above 0; found ${g.concentration}`));
    if (g.mean.length !== g.parameters.length) {
      out.push(issue("shape", [...at, "mean"], `has ${g.mean.length} entries for ${g.parameters.length} parameters; give one mean per parameter`));
      return;
    }
    let sum = 0;
    g.mean.forEach((m, j) => {
      sum += m;
      if (!(m > 0 && m < 1)) out.push(issue("range", [...at, "mean", j], `a mean must lie strictly between 0 and 1; found ${m}`));
    });
    if (g.remainder && !(sum < 1))
      out.push(issue("weights", [...at, "mean"], `means sum to ${sum}; with remainder: true they must sum to less than 1 (the remainder's mean is 1 − their sum)`));
    if (!g.remainder) {
      if (g.parameters.length < 2)
        out.push(issue("shape", [...at, "parameters"], "without a remainder a dirichlet needs two parameters or more (one alone would always be 1)"));
      if (Math.abs(sum - 1) > MEAN_SUM_TOLERANCE)
        out.push(issue("weights", [...at, "mean"], `means sum to ${sum}; with remainder: false they must sum to 1 (write remainder: true for an otherwise branch)`));
    }
    // Drawn as a chain of betas: each alpha, and the concentration, must be a shape whose quantiles can be computed.
    if (out.length === found) {
      const alphas = [...dirichletAlphas(g), g.concentration];
      if (!alphas.every(shapeComputable))
        out.push(issue("range", [...at, "concentration"], `concentration ${g.concentration} gives alphas (mean × concentration) outside [${MIN_SHAPE}, ${MAX_SHAPE}], where their quantiles can be computed`));
    }
  });
  return out;
}
