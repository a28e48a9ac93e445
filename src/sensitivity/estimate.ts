/**
 * Group and outcome probabilities of one scenario at many parameter sets,
 * by one estimator for all of them: the exact solver when its limits allow,
 * else Monte Carlo with common random numbers (every point simulates runs
 * 0 … runs − 1 of the same seed, so two points differ only where their
 * parameters make the runs differ). Pure: no files, no output, no exits;
 * a point whose parameters make an invalid model is a value, not a throw.
 * @module
 */
import { simulateConditioned } from "../conditioned/simulate.js";
import { sumValue, sumValues } from "../conditioned/tally.js";
import { simulateBatch } from "../engine/simulate.js";
import { checkRunRange } from "../engine/checks.js";
import type { Check } from "../evidence/check.js";
import { Resolver } from "../exact/resolver.js";
import type { CompiledModel } from "../model/model.js";
import { PointPreparer } from "./prepareMany.js";
import { issue, ScenarioError, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";

/** How to estimate: `auto` is exact unless a solver limit is reached at any point, then Monte Carlo at every point. */
export type MethodChoice = "auto" | "exact" | "mc";
/** The estimator actually used, the same at every point. */
export type Method = "exact" | "mc";

/** Default Monte Carlo runs per point when the exact solver cannot be used. */
export const DEFAULT_ANALYSIS_RUNS = 20_000;
/** Default seed of the Monte Carlo path (the same as `tariffsim run`'s). */
export const DEFAULT_ANALYSIS_SEED = 20260203;

/** The estimator's options, complete (see {@link resolveEstimator}). */
export interface EstimatorOptions {
  readonly method: MethodChoice;
  /** Monte Carlo runs per point (common random numbers: runs 0 … runs − 1 of `seed` at every point). */
  readonly runs: number;
  readonly seed: number;
  /** The exact solver's state limit (`solveExact`'s `maxStates`; tests force the Monte Carlo path with it). */
  readonly maxStates: number | undefined;
  /**
   * Evidence every point is conditioned on (src/evidence/plan.ts's checks,
   * resolved against the scenario's model; the points' models share its
   * states and days): each probability is then P(target | evidence) at that
   * point's parameter values. Empty: unconditioned. A point where the
   * evidence has probability 0 is an invalid point.
   */
  readonly evidence: readonly Check[];
}

/**
 * Fills in the estimator's defaults. Pure. A RangeError for runs that are
 * not a whole number of at least 1 (0 gave reports whose probabilities were
 * all missing), a seed that is not a whole number from 0 to 2^53 − 1, or a
 * `maxStates` that is neither a whole number of at least 1 nor Infinity.
 */
export function resolveEstimator(o: Partial<EstimatorOptions>): EstimatorOptions {
  if (o.runs !== undefined && !(Number.isInteger(o.runs) && o.runs >= 1)) throw new RangeError(`runs: expected a whole number of at least 1, got ${o.runs}`);
  if (o.seed !== undefined) checkRunRange(o.seed, 0, 0);
  const ms = o.maxStates;
  if (ms !== undefined && !(ms === Infinity || (Number.isInteger(ms) && ms >= 1))) throw new RangeError(`maxStates: expected a whole number of at least 1, got ${ms}`);
  return {
    method: o.method ?? "auto", runs: o.runs ?? DEFAULT_ANALYSIS_RUNS, seed: o.seed ?? DEFAULT_ANALYSIS_SEED, maxStates: o.maxStates,
    evidence: o.evidence ?? [],
  };
}

/**
 * Probabilities at one point, by id, or the issues that make the model
 * invalid there. With evidence, `evidence` is its probability at the point
 * (exact, or the conditioned runs' estimate Σw/n), and a point where it is 0
 * fails with `impossible` set (`uncertainty --posterior` gives such a draw
 * weight 0 instead of failing).
 */
export type PointResult =
  | { readonly ok: true; readonly groups: ReadonlyMap<string, number>; readonly outcomes: ReadonlyMap<string, number>; readonly evidence?: number }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly impossible?: true };

