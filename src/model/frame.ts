/**
 * The run-time view that compiled expressions read: the current state of
 * every machine, the visited flags, entry days and today's day number.
 * @module
 */

/** What an expression reads while a run (or the exact solver) is at some moment. */
export interface EvalFrame {
  /** Per machine (by compiled index): the global index of its current state. */
  readonly state: Int32Array;
  /** Per global state: 1 if its machine has been in it during this run. */
  readonly visited: Uint8Array;
  /** Per machine: the day it entered its current state. */
  readonly entry: Int32Array;
  /** Today's day number (0 = calendar start). */
  day: number;
}

/** A compiled expression: a closure over a frame, returning a number (booleans are 1 and 0). */
export type ExprFn = (f: EvalFrame) => number;
