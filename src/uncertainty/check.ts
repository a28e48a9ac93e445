/**
 * The whole check of a scenario's uncertainty declarations, as `validate`
 * runs it: every parameter's `uncertainty`, the dirichlet groups, the
 * correlations (a sampler can be built), and the branch lists whose weights
 * could leave [0, 1] under the declared ranges. Why here and not among the
 * scenario's rules: the checks need the quantile functions and the copula,
 * which sit downstream of `scenario/` in the pipeline. Pure.
 * @module
 */
import type { Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { checkWeightSets, weightSetsOf } from "./constraints.js";
import { makeSampler } from "./draw.js";

/** Errors and warnings about the scenario's uncertainty declarations (none when it declares none). Pure. */
export function checkScenarioUncertainty(sc: Scenario): Issue[] {
  const declared = sc.parameters.some((p) => p.uncertainty !== undefined) || sc.uncertainties.length > 0 || sc.correlations.length > 0;
  if (!declared) return [];
  const sampler = makeSampler(sc.parameters, sc.uncertainties, sc.correlations);
  if (!sampler.ok) return [...sampler.issues];
  const sets = weightSetsOf(sc.machines.flatMap((m) => m.transitions));
  return [...sampler.warnings, ...checkWeightSets(sets, sc.parameters, sc.uncertainties, sampler.value)];
}
