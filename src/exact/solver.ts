/**
 * The exact solver: carries the probability distribution over reachable joint
 * states forward day by day, under exactly the rules of docs/semantics.md
 * (the daily definition, with conditional hazards for windows and delays).
 * No randomness; the same model gives the same numbers bit for bit. Pure.
 *
 * How: joint states get record ids (records.ts) and a day's distribution is
 * a dense array over them (table.ts); each day (step.ts) spreads every joint
 * state's probability over its cached successor list (successors.ts),
 * worked out again (expand.ts, with timed.ts, guards.ts and settle.ts) only
 * when something it depends on changes with the day.
 * @module
 */
import { issue } from "../scenario/issues.js";
import type { CompiledModel } from "../model/model.js";
import { checkAtDays } from "../model/atDays.js";
import type { Check } from "../evidence/check.js";
import { ExactContext, LimitReached, WorkLimitReached } from "./context.js";
import { checkProblem, EvidenceFilter, observedStates } from "./evidence.js";
import { layoutOf, type Layout } from "./layout.js";
import { SettleMemo } from "./memo.js";
import { atMostOne, Observer } from "./observe.js";
import { Settler } from "./settle.js";
import { DayStep } from "./step.js";
import { SpreadKernel } from "./spreadKernel.js";
import { Records } from "./records.js";
import { POOL_BUDGET, Successors } from "./successors.js";
import { DayTable } from "./table.js";
import type { TapeRecorder } from "./tape.js";
import { Transitions } from "./transitions.js";

/** The most joint states the solver holds on one day (a documented limit). */
export const MAX_EXACT_STATES = 2_000_000;
/** The most visited flags the solver tracks (they are bits of a 32-bit mask). */
export const MAX_VISITED_FLAGS = 30;
/**
 * The most combinations of machine options the solver multiplies out in one
 * solve (a documented limit). Why a second limit: a scenario can stay under
 * {@link MAX_EXACT_STATES} per day yet need so many combinations that the
 * solve takes minutes, or take many seconds to reach that limit (20 fully
 * connected states whose visited flags are read: 84 million combinations,
 * ~11 s, before the state limit stops it); Monte Carlo answers such a
 * scenario faster. Measured: about 130 ns per combination, so the budget is
 * ~2.6 s of solving; the shipped scenario needs 71,721 (280 times fewer).
 */
export const MAX_EXACT_WORK = 20_000_000;
/** Past this many joint states met, the solver forgets those not held today (records.ts, `compact`). */
const RECORD_BUDGET = 1 << 21;

/** Options of {@link solveExact}. */
export interface ExactOptions {
  /** Record the probability of every outcome and state at the end of every day. */
  readonly timeline?: boolean;
  /**
   * Evidence to condition on (src/evidence/check.ts): at the end of each day
   * the joint states failing a check of that day are dropped and the rest
   * renormalised (evidence.ts). Outcomes, groups and final states are then
   * conditional on all of it; a timeline or `at` row of day d is conditioned
   * on the checks up to d only. The visited flags of observed states join
   * the layout (and count against {@link MAX_VISITED_FLAGS}).
   */
  readonly evidence?: readonly Check[];
  /** Days (0 … H) at which to record outcome and state probabilities, as a timeline does (see {@link ExactResult.at}). */
  readonly at?: readonly number[];
  /** Override {@link MAX_EXACT_STATES} (for tests of the limit). */
  readonly maxStates?: number;
  /** Override {@link MAX_EXACT_WORK} (for tests of the limit). */
  readonly maxWork?: number;
  /** Override the record budget (past it, records not held are forgotten) and the successor pool's budget (for tests of both). */
  readonly recordBudget?: number;
  readonly poolBudget?: number;
  /** `false`: the days spread in JavaScript, not WebAssembly (spreadKernel.ts; the same bits; for tests). */
  readonly wasm?: boolean;
}

