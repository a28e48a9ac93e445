/**
 * Paired Monte Carlo when either side is conditioned on evidence ("with and
 * without evidence", or two parameter sets under the same evidence): both
 * sides run the conditioned sampler's law (src/conditioned/: the day stepper
 * under the daily definition, guided proposals, importance weights) in
 * lockstep, run `i` of both from seed `seed` and run index `i`.
 *
 * Why not two calls of `simulateConditioned` with the same seed: a guided
 * day (one where a check can bite) draws one or two uniforms where an
 * unguided day draws one per machine and per branching firing, so the side
 * with evidence falls out of step with the other at its first guided day and
 * the two runs are independent from then on (measured on the shipped
 * scenario: a variance reduction of 1.0). Here the random numbers are common
 * per day, not per run, and the days are drawn the same way on both sides:
 * - day `d` of run `i` draws from its own generator, Alea started from a
 *   state hashed from (seed, i, d) ({@link dayState}); each side starts a
 *   copy of it, so a day's draws do not depend on what either side drew
 *   before;
 * - a day on which either side needs its moves listed (a check can bite)
 *   is listed on both sides, and each side draws its end-of-day joint state
 *   from its own list with the same two uniforms (the lean, then the pick).
 *   A side without a check there keeps every move, with weight factor 1; a
 *   side with one drops the moves that break it, as the conditioned sampler
 *   does. Where the sides are in the same joint state and nothing is
 *   dropped, they make the same move.
 * Each side's law is the conditioned sampler's (the same lists, lean and
 * weights; only which uniforms drive it differ), so each side's estimates
 * are those of `run --given … --method mc`, with other random numbers.
 * Deterministic in (models, checks, seed, from, to). Pure apart from the
 * buffers it allocates.
 * @module
 */
import seedrandom from "seedrandom";
import type { Check } from "../evidence/check.js";
import { DayStepper } from "../conditioned/day.js";
import { ALLOWED, GOAL, Guide, checkEvidence, drawFactor } from "../conditioned/guide.js";
import { fmix32, runState, type Rng } from "../engine/rng.js";
import { checkRunRange } from "../engine/checks.js";
import { matchOutcome } from "../engine/values.js";
import type { CompiledModel } from "../model/model.js";
import { ScenarioError } from "../scenario/issues.js";
import { pairTargets, type PairTargets } from "./pairTargets.js";
import { PairSideError, type PairBatch, type Side } from "./pairedRuns.js";
import { addWeightedPair, emptyWeightedPairTally, type WeightedPairTally } from "./pairedWeighted.js";

const TWO_POW_32 = 4_294_967_296;

/**
 * The Alea state of day `day` of run `run` of seed `seed`: the run's state
 * (runState) with each word mixed with a hash of the day. Distinct days of a
 * run give distinct states (fmix32 is a bijection). Pure.
 */
export function dayState(seed: number, run: number, day: number): seedrandom.State.Alea {
  const r = runState(seed, run);
  const d = fmix32(day ^ 0x6a09e667);
  const word = (x: number, salt: number): number => fmix32((x * TWO_POW_32) ^ fmix32(d ^ salt)) / TWO_POW_32;
  return { c: 1, s0: word(r.s0, 0x510e527f), s1: word(r.s1, 0x9b05688c), s2: word(r.s2, 0x1f83d9ab) };
}

/** One side's sampler: its stepper, its guide, and the weight of the run so far. */
class SideSampler {
  readonly stepper: DayStepper;
  readonly guide: Guide;
  /** The weight of the current run (0: ruled out, the side stops). */
  weight = 1;
  /** Whether the day begun needs its moves listed on this side. */
  private guided = false;

