/**
 * The immediate phase (docs/semantics.md): from one joint state, rounds of
 * `when` transitions until a round changes nothing, every round's branches
 * multiplied out; each settled joint state is appended, with its
 * probability, to the successor list being built (successors.ts). Works in
 * place on one joint state (restored after each branch) with buffers
 * allocated once; guards' outcomes come from their cache (guards.ts) and a
 * joint state's settled outcome is remembered (memo.ts), because the same
 * post-timed states recur. Mutable; one instance per solve.
 * @module
 */
import type { ExactContext } from "./context.js";
import { Guards } from "./guards.js";
import { SettleMemo } from "./memo.js";
import type { Records } from "./records.js";
import type { Successors } from "./successors.js";
import type { TapeRecorder } from "./tape.js";
import { REG_ONE } from "./tapeRegisters.js";
import type { Transitions } from "./transitions.js";

/** The joint state being settled, kept in step with the context's frame. */
export class Settler {
  /** Per machine: its state. */
  readonly state: Int32Array;
  /** Per machine: its clock (days in state today). */
  readonly clock: Int32Array;
  /** The visited mask. */
  mask = 0;
  /** The key of (`state`, `clock`, `mask`). */
  key = 0;

  /** Per round depth, per firing machine (`depth × M + i`): the machine, its `when` transition and its branch count. */
  private readonly firedMachine: Int32Array;
  private readonly firedTransition: Int32Array;
  private readonly firedCount: Int32Array;
  /** Per round depth, per machine slot: the branch being tried, and the machine's state and clock before the round. */
  private readonly branch: Int32Array;
  private readonly savedState: Int32Array;
  private readonly savedClock: Int32Array;
  /** Per round depth, per machine slot, per branch (`(depth × M + i) × width + b`): its probability. */
  private readonly branchProb: Float64Array;
  /** When the solve is recorded (tape.ts): the recorder, and each branch probability's register. */
  tape: TapeRecorder | undefined;
  private readonly branchReg: Int32Array;
  /** The most branches of any transition. */
  private readonly width: number;

  private readonly memo: SettleMemo;
  /** The guards' outcomes, cached (shared with the day step). */
  readonly guards: Guards;

  /** `memo` (empty) may come from an earlier solve with the same layout; by default a new one. */
  constructor(private readonly ctx: ExactContext, private readonly tr: Transitions,
    private readonly records: Records, private readonly out: Successors, memo?: SettleMemo) {
    this.memo = memo ?? new SettleMemo(ctx.L.keySpace);
    this.guards = new Guards(ctx, tr);
    const { M, n } = ctx;
    this.state = new Int32Array(M);
    this.clock = new Int32Array(M);
    let width = 1;
    for (const t of tr.list) width = Math.max(width, t.targets.length);
    this.width = width;
    // A machine moves at most n - 1 times in one immediate phase, so rounds nest at most n deep.
    const slots = (n + 2) * M;
    this.firedMachine = new Int32Array(slots);
    this.firedTransition = new Int32Array(slots);
    this.firedCount = new Int32Array(slots);
    this.branch = new Int32Array(slots);
    this.savedState = new Int32Array(slots);
    this.savedClock = new Int32Array(slots);
    this.branchProb = new Float64Array(slots * width);
    this.branchReg = new Int32Array(slots * width);
  }

  /** Forgets the remembered outcomes (they name record ids, which compaction renumbers). */
  forget(): void {
    this.memo.reset();
  }

  /** Appends the current joint state, with probability `p`, to the list being built. */
  emit(p: number, reg = 0): void {
    if (p === 0) return;
    this.out.push(this.records.idOf(this.key, this.state, this.clock, this.mask), p, reg);
  }

  /**
   * Settles the current joint state (probability `q`) on `day` into the
   * list being built, replaying the memo when it knows the state, else
   * settling it and remembering the outcome. Lowers the context's `until`
   * to the outcome's.
   */
  settleRemembered(day: number, q: number, qReg = 0): void {
    const { ctx, memo, out } = this;
    const slot = memo.find(this.key, day);
    if (slot >= 0) {
      memo.replay(slot, q, out, this.tape, qReg);
      ctx.until = Math.min(ctx.until, memo.lastDay(slot));
      return;
    }
    this.settleAndRemember(day, q, qReg);
  }

  /** Settles the current joint state (probability `q`) into the list being built, remembering the outcome. */
  private settleAndRemember(day: number, q: number, qReg: number): void {
    const { ctx, memo, out, tape } = this;
    const outer = ctx.until;
    ctx.until = ctx.model.days;
    const from = out.end;
    this.settle(day, 1, 0, REG_ONE);
    memo.store(this.key, out, from, out.end, ctx.until);
    for (let j = from; j < out.end; j++) out.probs[j] = q * (out.probs[j] ?? 0);
    if (tape !== undefined) for (let j = from; j < out.end; j++) out.regs[j] = tape.mul(qReg, out.regs[j] ?? 0, out.probs[j] ?? 0);
    ctx.until = Math.min(outer, ctx.until);
  }

