/**
 * Whether declared uncertainties can produce an invalid model: branch weights
 * that, drawn within their declared ranges, can sum past 1 (with an
 * `otherwise` branch) or away from 1 (without one).
 *
 * Why a separate check: each parameter's own uncertainty is valid alone, yet
 * `p_pass_in_window` ~ uniform(0.4, 0.7) and `p_filibuster` ~ uniform(0.15,
 * 0.45) feed one branch list and sum past 1 for part of their box. Rejecting
 * those draws at sampling time would silently condition the analysis on
 * validity; instead `validate` reports the declaration, naming the
 * parameters, and the fix is a dirichlet group (valid by construction).
 *
 * The bound is interval arithmetic over each weight's support: a fixed
 * parameter contributes its default, an uncertain one its drawn support
 * [lo, hi], members of one dirichlet group together [0, 1] (exactly 1 when
 * they are all of a group without remainder). It is exact for independent
 * parameters and conservative otherwise (correlations do not shrink supports).
 * Weights that are expressions are not bounded here: the caller passes only
 * branch lists whose weights are plain numbers or parameter names.
 * Pure.
 * @module
 */
import { issue, type Issue, type Path } from "../scenario/issues.js";
import type { Transition } from "../scenario/scenario.js";
import type { DirichletGroup } from "../scenario/uncertaintySchema.js";
import type { Sampler, SamplerParameter } from "./draw.js";

/** The engine's tolerance on a branch list's weight sum (`WEIGHT_TOLERANCE` in src/model/compile.ts). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** One branch list as this check sees it: its weights (numbers or parameter names) and whether it has an `otherwise`. */
export interface WeightSet {
  /** Where the branch list is written, e.g. `machines.assembly.transitions[3].to`. */
  readonly path: Path;
  readonly weights: readonly (string | number)[];
  readonly otherwise: boolean;
}

/**
 * The branch lists of a scenario's transitions that this check can bound:
 * those with two branches or more whose weights are all numbers or single
 * parameter names (or `otherwise`). Lists with an expression weight are left
 * out. Pure.
 */
export function weightSetsOf(transitions: readonly Transition[]): WeightSet[] {
  const out: WeightSet[] = [];
  for (const t of transitions) {
    if (t.branches.length < 2) continue;
    const weights: (string | number)[] = [];
    let otherwise = false;
    let plain = true;
    for (const b of t.branches) {
      if (b.weight === "otherwise") otherwise = true;
      else if (b.weight.expr?.kind === "num") weights.push(b.weight.expr.value);
      else if (b.weight.expr?.kind === "name") weights.push(b.weight.expr.name);
      else plain = false;
    }
    if (plain) out.push({ path: [...t.path, "to"], weights, otherwise });
  }
  return out;
}

/**
 * Errors (code `weights`) for every branch list whose weights, drawn under
 * the declared uncertainties, can leave the valid range; each names the
 * uncertain parameters involved and the range their sum can take. Lists
 * with no uncertain weight are left to the scenario's own weight rule.
 * Unknown parameter names are skipped (another rule reports them).
 */
export function checkWeightSets(
  sets: readonly WeightSet[],
  params: readonly SamplerParameter[],
  groups: readonly DirichletGroup[],
  sampler: Sampler,
): Issue[] {
  const out: Issue[] = [];
  const byName = new Map(params.map((p) => [p.name, p]));
  const groupOf = new Map<string, number>();
  groups.forEach((g, gi) => g.parameters.forEach((n) => groupOf.set(n, gi)));
  for (const set of sets) {
    let lo = 0;
    let hi = 0;
    const uncertain: string[] = [];
    const present = new Map<number, Set<string>>(); // group index → its members in this list
    for (const w of set.weights) {
      if (typeof w === "number") {
        lo += w;
        hi += w;
        continue;
      }
      const p = byName.get(w);
      if (p === undefined) continue;
      const gi = groupOf.get(w);
      const m = sampler.marginals.get(w);
      if (gi !== undefined) {
        const members = present.get(gi) ?? new Set<string>();
        members.add(w);
        present.set(gi, members);
        uncertain.push(w);
      } else if (m !== undefined) {
        lo += m.lo;
        hi += m.hi;
        uncertain.push(w);
      } else {
        lo += p.default;
        hi += p.default;
      }
    }
    if (uncertain.length === 0) continue;
    for (const [gi, members] of present) {
      const g = groups[gi];
      const whole = g !== undefined && !g.remainder && g.parameters.every((n) => members.has(n));
      lo += whole ? 1 : 0;
      hi += 1;
    }
    const names = uncertain.map((n) => `"${n}"`).join(", ");
    if (set.otherwise && hi > 1 + WEIGHT_SUM_TOLERANCE)
      out.push(
        issue(
          "weights",
          set.path,
          `under their declared uncertainties the weights can sum to ${round(hi)} (more than 1): ${names}; draw them as one dirichlet group with remainder: true`,
        ),
      );
    if (!set.otherwise && (lo < 1 - WEIGHT_SUM_TOLERANCE || hi > 1 + WEIGHT_SUM_TOLERANCE))
      out.push(
        issue(
          "weights",
          set.path,
          `under their declared uncertainties the weights can sum to anything in [${round(lo)}, ${round(hi)}], not always 1: ${names}; draw them as one dirichlet group with remainder: false, or add an otherwise branch`,
        ),
      );
  }
  return out;
}

/** A sum for a message: 12 significant digits, so 0.1 + 0.2 reads 0.3. */
function round(x: number): number {
  return Number(x.toPrecision(12));
}
