/**
 * Reports of Monte Carlo conditioned on evidence (conditioned/summary.ts):
 * weighted estimates with their intervals, P(evidence) and the effective
 * sample size, beside the exact conditional probabilities with
 * `--method both`; as text tables, a JSON body, and a tidy table for CSV and
 * Markdown. Pure.
 * @module
 */
import type { ConditionedPoint, ConditionedSummary, WeightedEstimate } from "../conditioned/summary.js";
import type { ExactSummary } from "../analysis/exact.js";
import type { EvidenceSummary } from "../evidence/summary.js";
import type { Override } from "../model/params.js";
import { escapeText as esc } from "./escape.js";
import { evidenceLines } from "./evidenceLines.js";
import { count, interval, pct } from "./numbers.js";
import { overrideLines } from "./overrides.js";
import { fittedTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import type { Cell, Tidy } from "./tidy.js";

/** An estimate, and (with `--method both`) the exact conditional value and the difference in standard errors. */
export interface ConditionedRow extends WeightedEstimate {
  readonly kind: "group" | "outcome" | "state";
  readonly group?: string | undefined;
  readonly exact?: number | undefined;
  readonly diffSE?: number | undefined;
}

/** The exact conditional values beside the estimates (`--method both`): at the horizon, and at each `--at` day; by `kind:id`. */
export interface ExactValues {
  readonly final: ReadonlyMap<string, number>;
  readonly at: ReadonlyMap<number, ReadonlyMap<string, number>>;
}

function rows(kind: ConditionedRow["kind"], xs: readonly (WeightedEstimate & { group?: string | undefined })[], exact: ReadonlyMap<string, number> | undefined): ConditionedRow[] {
  return xs.map((x) => {
    const e = exact?.get(`${kind}:${x.id}`);
    return { ...x, kind, ...(e === undefined ? {} : { exact: e, diffSE: x.se > 0 ? (x.probability - e) / x.se : 0 }) };
  });
}

function byId(x: { readonly groups: readonly { id: string; probability: number }[]; readonly outcomes: readonly { id: string; probability: number }[] }): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of x.groups) m.set(`group:${g.id}`, g.probability);
  for (const o of x.outcomes) m.set(`outcome:${o.id}`, o.probability);
  return m;
}

/** The exact conditional values of groups and outcomes, at the horizon and at each `--at` day, for the side-by-side view. Pure. */
export function exactValues(exact: ExactSummary | undefined): ExactValues | undefined {
  if (exact === undefined) return undefined;
  return { final: byId(exact), at: new Map(exact.at.map((p) => [p.day, byId(p)])) };
}

/** Group and outcome rows at the horizon. Pure. */
export function conditionedRows(s: ConditionedSummary, exact?: ExactValues): ConditionedRow[] {
  return [...rows("group", s.final.groups, exact?.final), ...rows("outcome", s.final.outcomes, exact?.final)];
}

/** Group and outcome rows at an `--at` date. Pure. */
function pointRows(p: ConditionedPoint, exact: ExactValues | undefined): ConditionedRow[] {
  const at = exact?.at.get(p.day);
  return [...rows("group", p.groups, at), ...rows("outcome", p.outcomes, at)];
}

const se = (x: number): string => (x === 0 ? "0" : x.toExponential(2));

function table(title: string, rs: readonly ConditionedRow[], both: boolean, width: number | undefined): string {
  const head = [title, "Monte Carlo", "95% interval", "SE", ...(both ? ["Exact", "Δ (SE)"] : [])];
  return fittedTable(head, rs.map((r) => [esc(r.label), pct(r.probability), interval(r.ci95), se(r.se),
    ...(both ? [r.exact === undefined ? "" : `${(100 * r.exact).toFixed(4)}%`, r.diffSE === undefined ? "" : `${r.diffSE >= 0 ? "+" : ""}${r.diffSE.toFixed(2)}`] : [])]),
  ["left", "right", "right", "right", ...(both ? (["right", "right"] as const) : [])], width);
}

/**
 * The group table headed `titles.group`, then the outcome table; without
 * groups (a scenario may have none) the outcome table alone, headed
 * `titles.alone` (an empty table was printed).
 */
function headlineTables(titles: { readonly group: string; readonly alone: string }, rs: readonly ConditionedRow[], both: boolean, width: number | undefined): string[] {
  const groups = rs.filter((r) => r.kind === "group");
  const outcomes = rs.filter((r) => r.kind === "outcome");
  return groups.length > 0 ? [table(titles.group, groups, both, width), table("Outcome", outcomes, both, width)] : [table(titles.alone, outcomes, both, width)];
}

