import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { loadScenarioText } from "../../src/scenario/load.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { checkWeightSets, weightSetsOf } from "../../src/uncertainty/constraints.js";
import { makeSampler, type SamplerParameter } from "../../src/uncertainty/draw.js";
import type { DirichletGroup, Uncertainty } from "../../src/scenario/uncertaintySchema.js";

/** The shipped Korea scenario, with uncertainties laid over its parameters as the lead's schema will carry them. */
function koreaWith(extra: ReadonlyMap<string, Uncertainty>, groups: DirichletGroup[]) {
  // Seed quotes are not checked here (the default of loadScenarioText): only the structure matters.
  const loaded = loadScenarioText(readFileSync("scenarios/korea-us-2026.yaml", "utf8"));
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
  const sc = loaded.scenario;
  const params: SamplerParameter[] = sc.parameters.map((p) => ({ ...p, uncertainty: extra.get(p.name) }));
  const r = makeSampler(params, groups, []);
  if (!r.ok) throw new Error(r.issues.map((i) => `${toDotPath(i.path)}: ${i.message}`).join("\n"));
  const sets = weightSetsOf(sc.machines.flatMap((m) => m.transitions));
  return { sets, issues: checkWeightSets(sets, params, groups, r.value), sampler: r.value };
}

const source = { rationale: "test" };

describe("the Korea scenario's window vote (p_pass_in_window, p_filibuster, otherwise)", () => {
  it("is found among the scenario's plain branch lists", () => {
    const { sets } = koreaWith(new Map(), []);
    expect(sets.some((s) => s.otherwise && s.weights.includes("p_pass_in_window") && s.weights.includes("p_filibuster"))).toBe(true);
  });

  it("is reported when both weights get independent uniforms that can sum past 1", () => {
    const { issues } = koreaWith(
      new Map<string, Uncertainty>([
        ["p_pass_in_window", { dist: "uniform", min: 0.4, max: 0.7, source }],
        ["p_filibuster", { dist: "uniform", min: 0.15, max: 0.45, source }],
      ]),
      [],
    );
    expect(issues.map((i) => i.message)).toEqual([
      'under their declared uncertainties the weights can sum to 1.15 (more than 1): "p_pass_in_window", "p_filibuster"; draw them as one dirichlet group with remainder: true',
    ]);
  });

  it("is valid by construction as a dirichlet group with the otherwise branch as remainder", () => {
    const group: DirichletGroup = { dist: "dirichlet", parameters: ["p_pass_in_window", "p_filibuster"], remainder: true, mean: [0.55, 0.25], concentration: 20, source };
    const { issues, sampler } = koreaWith(new Map([["p_struck_down", { dist: "beta", mean: 0.5, n: 4, source }]]), [group]);
    expect(issues).toEqual([]);
    expect(sampler.dims).toBe(3);
    const v = sampler.map(Float64Array.of(0.5, 0.999, 0.999));
    expect((v.get("p_pass_in_window") ?? NaN) + (v.get("p_filibuster") ?? NaN)).toBeLessThanOrEqual(1);
    expect(v.get("p_struck_down")).toBeCloseTo(0.5, 12); // a symmetric beta's median
  });
});
