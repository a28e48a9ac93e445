/**
 * Conditioning the exact solver on evidence: at the end of each day that
 * has checks (src/evidence/check.ts), the joint states that fail one are
 * dropped and the rest renormalised, so the distribution held is the one
 * conditioned on every check up to that day; the probability of the
 * evidence is the product of the kept shares. Why renormalise each day
 * rather than once at the end: unlikely evidence would otherwise leave
 * probabilities that underflow long before the horizon.
 * Mutable (the probability so far); one instance per solve.
 * @module
 */
import type { Check } from "../evidence/check.js";
import type { ExactContext } from "./context.js";
import type { Layout } from "./layout.js";
import type { Records } from "./records.js";
import type { DayTable } from "./table.js";

/** The global states whose visited flag some check reads (they join the layout's flags). Pure. */
export function observedStates(checks: readonly Check[]): number[] {
  return [...new Set(checks.flatMap((c) => (c.kind === "visited" ? [c.state] : [])))];
}

/**
 * Whether `checks` are well formed for a model with `days` days, `M`
 * machines and `n` global states: a message for the first that is not. Pure.
 */
export function checkProblem(checks: readonly Check[], days: number, M: number, n: number, stateMachine: Int32Array): string | undefined {
  for (const [i, c] of checks.entries()) {
    if (!Number.isInteger(c.day) || c.day < 0 || c.day > days) return `evidence check ${i}: day ${c.day} is outside 0 … ${days}`;
    if (!Number.isInteger(c.state) || c.state < 0 || c.state >= n) return `evidence check ${i}: no state ${c.state}`;
    if (c.kind === "in" && (stateMachine[c.state] ?? -1) !== c.machine) return `evidence check ${i}: state ${c.state} is not a state of machine ${c.machine}`;
    if (c.kind === "in" && (c.machine < 0 || c.machine >= M)) return `evidence check ${i}: no machine ${c.machine}`;
  }
  return undefined;
}

/** Filters a solve's daily distributions by the checks of each day. */
export class EvidenceFilter {
  /** Per day 0 … H: the indices (into the checks) of that day's checks, in their order. */
  private readonly byDay: number[][];
  /** The probability of the checks applied so far (1 before any). */
  probability = 1;

  constructor(private readonly ctx: ExactContext, private readonly records: Records, private readonly checks: readonly Check[], L: Layout) {
    this.byDay = Array.from({ length: ctx.model.days + 1 }, () => []);
    checks.forEach((c, i) => this.byDay[c.day]?.push(i));
    for (const c of checks) {
      if (c.kind === "visited" && (L.visitedBit[c.state] ?? -1) < 0) throw new Error("internal: an observed state has no visited flag in the layout");
    }
  }

  /** Whether day `day` has checks. */
  has(day: number): boolean {
    return (this.byDay[day]?.length ?? 0) > 0;
  }

  /** The first check of the day that record `id` fails (an index into the checks), or -1. */
  private firstFailed(day: number, id: number): number {
    const { ctx, records } = this;
    const M = ctx.M;
    for (const k of this.byDay[day] ?? []) {
      const c = this.checks[k];
      if (c === undefined) continue;
      let holds: boolean;
      switch (c.kind) {
        case "visited": holds = (((records.mask[id] ?? 0) & (ctx.bitMask[c.state] ?? 0)) !== 0) === c.want; break;
        case "in": holds = records.state[id * M + c.machine] === c.state; break;
        default: c satisfies never; holds = false;
      }
      if (!holds) return k;
    }
    return -1;
  }

  /**
   * Writes into `into` (cleared) the joint states of `from` that pass the
   * checks of `day`, renormalised, in `from`'s order, and multiplies
   * {@link probability} by the share kept. Returns -1, or, when no joint
   * state passes (evidence of probability zero), the index of the first
   * check of the day after which none is left (the checks applied in order).
   */
  apply(day: number, from: DayTable, into: DayTable): number {
    into.clear();
    const day0 = this.byDay[day] ?? [];
    let kept = 0;
    let total = 0;
    // Per check of the day: how many joint states fail it first (to name the first that leaves none).
    const failedFirst = new Map<number, number>();
    for (let i = 0; i < from.size; i++) {
      const id = from.idAt(i);
      const p = from.valueOf(id);
      total += p;
      const k = this.firstFailed(day, id);
      if (k < 0) kept += p;
      else failedFirst.set(k, (failedFirst.get(k) ?? 0) + 1);
    }
    if (!(kept > 0)) {
      let left = from.size;
      for (const k of day0) {
        left -= failedFirst.get(k) ?? 0;
        if (left <= 0) return k;
      }
      return day0[day0.length - 1] ?? 0;
    }
    const share = kept / total;
    this.probability *= share;
    for (let i = 0; i < from.size; i++) {
      const id = from.idAt(i);
      if (this.firstFailed(day, id) < 0) into.add(id, from.valueOf(id) / kept);
    }
    return -1;
  }
}
