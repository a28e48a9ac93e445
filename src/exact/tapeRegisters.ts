/**
 * The registers of the re-solve tape (tape.ts): every probability the exact
 * solver computes while it works out option blocks, branch probabilities and
 * successor lists, as a primitive (a hazard or a set of branch weights
 * evaluated against a joint state, a delay's conditional hazard on a given
 * day in state), a constant (what cannot change with the parameters), a
 * product of two registers or one minus a register. Equal operations share a
 * register (the same inputs give the same bits), and a register's recorded
 * value tells which side of 0 it fell on (tapeReplay.ts checks the sides).
 *
 * Why a module of its own: the register store (kinds, operands, the indices
 * that share equal operations, the frame snapshots of primitives) is what a
 * replay recomputes; the recording of the spread over it (tape.ts) is what a
 * replay redoes in order. Mutable while recording; one solve at a time.
 * @module
 */
import type { CompiledExpr } from "../model/expr.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledTransition } from "../model/model.js";
import { FloatVec, IntVec } from "./tapeVec.js";

/** The register holding 0 and the one holding 1. */
export const REG_ZERO = 0;
export const REG_ONE = 1;

/** Register kinds: a fixed value (constants, primitives), a product, one minus a register. */
export const OP_FIXED = 0;
export const OP_MUL = 1;
export const OP_ONE_MINUS = 2;

/** Primitive kinds. */
export const PRIM_HAZARD = 0;
export const PRIM_WEIGHTS = 1;
export const PRIM_DELAY = 2;

/**
 * The most registers a tape holds (about 80 MB; products are keyed on two
 * register numbers in one float64, so this must stay below 2^26).
 */
const MAX_REGS = 1 << 22;
/** The registers and primitives of one recorded solve (extended by `TapeRecorder`, tape.ts, with what the solve did with them). */
export class TapeRegisters {
  /** Set when the solve did something the replay cannot redo (then no tape is kept). */
  poisoned = false;

  // Registers: recorded value, kind and operands.
  readonly vals = new FloatVec(1 << 12);
  readonly kind = new IntVec(1 << 12);
  readonly opA = new IntVec(1 << 12);
  readonly opB = new IntVec(1 << 12);
  private readonly mulIndex = new Map<number, number>();
  private readonly oneMinusIndex = new Map<number, number>();
  private readonly constIndex = new Map<number, number>();

  // Primitives: kind, transition, argument (day in state, or the offset of a frame snapshot), first register.
  readonly primKind = new IntVec();
  readonly primJ = new IntVec();
  readonly primArg = new IntVec();
  readonly primReg = new IntVec();
  /** Frame snapshots: per snapshot, the M machine states then the n visited flags. */
  readonly snapshots = new IntVec();
  private readonly primIndex = new Map<string, number>();

  constructor() {
    this.fixed(0);
    this.fixed(1);
  }

  private fixed(v: number): number {
    if (this.poisoned) return REG_ZERO;
    const r = this.vals.length;
    this.vals.push(v);
    this.kind.push(OP_FIXED);
    this.opA.push(0);
    this.opB.push(0);
    if (r >= MAX_REGS) this.poisoned = true;
    return r;
  }

  /** A register for `v`, which no parameter can change. */
  constant(v: number): number {
    if (v === 0) return REG_ZERO;
    if (v === 1) return REG_ONE;
    const found = this.constIndex.get(v);
    if (found !== undefined) return found;
    const r = this.fixed(v);
    this.constIndex.set(v, r);
    return r;
  }

  /** The register of `a × b`, whose value the solver computed as `v`. */
  mul(a: number, b: number, v: number): number {
    if (this.poisoned) return REG_ZERO;
    if (a === REG_ONE) return b;
    if (b === REG_ONE) return a;
    const key = a * MAX_REGS + b;
    const found = this.mulIndex.get(key);
    if (found !== undefined) return found;
    const r = this.fixed(v);
    this.kind.data[r] = OP_MUL;
    this.opA.data[r] = a;
    this.opB.data[r] = b;
    this.mulIndex.set(key, r);
    return r;
  }

  /** The register of `1 - a`, whose value the solver computed as `v`. */
  oneMinus(a: number, v: number): number {
    if (this.poisoned) return REG_ZERO;
    const found = this.oneMinusIndex.get(a);
    if (found !== undefined) return found;
    const r = this.fixed(v);
    this.kind.data[r] = OP_ONE_MINUS;
    this.opA.data[r] = a;
    this.oneMinusIndex.set(a, r);
    return r;
  }

  /**
   * The register of hazard `e` of transition `j` against `frame`, whose
   * value the solver took as `v`. An expression that reads the time is a
   * constant here: a replay needs its code unchanged (tapeReplay.ts), since
   * the days its value holds for shape the solve.
   */
  hazard(j: number, e: CompiledExpr, frame: EvalFrame, v: number): number {
    if (e.readsTime) return this.constant(v);
    const key = `h${j}:${keyOf([e], frame)}`;
    return this.primitive(key, PRIM_HAZARD, j, frame, 1, (r) => { this.vals.data[r] = v; });
  }

  /** The first of the registers of transition `t`'s (index `j`) branch probabilities, as the solver computed them into `probs[at …]`. */
  weights(j: number, t: CompiledTransition, frame: EvalFrame, probs: Float64Array, at: number): number {
    const k = t.targets.length;
    if (k === 1) return REG_ONE;
    if (t.weights.some((w) => w?.readsTime === true)) {
      const first = this.fixed(probs[at] ?? 0);
      for (let b = 1; b < k; b++) this.fixed(probs[at + b] ?? 0);
      return first;
    }
    const key = `w${j}:${keyOf(t.weights, frame)}`;
    return this.primitive(key, PRIM_WEIGHTS, j, frame, k, (r) => { for (let b = 0; b < k; b++) this.vals.data[r + b] = probs[at + b] ?? 0; });
  }

  /** The register of delay `j`'s conditional hazard `v` on day in state `d`. */
  delay(j: number, d: number, v: number): number {
    return this.primitive(`d${j}:${d}`, PRIM_DELAY, j, undefined, 1, (r) => { this.vals.data[r] = v; }, d);
  }

  private primitive(key: string, kind: number, j: number, frame: EvalFrame | undefined, k: number, fill: (r: number) => void, arg = 0): number {
    if (this.poisoned) return REG_ZERO;
    const found = this.primIndex.get(key);
    if (found !== undefined) return found;
    const r = this.fixed(0);
    for (let b = 1; b < k; b++) this.fixed(0);
    fill(r);
    let at = arg;
    if (frame !== undefined) {
      at = this.snapshots.length;
      for (const s of frame.state) this.snapshots.push(s);
      for (const v of frame.visited) this.snapshots.push(v);
    }
    this.primKind.push(kind);
    this.primJ.push(j);
    this.primArg.push(at);
    this.primReg.push(r);
    this.primIndex.set(key, r);
    return r;
  }
}

/** What expressions `es` read of `frame` (states of the machines, visited flags), as a key. */
function keyOf(es: readonly (CompiledExpr | undefined)[], frame: EvalFrame): string {
  let key = "";
  for (const e of es) {
    if (e === undefined || e.constant !== undefined) continue;
    for (const m of e.machines) key += `${frame.state[m] ?? 0},`;
    key += ":";
    for (const v of e.visitedStates) key += frame.visited[v] === 1 ? "1" : "0";
    key += ";";
  }
  return key;
}
