/**
 * From the exact solver's result to the numbers users read: outcome, group
 * and state probabilities, the timeline by date, and the comparison with a
 * Monte Carlo summary in standard errors. Pure.
 * @module
 */
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import type { ExactResult } from "../exact/solver.js";
import { standardError } from "../engine/stats.js";
import { checkModelShape } from "../engine/checks.js";
import { stateIndex, type Summary } from "./summary.js";

/** An exact probability. */
export interface ExactEstimate {
  readonly id: string;
  readonly label: string;
  readonly group?: string | undefined;
  readonly probability: number;
}

/** One date of the timeline: probabilities at the end of that day. */
export interface TimelinePoint {
  readonly date: string;
  readonly day: number;
  /** Outcome id → probability, the outcomes evaluated with `day` = this day (`horizon` keeps its value). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Group id → probability (empty without groups). */
  readonly groups: Readonly<Record<string, number>>;
  /** `"machine.state"` → probability that the machine is in that state. */
  readonly states: Readonly<Record<string, number>>;
}

/** Probabilities at the end of one `--at` date, labelled as in the headline. */
export interface ExactAtPoint {
  readonly date: string;
  readonly day: number;
  readonly groups: readonly ExactEstimate[];
  /** Outcomes evaluated with `day` = this day (`horizon` keeps its value). */
  readonly outcomes: readonly ExactEstimate[];
  /** Per state, in the file's order: the probability that its machine is in it. */
  readonly states: readonly { readonly machine: string; readonly state: string; readonly probability: number }[];
}

/** The exact summary of a scenario. */
export interface ExactSummary {
  readonly scenario: string;
  readonly title: string;
  readonly start: string;
  readonly horizon: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly outcomes: readonly ExactEstimate[];
  readonly groups: readonly ExactEstimate[];
  readonly states: readonly { readonly machine: string; readonly state: string; readonly final: number }[];
  readonly timeline: readonly TimelinePoint[] | undefined;
  /** The probability of the evidence conditioned on (1 without evidence); every other number is conditional on it. */
  readonly evidenceProbability: number;
  /** The `--at` dates asked for (empty when none). */
  readonly at: readonly ExactAtPoint[];
  /** The most joint states the solver held on one day. */
  readonly peakStates: number;
}

function groupSums(model: CompiledModel, outcomes: Float64Array): Float64Array {
  const g = new Float64Array(model.groups.length);
  model.outcomes.forEach((o, i) => { if (o.group >= 0) g[o.group] = (g[o.group] ?? 0) + (outcomes[i] ?? 0); });
  return g;
}

/** Outcome and group estimates from per-outcome probabilities, labelled as in the headline. Pure. */
function estimates(model: CompiledModel, outcomes: Float64Array): { outcomes: ExactEstimate[]; groups: ExactEstimate[] } {
  const gs = groupSums(model, outcomes);
  return {
    outcomes: model.outcomes.map((o, i) => ({ id: o.id, label: o.label, group: model.groups[o.group]?.id, probability: outcomes[i] ?? 0 })),
    groups: model.groups.map((g, i) => ({ id: g.id, label: g.label, probability: gs[i] ?? 0 })),
  };
}

/**
 * Summarizes an exact result. `from` (a day) drops the timeline's earlier
 * dates: with evidence, rows before the as-of date are conditioned on part
 * of it only (src/evidence/plan.ts). Pure.
 */
