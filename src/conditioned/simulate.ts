/**
 * Monte Carlo conditioned on evidence, by guided proposals (sequential
 * importance sampling; docs/analysis.md, "Conditioning by Monte Carlo").
 * Each run steps the model day by day under the daily definition (day.ts).
 * On a day where a check can bite, the day's end-of-day joint states are
 * listed with their probabilities, those breaking a check are dropped (a
 * move into S while `not S by D` holds for the day; on the deadline of
 * `S by D` every move that has not visited S; at `M.S at D` every move
 * leaving M elsewhere), one is drawn among the rest and the run's weight is
 * multiplied by the probability of what was allowed. Before the deadline of
 * a pending `S by D` (or `M.S at D`), the draw leans towards the moves that
 * bring S closer (by the transition graph), with probability at least
 * {@link GOAL_LEAN} × moves needed / (days left + 1), the weight correcting
 * for the lean; moves that leave it out of reach are dropped. A run whose day allows nothing gets weight 0 and
 * stops. Run `i` draws from `runRng(seed, i)` alone, so a batch `[from, to)`
 * gives the same tally wherever it runs and tallies merge exactly.
 * Pure apart from the buffers it allocates.
 * @module
 */
import type { Check } from "../evidence/check.js";
import { runRng, type Rng } from "../engine/rng.js";
import { checkRunRange } from "../engine/checks.js";
import { checkAtDays } from "../model/atDays.js";
import { matchOutcome } from "../engine/values.js";
import type { CompiledModel } from "../model/model.js";
import { ScenarioError } from "../scenario/issues.js";
import { DayStepper } from "./day.js";
import { ALLOWED, GOAL, Guide, checkEvidence, drawFactor } from "./guide.js";
import { addPartial } from "./fsum.js";
import { addWeighted, emptyConditionedTally, type ConditionedTally } from "./tally.js";

export { GOAL_LEAN } from "./guide.js";

/** Which runs to simulate, and what to record. */
export interface ConditionedOptions {
  readonly seed: number;
  /** First run index (inclusive). */
  readonly from: number;
  /** Last run index (exclusive). */
  readonly to: number;
  /**
   * Days (0 … H) at whose end outcomes and states are also tallied. Outcomes
   * are evaluated with `day` = that day (`horizon` unchanged), as in the exact
   * solver's timeline: a run matching no outcome or several there is an error.
   */
  readonly atDays?: readonly number[];
  /** Makes the generator of a run; defaults to {@link runRng}. */
  readonly rngFor?: (seed: number, run: number) => Rng;
  /**
   * List every day's moves in full even where no check can bite (same law,
   * slower). For tests of the listing against the exact solver.
   */
  readonly listEveryDay?: boolean;
}

/** One run: its weight (0 when the evidence ruled it out), and where it ended (undefined then). */
export interface ConditionedRun {
  readonly run: number;
  /** The likelihood ratio of the run: the product of each guided day's allowed probability over its proposal's. */
  readonly weight: number;
  /** The outcome at the horizon (-1 when the weight is 0). */
  readonly outcome: number;
  /** Per machine: the global state at the horizon (empty when the weight is 0). */
  readonly finalStates: readonly number[];
}

/** The sampler of one batch: the model, its guide, the day stepper and the per-run records of requested days. */
class Sampler {
  readonly stepper: DayStepper;
  readonly guide: Guide;
  /** Per day: the indices of the requested days equal to it. */
  private readonly atIndex: number[][];
  /** Per requested day: the states (M each) and the outcome of the run so far. */
  readonly atStates: Int32Array;
  readonly atOutcome: Int32Array;
  /** The index of the run being simulated (for messages). */
  private current = 0;

  constructor(private readonly model: CompiledModel, checks: readonly Check[], private readonly atDays: readonly number[],
    private readonly listEveryDay: boolean) {
    // The days as simulateBatch and solveExact take them: a RangeError (a caller's mistake), one row per day.
    checkAtDays(model.days, atDays);
    const problems = checkEvidence(model, checks);
    if (problems.length > 0) throw new ScenarioError(problems);
    this.stepper = new DayStepper(model);
    this.guide = new Guide(model, checks);
    this.atIndex = Array.from({ length: model.days + 1 }, () => []);
    atDays.forEach((d, i) => this.atIndex[d]?.push(i));
    this.atStates = new Int32Array(atDays.length * model.machineIds.length);
    this.atOutcome = new Int32Array(atDays.length);
  }

  /** Simulates run `run` with `rng`; returns its weight; the frame holds the final state when it is positive. */
  run(rng: Rng, run: number): number {
    const { model, stepper } = this;
    this.current = run;
    stepper.where = `run ${run}`;
    stepper.start();
    let w = this.day(0, rng);
    for (let day = 1; day <= model.days && w > 0; day++) {
      stepper.buildTimed(day);
      w *= this.day(day, rng);
    }
    if (w > 0) stepper.frame.day = model.days;
    return w;
  }

