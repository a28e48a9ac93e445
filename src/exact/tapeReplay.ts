/**
 * Re-solving from a tape (tape.ts): the same scenario structure with new
 * parameter values, bit for bit what a cold `solveExact` gives, at a
 * fraction of its cost. Three steps:
 *
 * 1. *May the tape serve?* The same scenario, horizon and layout; every
 *    guard, outcome and expression that reads the time compiled to the same
 *    code (their values then cannot differ, nor the days they hold for);
 *    windows unchanged (tapeChanges.ts); the recorded solve within today's
 *    state and work limits. Hazards, branch weights and delays may change.
 * 2. *Registers:* the primitives whose expression or delay changed are
 *    evaluated again (with the solver's checks: a value out of range, weights
 *    that do not sum, give up), then every product and `1 − x` in recorded
 *    order. Every register must fall on the same side of 0 as recorded (and
 *    stay finite): else the solve would have taken another branch somewhere,
 *    and the caller solves afresh.
 * 3. *Spread:* each day, each recorded joint state's probability times each
 *    entry of its list (times its factor), added into the next day's array in
 *    the recorded order: the solver's own sums. A product that could round to
 *    0 (the least probability of a day times the least entry and factor)
 *    gives up too, since the table would have skipped it.
 *
 * Why exact: same inputs, same operations, same order (docs/semantics.md,
 * "re-solves"). Mutable scratch arrays; one replay at a time.
 * @module
 */
import { asProbability, weightsSumOk } from "../model/runtime.js";
import { conditionalHazard } from "../model/distributions.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel } from "../model/model.js";
import type { Layout } from "./layout.js";
import type { TapeRecorder } from "./tape.js";
import { sameLayout, TapeCode, type Changes } from "./tapeChanges.js";
import { OP_MUL, OP_ONE_MINUS, PRIM_DELAY, PRIM_HAZARD, PRIM_WEIGHTS } from "./tapeRegisters.js";
import { SpreadTables } from "./tapeSpread.js";
import { atMostOne } from "./observe.js";

/** What a replay gives: the numbers of `ExactResult` (no timeline). */
export interface Replayed {
  readonly outcomes: Float64Array;
  readonly groups: Float64Array;
  readonly finalStates: Float64Array;
  readonly peakStates: number;
  readonly keySpace: number;
}

/** Replays one finished tape. */
export class Replayer {
  /** The tape's model's code, to compare a new model's against (tapeChanges.ts). */
  private readonly code: TapeCode;
  /** Products and `1 − x` in recorded order: register, operand a, operand b (-1: one minus a). */
  private readonly prog: Int32Array;
  private readonly vals: Float64Array;
  /** The day tables and the spread's arrays (tapeSpread.ts). */
  private readonly tables: SpreadTables;
  /** The block instances some list takes its factor from: only their options are read by the spread. */
  private readonly factorBlocks: Int32Array;
  private readonly frame: EvalFrame;
  /** Solves this tape has served (the Resolver's record-keeping). */
  hits = 0;