/** The solver's answer. */
export interface ExactResult {
  /** Per outcome: its exact probability. */
  readonly outcomes: Float64Array;
  /** Per group: the sum of its outcomes. */
  readonly groups: Float64Array;
  /** Per global state: the probability of ending in it. */
  readonly finalStates: Float64Array;
  /**
   * When asked: per day 0 … H, outcome (evaluated with `day` = that day, `horizon` unchanged) and state
   * probabilities at the end of the day. Every joint state of every day must match exactly one outcome
   * (else a ScenarioError naming the date), so each row sums to 1. Size: (H + 1) × (outcomes + states) numbers.
   */
  readonly timeline: { readonly outcomes: Float64Array[]; readonly states: Float64Array[] } | undefined;
  /** The probability of the evidence (1 without evidence; always positive: evidence of probability zero is an issue). */
  readonly evidenceProbability: number;
  /**
   * Per day of {@link ExactOptions.at} (ascending, without repeats): outcome and state probabilities at the end
   * of that day, as a timeline row (conditioned on the evidence up to that day). Empty when none asked.
   */
  readonly at: readonly ExactAtRow[];
  /** The most joint states held on one day. */
  readonly peakStates: number;
  /** The number of distinct keys of the layout. */
  readonly keySpace: number;
}

/** Outcome and state probabilities at the end of one day. */
export interface ExactAtRow {
  readonly day: number;
  readonly outcomes: Float64Array;
  readonly states: Float64Array;
}

/**
 * The outcome of solving: a result, or the issue that stopped it (a limit,
 * or evidence of probability zero: then `impossible` is the index, in
 * {@link ExactOptions.evidence}, of the first check after which no joint
 * state is left, the checks applied by day, then in their order).
 */
export type ExactOutcome =
  | { readonly ok: true; readonly result: ExactResult }
  | { readonly ok: false; readonly issue: ReturnType<typeof issue>; readonly impossible?: number };

/**
 * What a solve allocates that does not depend on parameter values, only on
 * the layout: the records (key index included), the successor pool, the
 * settle memo, the two day tables and the observer's cache. A Resolver
 * (resolver.ts) keeps them for the next solve of a model with the same layout; each solve starts them afresh in every way
 * that can change a number (see {@link Records.begin}).
 */
export interface SolveBuffers {
  readonly layout: Layout;
  /** The model's `stateOffset` the buffers were made for (with the layout, what fixes the meaning of a key). */
  readonly stateOffset: Int32Array;
  readonly records: Records;
  readonly lists: Successors;
  readonly memo: SettleMemo;
  readonly cur: DayTable;
  readonly next: DayTable;
  /** The observer's per-record cache (observe.ts). */
  observed: Int32Array | undefined;
  /** When set (by a Resolver), the solve is recorded on it for later re-solves (tape.ts). */
  tape: TapeRecorder | undefined;
}

/** New, empty buffers for models with layout `L`. Pure. */
export function newBuffers(model: CompiledModel, L: Layout): SolveBuffers {
  const records = new Records(model.machineIds.length, L.keySpace);
  return {
    layout: L, stateOffset: Int32Array.from(model.stateOffset), records, lists: new Successors(records),
    memo: new SettleMemo(L.keySpace), cur: new DayTable(MAX_EXACT_STATES), next: new DayTable(MAX_EXACT_STATES), observed: undefined,
    tape: undefined,
  };
}

/** Where a solve gets its buffers: new ones, or kept ones when the layout allows (resolver.ts). */
export type BufferSource = (model: CompiledModel, layout: Layout) => SolveBuffers;

/**
 * Solves a model exactly. Returns an issue (not an exception) when the joint
 * state space exceeds a documented limit; throws a ScenarioError for values
 * out of range or a final state that matches no outcome or several, and a
 * RangeError for `at` days that are not ascending without repeats inside
 * the horizon, or limits (`maxStates`, `maxWork`) that are neither whole
 * numbers of at least 1 nor Infinity (as the Monte Carlo engine's `simulateBatch` does). Pure.
 */
