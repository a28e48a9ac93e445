/**
 * The tally and the estimates of a paired comparison in which either side
 * (or both) is conditioned on evidence by importance weights
 * (pairedConditioned.ts). Per run `i` each side has a weight `w` (0 when the
 * evidence ruled the run out) and an outcome; a conditional probability is
 * the self-normalised ratio `p = Σ w·I / Σ w`, as in src/conditioned/.
 *
 * The difference `pB − pA` of two ratio estimators from the same runs: each
 * ratio is linearised per run (its influence value, `z_i = w_i (I_i − p) /
 * (Σw / n)`, so that `p̂ − p ≈ mean(z)`), and the variance of the difference
 * is that of the paired `zB_i − zA_i`:
 * `Var = SA + SB − 2·X`, with `SA = Σ wA² (IA − pA)² / WA²` (the delta-method
 * variance of side A alone, as src/conditioned/summary.ts reports it) and
 * `X = Σ wA wB (IA − pA)(IB − pB) / (WA·WB)`. Two independent runs of the same
 * size would give `SA + SB`; their ratio is the variance reduction.
 *
 * Everything needed is a sum over runs, kept exact (src/conditioned/fsum.ts),
 * so tallies of disjoint batches merge into the same rounded numbers for any
 * batching. Pure functions over mutable arrays.
 * @module
 */
import { addPartial, mergePartials, roundPartials, type Partials } from "../conditioned/fsum.js";
import { weightedPairedInterval, Z95 } from "../engine/stats.js";
import type { PairedEstimate } from "./paired.js";
import type { PairTarget } from "./pairTargets.js";

/** Exact sums over a batch of paired weighted runs. */
export interface WeightedPairTally {
  runs: number;
  /** Σ wA, Σ wA², Σ wB, Σ wB², Σ wA·wB. */
  readonly wA: Partials;
  readonly wA2: Partials;
  readonly wB: Partials;
  readonly wB2: Partials;
  readonly wAB: Partials;
  /** Per target: Σ wA·IA, Σ wA²·IA. */
  readonly a: Partials[];
  readonly a2: Partials[];
  /** Per target: Σ wB·IB, Σ wB²·IB. */
  readonly b: Partials[];
  readonly b2: Partials[];
  /** Per target: Σ wA·wB·IA, Σ wA·wB·IB, Σ wA·wB·IA·IB. */
  readonly xa: Partials[];
  readonly xb: Partials[];
  readonly xab: Partials[];
  /** Per target: Σ wA, Σ wB over the runs in which one side ends in it and the other does not (the weighted discordance). */
  readonly da: Partials[];
  readonly db: Partials[];
  /** Per target: runs in which one side ends in it and the other does not (a side ruled out counts as not). Integers. */
  readonly discordant: number[];
}

const KEYS = ["a", "a2", "b", "b2", "xa", "xb", "xab", "da", "db"] as const;
const TOTALS = ["wA", "wA2", "wB", "wB2", "wAB"] as const;

/** An empty tally for `targets` shared targets. Pure. */
export function emptyWeightedPairTally(targets: number): WeightedPairTally {
  const per = (): Partials[] => Array.from({ length: targets }, () => []);
  return {
    runs: 0, wA: [], wA2: [], wB: [], wB2: [], wAB: [],
    a: per(), a2: per(), b: per(), b2: per(), xa: per(), xb: per(), xab: per(), da: per(), db: per(),
    discordant: new Array<number>(targets).fill(0),
  };
}

/**
 * Adds one paired run (mutates `t`): weights `wa`, `wb` (0: ruled out) and
 * the targets each side's outcome hits (ignored when its weight is 0).
 */
export function addWeightedPair(t: WeightedPairTally, wa: number, hitsA: readonly number[], wb: number, hitsB: readonly number[]): void {
  t.runs++;
  const ha = wa > 0 ? hitsA : [];
  const hb = wb > 0 ? hitsB : [];
  const x = wa * wb;
  if (wa > 0) { addPartial(t.wA, wa); addPartial(t.wA2, wa * wa); }
  if (wb > 0) { addPartial(t.wB, wb); addPartial(t.wB2, wb * wb); }
  if (x > 0) addPartial(t.wAB, x);
  const at = (p: Partials[], k: number): Partials => {
    const s = p[k];
    if (s === undefined) throw new Error(`internal: target ${k} out of range`);
    return s;
  };
  const discordant = (k: number): void => {
    t.discordant[k] = (t.discordant[k] ?? 0) + 1;
    if (wa > 0) addPartial(at(t.da, k), wa);
    if (wb > 0) addPartial(at(t.db, k), wb);
  };
  for (const k of ha) {
    addPartial(at(t.a, k), wa);
    addPartial(at(t.a2, k), wa * wa);
    if (x > 0) addPartial(at(t.xa, k), x);
    if (hb.includes(k)) { if (x > 0) addPartial(at(t.xab, k), x); } else discordant(k);
  }
  for (const k of hb) {
    addPartial(at(t.b, k), wb);
    addPartial(at(t.b2, k), wb * wb);
    if (x > 0) addPartial(at(t.xb, k), x);
    if (!ha.includes(k)) discordant(k);
  }
}

