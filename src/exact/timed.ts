/**
 * The timed phase of one machine in one joint state: its options for the
 * day (stay, or fire a transition to one of its targets), each with its
 * probability and what it does to the joint state's key.
 *
 * Why cached: a machine's options depend only on its own state and clock,
 * the states of the machines its hazards and weights read, a few visited
 * bits and (for windows and expressions that read time) the day, so most of
 * a day's joint states share them. Each such context has its own block of
 * options, built on first use (against the start-of-day snapshot, exactly
 * as the definition evaluates it) and reused for as long as nothing in it
 * changes with the day (a window's conditional hazard, an expression that
 * reads the day). Mutable; one instance per solve.
 * @module
 */
import { conditionalHazard } from "../model/distributions.js";
import type { ExactContext } from "./context.js";
import type { SpreadKernel } from "./spreadKernel.js";
import type { Transitions } from "./transitions.js";
import { optionContexts, type ContextNumbering } from "./contexts.js";
import type { TapeRecorder } from "./tape.js";
import { REG_ONE, REG_ZERO } from "./tapeRegisters.js";

const WINDOW = 0;
const DELAY = 1;
const HAZARD = 2;
const NEVER = 3;

/**
 * Options of every machine, in blocks of {@link TimedOptions.stride} at
 * offsets returned by {@link TimedOptions.find}: one option per branch of
 * each timed transition, in priority order, then staying. Why every branch,
 * even one not taken today: a successor list that leaves a machine's
 * probabilities out (step.ts) can then point at its options by position and
 * stay right however the probabilities move.
 */
export class TimedOptions {
  /** The most options one machine can have in one state (stay + every branch of every timed transition). */
  readonly stride: number;
  /** Per block (offset / stride): how many options it holds. */
  readonly count: Int32Array;
  /** Per option: its probability. */
  readonly prob: Float64Array;
  /** Per option: the machine's state after the timed phase. */
  readonly state: Int32Array;
  /** Per option: the machine's clock (days in state, capped) after the timed phase. */
  readonly clock: Int32Array;
  /** Per option: what it adds to the joint state's key (digit change plus any newly set visited bit). */
  readonly keyDelta: Float64Array;
  /** Per option: the bit it newly sets in the visited mask (0 when none). */
  readonly newBit: Int32Array;

  /** Per transition (indexed as in {@link Transitions}): WINDOW, DELAY, HAZARD or NEVER. */
  private readonly kind: Uint8Array;
  /** Per transition: today's conditional hazard when it is a window. */
  private readonly windowQ: Float64Array;
  /** Per delay transition: conditional hazards by days in state (index = days in state). */
  private readonly delayQ: (Float64Array | undefined)[] = [];
  private readonly contexts: ContextNumbering;
  /** Per block: the last day it holds for (-1: never built). */
  readonly until: Int32Array;
  /**
   * Per block: bit `k` set when option `k` (`k < 31`) has a positive
   * probability. The options' order, states and key changes are fixed per
   * context; only probabilities change with the day, and an option not
   * taken has probability 0.
   */
  readonly present: Int32Array;
  private day = 0;
  /** When the solve is recorded (tape.ts): the recorder, each option's register and each block's current instance. */
  readonly tape: TapeRecorder | undefined;
  readonly reg: Int32Array;
  readonly blockInst: Int32Array;
  /** When the day step spreads in WebAssembly (spreadKernel.ts): the kernel, handed every block's probabilities as built. */
  mirror: SpreadKernel | undefined = undefined;

  constructor(private readonly ctx: ExactContext, private readonly tr: Transitions) {
    const { n } = ctx;
    let stride = 1;
    for (let s = 0; s < n; s++) {
      let k = 1;
      for (let j = tr.timedFirst[s] ?? 0; j < (tr.whenFirst[s] ?? 0); j++) k += tr.list[j]?.targets.length ?? 0;
      stride = Math.max(stride, k);
    }
    this.stride = stride;
    const count = tr.list.length;
    this.kind = new Uint8Array(count).fill(NEVER);
    this.windowQ = new Float64Array(count);
    tr.list.forEach((t, j) => {
      const trig = t.trigger;
      switch (trig.kind) {
        case "window": this.kind[j] = WINDOW; break;
        case "hazard": this.kind[j] = HAZARD; break;
        case "when": break;
        case "delay": {
          this.kind[j] = DELAY;
          // Days in state on the day the transition is tried run from 1 to the source's clock cap + 1.
          const top = (ctx.L.clockCap[t.source] ?? 0) + 1;
          const q = new Float64Array(top + 1);
          for (let d = 1; d <= top; d++) q[d] = conditionalHazard(trig.dist, d);
          this.delayQ[j] = q;
          break;
        }
        default: trig satisfies never;
      }
    });
    this.contexts = optionContexts(ctx, tr, stride);
    // One block per context, then one scratch block per machine for states not cached.
    const blocks = this.contexts.size + ctx.M;
    this.until = new Int32Array(blocks).fill(-1);
    this.present = new Int32Array(blocks);
    this.count = new Int32Array(blocks);
    this.prob = new Float64Array(blocks * stride);
    this.state = new Int32Array(blocks * stride);
    this.clock = new Int32Array(blocks * stride);
    this.keyDelta = new Float64Array(blocks * stride);
    this.newBit = new Int32Array(blocks * stride);
    this.tape = tr.tape;
    if (this.tape !== undefined) this.tape.stride = stride;
    this.reg = new Int32Array(this.tape === undefined ? 0 : blocks * stride);
    this.blockInst = new Int32Array(this.tape === undefined ? 0 : blocks);
  }

