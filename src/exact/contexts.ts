/**
 * Numbers the contexts that determine what the solver caches per machine
 * state: a machine's timed options (timed.ts) and the outcome of its guards
 * (guards.ts). For a machine in state `s`, a context is its clock (when what
 * is cached reads it), the states of the other machines the expressions
 * read, and some visited bits. Each state gets a dense range of context
 * indices; a state whose range would be too large is not cached. Pure after
 * construction.
 * @module
 */
import type { CompiledExpr } from "../model/expr.js";
import type { ExactContext } from "./context.js";
import type { Transitions } from "./transitions.js";

/** The most contexts one state may have to be cached. */
const STATE_CONTEXTS = 1 << 15;
/** The most cached entries (contexts × entries per context) over all states: a few tens of MB at most. */
const TOTAL_ENTRIES = 1 << 20;

/** What a state's cached value depends on. */
interface Dependencies {
  /** The other machines whose states count. */
  readonly machines: Set<number>;
  /** The visited bits that count. */
  readonly bits: Set<number>;
  /** The largest clock that counts (0: the clock does not). */
  readonly clocks: number;
}

/** A numbering of contexts. */
export class ContextNumbering {
  /** The number of contexts numbered. */
  readonly size: number;
  /** Per state: its first context index, or -1 when not cached. */
  private readonly first: Int32Array;
  /** Per state: 1 when its clock counts. */
  private readonly clocked: Uint8Array;
  /** Per state `s`: its dependencies are `depFirst[s] … depFirst[s + 1] - 1`. */
  private readonly depFirst: Int32Array;
  /** Per dependency: a machine index (its local state counts), or `-1 - bit` (a visited bit counts). */
  private readonly dep: Int32Array;
  /** Per dependency: its multiplier in the context index. */
  private readonly mult: Int32Array;

  /**
   * Numbers the contexts of each state with dependencies (`undefined`:
   * nothing cached for that state), within a budget of `perContext` entries
   * cached per context.
   */
  constructor(private readonly ctx: ExactContext, depsOf: (s: number) => Dependencies | undefined, perContext: number) {
    const budget = Math.floor(TOTAL_ENTRIES / Math.max(1, perContext));
    const { model, n } = ctx;
    this.first = new Int32Array(n).fill(-1);
    this.clocked = new Uint8Array(n);
    this.depFirst = new Int32Array(n + 1);
    const deps: number[] = [];
    const mults: number[] = [];
    let total = 0;
    for (let s = 0; s < n; s++) {
      this.depFirst[s] = deps.length;
      const d = depsOf(s);
      if (d === undefined) continue;
      // Index = first + clock + (clocks + 1) × (mixed-radix number of the dependencies).
      let size = d.clocks + 1;
      this.clocked[s] = d.clocks > 0 ? 1 : 0;
      const start = deps.length;
      for (const r of [...d.machines].sort((a, b) => a - b)) {
        deps.push(r);
        mults.push(size);
        size *= (model.stateOffset[r + 1] ?? 0) - (model.stateOffset[r] ?? 0);
      }
      for (const b of [...d.bits].sort((a, b2) => a - b2)) {
        deps.push(-1 - b);
        mults.push(size);
        size *= 2;
      }
      if (size > STATE_CONTEXTS || total + size > budget) {
        deps.length = start;
        mults.length = start;
        continue;
      }
      this.first[s] = total;
      total += size;
    }
    this.depFirst[n] = deps.length;
    this.dep = Int32Array.from(deps);
    this.mult = Int32Array.from(mults);
    this.size = total;
  }

  /** The context index of machine `m` in the joint state (`states`, its clock `c`, `mask`), or -1 when its state is not cached. */
  indexOf(m: number, states: Int32Array, c: number, mask: number): number {
    const s = states[m] ?? 0;
    let i = this.first[s] ?? -1;
    if (i < 0) return -1;
    if (this.clocked[s] === 1) i += c;
    const end = this.depFirst[s + 1] ?? 0;
    const offset = this.ctx.model.stateOffset;
    for (let k = this.depFirst[s] ?? 0; k < end; k++) {
      const r = this.dep[k] ?? 0;
      const digit = r >= 0 ? (states[r] ?? 0) - (offset[r] ?? 0) : (mask >>> (-1 - r)) & 1;
      i += digit * (this.mult[k] ?? 0);
    }
    return i;
  }
}

/** Adds what `e` reads (other than machine `m`'s own state) to `d`. */
function read(d: Dependencies, ctx: ExactContext, m: number, e: CompiledExpr | undefined): void {
  if (e === undefined || e.constant !== undefined) return;
  for (const r of e.machines) if (r !== m) d.machines.add(r);
  for (const v of e.visitedStates) {
    const b = ctx.L.visitedBit[v] ?? -1;
    if (b >= 0) d.bits.add(b);
  }
}

/**
 * Contexts of timed options: the clock (up to the state's cap), what the
 * hazards and dynamic weights of the state's timed transitions read, and the
 * visited bits its targets would set (an option's key change depends on
 * them); `stride` options are cached per context. Pure.
 */
export function optionContexts(ctx: ExactContext, tr: Transitions, stride: number): ContextNumbering {
  return new ContextNumbering(ctx, (s) => {
    const m = ctx.model.stateMachine[s] ?? 0;
    const d: Dependencies = { machines: new Set(), bits: new Set(), clocks: ctx.L.clockCap[s] ?? 0 };
    for (let j = tr.timedFirst[s] ?? 0; j < (tr.whenFirst[s] ?? 0); j++) {
      const t = tr.list[j];
      if (t === undefined) continue;
      if (t.trigger.kind === "hazard") read(d, ctx, m, t.trigger.hazard);
      if (t.weightsDynamic) for (const w of t.weights) read(d, ctx, m, w);
      for (const to of t.targets) {
        const b = ctx.L.visitedBit[to] ?? -1;
        if (b >= 0) d.bits.add(b);
      }
    }
    return d;
  }, stride);
}

/**
 * Contexts of guards, for states with `when` transitions: what the guards
 * read, and the clock when one reads `daysInState`. Pure.
 */
export function guardContexts(ctx: ExactContext, tr: Transitions): ContextNumbering {
  return new ContextNumbering(ctx, (s) => {
    const first = tr.whenFirst[s] ?? 0;
    const end = tr.timedFirst[s + 1] ?? 0;
    if (first === end) return undefined;
    const m = ctx.model.stateMachine[s] ?? 0;
    const d: Dependencies = { machines: new Set(), bits: new Set(), clocks: 0 };
    let clocks = 0;
    for (let j = first; j < end; j++) {
      const t = tr.list[j];
      if (t?.trigger.kind !== "when") continue;
      read(d, ctx, m, t.trigger.guard);
      if (t.trigger.guard.readsDaysInState) clocks = ctx.L.clockCap[s] ?? 0;
    }
    return { ...d, clocks };
  }, 1);
}