/** Adds `y` into `x` (mutates `x`): exact, so any batching gives the same sums. */
export function addWeightedPairTally(x: WeightedPairTally, y: WeightedPairTally): void {
  if (x.a.length !== y.a.length) throw new Error("internal: merging paired tallies of different shapes");
  x.runs += y.runs;
  for (const k of TOTALS) mergePartials(x[k], y[k]);
  for (const k of KEYS) x[k].forEach((p, i) => mergePartials(p, y[k][i] ?? []));
  y.discordant.forEach((d, i) => { x.discordant[i] = (x.discordant[i] ?? 0) + d; });
}

/**
 * How many equally weighted pairs a weighted paired difference is worth:
 * n* = (δ − d²)/Var, δ the weighted share of discordant runs, the number of
 * plain pairs whose paired estimator would have the delta-method variance
 * (Korn and Graubard's effective sample size, for a difference), at most
 * the runs; Kish's size of the weights `ess` where that is undefined (no
 * variance). Why not Kish's size alone: with the evidence on both sides it
 * understated the pairs a difference rests on, and the interval covered
 * 97–99.6% of the time instead of 95%. Pure.
 */
export function effectivePairs(share: number, d: number, v: number, runs: number, ess: number): number {
  const n = (share - d * d) / v;
  return v > 0 && n > 0 && Number.isFinite(n) ? Math.min(runs, n) : ess;
}

/** One side's estimated probability of its evidence: Σw / n, its standard error and 95% interval, and Kish's effective sample size. */
export interface EvidenceEstimate {
  readonly probability: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
  /** (Σw)² / Σw². */
  readonly ess: number;
}

function evidenceEstimate(n: number, W: number, W2: number): EvidenceEstimate {
  const mean = n > 0 ? W / n : 0;
  const variance = n > 1 ? Math.max(0, (W2 - n * mean * mean) / (n - 1)) : 0;
  const se = Math.sqrt(variance / n);
  return { probability: mean, se, ci95: [Math.max(0, mean - Z95 * se), Math.min(1, mean + Z95 * se)], ess: W2 > 0 ? (W * W) / W2 : 0 };
}

/** The estimates of a weighted paired tally, or which side no run was consistent with. */
export type WeightedPairSummary =
  | { readonly ok: true; readonly rows: readonly PairedEstimate[]; readonly evidence: { readonly a: EvidenceEstimate; readonly b: EvidenceEstimate } }
  | { readonly ok: false; readonly side: "a" | "b" };

/**
 * Per target: pA, pB (ratio estimators), pB − pA with its 95% interval
 * (Tango's, at the effective number of pairs, from the variance of the
 * paired influence values: src/engine/stats.ts `weightedPairedInterval`),
 * the variance reduction against two
 * independent runs of the same size (`null` when the paired variance is 0)
 * and the discordant runs; per side, P(evidence). A side whose weights are
 * all 0 is reported (no estimate exists). Pure.
 */
export function summarizeWeightedPairs(targets: readonly PairTarget[], t: WeightedPairTally): WeightedPairSummary {
  const n = t.runs;
  const WA = roundPartials(t.wA);
  const WB = roundPartials(t.wB);
  if (!(WA > 0)) return { ok: false, side: "a" };
  if (!(WB > 0)) return { ok: false, side: "b" };
  const WA2 = roundPartials(t.wA2);
  const WB2 = roundPartials(t.wB2);
  const C = roundPartials(t.wAB);
  // Kish's size of the side whose weights are worth fewer: the pairs a difference with no variance stands for (effectivePairs).
  const ess = Math.min((WA * WA) / WA2, (WB * WB) / WB2);
  const rows = targets.map((x, k): PairedEstimate => {
    const v = (key: (typeof KEYS)[number]): number => roundPartials(t[key][k] ?? []);
    const pa = v("a") / WA;
    const pb = v("b") / WB;
    // Σ w² (I − p)² = Σ w² I (1 − 2p) + p² Σ w², since I² = I.
    const sa = Math.max(0, (v("a2") * (1 - 2 * pa) + pa * pa * WA2) / (WA * WA));
    const sb = Math.max(0, (v("b2") * (1 - 2 * pb) + pb * pb * WB2) / (WB * WB));
    const cross = (v("xab") - pb * v("xa") - pa * v("xb") + pa * pb * C) / (WA * WB);
    // Below rounding (the sides agree in every run): no paired variance, as in the unweighted estimator.
    const raw = sa + sb - 2 * cross;
    const vd = raw > 1e-12 * (sa + sb) ? raw : 0;
    const diff = pb - pa;
    // The discordant runs' share, each run weighted by the mean of its two sides' normalised weights.
    const share = (v("da") / WA + v("db") / WB) / 2;
    return {
      id: x.id, label: x.label, a: pa, b: pb, diff,
      ci95: weightedPairedInterval(diff, vd, effectivePairs(share, diff, vd, n, ess)),
      varianceReduction: vd > 0 ? (sa + sb) / vd : null,
      discordant: t.discordant[k] ?? 0,
    };
  });
  return { ok: true, rows, evidence: { a: evidenceEstimate(n, WA, WA2), b: evidenceEstimate(n, WB, WB2) } };
}
