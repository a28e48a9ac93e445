import { describe, expect, it } from "vitest";
import { design, designRows, type Sampling } from "../../src/uncertainty/designs.js";
import {
  quantileSorted,
  saltelliPoint,
  saltelliPoints,
  saltelliSize,
  sobolIndices,
  splitBase,
  type SobolIndicesResult,
} from "../../src/uncertainty/sobolIndices.js";

type Model = (x: Float64Array) => number;

/** A and B from one design of 2d columns, as the commands will build them. */
function base(sampling: Sampling, seed: number, n: number, d: number): { a: Float64Array; b: Float64Array } {
  const r = design(sampling, seed, n, 2 * d);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return splitBase(designRows(r.value, 0, n), n, d);
}

/** The model at every point of the scheme, one point at a time. */
function outputs(f: Model, a: Float64Array, b: Float64Array, n: number, d: number): Float64Array {
  const y = new Float64Array(saltelliSize(n, d));
  const x = new Float64Array(d);
  for (let k = 0; k < y.length; k++) {
    saltelliPoint(a, b, n, d, k, x);
    y[k] = f(x);
  }
  return y;
}

function indices(y: Float64Array, n: number, d: number, seed = 1, bootstrap?: number): SobolIndicesResult {
  const r = sobolIndices(y, n, d, bootstrap === undefined ? { seed } : { seed, bootstrap });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.value;
}

const product: Model = (x) => x[0]! * x[1]!;

