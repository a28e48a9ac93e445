/**
 * The results of `run` and `exact` as tidy tables (src/report/tidy.ts) for
 * CSV and Markdown: the same numbers as the JSON, unrounded. Pure.
 * @module
 */
import type { Comparison, ExactSummary } from "../analysis/exact.js";
import type { Summary } from "../analysis/summary.js";
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import type { Replay } from "../engine/simulate.js";
import type { Cell, Tidy } from "./tidy.js";

/**
 * Monte Carlo: one row per group (`kind` group), outcome and, with
 * `states`, machine state (`kind` state, `id` machine.state, `probability`
 * the share of runs ending in it, with `visited` and `meanFirstVisit`).
 * Columns: kind, id, label, group, probability, ci95_lo, ci95_hi, count
 * (then visited, meanFirstVisit with states).
 */
export function summaryTidy(s: Summary, opts: { states?: boolean } = {}): Tidy {
  const states = opts.states === true;
  const extra = (): Cell[] => (states ? [null, null] : []);
  const rows: Cell[][] = [
    ...s.groups.map((g) => ["group", g.id, g.label, null, g.probability, g.ci95[0], g.ci95[1], g.count, ...extra()]),
    ...s.outcomes.map((o) => ["outcome", o.id, o.label, o.group ?? null, o.probability, o.ci95[0], o.ci95[1], o.count, ...extra()]),
    ...(states ? s.states.map((x): Cell[] => ["state", `${x.machine}.${x.state}`, null, null, x.final, null, null, null, x.visited, x.meanFirstVisit ?? null]) : []),
  ];
  return {
    columns: ["kind", "id", "label", "group", "probability", "ci95_lo", "ci95_hi", "count", ...(states ? ["visited", "meanFirstVisit"] : [])],
    rows,
  };
}

/** Exact: one row per group, outcome and, with `states`, state (the probability of ending in it). Columns: kind, id, label, group, probability. */
export function exactTidy(s: ExactSummary, opts: { states?: boolean } = {}): Tidy {
  return {
    columns: ["kind", "id", "label", "group", "probability"],
    rows: [
      ...s.groups.map((g): Cell[] => ["group", g.id, g.label, null, g.probability]),
      ...s.outcomes.map((o): Cell[] => ["outcome", o.id, o.label, o.group ?? null, o.probability]),
      ...(opts.states === true ? s.states.map((x): Cell[] => ["state", `${x.machine}.${x.state}`, null, null, x.final]) : []),
    ],
  };
}

/**
 * Monte Carlo beside exact: one row per group and outcome. Columns: kind,
 * id, label, group, probability (Monte Carlo), ci95_lo, ci95_hi, count,
 * exact, diffSE ((MC − exact) / standard error).
 */
export function bothTidy(c: { outcomes: readonly Comparison[]; groups: readonly Comparison[] }): Tidy {
  const row = (kind: string, x: Comparison): Cell[] =>
    [kind, x.id, x.label, x.group ?? null, x.mc, x.ci95[0], x.ci95[1], x.count, x.exact, x.diffSE];
  return {
    columns: ["kind", "id", "label", "group", "probability", "ci95_lo", "ci95_hi", "count", "exact", "diffSE"],
    rows: [...c.groups.map((g) => row("group", g)), ...c.outcomes.map((o) => row("outcome", o))],
  };
}

/**
 * The exact timeline: one row per date × target (every group, outcome and
 * state, as in the JSON), dates every `every` days from the first (the as-of
 * date) and always the horizon.
 * Columns: date, day, kind, id, probability.
 */
export function timelineTidy(s: ExactSummary, every = 1): Tidy {
  const tl = s.timeline ?? [];
  const rows: Cell[][] = [];
  tl.forEach((p, i) => {
    if (i % every !== 0 && i !== tl.length - 1) return;
    for (const g of s.groups) rows.push([p.date, p.day, "group", g.id, p.groups[g.id] ?? null]);
    for (const o of s.outcomes) rows.push([p.date, p.day, "outcome", o.id, p.outcomes[o.id] ?? null]);
    for (const [k, v] of Object.entries(p.states)) rows.push([p.date, p.day, "state", k, v]);
  });
  return { columns: ["date", "day", "kind", "id", "probability"], rows };
}

/** A replayed run: one row per state change. Columns: date, day, machine, from, to, transition. */
export function replayTidy(model: CompiledModel, r: Replay): Tidy {
  return {
    columns: ["date", "day", "machine", "from", "to", "transition"],
    rows: r.events.map((e): Cell[] => [
      dateOfDay(model.scenario.start, e.day), e.day, model.machineIds[e.machine] ?? null,
      model.stateNames[e.from] ?? null, model.stateNames[e.to] ?? null, e.transition.id,
    ]),
  };
}
