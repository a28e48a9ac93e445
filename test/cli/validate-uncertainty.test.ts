/**
 * `validate` checks the declared parameter uncertainties: each alone, and the
 * branch lists whose weights could sum past 1 under them (issue 7: never
 * drop or clip a draw silently; say so before sampling).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tmpDirs } from "../helpers/cli.js";
import { edit, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** The simple fixture with a second weight `p_fail` beside `p_pass`, and `extra` spliced in at the top level. */
function twoWeights(pass: string, fail: string, extra = ""): string {
  let t = simpleText();
  t = edit(t, "  h_raise:\n", `  p_fail:\n    default: 0.2\n    min: 0\n    max: 1\n    unit: probability\n    description: Chance the bill fails in its window.\n    source: { rationale: test fixture }\n${fail}  h_raise:\n`);
  t = edit(t, "    source: { rationale: test fixture }\n  p_fail:", `    source: { rationale: test fixture }\n${pass}  p_fail:`);
  t = edit(t, "          - { to: failed, otherwise: true }", "          - { to: failed, weight: p_fail }\n          - { to: pending, otherwise: true }");
  return `${t}${extra}`;
}

function write(text: string): string {
  const f = join(dirs.make(), "s.yaml");
  writeFileSync(f, text);
  return f;
}

const uniform = (lo: number, hi: number): string =>
  `    uncertainty: { dist: uniform, min: ${lo}, max: ${hi}, source: { rationale: judgement } }\n`;

describe("validate and declared uncertainties", () => {
  it("accepts ranges whose weights can never sum past 1", async () => {
    const r = await cli("validate", write(twoWeights(uniform(0.4, 0.6), uniform(0.1, 0.3))));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("rejects independent ranges whose weights can sum past 1, naming both parameters", async () => {
    const f = write(twoWeights(uniform(0.4, 0.7), uniform(0.15, 0.45)));
    const r = await cli("validate", f);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: machines\\.bill\\.transitions\\[0\\]\\.to: `));
    expect(lines[0]).toContain("p_pass");
    expect(lines[0]).toContain("p_fail");
  });

  it("accepts the same weights as one dirichlet group, valid for every draw by construction", async () => {
    const group = "uncertainties:\n  - { dist: dirichlet, parameters: [p_pass, p_fail], remainder: true, mean: [0.55, 0.3], concentration: 20, source: { rationale: judgement } }\n";
    const r = await cli("validate", write(twoWeights("", "", group)));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  // Found by a hostile-input campaign: validate passed these, then every draw's beta quantile was NaN
  // and uncertainty blamed a `--set` nobody gave.
  it.each([
    ["a beta whose n makes both shapes 5e299", "    uncertainty: { dist: beta, mean: 0.5, n: 1e300, source: { rationale: judgement } }\n", "parameters\\.p_pass\\.uncertainty\\.n: the beta's shapes \\(alpha 5e\\+299, beta 5e\\+299\\)"],
    ["a beta with both shapes 1e-300", "    uncertainty: { dist: beta, alpha: 1e-300, beta: 1e-300, source: { rationale: judgement } }\n", "parameters\\.p_pass\\.uncertainty\\.alpha: the beta's shapes \\(alpha 1e-300, beta 1e-300\\)"],
  ])("rejects %s, where the quantiles cannot be computed", async (_what, spec, message) => {
    const r = await cli("validate", write(twoWeights(spec, "")));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`:\\d+:\\d+: ${message} must lie in \\[1e-100, 1e\\+100\\]`));
  });

  it.each([["1e300"], ["1e-300"]])("rejects a dirichlet of concentration %s, at the concentration", async (c) => {
    const group = `uncertainties:\n  - { dist: dirichlet, parameters: [p_pass, p_fail], remainder: true, mean: [0.55, 0.3], concentration: ${c}, source: { rationale: judgement } }\n`;
    const r = await cli("validate", write(twoWeights("", "", group)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/:\d+:\d+: uncertainties\[0\]\.concentration: concentration \S+ gives alphas \(mean × concentration\) outside \[1e-100, 1e\+100\]/);
  });

  it("accepts shapes at the ends of the computable range, and samples them", async () => {
    const spec = "    uncertainty: { dist: beta, alpha: 1e-100, beta: 1e100, source: { rationale: judgement } }\n";
    const f = write(edit(simpleText(), "    source: { rationale: test fixture }\n  h_raise:", `    source: { rationale: test fixture }\n${spec}  h_raise:`));
    const v = await cli("validate", f);
    expect(v.err).toBe("");
    expect(v.code).toBe(0);
    const r = await cli("uncertainty", f, "--samples", "8");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("rejects an uncertainty outside the parameter's bounds, at its path", async () => {
    const r = await cli("validate", write(twoWeights(uniform(0.4, 1.2), "")));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/:\d+:\d+: parameters\.p_pass\.uncertainty\.max: 1\.2 is above the parameter's max 1\n$/);
  });
});
