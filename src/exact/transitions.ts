/**
 * The model's transitions flattened into index ranges and typed arrays for
 * the solver's inner loops: per state, its timed transitions and its `when`
 * guards; per transition, its branch probabilities in one shared buffer
 * (constant ones computed once, on first use, as the definition would
 * evaluate them). Why flatten: the loops run millions of times per solve,
 * and Map lookups and nested arrays of objects cost more than the work.
 * Mutable (the probability buffer); one instance per solve.
 * @module
 */
import { nanError, runContext, weightsError, weightsSumOk } from "../model/runtime.js";
import type { CompiledExpr } from "../model/expr.js";
import type { ExprFn } from "../model/frame.js";
import type { CompiledTransition } from "../model/model.js";
import type { ExactContext } from "./context.js";
import type { TapeRecorder } from "./tape.js";
import { REG_ONE } from "./tapeRegisters.js";

/** Branch probabilities not yet computed. */
const PENDING = 0;
/** Constant branch probabilities, computed. */
const DONE = 1;
/** Weights that read the run, recomputed on every use. */
const DYNAMIC = 2;

/** Flattened transitions of a model, with their branch probabilities. */
export class Transitions {
  /** Every transition: the timed ones of state 0, its `when` ones, then state 1's, and so on. */
  readonly list: CompiledTransition[] = [];
  /** Per state `s`: its timed transitions are `timedFirst[s] … whenFirst[s] - 1`. */
  readonly timedFirst: Int32Array;
  /** Per state `s`: its `when` transitions are `whenFirst[s] … timedFirst[s + 1] - 1`. */
  readonly whenFirst: Int32Array;
  /** Per transition: its guard (`when` transitions) or hazard (`hazard` triggers), else undefined. */
  readonly fn: (ExprFn | undefined)[] = [];
  private readonly expr: (CompiledExpr | undefined)[] = [];
  /** Per transition: 1 when its guard or hazard reads the day (so {@link ExactContext.until} must be lowered). */
  private readonly timeDep: Uint8Array;
  /** Per transition: 1 when some branch weight reads the day. */
  private readonly weightsTime: Uint8Array;
  /** Per transition: 1 when its guard or hazard is constant (its value is then in `constant`). */
  readonly isConstant: Uint8Array;
  readonly constant: Float64Array;
  /** Per transition: where its branch probabilities start in {@link probs}. */
  readonly probAt: Int32Array;
  /** Every transition's branch probabilities, as of its last use. */
  readonly probs: Float64Array;
  private readonly probState: Uint8Array;
  /** When the solve is recorded (tape.ts): the recorder; then {@link brReg} and {@link lastReg} name registers. */
  tape: TapeRecorder | undefined;
  /** Per entry of {@link probs}: its register on the tape (when recording). */
  readonly brReg: Int32Array;
  /** The register of the last {@link hazard} (when recording). */
  lastReg = 0;

