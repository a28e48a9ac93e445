/**
 * Works out one joint state's successor list (successors.ts): its machines'
 * timed options multiplied out as a tree, one machine per level in the
 * guard order (order.ts), each combination then through the immediate
 * phase. Each level carries the partial probability, key (the joint state's
 * key plus each option's delta, so nothing is encoded) and visited mask; a
 * guard is evaluated once, at the level where every machine it reads is
 * fixed, and the immediate phase (settle.ts) runs only for the combinations
 * where some guard holds. Mutable buffers; one instance per solve.
 * @module
 */
import { WorkLimitReached, type ExactContext } from "./context.js";
import type { GuardOrder } from "./order.js";
import { setFlags, type Settler } from "./settle.js";
import type { Successors } from "./successors.js";
import type { TapeRecorder } from "./tape.js";
import { REG_ONE } from "./tapeRegisters.js";
import type { TimedOptions } from "./timed.js";

/** Multiplies out the options of one joint state into the list being built. */
export class Expander {
  /** Per level: the offset of its machine's options (set by the caller). */
  readonly optAt: Int32Array;
  /** Per level: how many options its machine has (set by the caller). */
  readonly countAt: Int32Array;
  /** The level whose machine's option probabilities the list leaves out, recording each option's offset instead (-1: none). */
  factorLevel = -1;
  /** Per level: the option being tried. */
  private readonly pick: Int32Array;
  /**
   * At `level + 1`: the probability, key, visited mask and number of holding
   * guards with every level up to `level` fixed; at 0, the joint state's own
   * (so no level reads its parent through a branch, and the innermost level
   * reads its prefix here rather than as arguments, which V8 would box).
   */
  private readonly qAt: Float64Array;
  private readonly keyAt: Float64Array;
  private readonly maskAt: Int32Array;
  private readonly firingAt: Int32Array;
  /**
   * Per level: the guard level (order.ts) of the state its option puts its
   * machine in (-1: none), and how many levels up to it have the last
   * level as theirs. Why kept per level: the guards due at a level, and
   * whether the last level must evaluate guards at all, are then read off
   * without going through each level's machine and state again. (`lastDueAt`
   * as the prefixes: at `level + 1`, 0 at the root.)
   */
  private readonly glAt: Int32Array;
  private readonly lastDueAt: Int32Array;
  /** When the solve is recorded (tape.ts): as the prefixes, the register of the probability. */
  private readonly regAt: Int32Array;
  private readonly tape: TapeRecorder | undefined;

  constructor(private readonly ctx: ExactContext, private readonly settler: Settler, private readonly options: TimedOptions,
    private readonly order: GuardOrder, private readonly lists: Successors) {
    const M = ctx.M;
    this.optAt = new Int32Array(M);
    this.countAt = new Int32Array(M);
    this.pick = new Int32Array(M);
    this.qAt = new Float64Array(M + 1);
    this.keyAt = new Float64Array(M + 1);
    this.maskAt = new Int32Array(M + 1);
    this.firingAt = new Int32Array(M + 1);
    this.glAt = new Int32Array(M);
    this.lastDueAt = new Int32Array(M + 1);
    this.regAt = new Int32Array(M + 1);
    this.tape = options.tape;
  }

  /**
   * Multiplies out the options of the joint state (probability `p`, `key`,
   * `mask`) on `day` into the list being built. The frame's visited flags
   * must hold `mask`; the frame's states and entry days are set per level.
   */
  expand(day: number, p: number, key: number, mask: number, pReg = REG_ONE): void {
    const { ctx, settler, options, pick, qAt, keyAt, maskAt, firingAt, optAt, countAt, tape, regAt, glAt, lastDueAt, factorLevel } = this;
    const guards = settler.guards;
    const M = ctx.M;
    const f = ctx.frame;
    const { machineAt, guardLevel } = this.order;
    const { prob, keyDelta, newBit } = options;
    const last = M - 1;
    // The work budget is checked once per joint state expanded: cheap, and often enough to stop within a fraction of a second.
    if (ctx.work > ctx.maxWork) throw new WorkLimitReached(ctx.work);
    qAt[0] = p;
    keyAt[0] = key;
    maskAt[0] = mask;
    firingAt[0] = 0;
    lastDueAt[0] = 0;
    regAt[0] = pReg;
    if (last === 0) {
      this.sweep(day);
      return;
    }
    let level = 0;
    pick[0] = -1;
    while (level >= 0) {
      const m = machineAt[level] ?? 0;
      const base = optAt[level] ?? 0;
      let k = pick[level] ?? 0;
      if (k >= 0) {
        const b = newBit[base + k] ?? 0;
        if (b !== 0) setFlags(ctx, b, 0);
      }
      k++;
      if (k >= (countAt[level] ?? 0)) {
        level--;
        continue;
      }
      pick[level] = k;
      ctx.work++;
      const o = base + k;
      // An option not taken today, or a zero product (it stays zero below): the definition skips them.
      // (Undoing the visited flag of a skipped option next time round is harmless: it was clear.)
      let pr = prob[o] ?? 0;
      if (!(pr > 0)) continue;
      let prReg = tape !== undefined ? options.reg[o] ?? 0 : 0;
      if (level === factorLevel) {
        pr = 1;
        prReg = REG_ONE;
        this.lists.ref = o;
      }
      const q = (qAt[level] ?? 0) * pr;
      if (tape !== undefined) regAt[level + 1] = tape.mul(regAt[level] ?? 0, prReg, q);
      if (!(q > 0)) continue;
      const s = options.state[o] ?? 0;
      const c = options.clock[o] ?? 0;
      settler.state[m] = s;
      settler.clock[m] = c;
      f.state[m] = s;
      f.entry[m] = day - c;
      const b = newBit[o] ?? 0;
      if (b !== 0) setFlags(ctx, b, 1);
      qAt[level + 1] = q;
      keyAt[level + 1] = (keyAt[level] ?? 0) + (keyDelta[o] ?? 0);
      const levelMask = (maskAt[level] ?? 0) | b;
      maskAt[level + 1] = levelMask;
      const gl = guardLevel[s] ?? -1;
      glAt[level] = gl;
      lastDueAt[level + 1] = (lastDueAt[level] ?? 0) + (gl === last ? 1 : 0);
      // The guards whose inputs are all fixed from this level on.
      let firing = firingAt[level] ?? 0;
      for (let i = 0; i <= level; i++) {
        if (glAt[i] !== level) continue;
        if (guards.first(machineAt[i] ?? 0, settler.state, settler.clock, levelMask, day) >= 0) firing++;
      }
      firingAt[level + 1] = firing;
      if (level < last - 1) {
        level++;
        pick[level] = -1;
        continue;
      }
      this.sweep(day);
    }
  }