  /** `wasm`: run the spread in WebAssembly where it can (else, and when false, in JavaScript: the same numbers). */
  constructor(readonly tape: TapeRecorder, wasm = true) {
    const model = tape.model;
    this.code = new TapeCode(model);
    const n = tape.vals.length;
    const prog: number[] = [];
    for (let r = 2; r < n; r++) {
      const k = tape.kind.data[r];
      if (k === OP_MUL) prog.push(r, tape.opA.data[r] ?? 0, tape.opB.data[r] ?? 0);
      else if (k === OP_ONE_MINUS) prog.push(r, tape.opA.data[r] ?? 0, -1);
    }
    this.prog = Int32Array.from(prog);
    this.vals = new Float64Array(n);
    // Per source: where its list's entries start and end, and its factor block's first option (-1: none).
    const S = tape.srcId.length;
    const sfrom = new Int32Array(S);
    const sto = new Int32Array(S);
    const sfb = new Int32Array(S);
    for (let k = 0; k < S; k++) {
      const i = tape.srcInst.data[k] ?? 0;
      sfrom[k] = i > 0 ? tape.listEnd.data[i - 1] ?? 0 : 0;
      sto[k] = tape.listEnd.data[i] ?? 0;
      const f = tape.srcFactor.data[k] ?? -1;
      sfb[k] = f < 0 ? -1 : f * tape.stride;
    }
    const used = new Uint8Array(Math.ceil(tape.blockReg.length / Math.max(1, tape.stride)));
    for (let k = 0; k < S; k++) {
      const f = tape.srcFactor.data[k] ?? -1;
      if (f >= 0) used[f] = 1;
    }
    const factorBlocks: number[] = [];
    used.forEach((u, i) => { if (u === 1) factorBlocks.push(i); });
    this.factorBlocks = Int32Array.from(factorBlocks);
    this.tables = new SpreadTables({
      ids: tape.maxId + 1, tgt: tape.listTgt.view(), roff: tape.listRoff.view(), src: tape.srcId.view(), sfrom, sto, sfb, factors: tape.blockReg.length,
    }, wasm);
    const M = model.machineIds.length;
    this.frame = { state: new Int32Array(M), visited: new Uint8Array(model.stateNames.length), entry: new Int32Array(M), day: 0 };
  }

  /**
   * The solve of `model` from the tape, or undefined when the tape cannot
   * serve it (structure, code or limits differ, or some register falls on
   * the other side of 0). `layout` is the model's; `maxStates` and
   * `maxWork` the limits the solve would run under.
   */
  replay(model: CompiledModel, layout: Layout, maxStates: number, maxWork: number): Replayed | undefined {
    const tape = this.tape;
    if (model.scenario !== tape.model.scenario || model.days !== tape.model.days) return undefined;
    if (tape.largest > maxStates || tape.work > maxWork || !sameLayout(layout, tape.layout)) return undefined;
    const changes = this.code.changes(model);
    if (changes === undefined || !this.registers(changes)) return undefined;
    return this.spread(model, layout);
  }

  /** Evaluates the changed primitives and every operation; false when a register left its side of 0 (or a check failed). */
  private registers(c: Changes): boolean {
    const { tape, frame, prog } = this;
    const rec = tape.vals.data;
    const vals = this.vals;
    vals.set(rec.subarray(0, vals.length));
    const M = frame.state.length;
    const n = frame.visited.length;
    const snap = tape.snapshots.data;
    for (let p = 0; p < tape.primKind.length; p++) {
      const j = tape.primJ.data[p] ?? 0;
      const kind = tape.primKind.data[p];
      const r = tape.primReg.data[p] ?? 0;
      const t = c.list[j];
      if (t === undefined) return false;
      if (kind === PRIM_DELAY) {
        if (c.delay[j] !== 1 || t.trigger.kind !== "delay") continue;
        vals[r] = conditionalHazard(t.trigger.dist, tape.primArg.data[p] ?? 0);
        continue;
      }
      if (kind === PRIM_HAZARD ? c.hazard[j] !== 1 : c.weights[j] !== 1) continue;
      const at = tape.primArg.data[p] ?? 0;
      for (let m = 0; m < M; m++) frame.state[m] = snap[at + m] ?? 0;
      for (let s = 0; s < n; s++) frame.visited[s] = snap[at + M + s] ?? 0;
      if (kind === PRIM_HAZARD) {
        if (t.trigger.kind !== "hazard") return false;
        const e = t.trigger.hazard;
        const h = asProbability(e.constant ?? e.fn(frame));
        if (h !== h) return false;
        vals[r] = h;
      } else if (kind === PRIM_WEIGHTS) {
        // As Transitions.compute: each weight checked, the sum checked, `otherwise` the remainder.
        let sum = 0;
        let other = -1;
        for (let i = 0; i < t.weights.length; i++) {
          const e = t.weights[i];
          if (e === undefined) { other = i; vals[r + i] = 0; continue; }
          const v = asProbability(e.constant ?? e.fn(frame));
          if (v !== v) return false;
          vals[r + i] = v;
          sum += v;
        }
        if (!weightsSumOk(sum, other >= 0)) return false;
        if (other >= 0) vals[r + other] = Math.max(0, 1 - sum);
      }
    }
    compute(vals, prog);
    return sameSides(vals, rec);
  }

