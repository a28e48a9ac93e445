/**
 * tariffsim as a library: load, validate, compile and simulate scenarios from
 * code (e.g. from a property-based test suite). The README's "As a library"
 * example is run by a test against the packed package.
 *
 * ```ts
 * import { formatIssues, loadScenarioFile, prepareModel, shippedScenario, simulate, solveExact, summarizeExact } from "tariffsim";
 * const loaded = loadScenarioFile(shippedScenario("korea-us-2026"));
 * if (!loaded.ok) throw new Error(formatIssues(loaded.file, loaded.issues, loaded.locate).join("\n"));
 * const prepared = prepareModel(loaded.scenario, new Map([["p_struck_down", 0.3]]));
 * if (!prepared.ok) throw new Error(formatIssues(loaded.file, prepared.issues, loaded.locate).join("\n"));
 * const mc = simulate(prepared.model, { runs: 100_000, seed: 1 });
 * const solved = solveExact(prepared.model); // { ok: true, result } | { ok: false, issue }
 * if (solved.ok) console.log(summarizeExact(prepared.model, solved.result).groups);
 * ```
 * @module
 */
import { join } from "node:path";
import { packageRoot } from "./cli/context.js";
import { summarize, type Summary } from "./analysis/summary.js";
import { simulateBatch } from "./engine/simulate.js";
import type { CompiledModel } from "./model/model.js";

export { loadScenarioFile, type FileLoadResult } from "./io.js";
export { loadScenarioText, parseText, type LoadResult, type Locator, type Position } from "./scenario/load.js";
export { ScenarioFileSchema, type ScenarioFile } from "./scenario/schema.js";
export type { Scenario, Machine, Transition, Outcome, Parameter, Trigger, Branch, Group, StateDef, ExprSource } from "./scenario/scenario.js";
export { ScenarioError, toDotPath, type Issue, type IssueCode, type Path, type PathSegment, type Result } from "./scenario/issues.js";
export { formatIssue, formatIssues } from "./report/issues.js";
export { parseExpression, type Expr } from "./scenario/expression.js";
export { dayNumber, dateOfDay } from "./scenario/dates.js";
export { prepareModel, type PrepareResult } from "./model/prepare.js";
export { compileModel } from "./model/compile.js";
export { resolveParams, parseAssignment } from "./model/params.js";
export { checkOutcomeCoverage } from "./model/coverage.js";
export type { CompiledModel, CompiledTransition, CompiledOutcome, CompiledTrigger } from "./model/model.js";
export { simulateBatch, replayRun, type BatchOptions, type Replay } from "./engine/simulate.js";
export { addTally, emptyTally, type Tally, type AtTally } from "./engine/tally.js";
export type { TraceEvent } from "./engine/run.js";
export { runRng, streamRng, MAX_SEED, type Rng } from "./engine/rng.js";
export { wilson, pairedScoreInterval, standardError, Z95 } from "./engine/stats.js";
export { summarize, type Summary, type Estimate, type OutcomeEstimate, type StateEstimate } from "./analysis/summary.js";
export { Resolver } from "./exact/resolver.js";
export { solveExact, MAX_EXACT_STATES, MAX_EXACT_WORK, MAX_VISITED_FLAGS, type ExactResult, type ExactOptions, type ExactOutcome, type ExactAtRow } from "./exact/solver.js";
export { summarizeExact, compare, type ExactSummary, type ExactEstimate, type Comparison, type TimelinePoint, type ExactAtPoint } from "./analysis/exact.js";
export { simulateConditioned, replayConditioned, GOAL_LEAN, type ConditionedOptions, type ConditionedRun } from "./conditioned/simulate.js";
export { checkEvidence } from "./conditioned/guide.js";
export { MAX_DAY_MOVES } from "./conditioned/day.js";
export {
  addConditionedTally, emptyConditionedTally, sumValue, sumValues, type ConditionedTally, type DayTally, type WeightedSums,
} from "./conditioned/tally.js";
export {
  summarizeConditioned, ratioEstimate, type ConditionedSummary, type ConditionedSummaryResult, type ConditionedPoint, type WeightedEstimate,
} from "./conditioned/summary.js";
export { parseOverlayText, type Overlay, type OverlayResult } from "./scenario/overlay.js";
export type { Check } from "./evidence/check.js";
export { parseObservation, observationText, type Observation, type ObservationKind } from "./evidence/parse.js";
export { resolveObservations, contradictions, type EvidenceItem, type EvidenceSource, type ResolvedObservation } from "./evidence/resolve.js";
export { planEvidence, checksOf, type EvidencePlan } from "./evidence/plan.js";
export { parseEvidenceText, givenItem, type EvidenceFile } from "./evidence/file.js";
export { summarizeEvidence, type EvidenceSummary } from "./evidence/summary.js";
export { summarizeAt, type McAtPoint } from "./analysis/at.js";
export { parseEvent, type ScoreEvent, type ParsedEvent, type TargetKind } from "./scoring/event.js";
export { parseResolutionsText, ResolutionsFileSchema, MAX_RESOLUTIONS_BYTES, MAX_EVENTS, type Resolution, type ResolutionsFile, type ResolutionsFileResult } from "./scoring/file.js";
export { resolveEvents, type ResolvedEvent, type EventQuery } from "./scoring/resolve.js";
export { forecastEvents, EXCLUDED_REASON, type EventForecast, type ForecastOptions, type ForecastOutcome } from "./scoring/forecast.js";
export { scoreForecast, scoreForecasts, scoreTotals, reliability, LOG_EPSILON, MIN_RELIABILITY_EVENTS, RELIABILITY_BINS, type Against, type EventScore, type ExcludedEvent, type ReliabilityBin, type ScoredEvent, type ScoreSummary, type ScoreTotals } from "./scoring/score.js";
export { tornado, type TornadoOptions, type TornadoReport, type TornadoRow, type TornadoTarget } from "./sensitivity/tornado.js";
export { sweep, type SweepOptions, type SweepReport, type SweepPoint } from "./sensitivity/sweep.js";
export { parseAxis } from "./sensitivity/grid.js";
export { sensitivity, planSensitivity, finishSensitivity, type SensitivityReport, type SensitivityOptions } from "./sensitivity/sobol.js";
export { uncertainty, planUncertainty, finishUncertainty, type UncertaintyReport, type UncertaintyOptions } from "./sensitivity/psa.js";
export { drawsCsv } from "./report/uncertainty.js";
export { scenarioJsonSchema } from "./scenario/jsonSchema.js";
export { makeSampler, type Sampler } from "./uncertainty/draw.js";
export { checkScenarioUncertainty } from "./uncertainty/check.js";
export { design, designPoint, designRows, type Design, type Sampling } from "./uncertainty/designs.js";
export { sobolIndices, saltelliPoints, saltelliSize, splitBase, type SobolIndicesResult } from "./uncertainty/sobolIndices.js";
export { comparePaired, exactPairs, summarizePairs, pairedEstimate, DEFAULT_PAIRED_RUNS, DEFAULT_PAIRED_SEED, type PairedComparison, type PairedEstimate, type PairedOptions, type PairedOutcome, type PairMethodChoice } from "./analysis/paired.js";
export { simulatePairs, addPairTally, emptyPairTally, PairSideError, type PairTally, type PairBatch, type Side } from "./analysis/pairedRuns.js";
export { pairTargets, allMatched, type PairTargets, type PairTarget, type Unmatched } from "./analysis/pairTargets.js";
export { simulateToPrecision, precisionSchedule, widestHalfWidth, PRECISION_FIRST_BATCH, DEFAULT_PRECISION_MAX_RUNS, type PrecisionReport, type PrecisionOptions, type BatchSimulator, type Widest } from "./analysis/precision.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Number of runs. */
  readonly runs: number;
  /** Master seed (a whole number). */
  readonly seed: number;
}

