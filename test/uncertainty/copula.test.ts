import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { describe, expect, it } from "vitest";
import { streamRng } from "../../src/engine/rng.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { buildCopula, cholesky, correlate, type Copula, type CopulaContext } from "../../src/uncertainty/copula.js";
import type { Correlation } from "../../src/scenario/uncertaintySchema.js";

const ctx: CopulaContext = {
  parameters: ["a", "b", "c", "d", "g1", "g2"],
  dimOf: new Map([
    ["a", 0],
    ["b", 1],
    ["c", 2],
  ]),
  groupOf: new Map([
    ["g1", 0],
    ["g2", 0],
  ]),
};
const build = (cs: Correlation[]) => buildCopula(cs, ctx, ["correlations"]);
const errors = (cs: Correlation[]): string[] => {
  const r = build(cs);
  return r.ok ? [] : r.issues.map((i) => `${i.code} ${toDotPath(i.path)}: ${i.message}`);
};
const copulaOf = (cs: Correlation[]): Copula => {
  const r = build(cs);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.value;
};

/** Kolmogorov–Smirnov distance between a sample and uniform(0, 1). */
function ksUniform(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const x = s[i] ?? NaN;
    d = Math.max(d, (i + 1) / s.length - x, x - i / s.length);
  }
  return d;
}

function pearson(x: Float64Array, y: Float64Array): number {
  let mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) { mx += x[i] ?? 0; my += y[i] ?? 0; }
  mx /= x.length; my /= y.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? 0) - mx, dy = (y[i] ?? 0) - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe("correlate", () => {
  const n = 20_000;
  const rng = streamRng("copula-test");
  const cop = copulaOf([{ between: ["a", "b"], rho: 0.8 }]);
  const ua = new Float64Array(n), ub = new Float64Array(n), uc = new Float64Array(n), za = new Float64Array(n), zb = new Float64Array(n);
  const inputs: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const u = Float64Array.of(rng(), rng(), rng());
    inputs.push(u);
    const v = correlate(cop, u);
    ua[i] = v[0] ?? NaN; ub[i] = v[1] ?? NaN; uc[i] = v[2] ?? NaN;
    za[i] = normalQuantile(ua[i] ?? NaN, 0, 1); zb[i] = normalQuantile(ub[i] ?? NaN, 0, 1);
  }

  it("gives normal scores with correlation rho (0.8), and rank correlation (6/π) asin(rho/2)", () => {
    // The standard error of r near 0.8 is (1 - 0.64)/sqrt(20000) = 0.0025: band ±0.01.
    expect(Math.abs(pearson(za, zb) - 0.8)).toBeLessThan(0.01);
    // Pearson of uniforms is Spearman's rho of the draws.
    expect(Math.abs(pearson(ua, ub) - (6 / Math.PI) * Math.asin(0.4))).toBeLessThan(0.01);
  });

  it("keeps every marginal uniform (KS distance under the 0.1% critical value 1.95/sqrt(n))", () => {
    const crit = 1.95 / Math.sqrt(n); // = 0.0138
    for (const xs of [ua, ub, uc]) expect(ksUniform(xs)).toBeLessThan(crit);
  });

  it("leaves uncorrelated coordinates and the first correlated one unchanged, and does not modify its input", () => {
    const u = inputs[0] ?? new Float64Array(3);
    const before = Float64Array.from(u);
    const v = correlate(cop, u);
    expect([...u]).toEqual([...before]);
    expect(v[2]).toBe(u[2]);
    expect(v[0]).toBeCloseTo(u[0] ?? NaN, 12);
    expect(v[1]).not.toBeCloseTo(u[1] ?? NaN, 6);
  });

  it("maps rho = 1 onto the same uniform and rho = -1 onto its mirror, and survives coordinates 0 and 1", () => {
    const same = copulaOf([{ between: ["a", "b"], rho: 1 }]);
    const mirror = copulaOf([{ between: ["a", "b"], rho: -1 }]);
    for (const x of [0, 0.1, 0.5, 0.93, 1]) {
      const v = correlate(same, Float64Array.of(x, 0.3, 0.5));
      const w = correlate(mirror, Float64Array.of(x, 0.3, 0.5));
      expect(v[1]).toBeCloseTo(v[0] ?? NaN, 10);
      expect(w[1]).toBeCloseTo(1 - (w[0] ?? NaN), 10);
      expect(Number.isFinite(v[0]) && Number.isFinite(v[1])).toBe(true);
    }
  });
});