  constructor(private readonly ctx: ExactContext) {
    const { model, n } = ctx;
    this.timedFirst = new Int32Array(n + 1);
    this.whenFirst = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      this.timedFirst[s] = this.list.length;
      for (const t of model.timed[s] ?? []) this.list.push(t);
      this.whenFirst[s] = this.list.length;
      for (const t of model.immediate[s] ?? []) this.list.push(t);
    }
    this.timedFirst[n] = this.list.length;
    const count = this.list.length;
    this.isConstant = new Uint8Array(count);
    this.constant = new Float64Array(count);
    this.probAt = new Int32Array(count + 1);
    this.probState = new Uint8Array(count);
    this.timeDep = new Uint8Array(count);
    this.weightsTime = new Uint8Array(count);
    this.list.forEach((t, j) => {
      const trig = t.trigger;
      const e = trig.kind === "when" ? trig.guard : trig.kind === "hazard" ? trig.hazard : undefined;
      this.fn.push(e?.fn);
      this.expr.push(e);
      if (e?.readsTime === true) this.timeDep[j] = 1;
      if (t.weights.some((w) => w?.readsTime === true)) this.weightsTime[j] = 1;
      if (e?.constant !== undefined) {
        this.isConstant[j] = 1;
        this.constant[j] = e.constant;
      }
      this.probAt[j + 1] = (this.probAt[j] ?? 0) + t.targets.length;
      this.probState[j] = t.weightsDynamic ? DYNAMIC : PENDING;
    });
    this.probs = new Float64Array(this.probAt[count] ?? 0);
    this.brReg = new Int32Array(this.probs.length);
  }

  /**
   * Whether guard `j` holds against the frame (non-zero); lowers the
   * context's `until` when it reads the day. A guard that gives NaN is a
   * ScenarioError (runtime.ts, `nanError`), as in the Monte Carlo engine.
   */
  holds(j: number): boolean {
    const v = this.isConstant[j] === 1 ? this.constant[j] ?? 0 : this.fn[j]?.(this.ctx.frame) ?? 0;
    if (v !== v) {
      const e = this.expr[j];
      if (e !== undefined) throw nanError(this.ctx.model, e, "a guard", runContext(this.ctx.model, this.ctx.frame, "exact solver"));
    }
    if (this.timeDep[j] === 1) this.limitBy(j, true);
    return v !== 0;
  }

  private limitBy(j: number, truthy: boolean): void {
    const e = this.expr[j];
    if (e !== undefined) this.ctx.limitBy(e, truthy);
  }

  /** Hazard `j` against the frame, checked to be a probability; lowers the context's `until` when it reads the day. */
  hazard(j: number): number {
    const v = this.isConstant[j] === 1 ? this.constant[j] ?? 0 : this.fn[j]?.(this.ctx.frame) ?? 0;
    if (this.timeDep[j] === 1) this.limitBy(j, false);
    const t = this.list[j];
    const h = v >= 0 && v <= 1 ? v : t?.trigger.kind === "hazard" ? this.ctx.probability(t.trigger.hazard) : 0;
    if (this.tape !== undefined && t?.trigger.kind === "hazard") this.lastReg = this.tape.hazard(j, t.trigger.hazard, this.ctx.frame, h);
    return h;
  }

  /**
   * Makes the branch probabilities of transition `j` current against the
   * frame (checked to sum to 1) and returns where they start in {@link probs};
   * lowers the context's `until` when a weight reads the day.
   */
  branchProbs(j: number): number {
    const at = this.probAt[j] ?? 0;
    if (this.probState[j] !== DONE) this.compute(j, at);
    return at;
  }

  /** Evaluates the branch probabilities of transition `j` into {@link probs} at `at`. */
  private compute(j: number, at: number): void {
    const state = this.probState[j];
    const t = this.list[j];
    if (t === undefined) return;
    const w = t.weights;
    if (this.weightsTime[j] === 1) for (const e of w) if (e !== undefined) this.ctx.limitBy(e, false);
    const out = this.probs;
    if (w.length === 1) {
      out[at] = 1;
    } else {
      let sum = 0;
      let other = -1;
      for (let i = 0; i < w.length; i++) {
        const e = w[i];
        if (e === undefined) { other = i; out[at + i] = 0; continue; }
        const v = this.ctx.probability(e);
        out[at + i] = v;
        sum += v;
      }
      if (!weightsSumOk(sum, other >= 0)) throw weightsError(this.ctx.model, t, this.ctx.frame, sum, other >= 0, "exact solver");
      if (other >= 0) out[at + other] = Math.max(0, 1 - sum);
    }
    if (state === PENDING) this.probState[j] = DONE;
    if (this.tape !== undefined) {
      const r = this.tape.weights(j, t, this.ctx.frame, out, at);
      for (let b = 0; b < t.targets.length; b++) this.brReg[at + b] = t.targets.length === 1 ? REG_ONE : r + b;
    }
  }
}
