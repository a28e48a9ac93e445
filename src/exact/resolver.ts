/**
 * Repeated exact solves of one scenario structure with new parameter values
 * (tornado, sweep, sensitivity, uncertainty). A {@link Resolver} keeps what
 * a solve allocates that depends only on the layout (solver.ts,
 * `SolveBuffers`): joint-state records with their key index, the successor
 * pool, the settle memo, the day tables. The next solve of a model with the
 * same layout starts from them instead of from nothing: no record is made or
 * decoded again, no array grows again.
 *
 * Why the numbers cannot change: what a solve computes depends on the
 * records only through their keys and decoded states, which the layout
 * fixes; every cache that holds probabilities (successor lists, the memo,
 * option and guard blocks, the observer's outcomes) starts empty in every
 * solve, and limits keyed on the number of records count only the records
 * the solve itself meets. Record ids differ from a cold solve's, but ids
 * only name slots: the order of every sum is the order in which states are
 * met, as in a cold solve. test/exact/resolve.test.ts checks bit equality.
 *
 * Mutable; one solve at a time; not shared between threads.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import type { Layout } from "./layout.js";
import { newBuffers, solveWith, type ExactOptions, type ExactOutcome, type SolveBuffers } from "./solver.js";

/** Records kept however many solves used them (a few MB). */
const KEPT_RECORDS = 1 << 16;
/** Past {@link KEPT_RECORDS}, the most records kept per record the last solve used. */
const KEPT_RATIO = 4;

/** Whether buffers made for (`a`, `offsetA`) serve a model with layout `b` and state offsets `offsetB`. Pure. */
function sameLayout(a: Layout, offsetA: Int32Array, b: Layout, offsetB: Int32Array): boolean {
  if (a.keySpace !== b.keySpace || a.maskPlace !== b.maskPlace) return false;
  if (!sameArray(offsetA, offsetB) || !sameArray(a.clockCap, b.clockCap)) return false;
  if (a.visitedStates.length !== b.visitedStates.length) return false;
  for (let i = 0; i < a.visitedStates.length; i++) if (a.visitedStates[i] !== b.visitedStates[i]) return false;
  return true;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Solves models of one scenario structure, one after another, reusing the
 * solver's allocations. `resolver.solve(model)` gives exactly what
 * `solveExact(model)` gives, bit for bit, for any model and any earlier
 * solves; a model whose layout differs (parameters can change a delay's
 * length, hence the clocks kept) simply gets new buffers.
 */
export class Resolver {
  private buffers: SolveBuffers | undefined;
  /** Solves that reused the buffers of an earlier one (for tests and the bench). */
  reused = 0;

  /** {@link solveExact} of `model`, reusing the buffers of the previous solve when its layout is the same. */
  solve(model: CompiledModel, opts: ExactOptions = {}): ExactOutcome {
    const out = solveWith(model, opts, (m, layout) => {
      const kept = this.buffers;
      if (kept !== undefined && sameLayout(kept.layout, kept.stateOffset, layout, m.stateOffset)) {
        this.reused++;
        return kept;
      }
      this.buffers = newBuffers(m, layout);
      return this.buffers;
    });
    // Records pile up over solves that reach different joint states; each solve pays O(records) to start.
    // Past a few times what one solve uses, start afresh (the numbers are the same either way).
    const r = this.buffers?.records;
    if (r !== undefined && r.size > KEPT_RECORDS && r.size > KEPT_RATIO * r.met) this.buffers = undefined;
    return out;
  }
}
