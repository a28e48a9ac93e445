/**
 * Paired comparisons of two compiled models (two scenarios, or one scenario
 * with two parameter sets): per shared group and outcome, P under A, P under
 * B and the difference B − A with its 95% interval. Exact differences when
 * the solver handles both sides; otherwise Monte Carlo with common random
 * numbers (pairedRuns.ts), whose per-run differences of indicators give a
 * paired interval, and whose variance reduction against two independent
 * simulations of the same size is reported. Either side may be conditioned
 * on evidence (a list of checks per side, empty for none): exact
 * conditional probabilities and P(evidence) per side, or importance-weighted
 * Monte Carlo in lockstep (pairedConditioned.ts, pairedWeighted.ts). Pure.
 * @module
 */
import { pairedScoreInterval } from "../engine/stats.js";
import { solveExact } from "../exact/solver.js";
import type { CompiledModel } from "../model/model.js";
import type { Check } from "../evidence/check.js";
import { ScenarioError, issue, type Issue } from "../scenario/issues.js";
import { pairTargets, type PairTargets, type Unmatched } from "./pairTargets.js";
import { simulateConditionedPairs, type PairEvidence } from "./pairedConditioned.js";
import { PairSideError, simulatePairs, type PairTally, type Side } from "./pairedRuns.js";
import { summarizeWeightedPairs, type WeightedPairTally } from "./pairedWeighted.js";

export type { PairEvidence } from "./pairedConditioned.js";

/** How to estimate: `auto` is exact when the solver handles both sides, else Monte Carlo. */
export type PairMethodChoice = "auto" | "exact" | "mc";

/** One shared group or outcome: P under A, under B, and the difference B − A. */
export interface PairedEstimate {
  readonly id: string;
  readonly label: string;
  readonly a: number;
  readonly b: number;
  /** b − a. */
  readonly diff: number;
  /** The 95% interval of the difference: [diff, diff] when exact (no sampling error). */
  readonly ci95: readonly [number, number];
  /**
   * Monte Carlo only: the variance two independent simulations of the same
   * size would give the difference, pA(1 − pA) + pB(1 − pB) per run, divided
   * by the variance of the per-run paired difference (both with divisor n).
   * 10 means the paired interval is √10 ≈ 3.2 times narrower. `null` when
   * undefined: no run differs between the sides (paired variance 0).
   */
  readonly varianceReduction?: number | null;
  /** Monte Carlo only: runs in which exactly one side hits this target (the only runs that move the difference). */
  readonly discordant?: number;
}

/**
 * One side's probability of its evidence: exact (interval [p, p]), or
 * estimated by Monte Carlo (Σw / n, with its standard error, interval and
 * Kish's effective sample size). 1 for a side without observations.
 */
export interface SideEvidenceProbability {
  readonly probability: number;
  readonly ci95: readonly [number, number];
  readonly se?: number;
  readonly ess?: number;
}

/** A paired comparison. */
export interface PairedComparison {
  readonly method: "exact" | "mc";
  /** Present when either side is conditioned on evidence: each side's P(evidence). */
  readonly evidence?: { readonly a: SideEvidenceProbability; readonly b: SideEvidenceProbability };
  /** Monte Carlo only. */
  readonly seed?: number;
  /** Monte Carlo only: paired runs (each is one run of A and one of B). */
  readonly runs?: number;
  readonly groups: readonly PairedEstimate[];
  readonly outcomes: readonly PairedEstimate[];
  readonly unmatched: Unmatched;
}

/**
 * A comparison, or what stopped it on one side: a solver limit, or evidence
 * of probability 0 (exact: `impossible` is the index, in that side's checks,
 * of the first check no path meets; Monte Carlo: no run was consistent).
 */
export type PairedOutcome =
  | { readonly ok: true; readonly value: PairedComparison }
  | { readonly ok: false; readonly side: Side; readonly issues: readonly Issue[]; readonly impossible?: number };

function split(t: PairTargets, rows: readonly PairedEstimate[]): { groups: PairedEstimate[]; outcomes: PairedEstimate[] } {
  return {
    groups: rows.filter((_, i) => t.targets[i]?.kind === "group"),
    outcomes: rows.filter((_, i) => t.targets[i]?.kind === "outcome"),
  };
}

