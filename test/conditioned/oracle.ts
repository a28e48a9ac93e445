/**
 * What the conditioned sampler is held against: an independent answer to
 * "P(evidence), and the outcome and final-state probabilities given it".
 *
 * The exact solver's conditioning (`solveExact(model, { evidence })`, an
 * independent method: a filtered forward pass over joint states) where it
 * applies; otherwise rejection sampling with the plain Monte Carlo engine:
 * every run's trace (each state change, immediate chains included) is
 * checked against the evidence by a reading of the checks written here from
 * their definition (src/evidence/check.ts), independent of the sampler's.
 */
import type { Check } from "../../src/evidence/check.js";
import { runRng } from "../../src/engine/rng.js";
import { makeScratch, simulateRun, type TraceEvent } from "../../src/engine/run.js";
import type { CompiledModel } from "../../src/model/model.js";
import { solveExact } from "../../src/exact/solver.js";

/** An answer with its standard errors (0 for an exact answer). */
export interface OracleAnswer {
  readonly evidence: number;
  readonly evidenceSe: number;
  /** Per outcome: P(outcome | evidence) (NaN when no run held the evidence). */
  readonly outcomes: Float64Array;
  readonly outcomeSe: Float64Array;
  /** Per global state: P(ends in it | evidence). */
  readonly finalStates: Float64Array;
  readonly finalStateSe: Float64Array;
  /** Per requested day, per global state: P(in it at the end of that day | evidence). */
  readonly atStates: readonly Float64Array[];
  readonly atStateSe: readonly Float64Array[];
  /** How many runs held the evidence (Infinity for an exact answer). */
  readonly accepted: number;
}

/** A run's history: the initial states and every state change, in order. */
export interface History {
  readonly initial: readonly number[];
  readonly events: readonly Pick<TraceEvent, "day" | "machine" | "to">[];
}

/** Whether a run's history satisfies every check, read from the definitions. */
export function holds(model: CompiledModel, h: History, checks: readonly Check[]): boolean {
  return checks.every((c) => {
    switch (c.kind) {
      case "visited": {
        const entered = model.initial.includes(c.state) || h.events.some((e) => e.to === c.state && e.day <= c.day);
        return entered === c.want;
      }
      case "in": return stateAt(h, c.machine, c.day) === c.state;
      default: return c satisfies never;
    }
  });
}

/** Machine `m`'s state at the end of day `day`. */
export function stateAt(h: History, m: number, day: number): number {
  let s = h.initial[m] ?? -1;
  for (const e of h.events) if (e.day <= day && e.machine === m) s = e.to;
  return s;
}

/** The first day state `s` was entered, or undefined. */
export function firstVisit(model: CompiledModel, h: History, s: number): number | undefined {
  if (model.initial.includes(s)) return 0;
  return h.events.find((e) => e.to === s)?.day;
}

/**
 * The exact solver's conditional answer (standard errors 0), when it
 * applies: within its limits, and every at-day on or after the last checked
 * day (before it, the solver's forward pass gives P(state | evidence so
 * far), not P(state | all evidence)). Undefined otherwise.
 */
export function exactOracle(model: CompiledModel, checks: readonly Check[], atDays: readonly number[] = []): OracleAnswer | undefined {
  const last = checks.reduce((d, c) => Math.max(d, c.day), 0);
  if (atDays.some((d) => d < last)) return undefined;
  // The solver takes its days ascending without repeats; rows are looked up by day below.
  const r = solveExact(model, { evidence: checks, at: [...new Set(atDays)].sort((a, b) => a - b) });
  const zeros = (n: number): Float64Array => new Float64Array(n);
  if (!r.ok) {
    // Evidence of probability zero is an answer; a solver limit is not.
    if (r.impossible === undefined) return undefined;
    const nan = (n: number): Float64Array => new Float64Array(n).fill(NaN);
    return { evidence: 0, evidenceSe: 0, outcomes: nan(model.outcomes.length), outcomeSe: zeros(model.outcomes.length),
      finalStates: nan(model.stateNames.length), finalStateSe: zeros(model.stateNames.length),
      atStates: atDays.map(() => nan(model.stateNames.length)), atStateSe: atDays.map(() => zeros(model.stateNames.length)), accepted: 0 };
  }
  const x = r.result;
  return {
    evidence: x.evidenceProbability, evidenceSe: 0, outcomes: x.outcomes, outcomeSe: zeros(model.outcomes.length),
    finalStates: x.finalStates, finalStateSe: zeros(model.stateNames.length),
    atStates: atDays.map((d) => x.at.find((row) => row.day === d)?.states ?? new Float64Array(model.stateNames.length).fill(NaN)),
    atStateSe: atDays.map(() => zeros(model.stateNames.length)), accepted: Infinity,
  };
}

/** The exact answer where the solver gives it ({@link exactOracle}), else {@link rejectionOracle}. */
export function oracle(model: CompiledModel, checks: readonly Check[], atDays: readonly number[] = [], runs = 60_000): OracleAnswer {
  return exactOracle(model, checks, atDays) ?? rejectionOracle(model, checks, atDays, runs);
}

/** Rejection sampling: `runs` plain engine runs (seed 424242), kept when their trace holds the evidence. */
export function rejectionOracle(model: CompiledModel, checks: readonly Check[], atDays: readonly number[] = [], runs = 60_000): OracleAnswer {
  const sc = makeScratch(model);
  const outcomes = new Float64Array(model.outcomes.length);
  const finals = new Float64Array(model.stateNames.length);
  const at = atDays.map(() => new Float64Array(model.stateNames.length));
  let k = 0;
  const events: TraceEvent[] = [];
  const initial = Array.from(model.initial);
  for (let i = 0; i < runs; i++) {
    events.length = 0;
    const o = simulateRun(model, runRng(424_242, i), sc, i, (e) => events.push(e));
    if (!holds(model, { initial, events }, checks)) continue;
    k++;
    outcomes[o] = (outcomes[o] ?? 0) + 1;
    for (const s of sc.frame.state) finals[s] = (finals[s] ?? 0) + 1;
    atDays.forEach((d, j) => {
      const row = at[j];
      if (row === undefined) return;
      for (let m = 0; m < model.machineIds.length; m++) {
        const s = stateAt({ initial, events }, m, d);
        row[s] = (row[s] ?? 0) + 1;
      }
    });
  }
  const p = k / runs;
  const cond = (x: Float64Array): Float64Array => x.map((c) => c / k);
  const se = (x: Float64Array): Float64Array => x.map((q) => Math.sqrt((q * (1 - q)) / k));
  const oc = cond(outcomes);
  const fc = cond(finals);
  return {
    evidence: p, evidenceSe: Math.sqrt((p * (1 - p)) / runs),
    outcomes: oc, outcomeSe: se(oc), finalStates: fc, finalStateSe: se(fc),
    atStates: at.map(cond), atStateSe: at.map((x) => se(cond(x))), accepted: k,
  };
}