  /** Tabulates the windows' conditional hazards for `day`. */
  startDay(day: number): void {
    this.day = day;
    this.tr.list.forEach((t, j) => {
      if (t.trigger.kind === "window") this.windowQ[j] = conditionalHazard(t.trigger.dist, day);
    });
  }

  /**
   * The offset of machine `m`'s options today in the joint state (`states`,
   * `c` = machine m's stored clock, `mask`), or -1 when they must first be
   * built with {@link build}.
   */
  find(m: number, states: Int32Array, c: number, mask: number): number {
    const i = this.contexts.indexOf(m, states, c, mask);
    if (i < 0 || (this.until[i] ?? -1) < this.day) return -1;
    return i * this.stride;
  }

  /** Whether `block` (a cached context's) holds today. */
  current(block: number): boolean {
    return (this.until[block] ?? -1) >= this.day;
  }

  /** Whether `block` is a cached context's (else a scratch block, overwritten by the next build). */
  cached(block: number): boolean {
    return block < this.contexts.size;
  }

  /**
   * Builds machine `m`'s options today in the joint state (`states`, clock
   * `c`, `mask`) and returns their offset. The block's {@link until} says how
   * long they hold and {@link present} which have a positive probability.
   * The frame must hold the start-of-day snapshot (hazards and branch
   * weights are evaluated against it, exactly where the definition
   * evaluates them). Leaves the context's `until` as it was.
   */
  build(m: number, states: Int32Array, c: number, mask: number): number {
    const { ctx, tr, stride } = this;
    const s = states[m] ?? 0;
    const i = this.contexts.indexOf(m, states, c, mask);
    const block = i >= 0 ? i : this.contexts.size + m;
    const outer = ctx.until;
    ctx.until = ctx.model.days;
    const place = ctx.L.place[m] ?? 0;
    const base = block * stride;
    let n = base;
    let survive = 1;
    let present = 0;
    const digitKey = (ctx.entryKey[s] ?? 0) + place * c;
    const end = tr.whenFirst[s] ?? 0;
    // When recording (tape.ts): the registers of `survive` and `fire`, each computed before the solver tests it.
    const tape = this.tape;
    let surviveReg = REG_ONE;
    for (let j = tr.timedFirst[s] ?? 0; j < end; j++) {
      const targets = tr.list[j]?.targets;
      if (targets === undefined) continue;
      // Every branch has its slot; one not taken today keeps probability 0 (and nothing is evaluated for it).
      let fire = 0;
      let at = 0;
      let fireReg = REG_ZERO;
      // A hazard is defined (and checked) on every day its state is held, even when an earlier
      // transition is certain to fire, as the Monte Carlo engine checks it (semantics.md).
      const h = this.kind[j] === HAZARD ? tr.hazard(j) : 0;
      if (survive > 0) {
        let q: number;
        let qReg = REG_ZERO;
        switch (this.kind[j]) {
          case WINDOW: q = this.windowQ[j] ?? 0; this.limitByWindow(j, q); if (tape !== undefined) qReg = tape.constant(q); break;
          case DELAY: q = this.delayQ[j]?.[c + 1] ?? 0; if (tape !== undefined) qReg = tape.delay(j, c + 1, q); break;
          case HAZARD: q = h; qReg = tr.lastReg; break;
          default: q = 0;
        }
        if (q > 0) {
          fire = survive * q;
          survive *= 1 - q;
          at = tr.branchProbs(j);
          if (tape !== undefined) {
            fireReg = tape.mul(surviveReg, qReg, fire);
            surviveReg = tape.mul(surviveReg, tape.oneMinus(qReg, 1 - q), survive);
          }
        }
      }
      for (let b = 0; b < targets.length; b++, n++) {
        const pb = fire > 0 ? fire * (tr.probs[at + b] ?? 0) : 0;
        if (tape !== undefined) this.reg[n] = fire > 0 ? tape.mul(fireReg, tr.brReg[at + b] ?? 0, pb) : REG_ZERO;
        const to = targets[b] ?? 0;
        const bit = ctx.bitMask[to] ?? 0;
        const fresh = (mask & bit) === 0 ? bit : 0;
        this.prob[n] = pb > 0 ? pb : 0;
        if (pb > 0 && n - base < 31) present |= 1 << (n - base);
        this.state[n] = to;
        this.clock[n] = 0;
        this.keyDelta[n] = (ctx.entryKey[to] ?? 0) - digitKey + (fresh !== 0 ? ctx.bitKey[to] ?? 0 : 0);
        this.newBit[n] = fresh;
      }
    }
    const c1 = Math.min(c + 1, ctx.L.clockCap[s] ?? 0);
    this.prob[n] = survive > 0 ? survive : 0;
    if (tape !== undefined) this.reg[n] = surviveReg;
    if (survive > 0 && n - base < 31) present |= 1 << (n - base);
    this.state[n] = s;
    this.clock[n] = c1;
    this.keyDelta[n] = place * (c1 - c);
    this.newBit[n] = 0;
    n++;
    this.count[block] = n - base;
    this.present[block] = present;
    this.until[block] = ctx.until;
    ctx.until = outer;
    if (tape !== undefined) this.blockInst[block] = tape.block(this.reg, this.prob, base, n - base);
    this.mirror?.block(block, this.until[block] ?? -1, present, this.prob, base, n - base);
    return base;
  }

  /** Lowers the context's `until` to the last day window `j`'s conditional hazard stays `q`. */
  private limitByWindow(j: number, q: number): void {
    const t = this.tr.list[j];
    if (t?.trigger.kind !== "window") return;
    const { ctx } = this;
    let d = this.day;
    while (d < ctx.until && conditionalHazard(t.trigger.dist, d + 1) === q) d++;
    ctx.until = d;
  }
}