  /**
   * The innermost level: each option of the last machine completes a
   * combination (prefix probability, key, mask and guards known to hold at
   * index `last` of the prefixes), which is appended to the list being
   * built, through the immediate phase when some guard holds.
   */
  private sweep(day: number): void {
    const { ctx, settler, options, tape } = this;
    const { machineAt, guardLevel } = this.order;
    const { prob, keyDelta, newBit } = options;
    const last = ctx.M - 1;
    const q0 = this.qAt[last] ?? 0;
    const key0 = this.keyAt[last] ?? 0;
    const mask0 = this.maskAt[last] ?? 0;
    const firing0 = this.firingAt[last] ?? 0;
    const q0Reg = this.regAt[last] ?? 0;
    const m = machineAt[last] ?? 0;
    const base = this.optAt[last] ?? 0;
    const end = base + (this.countAt[last] ?? 0);
    // Whether a fixed machine's guards read this machine (so they must be evaluated per option).
    const pending = (this.lastDueAt[last] ?? 0) > 0;
    const factored = last === this.factorLevel;
    ctx.work += end - base;
    for (let o = base; o < end; o++) {
      const pr = prob[o] ?? 0;
      if (!(pr > 0)) continue;
      if (factored) this.lists.ref = o;
      const q = factored ? q0 : q0 * pr;
      const qReg = tape === undefined ? 0 : factored ? q0Reg : tape.mul(q0Reg, options.reg[o] ?? 0, q);
      if (!(q > 0)) continue;
      const s = options.state[o] ?? 0;
      const c = options.clock[o] ?? 0;
      const b = newBit[o] ?? 0;
      settler.state[m] = s;
      settler.clock[m] = c;
      settler.key = key0 + (keyDelta[o] ?? 0);
      settler.mask = mask0 | b;
      const evaluate = pending || guardLevel[s] === last;
      if (!evaluate && firing0 === 0) settler.emit(q, qReg);
      else this.guarded(day, q, evaluate, firing0, b, qReg);
    }
  }

  /**
   * A combination loaded in the settler where guards matter: evaluates
   * those that read the last machine (when `evaluate`), then appends it,
   * through the immediate phase when some guard holds. `b` is the visited
   * bit the last machine's option newly sets.
   */
  private guarded(day: number, q: number, evaluate: boolean, firing0: number, b: number, qReg: number): void {
    const { ctx, settler } = this;
    const { machineAt, guardLevel } = this.order;
    const last = ctx.M - 1;
    const m = machineAt[last] ?? 0;
    // The frame must show this combination for guards and the immediate phase.
    const f = ctx.frame;
    f.state[m] = settler.state[m] ?? 0;
    f.entry[m] = day - (settler.clock[m] ?? 0);
    if (b !== 0) setFlags(ctx, b, 1);
    let firing = firing0;
    if (evaluate) {
      for (let i = 0; i < last; i++) {
        if (this.glAt[i] !== last) continue;
        if (settler.guards.first(machineAt[i] ?? 0, settler.state, settler.clock, settler.mask, day) >= 0) firing++;
      }
      if (guardLevel[settler.state[m] ?? 0] === last && settler.guards.first(m, settler.state, settler.clock, settler.mask, day) >= 0) firing++;
    }
    if (firing === 0) settler.emit(q, qReg);
    else settler.settleRemembered(day, q, qReg);
    if (b !== 0) setFlags(ctx, b, 0);
  }
}