export function summarizeExact(model: CompiledModel, r: ExactResult, from = 0): ExactSummary {
  checkModelShape("summarizeExact: the result", model, r.outcomes.length, r.finalStates.length);
  const sc = model.scenario;
  const index = stateIndex(model);
  // In the file's declaration order, each with its global index (looked up once, not per timeline day).
  const order = sc.machines.flatMap((m) => m.states.map((s) => {
    const name = `${m.id}.${s.id}`;
    return { machine: m.id, state: s.id, name, g: index.get(name) ?? -1 };
  }));
  const states = order.map((x) => ({ machine: x.machine, state: x.state, final: r.finalStates[x.g] ?? 0 }));
  const timeline = r.timeline === undefined ? undefined : r.timeline.outcomes.flatMap((o, day) => {
    if (day < from) return [];
    const st = r.timeline?.states[day] ?? new Float64Array(0);
    const gs = groupSums(model, o);
    return [{
      date: dateOfDay(sc.start, day),
      day,
      outcomes: Object.fromEntries(model.outcomes.map((x, i) => [x.id, o[i] ?? 0])),
      groups: Object.fromEntries(model.groups.map((g, i) => [g.id, gs[i] ?? 0])),
      states: Object.fromEntries(order.map((x) => [x.name, st[x.g] ?? 0])),
    }];
  });
  const at = r.at.map((row) => ({
    date: dateOfDay(sc.start, row.day), day: row.day, ...estimates(model, row.outcomes),
    states: order.map((x) => ({ machine: x.machine, state: x.state, probability: row.states[x.g] ?? 0 })),
  }));
  const head = estimates(model, r.outcomes);
  return {
    scenario: sc.id, title: sc.title, start: sc.start, horizon: sc.horizon,
    parameters: Object.fromEntries(model.params),
    outcomes: head.outcomes,
    groups: model.groups.map((g, i) => ({ id: g.id, label: g.label, probability: r.groups[i] ?? 0 })),
    states,
    timeline,
    evidenceProbability: r.evidenceProbability,
    at,
    peakStates: r.peakStates,
  };
}

/** A Monte Carlo estimate beside the exact value. */
export interface Comparison {
  readonly id: string;
  readonly label: string;
  readonly group?: string | undefined;
  readonly mc: number;
  readonly ci95: readonly [number, number];
  readonly count: number;
  readonly exact: number;
  /** (mc − exact) / standard error at the exact value; 0 when both are 0 or 1 exactly. */
  readonly diffSE: number;
}

/**
 * Why `mc` and `exact` cannot be set side by side, or undefined when they
 * can: another scenario, other parameter values, or other outcomes or
 * groups (rows are paired by position). Pure.
 */
function mismatch(mc: Summary, exact: ExactSummary): string | undefined {
  if (mc.scenario !== exact.scenario) return `scenario "${mc.scenario}" against "${exact.scenario}"`;
  const ids = (rows: readonly { id: string }[]): string => rows.map((r) => r.id).join(", ");
  if (ids(mc.outcomes) !== ids(exact.outcomes)) return `outcomes ${ids(mc.outcomes)} against ${ids(exact.outcomes)}`;
  if (ids(mc.groups) !== ids(exact.groups)) return `groups ${ids(mc.groups)} against ${ids(exact.groups)}`;
  const names = new Set([...Object.keys(mc.parameters), ...Object.keys(exact.parameters)]);
  for (const name of names) {
    const a = mc.parameters[name];
    const b = exact.parameters[name];
    if (!Object.is(a, b)) return `parameter ${name} = ${String(a)} against ${String(b)}`;
  }
  return undefined;
}

/**
 * Monte Carlo and exact side by side, per outcome and per group. Pure.
 * Throws a RangeError when the two are not summaries of the same scenario
 * at the same parameter values (see the message), which would pair rows
 * that do not belong together.
 */
export function compare(mc: Summary, exact: ExactSummary): { outcomes: Comparison[]; groups: Comparison[] } {
  const why = mismatch(mc, exact);
  if (why !== undefined) throw new RangeError(`compare: not the same model: ${why}`);
  const one = (m: Summary["groups"][number] & { group?: string | undefined }, p: number): Comparison => {
    const se = standardError(p, mc.runs);
    const diff = m.probability - p;
    return {
      id: m.id, label: m.label, group: m.group, mc: m.probability, ci95: m.ci95, count: m.count, exact: p,
      diffSE: se > 0 ? diff / se : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity,
    };
  };
  return {
    outcomes: mc.outcomes.map((m, i) => one(m, exact.outcomes[i]?.probability ?? 0)),
    groups: mc.groups.map((m, i) => one(m, exact.groups[i]?.probability ?? 0)),
  };
}