describe("buildCopula checks", () => {
  it("rejects a matrix that is not positive semi-definite, naming the three parameters", () => {
    expect(
      errors([
        { between: ["a", "b"], rho: 0.9 },
        { between: ["a", "c"], rho: 0.9 },
        { between: ["b", "c"], rho: -0.9 },
      ]),
    ).toEqual([
      "range correlations: the correlations of a, b and c cannot hold together (their matrix is not positive semi-definite): rho(a, b) = 0.9, rho(a, c) = 0.9, rho(b, c) = -0.9",
    ]);
  });

  it("accepts a consistent 3 × 3 and a singular PSD one, and its factor reproduces the matrix", () => {
    const c = copulaOf([
      { between: ["a", "b"], rho: 0.5 },
      { between: ["c", "b"], rho: 0.3 },
    ]);
    expect(c.names).toEqual(["a", "b", "c"]);
    expect(c.dims).toEqual([0, 1, 2]);
    const l = c.factor;
    const llt = (i: number, j: number): number => [0, 1, 2].reduce((s, k) => s + (l[i * 3 + k] ?? 0) * (l[j * 3 + k] ?? 0), 0);
    expect(llt(0, 0)).toBeCloseTo(1, 14);
    expect(llt(2, 2)).toBeCloseTo(1, 14);
    expect(llt(0, 1)).toBeCloseTo(0.5, 14);
    expect(llt(1, 2)).toBeCloseTo(0.3, 14);
    expect(llt(0, 2)).toBeCloseTo(0, 14);
    // rho(a,b) = rho(b,c) = rho(a,c) = 1 is singular but PSD.
    expect(errors([{ between: ["a", "b"], rho: 1 }, { between: ["b", "c"], rho: 1 }, { between: ["a", "c"], rho: 1 }])).toEqual([]);
    // ... and with rho(a,c) = 0 it is not.
    expect(errors([{ between: ["a", "b"], rho: 1 }, { between: ["b", "c"], rho: 1 }])[0]).toMatch(/correlations of a, b and c cannot hold together/);
  });

  it("cholesky fails at the first pivot that shows the matrix is not PSD", () => {
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toEqual({ ok: false, pivot: 1 });
    expect(cholesky(Float64Array.of(4, 2, 2, 2), 2)).toEqual({ ok: true, factor: Float64Array.of(2, 0, 1, 1) });
  });

  it("rejects unknown names, self-correlation, dirichlet members, parameters without uncertainty and repeated pairs", () => {
    expect(
      errors([
        { between: ["a", "bb"], rho: 0.1 },
        { between: ["a", "a"], rho: 0.1 },
        { between: ["g1", "b"], rho: 0.1 },
        { between: ["c", "d"], rho: 0.1 },
        { between: ["a", "b"], rho: 0.1 },
        { between: ["b", "a"], rho: 0.2 },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "unknown-name correlations[0].between[1]: no parameter "bb" (did you mean "b"?)",
        "shape correlations[1].between: a parameter cannot be correlated with itself ("a")",
        "shape correlations[2].between[0]: parameter "g1" is drawn by uncertainties[0] (a dirichlet) and cannot be correlated",
        "shape correlations[3].between[1]: parameter "d" has no uncertainty to correlate",
        "shape correlations[5]: "b" and "a" are already correlated by correlations[4]",
      ]
    `);
  });
});
