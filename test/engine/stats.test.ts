import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pairedScoreInterval, standardError, weightedPairedInterval, weightedProportionInterval, wilson, Z95 } from "../../src/engine/stats.js";
import { addTally, emptyTally } from "../../src/engine/tally.js";
import { simulateBatch } from "../../src/engine/simulate.js";
import { summarize } from "../../src/analysis/summary.js";
import { simpleModel } from "../helpers/scenario.js";

describe("wilson", () => {
  const z2 = Z95 * Z95;

  it("uses the 97.5% normal quantile", () => {
    expect(Z95).toBeCloseTo(1.959964, 6);
  });

  it("gives [0, z²/(n+z²)] at k = 0", () => {
    // At p = 0 the centre and the half-width are both (z²/2n)/(1+z²/n).
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(z2 / (10 + z2), 12);
    expect(hi).toBeCloseTo(0.27753, 5); // the textbook value for 0/10
  });

  it("gives [n/(n+z²), 1] at k = n", () => {
    const [lo, hi] = wilson(10, 10);
    expect(lo).toBeCloseTo(10 / (10 + z2), 12);
    expect(hi).toBeCloseTo(1, 12);
  });

  it("gives a symmetric interval around 1/2 at k = 50, n = 100", () => {
    // half = z·sqrt(0.25/100 + z²/40000) / (1 + z²/100), computed here by hand.
    const half = (Z95 * Math.sqrt(0.0025 + z2 / 40000)) / (1 + z2 / 100);
    const [lo, hi] = wilson(50, 100);
    expect(lo).toBeCloseTo(0.5 - half, 12);
    expect(hi).toBeCloseTo(0.5 + half, 12);
    expect(lo).toBeCloseTo(0.40383, 5);
    expect(hi).toBeCloseTo(0.59617, 5);
  });

  it("is not centred on k/n away from 1/2", () => {
    const [lo, hi] = wilson(1, 20);
    expect(lo).toBeGreaterThan(0);
    expect((lo + hi) / 2).toBeGreaterThan(1 / 20);
  });

  it("always contains k/n: exactly 0 at k = 0 and exactly 1 at k = n", () => {
    // A 100%-of-runs outcome must not be reported with an interval ending below 100%
    // (JSON consumers check lo <= probability <= hi).
    const bad: string[] = [];
    for (let n = 1; n <= 200; n++) {
      for (let k = 0; k <= n; k++) {
        const [a, b] = wilson(k, n);
        if (!(a >= 0 && a <= k / n && b >= k / n && b <= 1)) bad.push(`wilson(${k}, ${n}) = [${a}, ${b}]`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("narrows with the number of trials and is [0, 1] with none", () => {
    const w = (n: number): number => { const [a, b] = wilson(n / 4, n); return b - a; };
    expect(w(400)).toBeLessThan(w(100));
    expect(w(100) / w(400)).toBeCloseTo(2, 1);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  it("standardError is sqrt(p(1-p)/n)", () => {
    expect(standardError(0.5, 100)).toBe(0.05);
    expect(standardError(0.5, 0)).toBe(Infinity);
  });
});

describe("tallies and summaries", () => {
  const model = simpleModel();

  it("adds tallies component-wise", () => {
    const a = simulateBatch(model, { seed: 3, from: 0, to: 100 });
    const b = simulateBatch(model, { seed: 3, from: 100, to: 250 });
    const sum = emptyTally(model);
    addTally(sum, a);
    addTally(sum, b);
    expect(sum.runs).toBe(250);
    for (const k of ["outcomes", "finalStates", "visited", "firstDaySum"] as const) {
      expect(Array.from(sum[k])).toEqual(Array.from(a[k], (x, i) => x + (b[k][i] ?? NaN)));
    }
  });

  it("summarizes counts as probabilities with Wilson intervals", () => {
    const tally = simulateBatch(model, { seed: 3, from: 0, to: 500 });
    const s = summarize(model, tally, 3);
    expect(s.runs).toBe(500);
    expect(s.seed).toBe(3);
    expect(s.outcomes.map((o) => o.id)).toEqual(["hold", "rise"]);
    for (const [i, o] of s.outcomes.entries()) {
      expect(o.count).toBe(tally.outcomes[i]);
      expect(o.probability).toBe(o.count / 500);
      expect(o.ci95).toEqual(wilson(o.count, 500));
    }
    // Every run starts with the bill pending and the tariff low.
    const pending = s.states.find((x) => x.machine === "bill" && x.state === "pending");
    expect(pending).toMatchObject({ visited: 1, meanFirstVisit: "2026-02-01" });
    // Mean first entry into `passed` is within the bill's window.
    const passed = s.states.find((x) => x.machine === "bill" && x.state === "passed");
    expect(passed?.meanFirstVisit).toMatch(/^2026-0(2-2\d|3-0\d|3-10)$/);
  });
});

/**
 * Tango's score statistic written out as the paper (and R's contingencytables)
 * gives it, with the plain root of the quadratic: the test's own reading of
 * the definition, against which the interval's bounds are checked.
 */
function tango(n: number, n12: number, n21: number, d0: number): number {
  const A = 2 * n;
  const B = -n12 - n21 + (2 * n - n12 + n21) * d0;
  const C = -n21 * d0 * (1 - d0);
  const p21 = (Math.sqrt(B * B - 4 * A * C) - B) / (2 * A);
  return (n12 - n21 - n * d0) / Math.sqrt(n * (2 * p21 + d0 * (1 - d0)));
}

describe("pairedScoreInterval (Tango's score interval for a paired difference)", () => {
  const z2 = Z95 * Z95;

  it("no discordant pair: ±z²/(n + z²) (solved by hand: the statistic is ∓√(n·d/(1 − d)))", () => {
    for (const n of [1, 10, 2000, 1e5, 1e8]) {
      const [lo, hi] = pairedScoreInterval(n, 0, 0);
      expect(hi).toBeCloseTo(z2 / (n + z2), 14);
      expect(lo).toBeCloseTo(-z2 / (n + z2), 14);
    }
  });

  it("every pair discordant one way: [(n − z²)/(n + z²), 1] (the statistic is √n·√((1 − d)/(1 + d)))", () => {
    for (const n of [10, 1000, 1e6]) {
      const [lo, hi] = pairedScoreInterval(n, 0, n);
      expect(hi).toBe(1);
      // Near ±1 the variance term is a difference of numbers near 2 (the formula's own conditioning): ~1e-11.
      expect(lo).toBeCloseTo((n - z2) / (n + z2), 10);
      const [lo2, hi2] = pairedScoreInterval(n, n, 0);
      expect(lo2).toBe(-1);
      expect(hi2).toBeCloseTo(-(n - z2) / (n + z2), 10);
    }
  });

  it("worked examples: the bounds are where the score statistic is ∓z", () => {
    // Cavo et al. 2012 (59 both, 6 second only, 16 first only, 80 neither) and Bentur et al. 2009 (1, 1, 7, 12),
    // the paired examples of Fagerland, Lydersen and Laake's book (difference −0.0621 and −0.2857).
    const cases = [{ n: 161, onlyA: 16, onlyB: 6, lo: -0.124, hi: -0.0054 }, { n: 21, onlyA: 7, onlyB: 1, lo: -0.5172, hi: -0.026 }];
    for (const c of cases) {
      const [lo, hi] = pairedScoreInterval(c.n, c.onlyA, c.onlyB);
      expect(tango(c.n, c.onlyB, c.onlyA, lo)).toBeCloseTo(Z95, 9);
      expect(tango(c.n, c.onlyB, c.onlyA, hi)).toBeCloseTo(-Z95, 9);
      expect(lo).toBeCloseTo(c.lo, 4);
      expect(hi).toBeCloseTo(c.hi, 4);
    }
  });

  it("property: inside [−1, 1], contains the difference, mirrors when the sides swap, and its bounds solve the score equation", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (n, fa, fb) => {
        const onlyA = Math.floor(fa * n);
        const onlyB = Math.floor(fb * (n - onlyA));
        const d = (onlyB - onlyA) / n;
        const [lo, hi] = pairedScoreInterval(n, onlyA, onlyB);
        expect(-1 <= lo && lo <= d && d <= hi && hi <= 1).toBe(true);
        const [mlo, mhi] = pairedScoreInterval(n, onlyB, onlyA);
        // Exactly: a negative difference is worked out as its mirror (the formula loses digits near −1, not +1).
        expect([mlo, mhi]).toEqual([0 - hi, 0 - lo]);
        // (Within 10^-3 of ±1 the statistic is so steep that one ulp of the bound moves it by ~10^-4: checked away from there.)
        if (Math.abs(lo) < 0.999) expect(tango(n, onlyB, onlyA, lo)).toBeCloseTo(Z95, 6);
        if (Math.abs(hi) < 0.999) expect(tango(n, onlyB, onlyA, hi)).toBeCloseTo(-Z95, 6);
      }), { seed: 20261129, numRuns: 500 });
  });

  it("n = 0: no information, [−1, 1]; counts that cannot be are a RangeError (a NaN once looped for ever)", () => {
    expect(pairedScoreInterval(0, 0, 0)).toEqual([-1, 1]);
    for (const [n, a, b] of [[5, Number.NaN, 0], [2, 3, 0], [Number.POSITIVE_INFINITY, 0, 0], [4, -1, 0]] as const) {
      expect(() => pairedScoreInterval(n, a, b)).toThrow(RangeError);
    }
  });

  it("near −1 as accurate as near +1: 10^9 pairs, all but one discordant one way", () => {
    // The reviewer's 60-digit reference: [−0.99999999965, −0.99999998867].
    const [lo, hi] = pairedScoreInterval(1e9, 999_999_999, 1);
    expect(lo).toBeCloseTo(-0.99999999965, 11);
    expect(hi).toBeCloseTo(-0.99999998867, 11);
  });
});

describe("intervals of weighted (conditioned) estimates, on effective counts", () => {
  it("proportion: with equal weights (se² = p(1 − p)/n, ess = n) it is Wilson's interval of the counts", () => {
    for (const [k, n] of [[3, 100], [50, 100], [997, 1000]] as const) {
      const p = k / n;
      const [lo, hi] = weightedProportionInterval(p, Math.sqrt((p * (1 - p)) / n), n);
      const [wl, wh] = wilson(k, n);
      expect(lo).toBeCloseTo(wl, 12);
      expect(hi).toBeCloseTo(wh, 12);
    }
  });

  it("proportion: p = 0 is [0, z²/(ess + z²)], not [0, 0] (no consistent run reached the outcome); a larger variance widens it", () => {
    expect(weightedProportionInterval(0, 0, 500)).toEqual([0, wilson(0, 500)[1]]);
    expect(weightedProportionInterval(0, 0, 500)[1]).toBeCloseTo((Z95 * Z95) / (500 + Z95 * Z95), 12);
    const narrow = weightedProportionInterval(0.1, 0.01, 1000);
    const wide = weightedProportionInterval(0.1, 0.02, 1000);
    expect(wide[0]).toBeLessThan(narrow[0]);
    expect(wide[1]).toBeGreaterThan(narrow[1]);
    // Capped at Kish's effective sample size: a variance below binomial's at ess buys nothing more.
    expect(weightedProportionInterval(0.1, 1e-6, 1000)).toEqual(weightedProportionInterval(0.1, Math.sqrt(0.09 / 1000), 1000));
  });

  it("paired difference: with equal weights it is Tango's interval of the counts; with no discordance ±z²/(ess + z²), not [0, 0]", () => {
    const n = 2000;
    for (const [onlyA, onlyB] of [[3, 9], [40, 25], [0, 5]] as const) {
      const d = (onlyB - onlyA) / n;
      const v = ((onlyA + onlyB) / n - d * d) / n;
      const [lo, hi] = weightedPairedInterval(d, v, n);
      const [tl, th] = pairedScoreInterval(n, onlyA, onlyB);
      expect(lo).toBeCloseTo(tl, 10);
      expect(hi).toBeCloseTo(th, 10);
    }
    const [lo, hi] = weightedPairedInterval(0, 0, 1500);
    expect(hi).toBeCloseTo((Z95 * Z95) / (1500 + Z95 * Z95), 12);
    expect(lo).toBe(-hi);
  });

  it("property: both contain the estimate and stay in range", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }),
      (p, se, ess) => {
        const [lo, hi] = weightedProportionInterval(p, se, ess);
        expect(0 <= lo && lo <= p && p <= hi && hi <= 1).toBe(true);
        const d = 2 * p - 1;
        const [dl, dh] = weightedPairedInterval(d, se * se, ess);
        expect(-1 <= dl && dl <= d && d <= dh && dh <= 1).toBe(true);
      }), { seed: 20261129, numRuns: 500 });
  });

  it("paired difference: a variance that would need a discordant share above 1 still widens it (fewer effective pairs)", () => {
    // At 100 pairs a share of 1 is reached at v = 0.01; before the fix every larger v gave ±0.1923.
    const widths = [0.01, 0.02, 0.05, 0.2].map((v) => {
      const [lo, hi] = weightedPairedInterval(0, v, 100);
      expect(lo).toBe(-hi);
      return hi - lo;
    });
    expect(widths[2] ?? 0).toBeGreaterThan(2 * 0.8 * Z95 * Math.sqrt(0.05));
    for (let i = 1; i < widths.length; i++) expect(widths[i] ?? 0).toBeGreaterThan(widths[i - 1] ?? 0);
  });

  it("inputs that cannot be are a RangeError naming the function", () => {
    for (const args of [[Number.NaN, 0.1, 10], [-0.1, 0.1, 10], [1.1, 0.1, 10], [0.5, -1, 10], [0.5, 0.1, 0], [0.5, 0.1, Number.POSITIVE_INFINITY]] as const) {
      expect(() => weightedProportionInterval(args[0], args[1], args[2])).toThrow(/^weightedProportionInterval: /);
    }
    for (const args of [[Number.NaN, 0.1, 10], [1.2, 0.1, 10], [-1.2, 0.1, 10], [0, -1, 10], [0, Number.NaN, 10], [0, 0.1, Number.POSITIVE_INFINITY]] as const) {
      expect(() => weightedPairedInterval(args[0], args[1], args[2])).toThrow(/^weightedPairedInterval: /);
    }
  });
});
