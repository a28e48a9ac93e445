/**
 * Monte Carlo estimates at `--at` dates: outcome and group probabilities
 * (outcomes evaluated with `day` = that date, `horizon` unchanged) with 95%
 * Wilson intervals, and state occupancies, from a tally's `at` counts
 * (src/engine/tally.ts), labelled as in the headline. Pure.
 * @module
 */
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import { wilson } from "../engine/stats.js";
import type { Tally } from "../engine/tally.js";
import { stateIndex, type Estimate, type OutcomeEstimate } from "./summary.js";

/** Monte Carlo estimates at the end of one date. */
export interface McAtPoint {
  readonly date: string;
  readonly day: number;
  readonly groups: readonly Estimate[];
  readonly outcomes: readonly OutcomeEstimate[];
  /** Per state, in the file's order: the share of runs whose machine is in it. */
  readonly states: readonly { readonly machine: string; readonly state: string; readonly probability: number }[];
}

/** The `--at` estimates of a tally. Pure. */
export function summarizeAt(model: CompiledModel, tally: Tally): McAtPoint[] {
  const n = tally.runs;
  const sc = model.scenario;
  const est = (id: string, label: string, count: number): Estimate =>
    ({ id, label, probability: n > 0 ? count / n : 0, ci95: wilson(count, n), count });
  const index = stateIndex(model);
  return tally.at.map((row) => ({
    date: dateOfDay(sc.start, row.day),
    day: row.day,
    groups: model.groups.map((g, gi) => {
      let c = 0;
      model.outcomes.forEach((o, i) => { if (o.group === gi) c += row.outcomes[i] ?? 0; });
      return est(g.id, g.label, c);
    }),
    outcomes: model.outcomes.map((o, i) => ({ ...est(o.id, o.label, row.outcomes[i] ?? 0), group: model.groups[o.group]?.id })),
    states: sc.machines.flatMap((m) => m.states.map((s) => ({
      machine: m.id, state: s.id, probability: n > 0 ? (row.states[index.get(`${m.id}.${s.id}`) ?? -1] ?? 0) / n : 0,
    }))),
  }));
}
