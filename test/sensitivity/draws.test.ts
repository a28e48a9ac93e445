/** The issues of draws that make an invalid model (src/sensitivity/draws.ts): where each line points. */
import { describe, expect, it } from "vitest";
import { issue } from "../../src/scenario/issues.js";
import { invalidDrawIssues } from "../../src/sensitivity/draws.js";

describe("invalidDrawIssues", () => {
  it("points a drawn value's problem at the parameter's declaration, not at a --set nobody gave", () => {
    const bounds = issue("range", ["--set", "p_a"], 'NaN is outside the bounds [0, 1] of "p_a"');
    const weights = issue("weights", ["machines", "m", "transitions", 0, "to"], "branch weights sum to 1.2");
    const given = issue("range", ["--set", "h_held"], "2 is outside the bounds [0, 1] of \"h_held\"");
    const out = invalidDrawIssues(
      [{ ok: true, groups: new Map(), outcomes: new Map() }, { ok: false, issues: [bounds, weights, given] }],
      [new Map([["p_a", 0.2]]), new Map([["p_a", Number.NaN], ["h_held", 2]])],
      ["p_a"],
      (k) => `draw ${k}`,
    );
    expect(out.map((x) => x.path)).toEqual([["parameters", "p_a"], weights.path, ["--set", "h_held"]]);
    expect(out[0]?.message).toBe('draw 1 (p_a = NaN) makes an invalid model: NaN is outside the bounds [0, 1] of "p_a"');
  });
});
