/**
 * States at given days (`--at`) in a Monte Carlo run: the run is event
 * driven and jumps over days on which nothing happens, so the state at the
 * end of a day d is the state left by the last step on or before d. Before
 * each step, every asked day passed over is recorded with the state as it
 * stands. Mutable (the position in the days); one per run loop.
 * @module
 */
import type { EvalFrame } from "../model/frame.js";

/** Days to snapshot and what to do with each snapshot. */
export interface Snapshots {
  /** Days 0 … H, ascending, without repeats. */
  readonly days: readonly number[];
  /** Called with the index `k` of the day in `days` and the frame holding the state at the end of it (`frame.day` set to it). */
  readonly take: (k: number, frame: EvalFrame) => void;
}

/**
 * Takes the snapshots of the days from `days[k]` on that are before `upto`
 * (the next day anything can change), restoring `frame.day`; returns the
 * index of the next day still to take.
 */
export function takeBefore(s: Snapshots, k: number, upto: number, frame: EvalFrame): number {
  const today = frame.day;
  let i = k;
  for (; i < s.days.length && (s.days[i] ?? Infinity) < upto; i++) {
    frame.day = s.days[i] ?? 0;
    s.take(i, frame);
  }
  frame.day = today;
  return i;
}