/**
 * The paired Monte Carlo estimate of one target from its counts over n runs:
 * D_i = 1[B hits] − 1[A hits] ∈ {−1, 0, 1}; the difference is mean(D), and
 * its interval Tango's score interval for paired proportions
 * ({@link pairedScoreInterval}): the Wald interval mean ± z·s/√n it replaced
 * missed the exact difference far more often than 5% for targets that few
 * runs move (docs/analysis.md). The variance reduction still compares the
 * variance of D (divisor n) with that of two independent simulations. Pure.
 */
export function pairedEstimate(id: string, label: string, n: number, hitsA: number, hitsB: number, both: number): PairedEstimate {
  const pa = n > 0 ? hitsA / n : 0;
  const pb = n > 0 ? hitsB / n : 0;
  const onlyA = hitsA - both;
  const onlyB = hitsB - both;
  const diff = n > 0 ? (onlyB - onlyA) / n : 0;
  // Σ D² = runs where the sides differ; the population variance of D, never below 0 after rounding.
  const v = n > 0 ? Math.max(0, (onlyA + onlyB) / n - diff * diff) : 0;
  const independent = pa * (1 - pa) + pb * (1 - pb);
  return {
    id, label, a: pa, b: pb, diff,
    ci95: pairedScoreInterval(n, onlyA, onlyB),
    varianceReduction: v > 0 ? independent / v : null,
    discordant: onlyA + onlyB,
  };
}

/** The paired Monte Carlo comparison from a tally of runs. Pure. */
export function summarizePairs(t: PairTargets, tally: PairTally, seed: number): PairedComparison {
  if (tally.a.length !== t.targets.length) throw new RangeError(`summarizePairs: a tally of ${tally.a.length} targets for ${t.targets.length}: not of these targets`);
  const rows = t.targets.map((x, i) => pairedEstimate(x.id, x.label, tally.runs, tally.a[i] ?? 0, tally.b[i] ?? 0, tally.both[i] ?? 0));
  return { method: "mc", seed, runs: tally.runs, ...split(t, rows), unmatched: t.unmatched };
}

/**
 * One side solved exactly, conditioned on `evidence`: per target, its
 * (conditional) probability, and P(evidence); or the limit, or the check of
 * probability 0, that stopped the solver.
 */
function solveSide(side: Side, model: CompiledModel, t: PairTargets, maxStates: number | undefined, evidence: readonly Check[]):
  { ok: true; p: Float64Array; evidence: number } | { ok: false; side: Side; issues: readonly Issue[]; impossible?: number } {
  let r: ReturnType<typeof solveExact>;
  try {
    r = solveExact(model, { ...(maxStates === undefined ? {} : { maxStates }), ...(evidence.length === 0 ? {} : { evidence }) });
  } catch (e) {
    if (e instanceof ScenarioError) throw new PairSideError(side, e.issues);
    throw e;
  }
  if (!r.ok) return { ok: false, side, issues: [r.issue], ...(r.impossible === undefined ? {} : { impossible: r.impossible }) };
  const { groups, outcomes } = r.result;
  const index = side === "a" ? t.indexA : t.indexB;
  // The solver's own numbers, group sums included: bit for bit those of `tariffsim exact`.
  return {
    ok: true, evidence: r.result.evidenceProbability,
    p: Float64Array.from(t.targets, (x, i) => (x.kind === "group" ? groups : outcomes)[index[i] ?? -1] ?? 0),
  };
}

const NO_EVIDENCE: PairEvidence = { a: [], b: [] };

function conditioned(e: PairEvidence): boolean {
  return e.a.length + e.b.length > 0;
}

/**
 * Exact differences: both sides solved (`solveExact`), each conditioned on
 * its own checks, each target's probability as the solver gives it (its own
 * group sums), the difference pB − pA; with evidence, each side's
 * P(evidence). A solver limit or evidence of probability 0 on either side is
 * a value naming the side; a run-time problem throws a {@link PairSideError}.
 * Pure.
 */
