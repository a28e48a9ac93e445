/**
 * What every phase of the exact solver shares: the model, its layout (with
 * each state's share of a key precomputed), the one evaluation frame that
 * expressions read, and the checked evaluation of a probability against it.
 * Mutable (the frame); not shared between solves.
 * @module
 */
import { asProbability, probabilityError } from "../model/runtime.js";
import type { CompiledExpr } from "../model/expr.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel } from "../model/model.js";
import type { Layout } from "./layout.js";

/**
 * How many days ahead {@link ExactContext.limitBy} looks for a change. Why a
 * cap: a list or option block is then worked out again at least this often,
 * which costs little, and probing stays cheap however long the horizon.
 */
const PROBE_DAYS = 32;

/** Thrown (and caught by `solveExact`) when one day holds more joint states than allowed. */
export class LimitReached extends Error {
  constructor(readonly size: number) {
    super(`limit reached at ${size} states`);
  }
}

/** Thrown (and caught by `solveExact`) when the solve has worked out more combinations than its work budget. */
export class WorkLimitReached extends Error {
  constructor(readonly work: number) {
    super(`work budget reached at ${work} combinations`);
  }
}

/** The model, its layout and the evaluation frame, with checked evaluation. */
export class ExactContext {
  /** The number of machines. */
  readonly M: number;
  /** The number of global states. */
  readonly n: number;
  /** The frame every expression is evaluated against; each phase loads it before evaluating. */
  readonly frame: EvalFrame;
  /** Per global state: its digit value with clock 0 (`local × clockBase`), times its machine's place. */
  readonly entryKey: Float64Array;
  /** Per global state: its visited bit's value in the key (`maskPlace × 2^bit`), 0 when not tracked. */
  readonly bitKey: Float64Array;
  /** Per global state: its visited bit's value in the mask (`2^bit`), 0 when not tracked. */
  readonly bitMask: Int32Array;
  /** The visited mask the frame's flags were last loaded from (-1: unknown). */
  private visitedMask = -1;
  /**
   * The last day through which everything evaluated since it was last set
   * keeps the value it has today, in the same joint state. Phases lower it
   * with {@link limitBy} for what reads the day; caches use it to know how
   * long what they hold is right.
   */
  until = 0;
  /** Combinations of machine options multiplied out so far (the solve's work, bounded by {@link maxWork}). */
  work = 0;
  /** The work budget: past it the solve stops with a limit issue (see `MAX_EXACT_WORK` in solver.ts). */
  maxWork = Infinity;

  constructor(readonly model: CompiledModel, readonly L: Layout) {
    this.M = model.machineIds.length;
    this.n = model.stateNames.length;
    this.frame = { state: new Int32Array(this.M), visited: new Uint8Array(this.n), entry: new Int32Array(this.M), day: 0 };
    this.entryKey = new Float64Array(this.n);
    this.bitKey = new Float64Array(this.n);
    this.bitMask = new Int32Array(this.n);
    for (let s = 0; s < this.n; s++) {
      const m = model.stateMachine[s] ?? 0;
      const local = s - (model.stateOffset[m] ?? 0);
      this.entryKey[s] = (L.place[m] ?? 0) * local * (L.clockBase[m] ?? 1);
      const b = L.visitedBit[s] ?? -1;
      if (b >= 0) {
        this.bitMask[s] = 1 << b;
        this.bitKey[s] = L.maskPlace * 2 ** b;
      }
    }
  }

  /** The key of a joint state (the layout's encoding); exact, as every term is an integer below 2^53. */
  encode(state: Int32Array, clock: Int32Array, mask: number): number {
    let key = mask * this.L.maskPlace;
    for (let m = 0; m < this.M; m++) {
      const s = state[m] ?? 0;
      key += (this.entryKey[s] ?? 0) + (this.L.place[m] ?? 0) * (clock[m] ?? 0);
    }
    return key;
  }

  /** Loads the frame with `day`, the states, entry days `day - clock - clockOffset` and the visited flags of `mask`. */
  load(day: number, state: Int32Array, clock: Int32Array, clockOffset: number, mask: number): void {
    const f = this.frame;
    f.day = day;
    for (let m = 0; m < this.M; m++) {
      f.state[m] = state[m] ?? 0;
      f.entry[m] = day - ((clock[m] ?? 0) + clockOffset);
    }
    this.visitedMask = -1;
    this.loadVisited(mask);
  }

  /**
   * Loads the frame's visited flags from `mask`, unless they already hold it.
   * Whoever sets flags beyond the last mask loaded restores them before
   * anyone else reads the frame, so the check is sound.
   */
  loadVisited(mask: number): void {
    if (mask === this.visitedMask) return;
    this.visitedMask = mask;
    const vs = this.L.visitedStates;
    const visited = this.frame.visited;
    for (let i = 0; i < vs.length; i++) visited[vs[i] ?? 0] = (mask >>> i) & 1;
  }

  /**
   * Lowers {@link until} to the last day (at most {@link PROBE_DAYS} ahead,
   * and at most the horizon) through which `e` keeps its value against the
   * frame (its truth value when `truthy`), the frame moved to later days
   * with every entry day moved alike (the same joint state on a later day).
   * Evaluates without range checks: a value out of range (or NaN) is
   * checked on its own day, which then falls after {@link until}. The frame
   * is restored.
   */
  limitBy(e: CompiledExpr, truthy: boolean): void {
    if (!e.readsTime || e.constant !== undefined) return;
    const f = this.frame;
    const today = f.day;
    const last = Math.min(this.until, today + PROBE_DAYS, this.model.days);
    const v0 = e.fn(f);
    let d = today;
    while (d < last) {
      f.day = d + 1;
      for (let m = 0; m < this.M; m++) f.entry[m] = (f.entry[m] ?? 0) + 1;
      const v = e.fn(f);
      // NaN is never "the same" (a guard's NaN is an error, not false): it must be met on its own day.
      const same = truthy ? v === v && (v !== 0) === (v0 !== 0) : v === v0;
      if (!same) break;
      d++;
    }
    // Move the frame back to today.
    const back = f.day - today;
    f.day = today;
    for (let m = 0; m < this.M; m++) f.entry[m] = (f.entry[m] ?? 0) - back;
    this.until = d;
  }

  /** Evaluates `e` against the frame as a probability, checked to lie in [0, 1] (within the weight tolerance). */
  probability(e: CompiledExpr): number {
    const v = e.constant ?? e.fn(this.frame);
    const p = asProbability(v);
    if (p === p) return p;
    throw probabilityError(this.model, e, v, this.frame, "exact solver");
  }
}