/** Every point's result, and the estimator used for all of them. */
export interface Estimates {
  readonly method: Method;
  readonly results: readonly PointResult[];
}

function byId(model: CompiledModel, outcomes: ArrayLike<number>, scale: number): PointResult {
  const o = new Map<string, number>();
  const g = new Map<string, number>();
  model.groups.forEach((x) => g.set(x.id, 0));
  model.outcomes.forEach((x, i) => {
    const p = (outcomes[i] ?? 0) / scale;
    o.set(x.id, p);
    const group = model.groups[x.group];
    if (group !== undefined) g.set(group.id, (g.get(group.id) ?? 0) + p);
  });
  return { ok: true, groups: g, outcomes: o };
}

/** One exact solve: a result, an invalid model, or the limit reached (which changes the method). */
type ExactPoint = { readonly limit: false; readonly result: PointResult } | { readonly limit: true; readonly issue: Issue };

/**
 * One exact solve with `resolver`, which every point of one call shares:
 * the points differ only in parameter values, so the first solve is
 * recorded on a tape and the others replay its arithmetic (exact/tape.ts,
 * resolver.ts), with results bit for bit those of `solveExact`.
 */
function exactPoint(preparer: PointPreparer, values: ReadonlyMap<string, number>, o: EstimatorOptions, resolver: Resolver): ExactPoint {
  const prepared = preparer.prepare(values);
  if (!prepared.ok) return { limit: false, result: { ok: false, issues: prepared.issues } };
  try {
    const r = resolver.solve(prepared.model, { ...(o.maxStates === undefined ? {} : { maxStates: o.maxStates }), evidence: o.evidence });
    // Evidence of probability 0 at this point's values makes the point invalid, as a bad value does; it is no solver limit.
    if (!r.ok && r.impossible !== undefined) return { limit: false, result: { ok: false, issues: [impossibleHere(o.evidence.length)], impossible: true } };
    if (!r.ok) return { limit: true, issue: r.issue };
    // Probabilities, not counts: scale 1.
    const result = byId(prepared.model, r.result.outcomes, 1);
    return { limit: false, result: o.evidence.length > 0 && result.ok ? { ...result, evidence: r.result.evidenceProbability } : result };
  } catch (e) {
    if (e instanceof ScenarioError) return { limit: false, result: { ok: false, issues: e.issues } };
    throw e;
  }
}

/** The issue of a point at whose values the evidence cannot hold. */
function impossibleHere(checks: number): Issue {
  return issue("option", ["evidence"], `the evidence (${checks} check${checks === 1 ? "" : "s"}) has probability 0 at these parameter values`);
}

/**
 * Monte Carlo conditioned on the evidence: runs 0 … runs − 1 of the seed,
 * each weighted by its likelihood (src/conditioned/), and per outcome the
 * ratio Σw·I / Σw. No consistent run: an invalid point.
 */
function conditionedPoint(model: CompiledModel, o: EstimatorOptions): PointResult {
  const tally = simulateConditioned(model, o.evidence, { seed: o.seed, from: 0, to: o.runs });
  const W = sumValue(tally.weight);
  if (!(W > 0)) {
    return {
      ok: false, impossible: true,
      issues: [issue("option", ["evidence"], `none of ${o.runs.toLocaleString("en-US")} conditioned runs is consistent with the evidence at these parameter values`)],
    };
  }
  const result = byId(model, sumValues(tally.outcomes).w, W);
  // Σw/n: the conditioned runs' unbiased estimate of P(evidence) (src/conditioned/summary.ts).
  return result.ok ? { ...result, evidence: W / o.runs } : result;
}

function mcPoint(preparer: PointPreparer, values: ReadonlyMap<string, number>, o: EstimatorOptions): PointResult {
  const prepared = preparer.prepare(values);
  if (!prepared.ok) return { ok: false, issues: prepared.issues };
  try {
    if (o.evidence.length > 0) return conditionedPoint(prepared.model, o);
    // Runs 0 … runs − 1 of one seed at every point: common random numbers.
    const tally = simulateBatch(prepared.model, { seed: o.seed, from: 0, to: o.runs });
    return byId(prepared.model, tally.outcomes, o.runs);
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, issues: e.issues };
    throw e;
  }
}