  /** Moves the run through `day` (timed options built for day ≥ 1); returns the day's weight factor. */
  private day(day: number, rng: Rng): number {
    const { stepper, guide } = this;
    const f = stepper.frame;
    const guided = !guide.empty && guide.prepare(day, f);
    let factor = 1;
    if (!guided && !this.listEveryDay) {
      if (day > 0) stepper.sampleTimed(rng);
      stepper.sampleImmediate(rng);
    } else {
      if (!guided) guide.prepare(day, f);
      stepper.enumerate((g) => guide.judge(g));
      factor = this.choose(rng);
      if (!(factor > 0)) return 0;
    }
    this.record(day);
    return factor;
  }

  /**
   * Draws one listed leaf into the frame, leaning towards the goal class
   * before a pending deadline; returns P(allowed) / Q(drawn class) × P(class),
   * i.e. the weight factor of the draw (0 when nothing is allowed).
   */
  private choose(rng: Rng): number {
    const { stepper, guide } = this;
    const leaves = stepper.leaves;
    const goal = leaves.mass(GOAL);
    const rest = leaves.mass(ALLOWED);
    if (!(goal + rest > 0)) return 0;
    const lean = guide.lean(goal, rest);
    const toGoal = rest === 0 || (goal > 0 && rng() < lean);
    const mass = toGoal ? goal : rest;
    const i = leaves.find(toGoal ? GOAL : ALLOWED, rng() * mass);
    leaves.load(i, stepper.frame);
    return drawFactor(goal, rest, lean, toGoal);
  }

  /** Records states and outcomes at the end of `day` when it was requested. */
  private record(day: number): void {
    const idx = this.atIndex[day];
    if (idx === undefined || idx.length === 0) return;
    const f = this.stepper.frame;
    const M = this.model.machineIds.length;
    for (const i of idx) {
      this.atStates.set(f.state, i * M);
      this.atOutcome[i] = matchOutcome(this.model, f, this.current);
    }
  }

  /** Adds the run just simulated, of weight `w`, into `t`. */
  add(t: ConditionedTally, w: number, run: number): void {
    t.runs++;
    if (!(w > 0)) return;
    const f = this.stepper.frame;
    const w2 = w * w;
    addPartial(t.weight, w);
    addPartial(t.weightSq, w2);
    addWeighted(t.outcomes, matchOutcome(this.model, f, run), w, w2);
    for (const s of f.state) addWeighted(t.finalStates, s, w, w2);
    for (let s = 0; s < f.visited.length; s++) if (f.visited[s] === 1) addWeighted(t.visited, s, w, w2);
    const M = this.model.machineIds.length;
    t.at.forEach((d, i) => {
      addWeighted(d.outcomes, this.atOutcome[i] ?? 0, w, w2);
      for (let m = 0; m < M; m++) addWeighted(d.states, this.atStates[i * M + m] ?? 0, w, w2);
    });
  }
}

/**
 * Simulates runs `[from, to)` conditioned on `checks` and returns their
 * weighted tally. Deterministic in (model, checks, seed, from, to, atDays);
 * tallies of disjoint batches merge ({@link addConditionedTally}) into the
 * same numbers as one batch. Throws a {@link ScenarioError} for checks or
 * days out of range ({@link checkEvidence}), a value out of range met by a
 * run, an outcome matched by no run or several, or a day with more than
 * `MAX_DAY_MOVES` combinations to list; a RangeError for a seed or runs
 * that are not whole numbers from 0 to `MAX_SEED` (`from` ≤ `to`).
 */
export function simulateConditioned(model: CompiledModel, checks: readonly Check[], opts: ConditionedOptions): ConditionedTally {
  checkRunRange(opts.seed, opts.from, opts.to);
  const atDays = opts.atDays ?? [];
  const sampler = new Sampler(model, checks, atDays, opts.listEveryDay === true);
  const tally = emptyConditionedTally(model, atDays);
  const rngFor = opts.rngFor ?? runRng;
  for (let i = opts.from; i < opts.to; i++) sampler.add(tally, sampler.run(rngFor(opts.seed, i), i), i);
  return tally;
}

/** Replays run `run` of seed `seed` conditioned on `checks`, alone: the same weight and end as in any batch. Deterministic. */
export function replayConditioned(model: CompiledModel, checks: readonly Check[], seed: number, run: number): ConditionedRun {
  checkRunRange(seed, run, run);
  const sampler = new Sampler(model, checks, [], false);
  const w = sampler.run(runRng(seed, run), run);
  if (!(w > 0)) return { run, weight: 0, outcome: -1, finalStates: [] };
  const f = sampler.stepper.frame;
  return { run, weight: w, outcome: matchOutcome(model, f, run), finalStates: Array.from(f.state) };
}