  constructor(readonly side: Side, readonly model: CompiledModel, checks: readonly Check[]) {
    const problems = checkEvidence(model, checks);
    if (problems.length > 0) throw new PairSideError(side, problems);
    this.stepper = new DayStepper(model);
    this.guide = new Guide(model, checks);
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ScenarioError) throw new PairSideError(this.side, e.issues);
      throw e;
    }
  }

  start(run: number): void {
    this.stepper.where = `run ${run}`;
    this.stepper.start();
    this.weight = 1;
  }

  /** Whether the side is still running on `day` (not ruled out, within its calendar). */
  live(day: number): boolean {
    return this.weight > 0 && day <= this.model.days;
  }

  /** Starts `day` (timed options built for day ≥ 1); returns whether this side needs the day listed. */
  begin(day: number): boolean {
    return this.guard(() => {
      if (day > 0) this.stepper.buildTimed(day);
      this.guided = !this.guide.empty && this.guide.prepare(day, this.stepper.frame);
      return this.guided;
    });
  }

  /** Moves through the day begun: drawn plainly, or listed (when either side lists it) and drawn from the list. */
  step(day: number, rng: Rng, listed: boolean): void {
    this.guard(() => {
      const { stepper, guide } = this;
      if (!listed) {
        if (day > 0) stepper.sampleTimed(rng);
        stepper.sampleImmediate(rng);
        return;
      }
      if (!this.guided) guide.prepare(day, stepper.frame);
      stepper.enumerate((g) => guide.judge(g));
      const factor = this.choose(rng);
      this.weight = factor > 0 ? this.weight * factor : 0;
    });
  }

  /**
   * Draws one listed leaf (simulate.ts's `choose`, with both uniforms always
   * drawn so that the two sides stay in step); returns the weight factor:
   * 1 without checks (nothing is dropped: the listed moves are the day's
   * whole law), else P(allowed) over the proposal's probability.
   */
  private choose(rng: Rng): number {
    const { stepper, guide } = this;
    const leaves = stepper.leaves;
    const uLean = rng();
    const uPick = rng();
    const goal = leaves.mass(GOAL);
    const rest = leaves.mass(ALLOWED);
    if (!(goal + rest > 0)) return 0;
    const lean = guide.lean(goal, rest);
    const toGoal = rest === 0 || (goal > 0 && uLean < lean);
    const i = leaves.find(toGoal ? GOAL : ALLOWED, uPick * (toGoal ? goal : rest));
    leaves.load(i, stepper.frame);
    if (guide.empty) return 1;
    return drawFactor(goal, rest, lean, toGoal);
  }

  /** The outcome the run ended in (its weight positive). */
  outcome(run: number): number {
    return this.guard(() => {
      this.stepper.frame.day = this.model.days;
      return matchOutcome(this.model, this.stepper.frame, run);
    });
  }
}

/** The checks each side is conditioned on (empty: that side is not conditioned). */
export interface PairEvidence {
  readonly a: readonly Check[];
  readonly b: readonly Check[];
}

/**
 * Simulates paired runs `[from, to)` of `a` conditioned on `evidence.a` and
 * of `b` conditioned on `evidence.b`, in lockstep with common random numbers
 * per day, and tallies their weights per shared target (exact sums: any
 * batching gives the same numbers). Throws a {@link PairSideError} for
 * checks out of range or a run-time problem of one side.
 */
export function simulateConditionedPairs(a: CompiledModel, b: CompiledModel, evidence: PairEvidence, batch: PairBatch,
  targets: PairTargets = pairTargets(a, b)): WeightedPairTally {
  checkRunRange(batch.seed, batch.from, batch.to);
  const t = emptyWeightedPairTally(targets.targets.length);
  const A = new SideSampler("a", a, evidence.a);
  const B = new SideSampler("b", b, evidence.b);
  const H = Math.max(a.days, b.days);
  for (let i = batch.from; i < batch.to; i++) {
    A.start(i);
    B.start(i);
    for (let day = 0; day <= H; day++) {
      const la = A.live(day);
      const lb = B.live(day);
      if (!la && !lb) break;
      const ga = la && A.begin(day);
      const gb = lb && B.begin(day);
      const state = dayState(batch.seed, i, day);
      if (la) A.step(day, seedrandom.alea("", { state }), ga || gb);
      if (lb) B.step(day, seedrandom.alea("", { state }), ga || gb);
    }
    const wa = A.weight;
    const wb = B.weight;
    const ha = wa > 0 ? targets.hitsA[A.outcome(i)] ?? [] : [];
    const hb = wb > 0 ? targets.hitsB[B.outcome(i)] ?? [] : [];
    addWeightedPair(t, wa, ha, wb, hb);
  }
  return t;
}