function pointTables(p: ConditionedPoint, states: boolean, width: number | undefined, exact: ExactValues | undefined): string {
  const parts = headlineTables({ group: `On ${p.date}: headline`, alone: `On ${p.date}: outcome` }, pointRows(p, exact), exact !== undefined, width);
  if (states) parts.push(table("State", rows("state", p.states, undefined), false, width));
  return parts.join("\n");
}

/**
 * The text report. With `o.width` (the terminal's columns) it fits: labels
 * and lines of text wrap (see fitTables.ts); undefined for no limit. Pure.
 */
export function conditionedTable(s: ConditionedSummary, ev: EvidenceSummary, o: {
  overrides: readonly Override[]; states: boolean; exact?: ExactValues | undefined; width?: number | undefined;
}): string {
  const both = o.exact !== undefined;
  const lines = [
    esc(s.title),
    `scenario ${esc(s.scenario)} · ${s.start} → ${s.horizon} · ${count(s.runs)} runs · seed ${s.seed} · importance-weighted (conditioned)${both ? " · Δ = (MC − exact) / standard error" : ""}`,
    ...overrideLines(o.overrides),
    ...evidenceLines(ev),
    `P(evidence) by Monte Carlo: ${pct(s.evidence.probability)} ${interval(s.evidence.ci95)} · effective sample size ${count(Math.round(s.ess))} of ${count(s.runs)}`,
  ];
  const rs = conditionedRows(s, o.exact);
  const parts = [lines.join("\n"), ...headlineTables({ group: "Headline", alone: "Outcome" }, rs, both, o.width)];
  if (o.states) parts.push(table("State (at the horizon)", rows("state", s.final.states, undefined), false, o.width));
  for (const p of s.at) parts.push(pointTables(p, o.states, o.width, o.exact));
  return fitText(parts.join("\n") + "\n", o.width);
}

/** An `--at` point as JSON: with `--method both`, each group and outcome with its `exact` value beside it (as plain `run` gives). */
function atJson(p: ConditionedPoint, exact: ExactValues | undefined): ConditionedPoint | Record<string, unknown> {
  const at = exact?.at.get(p.day);
  if (at === undefined) return p;
  return {
    ...p,
    groups: p.groups.map((g) => ({ ...g, exact: at.get(`group:${g.id}`) })),
    outcomes: p.outcomes.map((o) => ({ ...o, exact: at.get(`outcome:${o.id}`) })),
  };
}

/** The JSON body (without `overrides`, which the caller puts last). Pure. */
export function conditionedJson(s: ConditionedSummary, ev: EvidenceSummary, method: "mc" | "both", exact?: ExactValues): Record<string, unknown> {
  const rs = conditionedRows(s, exact);
  const strip = ({ kind: _k, ...r }: ConditionedRow): Omit<ConditionedRow, "kind"> => r;
  return {
    scenario: s.scenario, title: s.title, seed: s.seed, runs: s.runs, method, weighted: true, start: s.start, horizon: s.horizon,
    parameters: s.parameters, asOf: ev.asOf,
    evidence: { probability: s.evidence.probability, ci95: s.evidence.ci95, se: s.evidence.se, exact: ev.probability, ess: s.ess, observations: ev.observations, ignored: ev.ignored },
    outcomes: rs.filter((r) => r.kind === "outcome").map(strip),
    groups: rs.filter((r) => r.kind === "group").map(strip),
    states: s.final.states, visited: s.visited,
    ...(s.at.length > 0 ? { at: s.at.map((p) => atJson(p, exact)) } : {}),
  };
}

/** One row per group, outcome and state, at the horizon and at each `--at` date. Pure. */
export function conditionedTidy(s: ConditionedSummary, exact?: ExactValues): Tidy {
  const line = (date: string, r: ConditionedRow): Cell[] => [date, r.kind, r.id, r.label, r.group ?? null, r.probability, r.ci95[0], r.ci95[1], r.se, r.exact ?? null];
  const out: Cell[][] = [];
  for (const r of conditionedRows(s, exact)) out.push(line(s.horizon, r));
  for (const r of rows("state", s.final.states, undefined)) out.push(line(s.horizon, r));
  for (const p of s.at) for (const r of [...pointRows(p, exact), ...rows("state", p.states, undefined)]) out.push(line(p.date, r));
  return { columns: ["date", "kind", "id", "label", "group", "probability", "ci95_lo", "ci95_hi", "se", "exact"], rows: out };
}