  /** Carries the distribution through the days and reads the outcomes. */
  private spread(model: CompiledModel, layout: Layout): Replayed | undefined {
    const { tape, vals, tables } = this;
    const { lv, fv, lvStride } = tables;
    const minL = gather(vals, tape.listReg.data, 0, tape.listTgt.length, lv, lvStride);
    let minF = 1;
    const stride = tape.stride;
    for (const f of this.factorBlocks) minF = Math.min(minF, gather(vals, tape.blockReg.data, f * stride, (f + 1) * stride, fv, 1));
    const start = tables.a;
    for (let k = 0; k < tape.initId.length; k++) {
      const id = tape.initId.data[k] ?? 0;
      start[id] = (start[id] ?? 0) + (vals[tape.initReg.data[k] ?? 0] ?? 0);
    }
    const starts = tape.dayStart.data;
    const H = model.days;
    for (let d = 1; d <= H; d++) {
      const minP = tables.day(starts[d - 1] ?? 0, starts[d] ?? 0);
      if (!(minP * minL * minF > 0)) {
        tables.clear();
        return undefined;
      }
    }
    const a = tables.a;
    const M = model.machineIds.length;
    const outcomes = new Float64Array(model.outcomes.length);
    const finalStates = new Float64Array(model.stateNames.length);
    const ids = tape.finalIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? 0;
      const p = a[id] ?? 0;
      a[id] = 0;
      for (let m = 0; m < M; m++) {
        const s = tape.finalStates[i * M + m] ?? 0;
        finalStates[s] = (finalStates[s] ?? 0) + p;
      }
      const k = tape.finalOutcome[i] ?? 0;
      outcomes[k] = (outcomes[k] ?? 0) + p;
    }
    // As the solver does (observe.ts), so that a replay stays bit for bit a solve.
    atMostOne(outcomes);
    atMostOne(finalStates);
    const groups = new Float64Array(model.groups.length);
    model.outcomes.forEach((o, i) => { if (o.group >= 0) groups[o.group] = (groups[o.group] ?? 0) + (outcomes[i] ?? 0); });
    atMostOne(groups);
    return { outcomes, groups, finalStates, peakStates: tape.peak, keySpace: layout.keySpace };
  }
}

/**
 * Copies `vals[regs[e]]` to `out[e × stride]` for `e` in `from … to - 1`
 * and returns the least positive value copied (1 when none). Small and
 * alone so that it is compiled early and tightly.
 */
function gather(vals: Float64Array, regs: Int32Array, from: number, to: number, out: Float64Array, stride: number): number {
  let min = 1;
  for (let e = from; e < to; e++) {
    const v = vals[regs[e] ?? 0] ?? 0;
    out[e * stride] = v;
    if (v > 0 && v < min) min = v;
  }
  return min;
}

/** Recomputes every product and `1 − x` of `prog` (triples: register, a, b; b < 0: one minus a) in order. */
function compute(vals: Float64Array, prog: Int32Array): void {
  for (let i = 0; i < prog.length; i += 3) {
    const r = prog[i] ?? 0;
    const b = prog[i + 2] ?? 0;
    vals[r] = b < 0 ? 1 - (vals[prog[i + 1] ?? 0] ?? 0) : (vals[prog[i + 1] ?? 0] ?? 0) * (vals[b] ?? 0);
  }
}

/** Whether every register is on its recorded side of 0: positive (and finite) where it was, exactly 0 where it was. */
function sameSides(vals: Float64Array, rec: Float64Array): boolean {
  for (let r = 0; r < vals.length; r++) {
    const v = vals[r] ?? 0;
    if ((rec[r] ?? 0) > 0 ? !(v > 0 && v <= Number.MAX_VALUE) : v !== 0) return false;
  }
  return true;
}