/**
 * Runs `runs` Monte Carlo runs (indices 0 … runs-1) and summarizes them.
 * Deterministic in (model, seed, runs). Throws a {@link ScenarioError} when
 * a run meets an out-of-range value or matches no outcome or several, and a
 * RangeError when `runs` is not a whole number of at least 1 or the seed is
 * not a whole number from 0 to `MAX_SEED`.
 */
export function simulate(model: CompiledModel, opts: SimulateOptions): Summary {
  // No summary of no runs: every probability would read 0 and their sum 0.
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1)) throw new RangeError(`runs: expected a whole number of at least 1, got ${opts.runs}`);
  return summarize(model, simulateBatch(model, { seed: opts.seed, from: 0, to: opts.runs }), opts.seed);
}
export { checkClaims, holds, EXACT_SLACK, MC_Z, type CheckOptions, type ClaimResult, type Side as ClaimSide } from "./claims/check.js";
export { boxPoints, uncertaintyPoints, type Point as ClaimPoint } from "./claims/space.js";
export type { Claim, ClaimAssertion } from "./scenario/scenario.js";
export { sourcesPage, sourceEntry, indexSeeds, type SourceEntry, type SourcesPage } from "./sources/list.js";
export { sourcedItems, placeholderReason, type Sourced, type SourcedKind } from "./scenario/sourced.js";
export { indexSeed, locateQuote, nearestPassage, type SeedIndex, type Passage } from "./scenario/seedSearch.js";

/**
 * The path of a scenario shipped with the package (`scenarios/NAME.yaml`
 * in the installed package, e.g. `shippedScenario("korea-us-2026")`),
 * wherever the package is installed; for {@link loadScenarioFile}. Does not
 * check that the file exists (loading it says so). Reads nothing but the
 * package's own folder: a name with a path separator or `..` is a RangeError.
 */
export function shippedScenario(name: string): string {
  // A name, not a path: "../x" would lead out of the package's folder.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes("..")) {
    throw new RangeError(`shippedScenario: expected the name of a shipped scenario (e.g. "korea-us-2026"), got ${JSON.stringify(name)}`);
  }
  return join(packageRoot(), "scenarios", `${name}.yaml`);
}
export { simulateConditionedPairs } from "./analysis/pairedConditioned.js";
export { addWeightedPairTally, emptyWeightedPairTally, summarizeWeightedPairs, type WeightedPairTally, type WeightedPairSummary } from "./analysis/pairedWeighted.js";