export function exactPairs(a: CompiledModel, b: CompiledModel, t: PairTargets = pairTargets(a, b), maxStates?: number,
  evidence: PairEvidence = NO_EVIDENCE): PairedOutcome {
  const sa = solveSide("a", a, t, maxStates, evidence.a);
  if (!sa.ok) return sa;
  const sb = solveSide("b", b, t, maxStates, evidence.b);
  if (!sb.ok) return sb;
  const rows = t.targets.map((x, i): PairedEstimate => {
    const pa = sa.p[i] ?? 0;
    const pb = sb.p[i] ?? 0;
    return { id: x.id, label: x.label, a: pa, b: pb, diff: pb - pa, ci95: [pb - pa, pb - pa] };
  });
  const ev = (p: number): SideEvidenceProbability => ({ probability: p, ci95: [p, p] });
  return {
    ok: true,
    value: {
      method: "exact", ...(conditioned(evidence) ? { evidence: { a: ev(sa.evidence), b: ev(sb.evidence) } } : {}),
      ...split(t, rows), unmatched: t.unmatched,
    },
  };
}

/**
 * The paired comparison from a weighted tally (either side conditioned):
 * ratio estimates, the paired interval and variance reduction from the runs'
 * influence values, and each side's estimated P(evidence); or the side none
 * of whose runs was consistent with its evidence. Pure.
 */
export function summarizeConditionedPairs(t: PairTargets, tally: WeightedPairTally, seed: number, models: { a: CompiledModel; b: CompiledModel }): PairedOutcome {
  const s = summarizeWeightedPairs(t.targets, tally);
  if (!s.ok) {
    const sc = (s.side === "a" ? models.a : models.b).scenario;
    return { ok: false, side: s.side, issues: [issue("range", ["evidence"],
      `scenario "${sc.id}": none of ${tally.runs} conditioned runs is consistent with the evidence of side ${s.side.toUpperCase()}; it may be impossible, or too unlikely for this many runs`)] };
  }
  const ev = (e: (typeof s.evidence)["a"]): SideEvidenceProbability => ({ probability: e.probability, ci95: e.ci95, se: e.se, ess: e.ess });
  return {
    ok: true,
    value: { method: "mc", seed, runs: tally.runs, evidence: { a: ev(s.evidence.a), b: ev(s.evidence.b) }, ...split(t, s.rows), unmatched: t.unmatched },
  };
}

/** Options of {@link comparePaired}. */
export interface PairedOptions {
  /** Default `auto`. */
  readonly method?: PairMethodChoice;
  /** Monte Carlo paired runs (default 100,000). */
  readonly runs?: number;
  /** Master seed of the Monte Carlo runs (default 20260203). */
  readonly seed?: number;
  /** The exact solver's state limit (tests force the Monte Carlo path with it). */
  readonly maxStates?: number;
  /** Each side's checks (src/evidence/plan.ts); default none. */
  readonly evidence?: PairEvidence;
}

/** Default paired runs of {@link comparePaired} (as `tariffsim run`). */
export const DEFAULT_PAIRED_RUNS = 100_000;
/** Default master seed of {@link comparePaired} (as `tariffsim run`). */
export const DEFAULT_PAIRED_SEED = 20260203;

/**
 * Compares two compiled models, paired, each side conditioned on its checks
 * (`evidence`): exact when `method` is `exact`, or `auto` and the solver
 * handles both sides; otherwise Monte Carlo, runs 0 … runs − 1 of both sides
 * in lockstep (importance-weighted when either side has checks). Groups and outcomes are matched by
 * id (`unmatched` lists the rest). Throws a {@link PairSideError} on a
 * run-time problem of one side. Pure.
 */
export function comparePaired(a: CompiledModel, b: CompiledModel, opts: PairedOptions = {}): PairedOutcome {
  const runs = opts.runs ?? DEFAULT_PAIRED_RUNS;
  // No estimate of no runs (every difference would read 0), whichever method answers.
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`runs: expected a whole number of at least 1, got ${runs}`);
  const t = pairTargets(a, b);
  const method = opts.method ?? "auto";
  const evidence = opts.evidence ?? NO_EVIDENCE;
  if (method !== "mc") {
    const exact = exactPairs(a, b, t, opts.maxStates, evidence);
    // Evidence of probability 0 is an answer, not a limit: Monte Carlo would only estimate it badly.
    if (exact.ok || method === "exact" || exact.impossible !== undefined) return exact;
  }
  const seed = opts.seed ?? DEFAULT_PAIRED_SEED;
  const batch = { seed, from: 0, to: runs };
  if (conditioned(evidence)) return summarizeConditionedPairs(t, simulateConditionedPairs(a, b, evidence, batch, t), seed, { a, b });
  const tally = simulatePairs(a, b, batch, t);
  return { ok: true, value: summarizePairs(t, tally, seed) };
}
