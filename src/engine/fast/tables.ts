/**
 * Expressions that do not read the time, tabulated over every combination of
 * what they do read (the states of some machines, some visited flags), so the
 * specialised engine looks a value up instead of calling the expression. The
 * table of a geometric hazard also holds `log1p(-h)` and, per number of days
 * left to the horizon, the uniform below which the waiting time lands past
 * the horizon (so no logarithm is taken for it). A value an engine would
 * reject (a probability outside [0, 1], a NaN guard) is stored as NaN, and
 * the engine bails out on it to the reference engine, which reports it.
 * Pure.
 * @module
 */
import type { CompiledExpr } from "../../model/expr.js";
import type { EvalFrame } from "../../model/frame.js";
import type { CompiledModel } from "../../model/model.js";
import { asProbability } from "../../model/runtime.js";

/** The most entries one table may hold (past that the model is not specialised). */
export const MAX_TABLE = 1 << 16;

/**
 * Where a table's index comes from: per machine read, its first global state
 * and stride; per visited flag read, the state and stride. The index is
 * `Σ (state[m] - first) × stride + Σ visited[s] × stride`.
 */
export interface TableIndex {
  readonly machines: readonly { readonly machine: number; readonly first: number; readonly stride: number }[];
  readonly flags: readonly { readonly state: number; readonly stride: number }[];
  readonly size: number;
}

/** What a table is indexed by: the machines and visited flags an expression (or several) reads. */
export interface Reads {
  readonly machines: readonly number[];
  readonly visitedStates: readonly number[];
}

/** The index layout of an expression's table, or undefined when it would exceed {@link MAX_TABLE}. Pure. */
export function tableIndex(model: CompiledModel, e: Reads): TableIndex | undefined {
  let size = 1;
  const machines: { machine: number; first: number; stride: number }[] = [];
  for (const m of e.machines) {
    const first = model.stateOffset[m] ?? 0;
    const count = (model.stateOffset[m + 1] ?? 0) - first;
    machines.push({ machine: m, first, stride: size });
    size *= count;
    if (size > MAX_TABLE) return undefined;
  }
  const flags: { state: number; stride: number }[] = [];
  for (const s of e.visitedStates) {
    flags.push({ state: s, stride: size });
    size *= 2;
    if (size > MAX_TABLE) return undefined;
  }
  return { machines, flags, size };
}

/** Calls `fn` with a frame set to each combination of the index, in index order. */
function eachCombination(model: CompiledModel, ix: TableIndex, fn: (f: EvalFrame, i: number) => void): void {
  const f: EvalFrame = {
    state: Int32Array.from(model.initial),
    visited: new Uint8Array(model.stateNames.length),
    entry: new Int32Array(model.machineIds.length),
    day: 0,
  };
  for (let i = 0; i < ix.size; i++) {
    for (const m of ix.machines) {
      const count = (model.stateOffset[m.machine + 1] ?? 0) - m.first;
      f.state[m.machine] = m.first + (Math.floor(i / m.stride) % count);
    }
    for (const v of ix.flags) f.visited[v.state] = Math.floor(i / v.stride) % 2;
    fn(f, i);
  }
}

/** A guard's truth per combination: 1, 0, or NaN (an error). Pure. */
export function guardTable(model: CompiledModel, e: CompiledExpr, ix: TableIndex): Float64Array {
  const out = new Float64Array(ix.size);
  eachCombination(model, ix, (f, i) => {
    const v = e.fn(f);
    out[i] = v !== v ? NaN : v !== 0 ? 1 : 0;
  });
  return out;
}

/**
 * Per combination of `ix`: 1 when no \`when\` transition of the machines'
 * current states fires there (each guard false), else 0 (one fires, or a
 * guard's value is an error, which the immediate phase then meets and bails
 * on). `guards(f)` lists the guards of the frame's states. Pure.
 */
export function quietTable(model: CompiledModel, ix: TableIndex, guards: (f: EvalFrame) => readonly CompiledExpr[]): Uint8Array {
  const out = new Uint8Array(ix.size);
  eachCombination(model, ix, (f, i) => {
    out[i] = guards(f).every((e) => (e.constant ?? e.fn(f)) === 0) ? 1 : 0;
  });
  return out;
}

