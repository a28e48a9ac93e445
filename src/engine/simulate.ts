/**
 * Many runs: run `i` of seed `s` uses its own generator `runRng(s, i)`, so a
 * batch `[from, to)` gives the same counts wherever it is run, and batches add
 * up to the whole. Pure apart from the scratch buffers it allocates. A batch
 * whose numbers are not what {@link BatchOptions} says (a seed or run index
 * that is not a whole number from 0 to `MAX_SEED`, `--at` days not ascending
 * inside the horizon) is a RangeError: a caller's mistake, which the engine
 * would otherwise answer with counts that mean nothing (runs 2.5, rows
 * mislabelled) or never answer (past 2^53 a run index stops advancing).
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { checkAtDays } from "../model/atDays.js";
import { runRng, type Rng } from "./rng.js";
import { checkRunRange } from "./checks.js";
import { makeScratch, matchOutcome, simulateRun, type TraceEvent } from "./run.js";
import type { Snapshots } from "./snapshot.js";
import { emptyTally, type Tally } from "./tally.js";
import { fastBatch, FAST_CALL_RUNS } from "./fast/batch.js";

/** Which runs to simulate. */
export interface BatchOptions {
  readonly seed: number;
  /** First run index (inclusive). */
  readonly from: number;
  /** Last run index (exclusive). */
  readonly to: number;
  /** Makes the generator of a run; defaults to {@link runRng}. */
  readonly rngFor?: (seed: number, run: number) => Rng;
  /** Days (0 … H, ascending, without repeats) at whose end outcomes and states are also counted (`Tally.at`). */
  readonly at?: readonly number[];
  /**
   * Called by the specialised engine after each call of its batch function
   * (every {@link FAST_CALL_RUNS} runs), so that the caller may pause there
   * (src/cli/pacer.ts); it changes no count, and the reference engine never
   * calls it.
   */
  readonly pace?: () => void;
}

/** Throws a RangeError when `opts` is not a batch of {@link BatchOptions}' numbers for `model`. */
function checkBatch(model: CompiledModel, opts: BatchOptions): void {
  checkRunRange(opts.seed, opts.from, opts.to);
  checkAtDays(model.days, opts.at ?? []);
}

/** The options the specialised engine handles; any other (a custom generator, a future option) runs the reference engine. */
const FAST_OPTIONS = new Set(["seed", "from", "to", "pace"]);

/**
 * Simulates runs `[from, to)` and returns their tally. Deterministic in (model, seed, from, to):
 * the specialised engine (src/engine/fast/) when the model has one and no other option is given,
 * else (or when it bails out) the reference engine, {@link simulateReference}; both give the same
 * tally bit for bit.
 */
export function simulateBatch(model: CompiledModel, opts: BatchOptions): Tally {
  checkBatch(model, opts);
  // No `--at` days (an empty list is none) is as plain as the option left out.
  const plain = Object.entries(opts).every(([k, v]) => v === undefined || FAST_OPTIONS.has(k) || (k === "at" && Array.isArray(v) && v.length === 0));
  return (plain ? fastBatch(model, opts.seed, opts.from, opts.to, opts.pace) : undefined) ?? simulateReference(model, opts);
}

/** {@link simulateBatch} by the reference engine (src/engine/run.ts), run by run. Deterministic. */
export function simulateReference(model: CompiledModel, opts: BatchOptions): Tally {
  checkBatch(model, opts);
  const tally = emptyTally(model, opts.at);
  const sc = makeScratch(model);
  const rngFor = opts.rngFor ?? runRng;
  const state = sc.frame.state;
  let run = 0;
  const snapshots: Snapshots | undefined = tally.at.length === 0 ? undefined : {
    days: tally.at.map((r) => r.day),
    take: (k, f) => {
      const row = tally.at[k];
      if (row === undefined) return;
      const o = matchOutcome(model, f, run);
      row.outcomes[o] = (row.outcomes[o] ?? 0) + 1;
      for (const s of f.state) row.states[s] = (row.states[s] ?? 0) + 1;
    },
  };
  for (let i = opts.from; i < opts.to; i++) {
    run = i;
    const o = simulateRun(model, rngFor(opts.seed, i), sc, i, undefined, snapshots);
    tally.outcomes[o] = (tally.outcomes[o] ?? 0) + 1;
    for (let k = 0; k < sc.visitedCount; k++) {
      const s = sc.visitedList[k] ?? 0;
      tally.visited[s] = (tally.visited[s] ?? 0) + 1;
      tally.firstDaySum[s] = (tally.firstDaySum[s] ?? 0) + (sc.firstDay[s] ?? 0);
    }
    for (const s of state) tally.finalStates[s] = (tally.finalStates[s] ?? 0) + 1;
  }
  tally.runs = Math.max(0, opts.to - opts.from);
  return tally;
}

/** A replayed run: its outcome, its events and its final states. */
export interface Replay {
  readonly run: number;
  readonly outcome: number;
  readonly events: readonly TraceEvent[];
  readonly finalStates: readonly number[];
}

/**
 * Replays run `run` of seed `seed` alone, recording every state change.
 * Deterministic. A seed or run that is not a whole number from 0 to
 * `MAX_SEED` is a RangeError, as for {@link simulateBatch}.
 */
export function replayRun(model: CompiledModel, seed: number, run: number): Replay {
  checkBatch(model, { seed, from: run, to: run });
  const sc = makeScratch(model);
  const events: TraceEvent[] = [];
  const outcome = simulateRun(model, runRng(seed, run), sc, run, (e) => events.push(e));
  return { run, outcome, events, finalStates: Array.from(sc.frame.state) };
}
