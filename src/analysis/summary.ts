/**
 * From a tally to the numbers users read: probabilities with 95% Wilson
 * intervals per outcome, per group and per state. Pure.
 * @module
 */
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import { wilson } from "../engine/stats.js";
import { checkModelShape } from "../engine/checks.js";
import type { Tally } from "../engine/tally.js";

/** An estimated probability. */
export interface Estimate {
  readonly id: string;
  readonly label: string;
  readonly probability: number;
  readonly ci95: readonly [number, number];
  readonly count: number;
}

/** An outcome's estimate and its group. */
export interface OutcomeEstimate extends Estimate {
  readonly group: string | undefined;
}

/** What the runs say about one state. */
export interface StateEstimate {
  readonly machine: string;
  readonly state: string;
  /** Share of runs that ended in this state. */
  readonly final: number;
  /** Share of runs that visited it. */
  readonly visited: number;
  /** Mean date of the first visit, among runs that visited it; undefined if none did. */
  readonly meanFirstVisit: string | undefined;
}

/** The Monte Carlo summary of a simulation. */
export interface Summary {
  readonly scenario: string;
  readonly title: string;
  readonly seed: number;
  readonly runs: number;
  readonly start: string;
  readonly horizon: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly outcomes: readonly OutcomeEstimate[];
  readonly groups: readonly Estimate[];
  readonly states: readonly StateEstimate[];
}

function estimate(id: string, label: string, count: number, runs: number): Estimate {
  return { id, label, probability: runs > 0 ? count / runs : 0, ci95: wilson(count, runs), count };
}

/**
 * `"machine.state"` → global state index. Why a map: looking each state up
 * with `indexOf` made summaries quadratic in the number of states. Pure.
 */
export function stateIndex(model: CompiledModel): ReadonlyMap<string, number> {
  return new Map(model.stateNames.map((name, i) => [name, i]));
}

/** Summarizes a tally. Pure. */
export function summarize(model: CompiledModel, tally: Tally, seed: number): Summary {
  checkModelShape("summarize: the tally", model, tally.outcomes.length, tally.finalStates.length);
  const n = tally.runs;
  const sc = model.scenario;
  const outcomes = model.outcomes.map((o, i) => ({
    ...estimate(o.id, o.label, tally.outcomes[i] ?? 0, n),
    group: model.groups[o.group]?.id,
  }));
  const groups = model.groups.map((g, gi) => {
    let c = 0;
    model.outcomes.forEach((o, i) => { if (o.group === gi) c += tally.outcomes[i] ?? 0; });
    return estimate(g.id, g.label, c, n);
  });
  // States in the file's declaration order, which is how users think of them.
  const states: StateEstimate[] = [];
  const index = stateIndex(model);
  for (const m of sc.machines) {
    for (const s of m.states) {
      const g = index.get(`${m.id}.${s.id}`) ?? -1;
      const v = tally.visited[g] ?? 0;
      states.push({
        machine: m.id,
        state: s.id,
        final: n > 0 ? (tally.finalStates[g] ?? 0) / n : 0,
        visited: n > 0 ? v / n : 0,
        meanFirstVisit: v > 0 ? dateOfDay(sc.start, Math.round((tally.firstDaySum[g] ?? 0) / v)) : undefined,
      });
    }
  }
  return {
    scenario: sc.id, title: sc.title, seed, runs: n, start: sc.start, horizon: sc.horizon,
    parameters: Object.fromEntries(model.params), outcomes, groups, states,
  };
}
