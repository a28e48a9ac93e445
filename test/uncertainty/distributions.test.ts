import { describe, expect, it } from "vitest";
import { toDotPath } from "../../src/scenario/issues.js";
import {
  Z95,
  checkUncertainty,
  drawQuantile,
  marginalMean,
  mean,
  percentile,
  quantile,
  support,
  toMarginal,
} from "../../src/uncertainty/distributions.js";
import type { Uncertainty } from "../../src/scenario/uncertaintySchema.js";

const src = { source: { rationale: "test" } } as const;
const US = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

/** Triangular inverse CDF by hand (the textbook piecewise form). */
function triInv(u: number, a: number, c: number, b: number): number {
  const fc = (c - a) / (b - a);
  return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

describe("quantile against closed forms", () => {
  it("uniform is min + u (max - min)", () => {
    const spec: Uncertainty = { dist: "uniform", min: 2, max: 5, ...src };
    for (const u of US) expect(quantile(u, spec)).toBeCloseTo(2 + 3 * u, 14);
  });

  it.each([
    [0, 0.3, 1],
    [1, 1, 4], // mode at max
    [-2, -2, 3], // mode at min
  ])("triangular(%d, %d, %d) matches the inverse CDF by hand", (a, c, b) => {
    const spec: Uncertainty = { dist: "triangular", min: a, mode: c, max: b, ...src };
    for (const u of US) expect(quantile(u, spec)).toBeCloseTo(triInv(u, a, c, b), 12);
  });

  it("beta(1, 1) is the identity and beta(2, 1) is sqrt(u), beta(1, 2) is 1 - sqrt(1 - u)", () => {
    for (const u of US) {
      expect(quantile(u, { dist: "beta", alpha: 1, beta: 1, ...src })).toBeCloseTo(u, 12);
      expect(quantile(u, { dist: "beta", alpha: 2, beta: 1, ...src })).toBeCloseTo(Math.sqrt(u), 12);
      // mean/n form: mean 1/3, n 3 is alpha 1, beta 2
      expect(quantile(u, { dist: "beta", mean: 1 / 3, n: 3, ...src })).toBeCloseTo(1 - Math.sqrt(1 - u), 12);
    }
  });

  it("PERT with min = mode is a scaled beta(1, 5): min + w (1 - (1 - u)^(1/5))", () => {
    const spec: Uncertainty = { dist: "pert", min: 10, mode: 10, max: 20, ...src };
    for (const u of US) expect(quantile(u, spec)).toBeCloseTo(10 + 10 * (1 - (1 - u) ** (1 / 5)), 10);
  });

  it("a symmetric PERT has its median at the mode and mean (min + 4 mode + max)/6", () => {
    const spec: Uncertainty = { dist: "pert", min: 0.2, mode: 0.5, max: 0.8, ...src };
    expect(quantile(0.5, spec)).toBeCloseTo(0.5, 12);
    expect(mean(spec)).toBeCloseTo(0.5, 14);
    const skew: Uncertainty = { dist: "pert", min: 0, mode: 0.1, max: 1, ...src };
    expect(mean(skew)).toBeCloseTo(1.4 / 6, 14);
  });

  it("lognormal reproduces p05 and p95, and its median is their geometric mean", () => {
    const spec: Uncertainty = { dist: "lognormal", p05: 0.5, p95: 8, truncate: true, ...src };
    expect(quantile(0.05, spec)).toBeCloseTo(0.5, 12);
    expect(quantile(0.95, spec)).toBeCloseTo(8, 11);
    expect(quantile(0.5, spec)).toBeCloseTo(2, 12);
    const sigma = Math.log(16) / (2 * Z95);
    expect(mean(spec)).toBeCloseTo(2 * Math.exp((sigma * sigma) / 2), 12);
  });

  it("means of triangular and beta are the textbook ones", () => {
    expect(mean({ dist: "triangular", min: 0, mode: 3, max: 6, ...src })).toBe(3);
    expect(mean({ dist: "beta", alpha: 2, beta: 6, ...src })).toBe(0.25);
    expect(mean({ dist: "beta", mean: 0.3, n: 10, ...src })).toBeCloseTo(0.3, 15);
  });
});

describe("support and truncation", () => {
  it("gives the written support, [0, 1] for a beta and [0, ∞) for a lognormal", () => {
    expect(support({ dist: "pert", min: 1, mode: 2, max: 3, ...src })).toEqual([1, 3]);
    expect(support({ dist: "beta", alpha: 2, beta: 3, ...src })).toEqual([0, 1]);
    expect(support({ dist: "lognormal", p05: 1, p95: 2, ...src })).toEqual([0, Infinity]);
  });

  it("a truncated lognormal is drawn conditioned on the bounds (never clipped)", () => {
    const spec: Uncertainty = { dist: "lognormal", p05: 1, p95: 4, truncate: true, ...src };
    const m = toMarginal(spec, { min: 0.5, max: 3 });
    expect([m.lo, m.hi]).toEqual([0.5, 3]);
    expect(drawQuantile(0, m)).toBeCloseTo(0.5, 12);
    expect(drawQuantile(1, m)).toBeCloseTo(3, 12);
    // Conditioned, not clipped: the truncated median is the untruncated quantile at (F(lo) + F(hi))/2,
    // and there is no atom at the bound (u = 0.99 stays strictly below hi).
    const mid = quantile((m.uLo + m.uHi) / 2, spec);
    expect(drawQuantile(0.5, m)).toBeCloseTo(mid, 12);
    expect(drawQuantile(0.99, m)).toBeLessThan(3);
    // The truncated mean by numerical integration of the quantile (midpoint rule over u).
    let s = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) s += drawQuantile((i + 0.5) / n, m);
    expect(marginalMean(m)).toBeCloseTo(s / n, 6);
    expect(percentile(m, 0.05)).toBeGreaterThan(0.5);
  });

  it("percentile of an untruncated spec is its quantile", () => {
    const m = toMarginal({ dist: "uniform", min: 0.2, max: 0.6, ...src }, { min: 0, max: 1 });
    expect(percentile(m, 0.05)).toBeCloseTo(0.22, 14);
    expect(percentile(m, 0.95)).toBeCloseTo(0.58, 14);
  });
});

