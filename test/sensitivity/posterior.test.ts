/**
 * The posterior weighting of `uncertainty --posterior`
 * (src/sensitivity/posterior.ts): weighted quantiles (type 7 bit for bit
 * with equal weights, weight 0 ignored, Akinshin's rule by hand, negligible
 * weights negligible), Kish's effective draws, the weighted histogram, and
 * properties: quantiles between the least and greatest value kept,
 * non-decreasing in q, unmoved by a draw of vanishing weight.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { posteriorSummary, summariseWeighted, weightedQuantile } from "../../src/sensitivity/posterior.js";
import { quantileSorted } from "../../src/uncertainty/sobolIndices.js";

const f = (xs: readonly number[]): Float64Array => Float64Array.from(xs);

describe("weightedQuantile (by hand)", () => {
  it("equal weights: type 7 itself, bit for bit (the unweighted report's rule)", () => {
    const v = f([4, 1, 3, 2, 0.3, 7.5, 2.25]);
    const sorted = Float64Array.from(v).sort();
    for (const q of [0, 0.05, 0.3, 0.5, 0.95, 1]) {
      expect(weightedQuantile(v, f([2, 2, 2, 2, 2, 2, 2]), q)).toBe(quantileSorted(sorted, q));
    }
  });

  it("a draw of weight 0 counts for nothing; scaling every weight changes nothing", () => {
    expect(weightedQuantile(f([1, 100, 2]), f([1, 0, 1]), 0.5)).toBe(1.5);
    expect(weightedQuantile(f([1, 2, 3]), f([1, 2, 3]), 0.3)).toBeCloseTo(weightedQuantile(f([1, 2, 3]), f([0.001, 0.002, 0.003]), 0.3), 14);
  });

  it("by Akinshin's weighted type 7: weights 1 and 3 on 1 and 2", () => {
    // n* = 16/10 = 1.6; at q = 0.5, h = 1.3, F rises from 0.1875 to 0.8125; t = 0.25, 1: F = 0.1, 1; Q = 0.1·1 + 0.9·2.
    expect(weightedQuantile(f([1, 2]), f([1, 3]), 0.5)).toBeCloseTo(1.9, 14);
  });

  it("a draw of negligible weight moves no percentile: [0.1, 0.5, 0.9] weighted 1e-12, 1, 1e-12", () => {
    for (const q of [0.05, 0.5, 0.95]) expect(weightedQuantile(f([0.1, 0.5, 0.9]), f([1e-12, 1, 1e-12]), q)).toBeCloseTo(0.5, 9);
  });

  it("property: between the least and greatest value kept, non-decreasing in q, continuous in a weight going to 0", () => {
    const draw = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(draw, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (pairs, q1, q2) => {
      const v = f(pairs.map((p) => p[0]));
      const w = f(pairs.map((p) => p[1]));
      const kept = pairs.filter((p) => p[1] > 0).map((p) => p[0]);
      if (kept.length === 0) return;
      const [a, b] = q1 <= q2 ? [q1, q2] : [q2, q1];
      const qa = weightedQuantile(v, w, a);
      const qb = weightedQuantile(v, w, b);
      expect(qa).toBeGreaterThanOrEqual(Math.min(...kept) - 1e-12);
      expect(qb).toBeLessThanOrEqual(Math.max(...kept) + 1e-12);
      expect(qb).toBeGreaterThanOrEqual(qa - 1e-12);
      // One more draw of weight 1e-300 anywhere: the same quantile, to rounding.
      const v2 = f([...v, 0.123]);
      const w2 = f([...w, 1e-300]);
      expect(weightedQuantile(v2, w2, a)).toBeCloseTo(qa, 9);
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
