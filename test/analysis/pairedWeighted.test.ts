/**
 * The effective number of pairs of a weighted paired difference
 * (src/analysis/pairedWeighted.ts `effectivePairs`), and the summary's
 * intervals on it: with equal weights the plain paired estimator's counts
 * and interval come back; with none differing, Kish's size stands in.
 */
import { describe, expect, it } from "vitest";
import { addWeightedPair, effectivePairs, emptyWeightedPairTally, summarizeWeightedPairs } from "../../src/analysis/pairedWeighted.js";
import type { PairTarget } from "../../src/analysis/pairTargets.js";
import { pairedScoreInterval, Z95 } from "../../src/engine/stats.js";

describe("effectivePairs", () => {
  it("unweighted: n* = (δ − d²)/Var gives back the number of pairs", () => {
    const n = 2000;
    const [onlyA, onlyB] = [13, 31];
    const d = (onlyB - onlyA) / n;
    const share = (onlyA + onlyB) / n;
    expect(effectivePairs(share, d, (share - d * d) / n, n, 1234)).toBeCloseTo(n, 9);
  });

  it("no variance: Kish's size; never more than the runs", () => {
    expect(effectivePairs(0, 0, 0, 2000, 700)).toBe(700);
    expect(effectivePairs(0.5, 0, 1e-9, 2000, 700)).toBe(2000);
  });
});

describe("summarizeWeightedPairs with weights all 1", () => {
  it("gives the plain paired estimate's Tango interval, and ±z²/(n + z²) for a target no run moves", () => {
    const t = emptyWeightedPairTally(2);
    // 100 runs: target 0 hit by A only in 3, by B only in 9, by both in 20; target 1 by both in 40.
    for (let i = 0; i < 100; i++) {
      const ha = [...(i < 3 || (i >= 12 && i < 32) ? [0] : []), ...(i < 40 ? [1] : [])];
      const hb = [...(i >= 3 && i < 32 ? [0] : []), ...(i < 40 ? [1] : [])];
      addWeightedPair(t, 1, ha, 1, hb);
    }
    const targets: PairTarget[] = [{ id: "x", label: "X", kind: "outcome" }, { id: "y", label: "Y", kind: "outcome" }];
    const s = summarizeWeightedPairs(targets, t);
    if (!s.ok) throw new Error("expected estimates");
    const [x, y] = s.rows;
    expect(x?.diff).toBeCloseTo(0.06, 14);
    const [lo, hi] = pairedScoreInterval(100, 3, 9);
    expect(x?.ci95[0]).toBeCloseTo(lo, 9);
    expect(x?.ci95[1]).toBeCloseTo(hi, 9);
    expect(y?.diff).toBe(0);
    expect(y?.ci95[1]).toBeCloseTo((Z95 * Z95) / (100 + Z95 * Z95), 12);
  });
});
