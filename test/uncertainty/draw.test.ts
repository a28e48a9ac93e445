import { describe, expect, it } from "vitest";
import { streamRng } from "../../src/engine/rng.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { checkWeightSets } from "../../src/uncertainty/constraints.js";
import { dirichletAlphas, dirichletFromUniforms } from "../../src/uncertainty/dirichlet.js";
import { percentile } from "../../src/uncertainty/distributions.js";
import { makeSampler, type Sampler, type SamplerParameter } from "../../src/uncertainty/draw.js";
import type { Correlation, DirichletGroup } from "../../src/scenario/uncertaintySchema.js";

const source = { rationale: "test" };
const param = (name: string, def: number, min: number, max: number, uncertainty?: SamplerParameter["uncertainty"]): SamplerParameter => ({
  name,
  default: def,
  min,
  max,
  path: ["parameters", name],
  uncertainty,
});
const params: SamplerParameter[] = [
  param("p_pass_in_window", 0.55, 0, 1),
  param("p_filibuster", 0.25, 0, 1),
  param("p_struck_down", 0.5, 0, 1, { dist: "uniform", min: 0.2, max: 0.8, source }),
  param("fixed_days", 30, 1, 90),
  param("h_rate", 0.01, 0, 0.05, { dist: "lognormal", p05: 0.004, p95: 0.03, truncate: true, source }),
];
const group: DirichletGroup = {
  dist: "dirichlet",
  parameters: ["p_pass_in_window", "p_filibuster"],
  remainder: true,
  mean: [0.55, 0.25],
  concentration: 20,
  source,
};
const corr: Correlation = { between: ["p_struck_down", "h_rate"], rho: 0.6 };

function sampler(ps = params, gs = [group], cs = [corr]): Sampler {
  const r = makeSampler(ps, gs, cs);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.value;
}

describe("makeSampler", () => {
  it("lays out one coordinate per own uncertainty, then k - 1 per dirichlet group", () => {
    const s = sampler();
    expect(s.dims).toBe(4);
    expect(s.names).toEqual(["p_pass_in_window", "p_filibuster", "p_struck_down", "h_rate"]);
    expect(s.factors.map((f) => [f.kind, f.label, f.dims])).toEqual([
      ["parameter", "p_struck_down", [0]],
      ["parameter", "h_rate", [1]],
      ["dirichlet", "dirichlet(p_pass_in_window, p_filibuster)", [2, 3]],
    ]);
    expect(s.correlated).toBe(true);
  });

  it("maps a point to every parameter: drawn ones by their quantiles, the others at their defaults", () => {
    const s = sampler();
    const v = s.map(Float64Array.of(0.25, 0.5, 0.5, 0.5));
    expect([...v.keys()]).toEqual(params.map((p) => p.name));
    expect(v.get("fixed_days")).toBe(30);
    // p_struck_down is first in the copula, so its coordinate passes through unchanged: 0.2 + 0.6 · 0.25.
    expect(v.get("p_struck_down")).toBeCloseTo(0.35, 12);
    // Pure: the same point gives the same values.
    expect([...s.map(Float64Array.of(0.25, 0.5, 0.5, 0.5))]).toEqual([...v]);
    // Without the correlation, h_rate at u = 0.5 is the truncated lognormal's median.
    const plain = sampler(params, [group], []);
    const h = plain.marginals.get("h_rate");
    expect(h).toBeDefined();
    if (h !== undefined) expect(plain.map(Float64Array.of(0.25, 0.5, 0.5, 0.5)).get("h_rate")).toBeCloseTo(percentile(h, 0.5), 14);
  });

  it("every draw of a design is a valid parameter set (bounds kept, weights summing to at most 1)", () => {
    const s = sampler();
    const rng = streamRng("draw-validity");
    let invalid = 0;
    for (let r = 0; r < 2_000; r++) {
      const v = s.map(Float64Array.from({ length: s.dims }, () => rng()));
      for (const p of params) {
        const x = v.get(p.name) ?? NaN;
        if (!(x >= p.min && x <= p.max)) invalid++;
      }
      if ((v.get("p_pass_in_window") ?? NaN) + (v.get("p_filibuster") ?? NaN) > 1 + 1e-12) invalid++;
    }
    expect(invalid).toBe(0);
    // Corners of the cube too.
    for (const x of [0, 1]) expect([...s.map(new Float64Array(s.dims).fill(x)).values()].every(Number.isFinite)).toBe(true);
  });

  it("gives the same values with its quantile cache warm as a fresh sampler does, dirichlet groups included", () => {
    const warm = sampler();
    const rng = streamRng("draw-cache");
    const points = Array.from({ length: 50 }, () => Float64Array.from({ length: warm.dims }, () => rng()));
    // Saltelli-like reuse: mixed points take each coordinate from one of two base points.
    const mixed = points.slice(1).map((p, i) => p.map((x, d) => (d % 2 === 0 ? x : (points[i]?.[d] ?? NaN))));
    for (const p of [...points, ...mixed, ...points]) {
      const got = warm.map(p);
      expect([...got]).toEqual([...sampler().map(p)]);
      const x = dirichletFromUniforms(p, 2, dirichletAlphas(group));
      expect(got.get("p_pass_in_window")).toBe(x[0]);
      expect(got.get("p_filibuster")).toBe(x[1]);
    }
  });

  it("throws a RangeError for a point of the wrong length or outside [0, 1]", () => {
    const s = sampler();
    expect(() => s.map(new Float64Array(3))).toThrow(RangeError);
    expect(() => s.map(Float64Array.of(0.1, 1.5, 0.2, 0.3))).toThrow(/must lie in \[0, 1\]/);
    expect(() => s.map(Float64Array.of(0.1, NaN, 0.2, 0.3))).toThrow(RangeError);
  });

  it("collects the errors of every declaration at once, and passes warnings along", () => {
    const bad = [...params.slice(0, 2), param("p_struck_down", 0.5, 0, 1, { dist: "uniform", min: 0.2, max: 1.2, source }), ...params.slice(3)];
    const r = makeSampler(bad, [{ ...group, parameters: ["p_pass_in_window", "p_filibustr"] }], [{ between: ["p_struck_down", "fixed_days"], rho: 0.5 }]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => `${toDotPath(i.path)}: ${i.message}`)).toEqual([
        "parameters.p_struck_down.uncertainty.max: 1.2 is above the parameter's max 1",
        'uncertainties[0].parameters[1]: no parameter "p_filibustr" (did you mean "p_filibuster"?)',
        'correlations[0].between[1]: parameter "fixed_days" has no uncertainty to correlate',
      ]);
    const warned = makeSampler([param("p", 0.1, 0, 1, { dist: "uniform", min: 0.2, max: 0.8, source })], [], []);
    expect(warned.ok && warned.warnings.map((w) => w.severity)).toEqual(["warning"]);
  });

  it("with no uncertainty at all has no coordinates and returns the defaults", () => {
    const s = sampler([param("x", 3, 0, 5)], [], []);
    expect(s.dims).toBe(0);
    expect([...s.map(new Float64Array(0))]).toEqual([["x", 3]]);
  });
});

