import { describe, expect, it } from "vitest";
import {
  conditionalHazard, dayDist, sampleDayFrom, triangularWeights, uniformWeights, type DayDist,
} from "../../src/model/distributions.js";

/** Counts, per day, where `sampleDayFrom` sends the midpoints of an N-point grid of u in [0, 1). */
function sweep(d: DayDist, from: number, n: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const day = sampleDayFrom(d, from, (k + 0.5) / n);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

describe("dayDist", () => {
  it("normalises weights and keeps exact tail sums", () => {
    const d = dayDist(10, [1, 2, 0, 5]);
    expect(d.first).toBe(10);
    expect(Array.from(d.pmf)).toEqual([1 / 8, 2 / 8, 0, 5 / 8]);
    expect(Array.from(d.tail)).toEqual([1, 7 / 8, 5 / 8, 5 / 8, 0]);
    // A zero weight leaves the tail unchanged exactly (sampling relies on it).
    expect(d.tail[2]).toBe(d.tail[3]);
  });

  it("gives equal mass to every day of a uniform window", () => {
    const d = dayDist(3, uniformWeights(3, 6));
    expect(Array.from(d.pmf)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(d.tail[0]).toBe(1);
    expect(d.tail[4]).toBe(0);
  });
});

describe("triangularWeights (docs/format.md: 1 - |d - mode| / (span + 1))", () => {
  it("follows the formula on both sides of the mode", () => {
    // lo 0, mode 2, hi 6: left span 2 → step 1/3; right span 4 → step 1/5.
    expect(triangularWeights(0, 2, 6)).toEqual([1 - 2 / 3, 1 - 1 / 3, 1, 1 - 1 / 5, 1 - 2 / 5, 1 - 3 / 5, 1 - 4 / 5]);
  });

  it("puts positive weight on every day, the peak on the mode, also at the edges", () => {
    expect(triangularWeights(5, 5, 8)).toEqual([1, 1 - 1 / 4, 1 - 2 / 4, 1 - 3 / 4]);
    expect(triangularWeights(5, 8, 8)).toEqual([1 - 3 / 4, 1 - 2 / 4, 1 - 1 / 4, 1]);
    expect(triangularWeights(4, 4, 4)).toEqual([1]);
    for (const w of triangularWeights(-3, 10, 40)) expect(w).toBeGreaterThan(0);
  });
});

describe("conditionalHazard", () => {
  it("is pmf / tail: 1/3, 1/2, 1 on a three-day uniform window", () => {
    const d = dayDist(7, [1, 1, 1]);
    expect([7, 8, 9].map((t) => conditionalHazard(d, t))).toEqual([1 / 3, 1 / 2, 1]);
  });

  it("is 0 outside the support and after the last positive weight", () => {
    const d = dayDist(7, [1, 3, 0, 0]);
    expect(conditionalHazard(d, 6)).toBe(0);
    expect(conditionalHazard(d, 7)).toBe(0.25);
    expect(conditionalHazard(d, 8)).toBe(1);
    expect(conditionalHazard(d, 9)).toBe(0);
    expect(conditionalHazard(d, 10)).toBe(0);
    expect(conditionalHazard(d, 11)).toBe(0);
  });

  it("multiplies back to the pmf: P(day t) = q(t) · Π_{s<t} (1 - q(s))", () => {
    const d = dayDist(0, triangularWeights(0, 3, 9));
    let survive = 1;
    for (let t = 0; t < 10; t++) {
      const q = conditionalHazard(d, t);
      expect(survive * q).toBeCloseTo(d.pmf[t] ?? NaN, 12);
      survive *= 1 - q;
    }
    expect(survive).toBeCloseTo(0, 12);
  });
});

describe("sampleDayFrom", () => {
  const d = dayDist(20, [1, 2, 3, 2]); // pmf 1/8, 2/8, 3/8, 2/8 on days 20..23

  it("is the inverse CDF: a grid of u gives the pmf exactly", () => {
    const n = 8 * 125;
    const counts = sweep(d, 0, n);
    expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [20, n / 8], [21, (2 * n) / 8], [22, (3 * n) / 8], [23, (2 * n) / 8],
    ]);
  });

  it("restricts to days >= from and renormalises", () => {
    const n = 7 * 100; // remaining mass 7/8: pmf 2/7, 3/7, 2/7
    expect([...sweep(d, 21, n).entries()].sort((a, b) => a[0] - b[0])).toEqual([[21, 200], [22, 300], [23, 200]]);
    expect([...sweep(d, 23, 50).entries()]).toEqual([[23, 50]]);
    // `from` before the support is the whole distribution.
    expect(sweep(d, -5, 800).get(20)).toBe(100);
  });

  it("is monotone in u and hits the support's ends", () => {
    let last = -Infinity;
    for (let k = 0; k <= 1000; k++) {
      const u = Math.min(k / 1000, 1 - Number.EPSILON / 2);
      const day = sampleDayFrom(d, 0, u);
      expect(day).toBeGreaterThanOrEqual(last);
      last = day;
    }
    expect(sampleDayFrom(d, 0, 0)).toBe(20);
    expect(sampleDayFrom(d, 0, 1 - Number.EPSILON / 2)).toBe(23);
  });

  it("never returns a day of zero weight", () => {
    const holes = dayDist(0, [0, 1, 0, 0, 2, 0]);
    const counts = sweep(holes, 0, 3000);
    expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([[1, 1000], [4, 2000]]);
    expect(sampleDayFrom(holes, 0, 1 - Number.EPSILON / 2)).toBe(4);
    expect(sampleDayFrom(holes, 2, 0)).toBe(4);
  });

  it("returns Infinity when nothing is left", () => {
    expect(sampleDayFrom(d, 24, 0.5)).toBe(Infinity);
    expect(sampleDayFrom(d, 1000, 0)).toBe(Infinity);
    const trailingZeros = dayDist(0, [1, 0, 0]);
    expect(sampleDayFrom(trailingZeros, 1, 0)).toBe(Infinity);
    expect(sampleDayFrom(trailingZeros, 1, 0.999)).toBe(Infinity);
  });
});
