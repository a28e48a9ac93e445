/**
 * The posterior weighting of `uncertainty --posterior`
 * (src/sensitivity/posterior.ts): weighted quantiles by hand (Hazen's rule
 * with equal weights, weight 0 ignored, a heavy draw pulling the median),
 * Kish's effective draws, the weighted histogram, and properties: quantiles
 * between the least and greatest value kept and non-decreasing in q.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { posteriorSummary, summariseWeighted, weightedQuantile } from "../../src/sensitivity/posterior.js";

const f = (xs: readonly number[]): Float64Array => Float64Array.from(xs);

describe("weightedQuantile (by hand)", () => {
  it("equal weights: Hazen's rule, each value at (k − ½)/n, linear between", () => {
    const v = f([4, 1, 3, 2]);
    const w = f([1, 1, 1, 1]);
    // Sorted 1, 2, 3, 4 at 0.125, 0.375, 0.625, 0.875.
    expect(weightedQuantile(v, w, 0.5)).toBe(2.5);
    expect(weightedQuantile(v, w, 0.3)).toBeCloseTo(1 + (0.3 - 0.125) / 0.25, 14);
    expect(weightedQuantile(v, w, 0.05)).toBe(1);
    expect(weightedQuantile(v, w, 0.95)).toBe(4);
  });

  it("a draw of weight 0 counts for nothing", () => {
    expect(weightedQuantile(f([1, 100, 2]), f([1, 0, 1]), 0.5)).toBe(1.5);
  });

  it("a heavy draw pulls the median: weights 1 and 9 put 1 at 0.05 and 2 at 0.55", () => {
    expect(weightedQuantile(f([1, 2]), f([1, 9]), 0.5)).toBeCloseTo(1 + 0.45 / 0.5, 14);
    // Scaling every weight changes nothing.
    expect(weightedQuantile(f([1, 2]), f([0.001, 0.009]), 0.5)).toBeCloseTo(1.9, 14);
  });

  it("property: between the least and greatest value kept, non-decreasing in q", () => {
    const draw = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(draw, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (pairs, q1, q2) => {
      const v = f(pairs.map((p) => p[0]));
      const w = f(pairs.map((p) => p[1]));
      const kept = pairs.filter((p) => p[1] > 0).map((p) => p[0]);
      if (kept.length === 0) return;
      const [a, b] = q1 <= q2 ? [q1, q2] : [q2, q1];
      const qa = weightedQuantile(v, w, a);
      const qb = weightedQuantile(v, w, b);
      expect(qa).toBeGreaterThanOrEqual(Math.min(...kept));
      expect(qb).toBeLessThanOrEqual(Math.max(...kept));
      expect(qb).toBeGreaterThanOrEqual(qa - 1e-12);
    }), { seed: 20261129, numRuns: 300 });
  });
});

describe("posteriorSummary", () => {
  it("Kish's effective draws: n for equal weights, 1 for one weight, (Σw)²/Σw² between; the mean weight is P(evidence) over the draws", () => {
    expect(posteriorSummary(f([0.2, 0.2, 0.2, 0.2]))).toEqual({ evidenceProbability: 0.2, effectiveDraws: 4, drawsKept: 4, drawsExcluded: 0 });
    expect(posteriorSummary(f([0.5, 0, 0, 0]))).toEqual({ evidenceProbability: 0.125, effectiveDraws: 1, drawsKept: 1, drawsExcluded: 3 });
    expect(posteriorSummary(f([1, 3])).effectiveDraws).toBeCloseTo(16 / 10, 14);
  });
});

describe("summariseWeighted", () => {
  it("weighted mean, and a histogram of the kept draws whose shares add up to 1", () => {
    const v = f([0.1, 0.2, 0.3, 0.9]);
    const w = f([1, 1, 2, 0]);
    const s = summariseWeighted(v, w, 2);
    expect(s.mean).toBeCloseTo((0.1 + 0.2 + 0.6) / 4, 14);
    // Kept 0.1, 0.2, 0.3: bins [0.1, 0.2) and [0.2, 0.3].
    expect(s.histogram.map((b) => [b.count, b.weight])).toEqual([[1, 0.25], [2, 0.75]]);
    expect(s.histogram[0]?.from).toBe(0.1);
    expect(s.histogram[1]?.to).toBe(0.3);
  });

  it("every kept value equal: one bin holding all the weight", () => {
    expect(summariseWeighted(f([0.4, 0.4, 0.7]), f([1, 2, 0]), 20).histogram).toEqual([{ from: 0.4, to: 0.4, count: 2, weight: 1 }]);
  });
});