describe("checkWeightSets", () => {
  const at = ["machines", "assembly", "transitions", 0, "to"];
  const sets = [{ path: at, weights: ["p_pass_in_window", "p_filibuster"], otherwise: true }];

  it("reports independently uncertain weights that can sum past 1, naming them", () => {
    const ps = [
      param("p_pass_in_window", 0.55, 0, 1, { dist: "uniform", min: 0.4, max: 0.7, source }),
      param("p_filibuster", 0.25, 0, 1, { dist: "uniform", min: 0.15, max: 0.45, source }),
    ];
    const issues = checkWeightSets(sets, ps, [], sampler(ps, [], []));
    expect(issues.map((i) => `${i.code} ${toDotPath(i.path)}: ${i.message}`)).toEqual([
      'weights machines.assembly.transitions[0].to: under their declared uncertainties the weights can sum to 1.15 (more than 1): "p_pass_in_window", "p_filibuster"; draw them as one dirichlet group with remainder: true',
    ]);
    // Narrower ranges that cannot reach 1 pass.
    const ok = [ps[0] ?? param("x", 0, 0, 1), param("p_filibuster", 0.25, 0, 1, { dist: "uniform", min: 0.15, max: 0.3, source })];
    expect(checkWeightSets(sets, ok, [], sampler(ok, [], []))).toEqual([]);
  });

  it("accepts the same weights drawn as one dirichlet group, and a no-remainder group that is a whole branch list", () => {
    expect(checkWeightSets(sets, params, [group], sampler())).toEqual([]);
    const whole: DirichletGroup = { ...group, remainder: false, mean: [0.7, 0.3] };
    const noOtherwise = [{ path: at, weights: ["p_pass_in_window", "p_filibuster"], otherwise: false }];
    expect(checkWeightSets(noOtherwise, params, [whole], sampler(params, [whole], []))).toEqual([]);
    // The remainder group alone does not sum to 1 without an otherwise branch.
    expect(checkWeightSets(noOtherwise, params, [group], sampler())[0]?.message).toMatch(/can sum to anything in \[0, 1\], not always 1/);
  });

  it("adds fixed weights at their defaults and leaves lists with no uncertain weight alone", () => {
    const withFixed = [{ path: at, weights: ["p_struck_down", 0.3], otherwise: true }];
    expect(checkWeightSets(withFixed, params, [group], sampler())[0]?.message).toMatch(/can sum to 1.1 \(more than 1\): "p_struck_down"/);
    expect(checkWeightSets([{ path: at, weights: ["fixed_days", 0.9], otherwise: true }], params, [group], sampler())).toEqual([]);
  });
});
