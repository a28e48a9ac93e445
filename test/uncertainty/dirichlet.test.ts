import { describe, expect, it } from "vitest";
import { streamRng } from "../../src/engine/rng.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { checkDirichlet, dirichletAlphas, dirichletDims, dirichletFromUniforms } from "../../src/uncertainty/dirichlet.js";
import type { DirichletGroup } from "../../src/scenario/uncertaintySchema.js";

const source = { rationale: "test" };
const korea: DirichletGroup = {
  dist: "dirichlet",
  parameters: ["p_pass_in_window", "p_filibuster"],
  remainder: true,
  mean: [0.6, 0.2],
  concentration: 20,
  source,
};

describe("dirichletFromUniforms", () => {
  it("has alphas mean · concentration, the remainder last, and k - 1 coordinates", () => {
    expect([...dirichletAlphas(korea)].map((a) => Number(a.toFixed(12)))).toEqual([12, 4, 4]);
    expect(dirichletDims(korea)).toBe(2);
    expect(dirichletDims({ ...korea, remainder: false, mean: [0.75, 0.25] })).toBe(1);
  });

  it("Dirichlet(1, 1, 1) by stick-breaking is x1 = 1 - sqrt(1 - u1), x2 = (1 - x1) u2", () => {
    const alphas = Float64Array.of(1, 1, 1);
    for (const u1 of [0, 0.1, 0.5, 0.9, 1])
      for (const u2 of [0, 0.3, 0.7, 1]) {
        const x = dirichletFromUniforms([9, u1, u2], 1, alphas);
        const x1 = 1 - Math.sqrt(1 - u1);
        expect(x[0]).toBeCloseTo(x1, 12);
        expect(x[1]).toBeCloseTo((1 - x1) * u2, 12);
        expect(x[2]).toBeCloseTo(1 - x1 - (1 - x1) * u2, 12);
      }
  });

  it("has the Dirichlet's means, variances and covariance (midpoint grid over the unit square)", () => {
    const alphas = dirichletAlphas({ ...korea, concentration: 5 }); // 3, 1, 1; A = 5
    const n = 200;
    let s1 = 0, s2 = 0, s11 = 0, s22 = 0, s12 = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = dirichletFromUniforms([(i + 0.5) / n, (j + 0.5) / n], 0, alphas);
        const a = x[0] ?? NaN;
        const b = x[1] ?? NaN;
        s1 += a; s2 += b; s11 += a * a; s22 += b * b; s12 += a * b;
      }
    const N = n * n;
    const m1 = s1 / N, m2 = s2 / N;
    expect(m1).toBeCloseTo(0.6, 3);
    expect(m2).toBeCloseTo(0.2, 3);
    // Var x_i = a_i (A - a_i) / (A² (A + 1)); Cov = -a_1 a_2 / (A² (A + 1)).
    const d = 25 * 6;
    expect(s11 / N - m1 * m1).toBeCloseTo((3 * 2) / d, 4);
    expect(s22 / N - m2 * m2).toBeCloseTo((1 * 4) / d, 4);
    expect(s12 / N - m1 * m2).toBeCloseTo(-(3 * 1) / d, 4);
  });

  it("every draw is a valid set of weights (each in [0, 1], the parameters summing to at most 1), with the right sample means", () => {
    const rng = streamRng("dirichlet-validity");
    const alphas = dirichletAlphas({ ...korea, concentration: 0.5 }); // small alphas: mass piles at the edges
    const runs = 20_000;
    let invalid = 0;
    let s1 = 0;
    let s2 = 0;
    for (let r = 0; r < runs; r++) {
      const [a = NaN, b = NaN, rest = NaN] = dirichletFromUniforms([rng(), rng()], 0, alphas);
      const ok = [a, b, rest].every((v) => v >= 0 && v <= 1) && a + b <= 1 + 1e-12 && Math.abs(a + b + rest - 1) < 1e-12;
      if (!ok) invalid++;
      s1 += a;
      s2 += b;
    }
    expect(invalid).toBe(0);
    // sd of x1 is sqrt(0.6 · 0.4 / 1.5) = 0.4, so the standard error is 0.4 / sqrt(20000) = 0.0028: band ±0.012 (over 4 SE).
    expect(Math.abs(s1 / runs - 0.6)).toBeLessThan(0.012);
    expect(Math.abs(s2 / runs - 0.2)).toBeLessThan(0.012);
  });
});