/** A geometric hazard's tables: value, log survival, and the per-day thresholds (or none). */
export interface HazardTable {
  /** The checked probability, NaN where the value is not one. */
  readonly h: Float64Array;
  /** `Math.log1p(-h)`, as the reference engine computes it. */
  readonly logSurvival: Float64Array;
  /**
   * `threshold[i × (H + 2) + j]`, `j` from 0 to `H`: when `1 - u` is below
   * it, the wait `floor(log(1 - u) / log1p(-h))` is certainly at least `j`
   * days; at `j = H + 1`, 0 (a search stops there). Empty when the table is
   * too large.
   */
  readonly threshold: Float64Array;
  /**
   * `above[i × (H + 2) + j]`: when `1 - u` is at or above it, the wait is
   * certainly less than `j` days; at `j = H + 1`, 0: a wait of `H` days or
   * more lands past the horizon from any day, which is all that matters then.
   */
  readonly above: Float64Array;
  /**
   * `guide[i × (GUIDE + 1) + b]`: a wait every `1 - u` of `[b / GUIDE, (b + 1) / GUIDE)`
   * certainly reaches (where a search of the thresholds starts).
   */
  readonly guide: Uint8Array | Uint16Array | Int32Array;
}

/** The most threshold entries one hazard keeps. */
const MAX_THRESHOLDS = 1 << 20;

/** Bins of the guide over `1 - u` (a power of two, so that `x × GUIDE` is exact). */
export const GUIDE = 1024;

/**
 * Why the margin: the wait is `from + 1 + floor(log(1 - u) / log1p(-h))`,
 * which is at least `j` days when `log(1 - u) ≤ j · log1p(-h)`, i.e.
 * `1 - u ≤ exp(j · log1p(-h))`. The computed logarithm, exponential, product
 * and quotient are each within an ulp of the exact values (V8's fdlibm log
 * and exp are), so a relative margin δ on the bound decides safely when
 * δ > 2.2e-16 + 4.4e-16 · |j · log1p(-h)|: at most 2.9e-13 over the bounds
 * kept (above {@link TINY}, so |j · log1p(-h)| < 645), and 1e-14 for every
 * `1 - u` a run can draw (at least 2^-32). 4e-12 is 14 times the first. The
 * bound grown by as much decides "less than `j`" as surely; in the thin band
 * between, the logarithm is taken. Why so thin a band: a draw in it is a path
 * V8 has not seen when it optimises, and meeting it costs a recompilation of
 * the whole batch function.
 */
const MARGIN = 1 - 4e-12;
const ABOVE = 1 + 4e-12;
/** Bounds below this decide nothing (far above the subnormal range, where exp's relative error grows). */
const TINY = 1e-280;

/** A guide array able to hold wait lengths up to `H`. */
function guideArray(size: number, H: number): Uint8Array | Uint16Array | Int32Array {
  return H < 0xff ? new Uint8Array(size) : H < 0xffff ? new Uint16Array(size) : new Int32Array(size);
}

/** A geometric hazard tabulated (the value checked as the reference engine checks it). Pure. */
export function hazardTable(model: CompiledModel, e: CompiledExpr, ix: TableIndex): HazardTable {
  const h = new Float64Array(ix.size);
  const logSurvival = new Float64Array(ix.size);
  const H = model.days;
  const withThresholds = ix.size * (H + 2) <= MAX_THRESHOLDS;
  const threshold = new Float64Array(withThresholds ? ix.size * (H + 2) : 0);
  const above = new Float64Array(threshold.length);
  const guide = guideArray(withThresholds ? ix.size * (GUIDE + 1) : 0, H);
  eachCombination(model, ix, (f, i) => {
    const p = asProbability(e.constant ?? e.fn(f));
    h[i] = p;
    if (!(p > 0 && p < 1)) return;
    const ls = Math.log1p(-p);
    logSurvival[i] = ls;
    if (!withThresholds) return;
    const t0 = i * (H + 2);
    for (let j = 0; j <= H; j++) {
      const bound = Math.exp(j * ls);
      // Near and below the subnormal range exp loses its relative precision: such bounds decide nothing.
      const sure = bound > TINY;
      threshold[t0 + j] = sure ? bound * MARGIN : 0;
      above[t0 + j] = sure ? bound * ABOVE : Infinity;
    }
    threshold[t0 + H + 1] = 0;
    above[t0 + H + 1] = 0;
    // The largest j whose threshold is at or above the bin's top: every 1 - u of the bin is below it.
    let j = H;
    for (let b = 0; b <= GUIDE; b++) {
      const top = (b + 1) / GUIDE;
      while (j > 0 && (threshold[t0 + j] ?? 0) < top) j--;
      guide[i * (GUIDE + 1) + b] = (threshold[t0 + j] ?? 0) >= top ? j : 0;
    }
  });
  return { h, logSurvival, threshold, above, guide };
}
