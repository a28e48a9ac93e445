/**
 * A caller's numeric mistakes, refused as RangeErrors before any work:
 * seeds and run ranges (every engine: plain, reference, conditioned,
 * paired) and counts that belong to another model. Why one module: each
 * engine checked its own or none, and those that did not answered
 * nonsense (a seed of 1.5 ran as seed 1, a range past 2^53 never ended, a
 * tally of one model summarized against another's outcomes). Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { MAX_SEED } from "./rng.js";

/**
 * Throws a RangeError unless `seed`, `from` and `to` are whole numbers from
 * 0 to `MAX_SEED` with `from` ≤ `to` (runs `[from, to)`; past 2^53 a run
 * index stops advancing).
 */
export function checkRunRange(seed: number, from: number, to: number): void {
  const whole = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= MAX_SEED;
  if (!whole(seed)) throw new RangeError(`seed: expected a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  if (!whole(from) || !whole(to)) throw new RangeError(`runs [${from}, ${to}): expected whole numbers from 0 to ${MAX_SEED}`);
  if (from > to) throw new RangeError(`runs [${from}, ${to}): the first run is after the last`);
}

/**
 * Throws a RangeError unless `what` (a tally or a result) has one count per
 * outcome and per state of `model`: numbers of another model would be read
 * under this one's names.
 */
export function checkModelShape(what: string, model: CompiledModel, outcomes: number, states: number): void {
  if (outcomes !== model.outcomes.length || states !== model.stateNames.length) {
    throw new RangeError(`${what}: ${outcomes} outcomes and ${states} states, but scenario "${model.scenario.id}" has ${model.outcomes.length} and ${model.stateNames.length}: not of this model`);
  }
}
