/**
 * The evidence of the analyses (`tornado`, `sweep`, `sensitivity`,
 * `uncertainty`): `--given`, `--evidence FILE` and `--asof`, read, resolved
 * and planned as for `run` (evidence.ts), against the model at the base
 * point. Every point of the analysis is then conditioned on the same checks
 * (src/sensitivity/estimate.ts): the points' models differ only in
 * parameter values, so the states, machines and days the checks name are
 * the same in each.
 *
 * Why P(evidence) is solved at the base values here: the header of every
 * report shows it, and where the base is a point (the tornado's), evidence
 * that cannot hold there is named by its observation at once (as `run`
 * names it), rather than reported as an invalid point later. Past a solver
 * limit it is left out.
 * @module
 */
import type { Check } from "../evidence/check.js";
import { summarizeEvidence, type EvidenceSummary } from "../evidence/summary.js";
import { solveExact } from "../exact/solver.js";
import type { CompiledModel } from "../model/model.js";
import type { EvidenceOptions } from "./conditioning.js";
import { withScenario, type Loaded } from "./scenario.js";

/** The evidence options of an analysis command (no `--at`: an analysis reports at the horizon). */
export interface AnalysisEvidenceOptions {
  readonly given: readonly string[];
  readonly evidence: readonly string[];
  readonly asof?: string | undefined;
}

/** What an analysis is conditioned on: the checks for its estimator, and the summary its report shows (none: unconditioned). */
export interface AnalysisEvidence {
  readonly checks: readonly Check[];
  readonly summary: EvidenceSummary | undefined;
}

/** No evidence. */
export const NO_EVIDENCE: AnalysisEvidence = { checks: [], summary: undefined };

/** Help texts shared by the analysis commands' options. */
export const GIVEN_HELP = "condition every point on an observation, e.g. \"assembly.passed by 2026-03-15\" (repeatable; as for run)";
export const EVIDENCE_HELP = "condition every point on a file of sourced observations (repeatable)";
export const ASOF_HELP = "use only the observations dated on or before DATE";

/**
 * How the base values are used: `point` when they are a point of the
 * analysis (the tornado's base); `names` when they are only the centre of
 * the points (the defaults a design draws around: P(evidence) there is
 * shown); `grid` when they may be no point at all (a sweep's: the model
 * only resolves the observations, and no P(evidence) is shown).
 */
export type BaseUse = "point" | "names" | "grid";

/**
 * Reads and plans the evidence against `model()` (made only when an
 * observation or `--asof` is given; its states, machines and days are every
 * point's); throws a CliError (exit 2) listing every problem. When the base
 * values are a point of the analysis (`point`: the tornado's base), evidence
 * that cannot hold there is named by its observation at once, as `run` names
 * it, under any method (the exact solver is asked, within its limits); else
 * each point is judged alone, and P(evidence) at the base is shown when it
 * is positive and the base means something ({@link BaseUse}). Loads the evidence readers only when needed.
 */
export async function analysisEvidenceOrFail(loaded: Loaded, base: () => CompiledModel, o: AnalysisEvidenceOptions, use: BaseUse): Promise<AnalysisEvidence> {
  if (o.given.length === 0 && o.evidence.length === 0 && o.asof === undefined) return NO_EVIDENCE;
  const model = base();
  const { conditioningOrFail, impossibleEvidenceError } = await import("./evidence.js");
  const options: EvidenceOptions = { given: o.given, evidence: o.evidence, asof: o.asof, at: [] };
  const c = conditioningOrFail(loaded, model, options);
  let probability: number | undefined;
  if (c.plan.checks.length > 0 && use !== "grid") {
    const r = withScenario(loaded, () => solveExact(model, { evidence: c.plan.checks }));
    if (r.ok) probability = r.result.evidenceProbability;
    else if (r.impossible !== undefined && use === "point") throw impossibleEvidenceError(loaded, c, r.impossible, r.issue);
  }
  return { checks: c.plan.checks, summary: summarizeEvidence(model, c.plan, probability) };
}