export function solveExact(model: CompiledModel, opts: ExactOptions = {}): ExactOutcome {
  return solveWith(model, opts, newBuffers);
}

/**
 * {@link solveExact} with the buffers `source` gives (which must be empty
 * or kept from earlier solves only through `SolveBuffers`' rules): the same
 * numbers, bit for bit, whatever the buffers held before. For resolver.ts.
 */
export function solveWith(model: CompiledModel, opts: ExactOptions, source: BufferSource): ExactOutcome {
  const evidence = opts.evidence ?? [];
  const bad = checkProblem(evidence, model.days, model.machineIds.length, model.stateNames.length, model.stateMachine);
  if (bad !== undefined) return { ok: false, issue: issue("range", [], `scenario "${model.scenario.id}": ${bad}`) };
  const lay = layoutOf(model, observedStates(evidence));
  if (!lay.ok) return { ok: false, issue: lay.issue };
  const L = lay.layout;
  if (L.visitedStates.length > MAX_VISITED_FLAGS) {
    const what = evidence.length > 0 ? "expressions and observations" : "expressions";
    return { ok: false, issue: issue("limit", ["outcomes"],
      `scenario "${model.scenario.id}": ${what} read ${L.visitedStates.length} visited flags; the exact solver tracks at most ${MAX_VISITED_FLAGS}; use Monte Carlo (tariffsim run --method mc)`) };
  }
  const maxStates = opts.maxStates ?? MAX_EXACT_STATES;
  const buffers = source(model, L);
  const ctx = new ExactContext(model, buffers.layout);
  ctx.maxWork = opts.maxWork ?? MAX_EXACT_WORK;
  const tr = new Transitions(ctx);
  const M = ctx.M;
  const { records, lists, memo } = buffers;
  // Start every kept buffer as a fresh one would be (a no-op on new buffers).
  records.begin();
  lists.clear();
  lists.ref = -1;
  lists.budget = opts.poolBudget ?? POOL_BUDGET;
  const recordBudget = opts.recordBudget ?? RECORD_BUDGET;
  memo.reset();
  const settler = new Settler(ctx, tr, records, lists, memo);
  const tape = buffers.tape;
  const kernel = opts.wasm === false ? undefined : SpreadKernel.shared();
  const step = new DayStep(ctx, tr, settler, records, lists, tape, kernel);
  const observer = new Observer(ctx, records, buffers.observed);
  const H = model.days;
  const timeline = opts.timeline === true ? { outcomes: new Array<Float64Array>(), states: new Array<Float64Array>() } : undefined;
  const filter = evidence.length > 0 ? new EvidenceFilter(ctx, records, evidence, L) : undefined;
  checkAtDays(model.days, opts.at ?? []);
  const atDays = new Set(opts.at ?? []);
  // NaN would switch a limit off (every comparison with it false); a fraction or a negative makes its message nonsense.
  for (const [name, v] of [["maxStates", maxStates], ["maxWork", ctx.maxWork]] as const) {
    if (!(v === Infinity || (Number.isInteger(v) && v >= 1))) throw new RangeError(`${name}: expected a whole number of at least 1 (or Infinity: no limit), got ${v}`);
  }
  const at: ExactAtRow[] = [];
  let peak = 1;
  try {
    // Day 0: the initial states, then the immediate phase (into a list used once).
    let cur = buffers.cur;
    let next = buffers.next;
    for (const t of [cur, next]) {
      t.clear();
      t.maxStates = maxStates;
    }
    let mask = 0;
    for (let m = 0; m < M; m++) {
      const s = model.initial[m] ?? 0;
      settler.state[m] = s;
      settler.clock[m] = 0;
      mask = (mask | (ctx.bitMask[s] ?? 0)) >>> 0;
    }
    settler.mask = mask;
    settler.key = ctx.encode(settler.state, settler.clock, mask);
    ctx.load(0, settler.state, settler.clock, 0, mask);
    ctx.until = H;
    lists.begin();
    settler.settle(0, 1, 0);
    for (let j = lists.first; j < lists.end; j++) cur.add(lists.ids[j] ?? 0, lists.probs[j] ?? 0);
    tape?.initial(lists.ids, lists.regs, lists.first, lists.end);
    lists.discard();
    // Evidence of the day: `cur` filtered into `next`, which then becomes `cur`; an index when none is left.
    const condition = (day: number): number => {
      if (filter === undefined || !filter.has(day)) return -1;
      const k = filter.apply(day, step.table(cur), next);
      if (k < 0) [cur, next] = [next, cur];
      return k;
    };
    const record = (day: number): void => {
      const inAt = atDays.has(day);
      if (timeline === undefined && !inAt) return;
      const o = new Float64Array(model.outcomes.length);
      const st = new Float64Array(model.stateNames.length);
      observer.observe(day, step.table(cur), o, st, day < H);
      atMostOne(o);
      atMostOne(st);
      if (timeline !== undefined) {
        timeline.outcomes.push(o);
        timeline.states.push(st);
      }
      if (inAt) at.push({ day, outcomes: o, states: st });
    };
    let impossible = condition(0);
    if (impossible >= 0) return zeroEvidence(model, 0, impossible);
    record(0);
    for (let day = 1; day <= H; day++) {
      // `met`, not `size`: records kept from earlier solves do not count (it equals `size` in a cold solve).
      if (records.met > recordBudget && records.met > 4 * step.table(cur).size) {
        // Keep only today's joint states; every list and memo entry is worked out again on demand.
        const live = cur;
        records.compact(live.size, (i) => live.idAt(i));
        live.renumber();
        lists.clear();
        step.forget();
        settler.forget();
        observer.forget();
      }
      // Double-buffered: the day's result goes into `next`, which then becomes `cur`.
      const size = step.run(day, cur, next);
      [cur, next] = [next, cur];
      peak = Math.max(peak, size);
      impossible = condition(day);
      if (impossible >= 0) return zeroEvidence(model, day, impossible);
      record(day);
    }
    const outcomes = new Float64Array(model.outcomes.length);
    const finalStates = new Float64Array(model.stateNames.length);
    observer.observe(H, step.table(cur), outcomes, finalStates, false);
    buffers.observed = observer.cache;
    tape?.finish(ctx, cur, records, peak);
    atMostOne(outcomes);
    atMostOne(finalStates);
    const groups = new Float64Array(model.groups.length);
    model.outcomes.forEach((o, i) => { if (o.group >= 0) groups[o.group] = (groups[o.group] ?? 0) + (outcomes[i] ?? 0); });
    atMostOne(groups);
    return {
      ok: true,
      result: { outcomes, groups, finalStates, timeline, evidenceProbability: filter?.probability ?? 1, at, peakStates: peak, keySpace: L.keySpace },
    };
  } catch (e) {
    if (e instanceof WorkLimitReached) {
      return { ok: false, issue: issue("limit", ["machines"],
        `scenario "${model.scenario.id}": the exact solver multiplied out more than ${ctx.maxWork.toLocaleString("en-US")} combinations of machine states, its work limit; use Monte Carlo (tariffsim run --method mc)`) };
    }
    if (e instanceof LimitReached) {
      return { ok: false, issue: issue("limit", ["machines"],
        `scenario "${model.scenario.id}": the exact solver reached ${e.size} joint states on one day, over its limit of ${maxStates}; use Monte Carlo (tariffsim run --method mc)`) };
    }
    throw e;
  }
}

/** The issue of evidence with probability zero, first seen on `day` at check `k`. Pure. */
function zeroEvidence(model: CompiledModel, day: number, k: number): ExactOutcome {
  return {
    ok: false, impossible: k,
    issue: issue("outcomes", [], `scenario "${model.scenario.id}": evidence check ${k} (day ${day}) cannot hold given the checks before it: the evidence has probability 0`),
  };
}