const prob = { default: 0.5, min: 0, max: 1 };
const path = ["parameters", "p_struck_down", "uncertainty"];
const messages = (param: typeof prob, spec: Uncertainty): string[] =>
  checkUncertainty(param, spec, path).map((i) => `${i.severity} ${i.code} ${toDotPath(i.path)}: ${i.message}`);

describe("checkUncertainty", () => {
  it("accepts valid declarations", () => {
    expect(messages(prob, { dist: "uniform", min: 0.2, max: 0.8, ...src })).toEqual([]);
    expect(messages(prob, { dist: "beta", mean: 0.5, n: 4, ...src })).toEqual([]);
    expect(messages({ default: 2, min: 0, max: 10 }, { dist: "lognormal", p05: 1, p95: 4, truncate: true, ...src })).toEqual([]);
  });

  it("names the key that leaves the parameter's bounds", () => {
    expect(messages(prob, { dist: "uniform", min: -0.1, max: 1.2, ...src })).toMatchInlineSnapshot(`
      [
        "error range parameters.p_struck_down.uncertainty.min: -0.1 is below the parameter's min 0",
        "error range parameters.p_struck_down.uncertainty.max: 1.2 is above the parameter's max 1",
      ]
    `);
  });

  it("rejects invalid distribution numbers", () => {
    expect(messages(prob, { dist: "triangular", min: 0.6, mode: 0.5, max: 0.4, ...src })).toMatchInlineSnapshot(`
      [
        "error range parameters.p_struck_down.uncertainty.max: max 0.4 must be above min 0.6",
      ]
    `);
    expect(messages(prob, { dist: "pert", min: 0.1, mode: 0.9, max: 0.4, ...src })).toMatchInlineSnapshot(`
      [
        "error range parameters.p_struck_down.uncertainty.mode: mode 0.9 must lie in [min, max] = [0.1, 0.4]",
      ]
    `);
    expect(messages(prob, { dist: "beta", mean: 1, n: 0, ...src })).toMatchInlineSnapshot(`
      [
        "error range parameters.p_struck_down.uncertainty.mean: mean must lie strictly between 0 and 1; found 1",
        "error range parameters.p_struck_down.uncertainty.n: n must be above 0; found 0",
      ]
    `);
    expect(messages(prob, { dist: "beta", alpha: -1, beta: 2, ...src })[0]).toMatch(/alpha must be above 0; found -1/);
    expect(messages({ default: 1, min: 0, max: 10 }, { dist: "lognormal", p05: 3, p95: 2, truncate: true, ...src })).toEqual([
      "error range parameters.p_struck_down.uncertainty.p95: p95 2 must be above p05 3",
    ]);
  });

  it("rejects a beta on a parameter narrower than [0, 1], and a lognormal without truncate", () => {
    expect(messages({ default: 0.01, min: 0, max: 0.2 }, { dist: "beta", mean: 0.05, n: 20, ...src })[0]).toMatch(
      /uncertainty.dist: a beta draws from \[0, 1\], which is not inside the parameter's bounds \[0, 0.2\]/,
    );
    expect(messages({ default: 1, min: 0, max: 10 }, { dist: "lognormal", p05: 1, p95: 4, ...src })).toEqual([
      "error range parameters.p_struck_down.uncertainty.truncate: a lognormal draws from (0, ∞), which is not inside the parameter's bounds [0, 10]; write truncate: true to draw it conditioned on the bounds",
    ]);
    expect(messages({ default: 1, min: 0, max: 3 }, { dist: "lognormal", p05: 1, p95: 4, truncate: true, ...src })).toEqual([
      "error range parameters.p_struck_down.uncertainty.p95: 4 is above the parameter's max 3",
    ]);
  });

  it("warns when the default is outside the uncertainty's support", () => {
    expect(messages({ default: 0.1, min: 0, max: 1 }, { dist: "uniform", min: 0.2, max: 0.8, ...src })).toEqual([
      "warning range parameters.p_struck_down.uncertainty: the parameter's default 0.1 is outside the uncertainty's support [0.2, 0.8]",
    ]);
  });
});