const params = [
  { name: "p_pass_in_window", min: 0, max: 1, uncertain: false },
  { name: "p_filibuster", min: 0, max: 1, uncertain: false },
  { name: "p_struck_down", min: 0, max: 1, uncertain: true },
  { name: "p_narrow", min: 0, max: 0.5, uncertain: false },
];
const messages = (groups: DirichletGroup[]): string[] =>
  checkDirichlet(groups, params, ["uncertainties"]).map((i) => `${i.code} ${toDotPath(i.path)}: ${i.message}`);

describe("checkDirichlet", () => {
  it("accepts the Korea group", () => {
    expect(messages([korea])).toEqual([]);
    expect(messages([{ ...korea, remainder: false, mean: [0.7, 0.3] }])).toEqual([]);
  });

  it("reports unknown names with a suggestion, repeats, a second group, an own uncertainty and narrow bounds", () => {
    expect(
      messages([
        { ...korea, parameters: ["p_pass_in_window", "p_filibustr"] },
        { ...korea, parameters: ["p_pass_in_window", "p_pass_in_window"] },
        { ...korea, parameters: ["p_struck_down", "p_narrow"] },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "unknown-name uncertainties[0].parameters[1]: no parameter "p_filibustr" (did you mean "p_filibuster"?)",
        "shape uncertainties[1].parameters[0]: parameter "p_pass_in_window" is already drawn by uncertainties[0]; a parameter can be in one group only",
        "shape uncertainties[1].parameters[1]: parameter "p_pass_in_window" is already drawn by uncertainties[0]; a parameter can be in one group only",
        "shape uncertainties[2].parameters[0]: parameter "p_struck_down" has its own uncertainty; drop it, or drop "p_struck_down" from this group (a parameter is drawn once)",
        "range uncertainties[2].parameters[1]: parameter "p_narrow" has bounds [0, 0.5], but a dirichlet draws it anywhere in [0, 1]",
      ]
    `);
    expect(messages([{ ...korea, parameters: ["p_filibuster", "p_filibuster"] }])[0]).toMatch(/listed twice in this group/);
  });

  it("reports means that do not fit the remainder rule, wrong lengths and a bad concentration", () => {
    expect(
      messages([
        { ...korea, mean: [0.7, 0.3] },
        { ...korea, remainder: false, mean: [0.6, 0.2] },
        { ...korea, mean: [0.6], concentration: 0 },
        { ...korea, mean: [0, 0.5] },
        { ...korea, parameters: ["p_filibuster"], remainder: false, mean: [1] },
      ]).filter((m) => !m.includes("already drawn")), // the groups share names; that is tested above
    ).toMatchInlineSnapshot(`
      [
        "weights uncertainties[0].mean: means sum to 1; with remainder: true they must sum to less than 1 (the remainder's mean is 1 − their sum)",
        "weights uncertainties[1].mean: means sum to 0.8; with remainder: false they must sum to 1 (write remainder: true for an otherwise branch)",
        "range uncertainties[2].concentration: concentration must be above 0; found 0",
        "shape uncertainties[2].mean: has 1 entries for 2 parameters; give one mean per parameter",
        "range uncertainties[3].mean[0]: a mean must lie strictly between 0 and 1; found 0",
        "range uncertainties[4].mean[0]: a mean must lie strictly between 0 and 1; found 1",
        "shape uncertainties[4].parameters: without a remainder a dirichlet needs two parameters or more (one alone would always be 1)",
      ]
    `);
  });
});