  /**
   * Settles the current joint state (probability `p`) on `day` into the
   * list being built; `depth` is the round (0 first). The frame must mirror
   * the joint state (states, entry days `day - clock`, visited flags of
   * `mask`); it does again on return.
   */
  settle(day: number, p: number, depth: number, pReg = REG_ONE): void {
    const { ctx, tr, state, clock, width, tape } = this;
    const M = ctx.M;
    // Acyclic per machine, so fewer rounds than states: past that, a bug, failed loudly rather than recursed on.
    if (depth > ctx.n + 1) throw new Error(`internal: the exact solver exceeded its step bound (${ctx.n + 1} immediate rounds on day ${day})`);
    const f = ctx.frame;
    // Which machines fire this round: the first `when` transition whose guard holds, per machine.
    const at = depth * M;
    let fired = 0;
    for (let m = 0; m < M; m++) {
      const s = state[m] ?? 0;
      const j = this.guards.first(m, state, clock, this.mask, day);
      if (j >= 0) {
        const slot = at + fired;
        const from = tr.branchProbs(j);
        const k = (tr.probAt[j + 1] ?? 0) - from;
        for (let b = 0; b < k; b++) this.branchProb[slot * width + b] = tr.probs[from + b] ?? 0;
        if (tape !== undefined) for (let b = 0; b < k; b++) this.branchReg[slot * width + b] = tr.brReg[from + b] ?? 0;
        this.firedMachine[slot] = m;
        this.firedTransition[slot] = j;
        this.firedCount[slot] = k;
        this.branch[slot] = 0;
        this.savedState[slot] = s;
        this.savedClock[slot] = clock[m] ?? 0;
        fired++;
      }
    }
    if (fired === 0) {
      this.emit(p, pReg);
      return;
    }
    // Multiply out the branches of every machine that fires (the first one's branch varying fastest).
    const key0 = this.key;
    const mask0 = this.mask;
    for (;;) {
      let q = p;
      let qReg = pReg;
      let key = key0;
      let mask = mask0;
      for (let i = 0; i < fired; i++) {
        const slot = at + i;
        const m = this.firedMachine[slot] ?? 0;
        const b = this.branch[slot] ?? 0;
        q *= this.branchProb[slot * width + b] ?? 0;
        if (tape !== undefined) qReg = tape.mul(qReg, this.branchReg[slot * width + b] ?? 0, q);
        const to = tr.list[this.firedTransition[slot] ?? 0]?.targets[b] ?? 0;
        const from = this.savedState[slot] ?? 0;
        key += (ctx.entryKey[to] ?? 0) - (ctx.entryKey[from] ?? 0) - (ctx.L.place[m] ?? 0) * (this.savedClock[slot] ?? 0);
        const bit = ctx.bitMask[to] ?? 0;
        if ((mask & bit) === 0 && bit !== 0) {
          mask |= bit;
          key += ctx.bitKey[to] ?? 0;
        }
        state[m] = to;
        clock[m] = 0;
        f.state[m] = to;
        f.entry[m] = day;
      }
      if (q > 0) {
        this.key = key;
        this.mask = mask;
        setFlags(ctx, (mask & ~mask0) >>> 0, 1);
        this.settle(day, q, depth + 1, qReg);
        setFlags(ctx, (mask & ~mask0) >>> 0, 0);
      }
      let i = 0;
      for (; i < fired; i++) {
        const slot = at + i;
        const next = (this.branch[slot] ?? 0) + 1;
        if (next < (this.firedCount[slot] ?? 0)) { this.branch[slot] = next; break; }
        this.branch[slot] = 0;
      }
      if (i === fired) break;
    }
    // Restore the joint state and the frame as they were on entry.
    for (let i = 0; i < fired; i++) {
      const slot = at + i;
      const m = this.firedMachine[slot] ?? 0;
      const s = this.savedState[slot] ?? 0;
      const c = this.savedClock[slot] ?? 0;
      state[m] = s;
      clock[m] = c;
      f.state[m] = s;
      f.entry[m] = day - c;
    }
    this.key = key0;
    this.mask = mask0;
  }
}

/** Sets to `flag` the frame's visited flags of the mask bits set in `bits`. */
export function setFlags(ctx: ExactContext, bits: number, flag: number): void {
  const vs = ctx.L.visitedStates;
  const visited = ctx.frame.visited;
  let rest = bits;
  while (rest !== 0) {
    const i = 31 - Math.clz32(rest);
    visited[vs[i] ?? 0] = flag;
    rest = (rest & ~(1 << i)) >>> 0;
  }
}