/** Ishigami with a = 7, b = 0.1 on inputs mapped from (0, 1) to (−π, π). */
const ishigami: Model = (u) => {
  const [x1, x2, x3] = Array.from(u, (v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x1!) + 7 * Math.sin(x2!) ** 2 + 0.1 * x3! ** 4 * Math.sin(x1!);
};

describe("the Saltelli scheme", () => {
  it("lays out A, B, then A with column i from B, for i = 0 … d−1", () => {
    const n = 3;
    const d = 2;
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const b = Float64Array.from([10, 20, 30, 40, 50, 60]);
    const pts = saltelliPoints(a, b, n, d);
    expect(Array.from(pts)).toEqual([
      ...[1, 2, 3, 4, 5, 6], // A
      ...[10, 20, 30, 40, 50, 60], // B
      ...[10, 2, 30, 4, 50, 6], // A_B^0
      ...[1, 20, 3, 40, 5, 60], // A_B^1
    ]);
    expect(() => saltelliPoint(a, b, n, d, saltelliSize(n, d), new Float64Array(d))).toThrow(RangeError);
  });

  it("splits an n × 2d design into its first and last d columns", () => {
    const { a, b } = splitBase(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 2, 2);
    expect(Array.from(a)).toEqual([1, 2, 5, 6]);
    expect(Array.from(b)).toEqual([3, 4, 7, 8]);
  });
});

describe("sobolIndices", () => {
  it("recovers S1 = 3/7 and ST = 4/7 for Y = X1·X2 (N = 4,096 Sobol points), truth inside tight intervals", () => {
    const n = 4096;
    const { a, b } = base("sobol", 2026, n, 2);
    const r = indices(outputs(product, a, b, n, 2), n, 2);
    expect(r.mean).toBeCloseTo(1 / 4, 3);
    expect(r.variance).toBeCloseTo(7 / 144, 3);
    for (const ix of r.indices) {
      expect(ix.S1ci[0]).toBeLessThanOrEqual(3 / 7);
      expect(ix.S1ci[1]).toBeGreaterThanOrEqual(3 / 7);
      expect(ix.STci[0]).toBeLessThanOrEqual(4 / 7);
      expect(ix.STci[1]).toBeGreaterThanOrEqual(4 / 7);
      expect(ix.S1ci[1] - ix.S1ci[0]).toBeLessThan(0.1);
      expect(ix.STci[1] - ix.STci[0]).toBeLessThan(0.1);
      expect(Math.abs(ix.S1 - 3 / 7)).toBeLessThan(0.03);
      expect(Math.abs(ix.ST - 4 / 7)).toBeLessThan(0.03);
      expect(ix.S1ci[0]).toBeLessThanOrEqual(ix.S1);
      expect(ix.S1).toBeLessThanOrEqual(ix.S1ci[1]);
    }
  });

  it("recovers the Ishigami indices (a = 7, b = 0.1) within 0.03, truth inside the intervals", () => {
    const n = 8192;
    const { a, b } = base("sobol", 7, n, 3);
    const r = indices(outputs(ishigami, a, b, n, 3), n, 3);
    const S1 = [0.3139, 0.4424, 0];
    const ST = [0.5576, 0.4424, 0.2437];
    r.indices.forEach((ix, i) => {
      expect(Math.abs(ix.S1 - S1[i]!)).toBeLessThan(0.03);
      expect(Math.abs(ix.ST - ST[i]!)).toBeLessThan(0.03);
      expect(ix.S1ci[0] - 0.005).toBeLessThanOrEqual(S1[i]!);
      expect(ix.S1ci[1] + 0.005).toBeGreaterThanOrEqual(S1[i]!);
      expect(ix.STci[0] - 0.005).toBeLessThanOrEqual(ST[i]!);
      expect(ix.STci[1] + 0.005).toBeGreaterThanOrEqual(ST[i]!);
    });
    // Analytic variance: a²/8 + b π⁴/5 + b² π⁸/18 + 1/2.
    expect(r.variance / (49 / 8 + (0.1 * Math.PI ** 4) / 5 + (0.01 * Math.PI ** 8) / 18 + 0.5)).toBeCloseTo(1, 1);
  });

  it("gives ST exactly 0 to an input the output ignores, and exact shares for an additive model", () => {
    const n = 1024;
    const { a, b } = base("lhs", 3, n, 3);
    const r = indices(outputs((x) => x[0]! + 2 * x[1]!, a, b, n, 3), n, 3);
    expect(r.indices[2]).toEqual({ S1: 0, S1ci: [0, 0], ST: 0, STci: [0, 0] });
    // Var = 1/12 + 4/12: shares 1/5 and 4/5, no interactions.
    const truth = [0.2, 0.8];
    truth.forEach((t, i) => {
      const ix = r.indices[i]!;
      for (const ci of [ix.S1ci, ix.STci]) {
        expect(ci[0]).toBeLessThanOrEqual(t);
        expect(ci[1]).toBeGreaterThanOrEqual(t);
      }
    });
  });

  it("covers the truth in about 95% of independent random designs", () => {
    let covered = 0;
    const trials = 40;
    for (let seed = 0; seed < trials; seed++) {
      const n = 512;
      const { a, b } = base("random", 1000 + seed, n, 2);
      const ix = indices(outputs(product, a, b, n, 2), n, 2, seed, 400).indices[0]!;
      if (ix.S1ci[0] <= 3 / 7 && 3 / 7 <= ix.S1ci[1]) covered++;
    }
    // Binomial(40, 0.95): fewer than 32 has probability below 1e-4; 40 of 40 every time would suggest intervals too wide to mean much.
    expect(covered).toBeGreaterThanOrEqual(32);
  });

  it("is a pure function of the arrays: outputs computed in any chunks give identical results, the same seed identical intervals", () => {
    const n = 256;
    const d = 3;
    const { a, b } = base("sobol", 5, n, d);
    const whole = saltelliPoints(a, b, n, d);
    const y1 = new Float64Array(saltelliSize(n, d));
    for (let k = 0; k < y1.length; k++) y1[k] = ishigami(whole.subarray(k * d, (k + 1) * d));
    // As workers would: uneven chunks, computed out of order.
    const y2 = new Float64Array(y1.length);
    const x = new Float64Array(d);
    const cuts = [0, 7, 300, 301, 900, y2.length];
    for (let c = cuts.length - 2; c >= 0; c--) {
      for (let k = cuts[c]!; k < cuts[c + 1]!; k++) {
        saltelliPoint(a, b, n, d, k, x);
        y2[k] = ishigami(x);
      }
    }
    expect(y2).toEqual(y1);
    const r1 = indices(y1, n, d, 42);
    expect(indices(y2, n, d, 42)).toEqual(r1);
    const other = indices(y1, n, d, 43);
    expect(other.indices.map((i) => [i.S1, i.ST])).toEqual(r1.indices.map((i) => [i.S1, i.ST]));
    expect(other.indices.map((i) => i.S1ci)).not.toEqual(r1.indices.map((i) => i.S1ci));
  });

  it("does not change when a constant is added to the output (only the mean moves)", () => {
    const n = 512;
    const { a, b } = base("sobol", 9, n, 3);
    const y = outputs(ishigami, a, b, n, 3);
    const r = indices(y, n, 3);
    const shifted = indices(y.map((v) => v + 1000), n, 3);
    expect(shifted.mean - r.mean).toBeCloseTo(1000, 9);
    expect(shifted.variance).toBeCloseTo(r.variance, 9);
    shifted.indices.forEach((ix, i) => {
      const base0 = r.indices[i]!;
      const pairs: [number, number][] = [
        [ix.S1, base0.S1],
        [ix.ST, base0.ST],
        [ix.S1ci[0], base0.S1ci[0]],
        [ix.STci[1], base0.STci[1]],
      ];
      for (const [p, q] of pairs) expect(p).toBeCloseTo(q, 9);
    });
  });

  it("gives zero indices and zero variance for a constant output", () => {
    const r = indices(new Float64Array(saltelliSize(10, 2)).fill(0.3), 10, 2, 1, 50);
    expect(r.mean).toBeCloseTo(0.3, 12);
    for (const ix of r.indices) expect(ix).toEqual({ S1: 0, S1ci: [0, 0], ST: 0, STci: [0, 0] });
  });

  it("reports bad inputs as issues with paths", () => {
    const msgs = (y: Float64Array, n: number, d: number, o: { seed: number; bootstrap?: number; confidence?: number }): string[] => {
      const r = sobolIndices(y, n, d, o);
      return r.ok ? [] : r.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(msgs(new Float64Array(11), 3, 2, { seed: 1 })).toEqual(["outputs: expected (d + 2) · n = 12 outputs, got 11"]);
    const y = new Float64Array(12);
    y[5] = NaN;
    expect(msgs(y, 3, 2, { seed: 1 })).toEqual(["outputs.5: output 5 is NaN, not a finite number"]);
    expect(msgs(new Float64Array(12), 3, 2, { seed: 1, bootstrap: 0, confidence: 1 })).toEqual([
      "bootstrap: bootstrap must be an integer in [1, 100000], got 0",
      "confidence: confidence must be in (0, 1), got 1",
    ]);
    expect(msgs(new Float64Array(12), 0, 2, { seed: -1 }).map((m) => m.split(":")[0])).toEqual(["n", "seed"]);
  });

  it("takes type-7 quantiles", () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantileSorted(s, q))).toEqual([1, 2, 3, 4.6, 5]);
  });
});
