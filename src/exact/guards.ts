/**
 * The outcome of a state's `when` guards, cached per context (contexts.ts):
 * which of its `when` transitions is the first whose guard holds, or none.
 * Why: guards are tried wherever the solver works out a successor list, and
 * the same few contexts come up again and again; a guard that reads the day
 * is otherwise probed ahead (context.ts, `limitBy`) at every try. An entry
 * holds through the last day its guards keep their truth values. Mutable;
 * one instance per solve.
 * @module
 */
import type { ExactContext } from "./context.js";
import { guardContexts, type ContextNumbering } from "./contexts.js";
import type { Transitions } from "./transitions.js";

/** Cached guard outcomes. */
export class Guards {
  private readonly contexts: ContextNumbering;
  /** Per context: the first holding `when` transition (-1: none). */
  private readonly holding: Int32Array;
  /** Per context: the last day that holds (-1: not worked out). */
  private readonly until: Int32Array;

  constructor(private readonly ctx: ExactContext, private readonly tr: Transitions) {
    this.contexts = guardContexts(ctx, tr);
    this.holding = new Int32Array(this.contexts.size);
    this.until = new Int32Array(this.contexts.size).fill(-1);
  }

  /**
   * The first `when` transition of machine `m`'s state whose guard holds in
   * the joint state (`states`, `clocks` as days in state, `mask`) on `day`,
   * or -1. The frame must show that joint state, at least as far as the
   * guards read it. Lowers the context's `until` to the outcome's.
   */
  first(m: number, states: Int32Array, clocks: Int32Array, mask: number, day: number): number {
    const { ctx, tr } = this;
    const s = states[m] ?? 0;
    const from = tr.whenFirst[s] ?? 0;
    const end = tr.timedFirst[s + 1] ?? 0;
    if (from === end) return -1;
    const i = this.contexts.indexOf(m, states, clocks[m] ?? 0, mask);
    if (i >= 0) {
      const until = this.until[i] ?? -1;
      if (until >= day) {
        if (until < ctx.until) ctx.until = until;
        return this.holding[i] ?? -1;
      }
    }
    return this.evaluate(i, from, end);
  }

  /**
   * Tries the guards of `from … end - 1` against the frame and caches the
   * outcome in context `i` (when cached). Kept apart from {@link first} so
   * that the common case stays small where the compiler inlines it.
   */
  private evaluate(i: number, from: number, end: number): number {
    const { ctx, tr } = this;
    const outer = ctx.until;
    ctx.until = ctx.model.days;
    let found = -1;
    for (let j = from; j < end; j++) {
      if (tr.list[j]?.trigger.kind === "when" && tr.holds(j)) {
        found = j;
        break;
      }
    }
    if (i >= 0) {
      this.holding[i] = found;
      this.until[i] = ctx.until;
    }
    ctx.until = Math.min(outer, ctx.until);
    return found;
  }
}