/**
 * What successive {@link estimatePoints} calls on one scenario can share: the
 * model preparer's caches and the exact solver's Resolver (its buffers and
 * its recorded tape). Sharing changes no number (both give bit for bit what
 * fresh ones give); not sharing makes every call pay for a cold solve and a
 * new tape, which is what made batched calls (the progress bar's batches of
 * a few points) several times slower. Mutable; one caller at a time.
 */
export interface EstimateState {
  readonly preparer: PointPreparer;
  readonly resolver: Resolver;
}

/** Fresh state for {@link estimatePoints} on `sc`. */
export function newEstimateState(sc: Scenario): EstimateState {
  return { preparer: new PointPreparer(sc), resolver: new Resolver() };
}

/**
 * The most Monte Carlo runs an analysis simulates in all (points × runs per
 * point). Why: `--runs` is bounded per point (10^9, as for `run`), and a
 * tornado or sweep multiplies it: a 100 × 100 sweep at 10^9 runs would have
 * taken weeks. 10^10 runs are about 45 minutes of one core of the
 * specialised engine (3.8 M runs/s, 2026-11-29).
 */
export const MAX_ANALYSIS_RUNS = 1e10;

/**
 * The same limit for runs conditioned on evidence, which cost about 650
 * plain runs each (0.16–0.18 ms of CPU on the shipped scenario, src/cli/threads.ts):
 * 10^7 runs, about 30 minutes of one core, as the plain limit is 45.
 */
export const MAX_CONDITIONED_ANALYSIS_RUNS = 1e7;

/** Why `points` points of `runs` Monte Carlo runs each (`conditioned` on evidence or not) are too many, or undefined. Pure. */
export function mcBudgetIssue(points: number, runs: number, conditioned = false): Issue | undefined {
  const total = points * runs;
  const limit = conditioned ? MAX_CONDITIONED_ANALYSIS_RUNS : MAX_ANALYSIS_RUNS;
  if (total <= limit) return undefined;
  const what = conditioned ? "conditioned Monte Carlo runs, more than the limit of 10^7 (about 30 minutes on one core)" : "Monte Carlo runs, more than the limit of 10^10 (about 45 minutes on one core)";
  return issue("option", ["--runs"], `${points.toLocaleString("en-US")} points × ${runs.toLocaleString("en-US")} runs is ${total.toLocaleString("en-US")} ${what}; lower --runs or the number of points`);
}

/**
 * Estimates every point (each a full set of overrides for `prepareModel`,
 * here through a {@link PointPreparer}: the same models and issues)
 * with one estimator. `exact` fails (an issue) when a solver limit is
 * reached; `auto` then starts again with Monte Carlo at every point, so that
 * differences between points never mix two estimators. Pure.
 */
export function estimatePoints(sc: Scenario, points: readonly ReadonlyMap<string, number>[], o: EstimatorOptions,
  state: EstimateState = newEstimateState(sc)): Result<Estimates> {
  const { preparer, resolver } = state;
  if (o.method !== "mc") {
    const results: PointResult[] = [];
    let limit: Issue | undefined;
    for (const p of points) {
      const r = exactPoint(preparer, p, o, resolver);
      if (r.limit) {
        limit = r.issue;
        break;
      }
      results.push(r.result);
    }
    if (limit === undefined) return { ok: true, value: { method: "exact", results }, warnings: [] };
    if (o.method === "exact") return { ok: false, issues: [limit] };
  }
  const budget = mcBudgetIssue(points.length, o.runs, o.evidence.length > 0);
  if (budget !== undefined) return { ok: false, issues: [budget] };
  return { ok: true, value: { method: "mc", results: points.map((p) => mcPoint(preparer, p, o)) }, warnings: [] };
}
