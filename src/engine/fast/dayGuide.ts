/**
 * A guide table for drawing a day of a distribution from its first day on,
 * so that the specialised engine finds the day `sampleDayFrom` would find
 * (src/model/distributions.ts) with a short forward search instead of its
 * binary search. Why it gives the same day: `sampleDayFrom` looks for the
 * smallest index `i` with `tail[i + 1] < top - u · top` (or the last index
 * when none is), and that index can only grow with `u` (floating-point
 * products and differences are monotone); the guide stores, per bin of `u`,
 * the index for the bin's lowest `u`, and the search steps forward from
 * there with the same comparison on the same numbers.
 * Pure.
 * @module
 */
import type { DayDist } from "../../model/distributions.js";

/** Bins of the guide over `u` (a power of two, so that `u × DAY_GUIDE` is exact). */
export const DAY_GUIDE = 1024;

/** What the generated code reads to draw a day of `dist` from its first day. */
export interface DayGuide {
  readonly first: number;
  /** `tail[0]`, the mass from the first day on. */
  readonly top: number;
  /** The last index of the distribution. */
  readonly last: number;
  readonly tail: Float64Array;
  /** Per bin `b` of `u`: the index drawn at `u = b / DAY_GUIDE` (where the search starts). */
  readonly guide: Int32Array;
}

/** The guide of a distribution, or undefined when `sampleDayFrom` would give no day from its first. Pure. */
export function dayGuide(d: DayDist): DayGuide | undefined {
  const n = d.pmf.length;
  const top = d.tail[0] ?? 0;
  if (n === 0 || !(top > 0)) return undefined;
  const guide = new Int32Array(DAY_GUIDE);
  let i = 0;
  for (let b = 0; b < DAY_GUIDE; b++) {
    const target = top - (b / DAY_GUIDE) * top;
    while (i < n - 1 && !((d.tail[i + 1] ?? 0) < target)) i++;
    guide[b] = i;
  }
  return { first: d.first, top, last: n - 1, tail: d.tail, guide };
}
