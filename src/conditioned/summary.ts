/**
 * From a conditioned tally to the numbers users read: the estimated
 * probability of the evidence, the effective sample size, and conditional
 * probabilities per outcome, group and state (at the horizon and at each
 * requested day), each with a standard error and a 95% interval.
 *
 * Estimators (docs/analysis.md, "Conditioning by Monte Carlo"): with run
 * weights `w_i` over `n` runs, P(evidence) ≈ Σw / n (unbiased), its standard
 * error the sample standard deviation of the weights over √n; a conditional
 * probability is the self-normalised ratio `p = Σ w·I / Σ w`, its standard
 * error the delta-method one for a ratio estimator,
 * `√(Σ w² (I − p)²) / Σ w`, its interval Wilson's at the effective number
 * of runs (src/engine/stats.ts `weightedProportionInterval`); P(evidence)'s
 * interval is `estimate ± 1.96 se`, clipped to [0, 1] (the weights are not
 * bounded by 1). The effective sample size is Kish's `(Σw)² / Σw²`. Pure.
 * @module
 */
import { dateOfDay } from "../scenario/dates.js";
import { weightedProportionInterval, Z95 } from "../engine/stats.js";
import { checkModelShape } from "../engine/checks.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import { sumValue, sumValues, type ConditionedTally, type WeightedSums } from "./tally.js";

/** A weighted estimate of a probability. */
export interface WeightedEstimate {
  readonly id: string;
  readonly label: string;
  readonly probability: number;
  /** Its standard error (delta method for conditional probabilities). */
  readonly se: number;
  readonly ci95: readonly [number, number];
}

/** Conditional probabilities at the end of one day. */
export interface ConditionedPoint {
  readonly day: number;
  readonly date: string;
  readonly outcomes: readonly (WeightedEstimate & { readonly group: string | undefined })[];
  readonly groups: readonly WeightedEstimate[];
  /** Per state (id `"machine.state"`): the machine is in it at the end of the day. */
  readonly states: readonly WeightedEstimate[];
}

/** The Monte Carlo summary of a simulation conditioned on evidence. */
export interface ConditionedSummary {
  readonly scenario: string;
  readonly title: string;
  readonly seed: number;
  readonly runs: number;
  readonly start: string;
  readonly horizon: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** The estimated probability of the evidence (id `evidence`), unbiased. */
  readonly evidence: WeightedEstimate;
  /** Kish's effective sample size (Σw)² / Σw². */
  readonly ess: number;
  /** Conditional probabilities at the horizon. */
  readonly final: ConditionedPoint;
  /** Per state (id `"machine.state"`): visited by the horizon, conditionally. */
  readonly visited: readonly WeightedEstimate[];
  /** At each requested day, in the order asked. */
  readonly at: readonly ConditionedPoint[];
}

/** A summary, or the issue that no run was consistent with the evidence (every weight 0). */
export type ConditionedSummaryResult = { readonly ok: true; readonly summary: ConditionedSummary } | { readonly ok: false; readonly issue: Issue };

function interval(p: number, se: number): readonly [number, number] {
  return [Math.max(0, p - Z95 * se), Math.min(1, p + Z95 * se)];
}

/**
 * The ratio estimate of `a / W` with its delta-method standard error (`a` =
 * Σw·I, `a2` = Σw²·I, `W` = Σw, `W2` = Σw²; a RangeError unless they can be
 * such sums). Pure.
 */
export function ratioEstimate(a: number, a2: number, W: number, W2: number): { readonly p: number; readonly se: number } {
  // Sums of a subset of the weights: anything else gave p outside [0, 1].
  if (!(W > 0 && a >= 0 && a <= W && a2 >= 0 && a2 <= W2)) throw new RangeError(`ratioEstimate: expected 0 ≤ a ≤ W, W > 0 and 0 ≤ a2 ≤ W2, got a = ${a}, a2 = ${a2}, W = ${W}, W2 = ${W2}`);
  const p = a / W;
  // Σ w² (I − p)² = Σw²I (1 − 2p) + p² Σw², since I² = I.
  const v = (a2 * (1 - 2 * p) + p * p * W2) / (W * W);
  return { p, se: Math.sqrt(Math.max(0, v)) };
}

/**
 * Summarizes a conditioned tally. Returns an issue (not an exception) when
 * every run had weight 0: the evidence then has no estimate to condition on.
 * Pure.
 */
export function summarizeConditioned(model: CompiledModel, tally: ConditionedTally, seed: number): ConditionedSummaryResult {
  checkModelShape("summarizeConditioned: the tally", model, tally.outcomes.w.length, tally.finalStates.w.length);
  const n = tally.runs;
  const sc = model.scenario;
  const W = sumValue(tally.weight);
  const W2 = sumValue(tally.weightSq);
  if (!(W > 0)) {
    return { ok: false, issue: issue("range", ["evidence"],
      `scenario "${sc.id}": none of ${n} conditioned runs is consistent with the evidence; it may be impossible, or too unlikely for this many runs`) };
  }
  const mean = W / n;
  const variance = n > 1 ? Math.max(0, (W2 - n * mean * mean) / (n - 1)) : 0;
  const evSe = Math.sqrt(variance / n);
  const evidence: WeightedEstimate = { id: "evidence", label: "P(evidence)", probability: mean, se: evSe, ci95: interval(mean, evSe) };
  // The runs' weights are worth this many equally weighted runs (Kish): the effective-count intervals' cap.
  const ess = (W * W) / W2;
  const est = (id: string, label: string, a: number, a2: number): WeightedEstimate => {
    const r = ratioEstimate(a, a2, W, W2);
    return { id, label, probability: r.p, se: r.se, ci95: weightedProportionInterval(r.p, r.se, ess) };
  };
  // States in the file's declaration order, which is how users think of them.
  const index = new Map(model.stateNames.map((name, i) => [name, i]));
  const order = sc.machines.flatMap((m) => m.states.map((s) => ({ name: `${m.id}.${s.id}`, g: index.get(`${m.id}.${s.id}`) ?? -1 })));
  const point = (day: number, outcomeSums: WeightedSums, stateSums: WeightedSums): ConditionedPoint => {
    const o = sumValues(outcomeSums);
    const s = sumValues(stateSums);
    const outcomes = model.outcomes.map((x, i) => ({ ...est(x.id, x.label, o.w[i] ?? 0, o.w2[i] ?? 0), group: model.groups[x.group]?.id }));
    const groups = model.groups.map((g, gi) => {
      let a = 0;
      let a2 = 0;
      model.outcomes.forEach((x, i) => {
        if (x.group !== gi) return;
        a += o.w[i] ?? 0;
        a2 += o.w2[i] ?? 0;
      });
      return est(g.id, g.label, a, a2);
    });
    const states = order.map(({ name, g }) => est(name, name, s.w[g] ?? 0, s.w2[g] ?? 0));
    return { day, date: dateOfDay(sc.start, day), outcomes, groups, states };
  };
  const v = sumValues(tally.visited);
  return {
    ok: true,
    summary: {
      scenario: sc.id, title: sc.title, seed, runs: n, start: sc.start, horizon: sc.horizon,
      parameters: Object.fromEntries(model.params), evidence, ess,
      final: point(model.days, tally.outcomes, tally.finalStates),
      visited: order.map(({ name, g }) => est(name, name, v.w[g] ?? 0, v.w2[g] ?? 0)),
      at: tally.at.map((d) => point(d.day, d.outcomes, d.states)),
    },
  };
}
