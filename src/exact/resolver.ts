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
 * Faster still, a solve without a timeline or other options is recorded on
 * a tape (tape.ts), and a later solve of the same structure is replayed from
 * it (tapeReplay.ts): only the arithmetic is redone, in the same order, so
 * the bits are again those of a cold solve; when anything that shapes the
 * solve differs (a probability that was positive is now 0, a delay's
 * length, a guard's code), the replay says so and the model is solved (and
 * recorded) afresh.
 *
 * Mutable; one solve at a time; not shared between threads.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { layoutOf, type Layout } from "./layout.js";
import { MAX_EXACT_STATES, MAX_EXACT_WORK, newBuffers, solveWith, type ExactOptions, type ExactOutcome, type SolveBuffers } from "./solver.js";
import { TapeRecorder } from "./tape.js";
import { Replayer } from "./tapeReplay.js";

/** Tapes kept, most recently used first: a few structures (e.g. delays of several lengths) take turns. */
const KEPT_TAPES = 4;

/** Past this many recordings in a row that no replay used, record only every 2^k-th full solve (k grows to {@link MAX_BACKOFF}). */
const WASTED_RECORDINGS = 2;
/** At worst every 16th full solve is recorded: a structure that comes back is replayed again within 16 solves. */
const MAX_BACKOFF = 4;

/** Options a tape can serve: none but the limits (a timeline, evidence or any other option is solved in full). */
function plain(opts: ExactOptions): boolean {
  // Empty evidence and no `at` days are as plain as the options left out.
  const empty = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
  return Object.entries(opts).every(([k, v]) => v === undefined || k === "maxStates" || k === "maxWork" || (k === "timeline" && v === false)
    || ((k === "evidence" || k === "at") && empty(v)));
}

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
  private tapes: Replayer[] = [];
  /** Solves that reused the buffers of an earlier one (for tests and the bench). */
  reused = 0;
  /** Solves replayed from a tape, and solves recorded on one (for tests and the bench). */
  replayed = 0;
  recorded = 0;
  /**
   * Recording costs about half a solve more; when the structure changes at
   * every solve (a sweep of a delay's length, say) no tape is ever
   * replayed, so recordings back off: `wasted` recordings in a row went
   * unused, and `skipped` full solves went unrecorded since the last one.
   */
  private wasted = 0;
  private skipped = 0;
  private last: Replayer | undefined;

  /** `wasm: false` runs replays' spread in JavaScript rather than WebAssembly (the same numbers; for tests). */
  constructor(private readonly config: { readonly wasm?: boolean } = {}) {}

  /**
   * {@link solveExact} of `model`: replayed from a tape when one serves it,
   * else solved (and recorded), reusing the buffers of the previous solve
   * when its layout is the same.
   */
  solve(model: CompiledModel, opts: ExactOptions = {}): ExactOutcome {
    const tapeable = plain(opts);
    if (tapeable && this.tapes.length > 0) {
      const lay = layoutOf(model);
      if (lay.ok) {
        for (let i = 0; i < this.tapes.length; i++) {
          const tape = this.tapes[i];
          const r = tape?.replay(model, lay.layout, opts.maxStates ?? MAX_EXACT_STATES, opts.maxWork ?? MAX_EXACT_WORK);
          if (tape === undefined || r === undefined) continue;
          if (i > 0) this.tapes = [tape, ...this.tapes.filter((t) => t !== tape)];
          this.replayed++;
          tape.hits++;
          this.wasted = 0;
          return { ok: true, result: { ...r, timeline: undefined, evidenceProbability: 1, at: [] } };
        }
      }
    }
    let recorder: TapeRecorder | undefined;
    let out: ExactOutcome;
    const record = tapeable && (this.wasted < WASTED_RECORDINGS || this.skipped + 1 >= 2 ** Math.min(this.wasted - WASTED_RECORDINGS + 1, MAX_BACKOFF));
    if (tapeable && !record) this.skipped++;
    try {
      out = solveWith(model, opts, (m, layout) => {
        let buffers = this.buffers;
        if (buffers !== undefined && sameLayout(buffers.layout, buffers.stateOffset, layout, m.stateOffset)) this.reused++;
        else buffers = this.buffers = newBuffers(m, layout);
        recorder = record ? new TapeRecorder(m, layout) : undefined;
        if (record) this.recorded++;
        buffers.tape = recorder;
        return buffers;
      });
    } finally {
      if (this.buffers !== undefined) this.buffers.tape = undefined;
    }
    const done: TapeRecorder | undefined = recorder;
    // A recording that cannot be kept (too large, a product rounded to 0) is wasted too.
    if (done !== undefined && (done.poisoned || !out.ok)) {
      this.wasted++;
      this.skipped = 0;
    }
    if (out.ok && done !== undefined && done.finished && !done.poisoned) {
      if (this.last !== undefined && this.last.hits === 0) this.wasted++;
      this.skipped = 0;
      this.last = new Replayer(done, this.config.wasm ?? true);
      this.tapes = [this.last, ...this.tapes].slice(0, KEPT_TAPES);
    }
    // Records pile up over solves that reach different joint states; each solve pays O(records) to start.
    // Past a few times what one solve uses, start afresh (the numbers are the same either way).
    const r = this.buffers?.records;
    if (r !== undefined && r.size > KEPT_RECORDS && r.size > KEPT_RATIO * r.met) this.buffers = undefined;
    return out;
  }
}
