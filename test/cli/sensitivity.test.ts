/**
 * `tariffsim sensitivity`: the JSON contract (strict schema), the table,
 * --set, correlations (a warning line and JSON `warnings`), --out, exit 2
 * with one line per problem, and identical JSON for 1 and 2 workers (the
 * built bundle, in a child process).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runBundle } from "../helpers/bundle.js";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { edit } from "../helpers/scenario.js";

const PRODUCT = "test/sensitivity/fixtures/product.yaml";
const VOTE_U = "test/sensitivity/fixtures/vote-uncertain.yaml";
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** The stderr lines that are not warnings (the vote fixture's unused parameter warns). */
function errors(err: string): string[] {
  return nonEmptyLines(err).filter((l) => !l.includes(": warning: "));
}

const Interval = z.tuple([z.number(), z.number()]);
/** The JSON contract, strictly: an unknown or missing key fails the parse. */
const SensitivityJsonSchema = z.strictObject({
  scenario: z.string(), samples: z.number().int(), sampling: z.enum(["random", "lhs", "sobol"]), seed: z.number().int(),
  bootstrap: z.number().int(), method: z.enum(["exact", "mc"]), runs: z.number().int().optional(), solves: z.number().int(),
  overrides: z.array(z.strictObject({ name: z.string(), value: z.number(), default: z.number(), from: z.string() })),
  factors: z.array(z.strictObject({ label: z.string(), parameters: z.array(z.string()) })),
  warnings: z.array(z.string()),
  targets: z.array(z.strictObject({
    target: z.string(), mean: z.number(), variance: z.number(),
    indices: z.array(z.strictObject({ parameter: z.string(), S1: z.number(), S1ci: Interval, ST: z.number(), STci: Interval })),
  })),
});

function parse(text: string): z.infer<typeof SensitivityJsonSchema> {
  return SensitivityJsonSchema.parse(JSON.parse(text));
}

/** A copy of a fixture with an edit, in a temporary folder; returns its path. */
function variant(fixture: string, from: string, to: string): string {
  const f = join(dirs.make(), "s.yaml");
  writeFileSync(f, from === "" ? readFileSync(fixture, "utf8") + to : edit(readFileSync(fixture, "utf8"), from, to));
  return f;
}

describe("tariffsim sensitivity --format json", () => {
  it("follows the contract { scenario, samples, targets: [{ target, mean, variance, indices: [{ parameter, S1, S1ci, ST, STci }] }] }", async () => {
    const r = await cli("sensitivity", PRODUCT, "--samples", "1024", "--target", "outcome:both", "--format", "json");
    expect([r.code, r.err]).toEqual([0, ""]);
    const j = parse(r.out);
    expect([j.scenario, j.samples, j.sampling, j.method, j.solves, j.bootstrap, j.seed]).toEqual(["product", 1024, "sobol", "exact", 4096, 1000, 20260203]);
    expect(j.warnings).toEqual([]);
    expect(j.targets.map((t) => t.target)).toEqual(["outcome:both"]);
    for (const x of j.targets[0]?.indices ?? []) {
      expect(x.S1ci[0]).toBeLessThanOrEqual(3 / 7);
      expect(x.S1ci[1]).toBeGreaterThanOrEqual(3 / 7);
      expect(x.STci[0]).toBeLessThanOrEqual(4 / 7);
      expect(x.STci[1]).toBeGreaterThanOrEqual(4 / 7);
    }
  });

  it("reports a dirichlet group under its label, and held parameters as overrides", async () => {
    const r = await cli("sensitivity", VOTE_U, "--samples", "64", "--bootstrap", "50", "--set", "h_threat=0.03", "--format", "json");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect(j.factors).toEqual([{ label: "p_unused", parameters: ["p_unused"] }, { label: "dirichlet(p_pass, p_stall)", parameters: ["p_pass", "p_stall"] }]);
    expect(j.targets[0]?.indices.map((x) => x.parameter)).toEqual(["p_unused", "dirichlet(p_pass, p_stall)"]);
    expect(j.overrides).toEqual([{ name: "h_threat", value: 0.03, default: 0.02, from: "--set" }]);
    expect(j.solves).toBe(4 * 64);
  });

  it("says that indices assume independent inputs when correlations are declared", async () => {
    const f = variant(VOTE_U, "", "correlations:\n  - { between: [h_threat, p_unused], rho: 0.5 }\n");
    const r = await cli("sensitivity", f, "--samples", "16", "--bootstrap", "10", "--format", "json");
    expect(r.code).toBe(0);
    expect(parse(r.out).warnings).toEqual([expect.stringMatching(/^correlations are declared: Sobol indices assume independent inputs/)]);
    expect(r.err).toContain(`${f}: warning: sensitivity: Sobol indices assume independent inputs, and correlations are declared (see the report)`);
  });
});

describe("tariffsim sensitivity (table)", () => {
  it("shows the design, and per target its factors sorted by total index with bars", async () => {
    const r = await cli("sensitivity", VOTE_U, "--samples", "64", "--bootstrap", "50", "--sampling", "lhs", "--seed", "3");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("Global sensitivity (Sobol indices) · scenario vote-uncertain · exact solver");
    expect(lines[1]).toBe("Design: lhs, 64 base samples, 3 factors, 320 solves; seed 3; bootstrap 50 replicates");
    expect(r.out).toMatch(/group:calm · No rise · mean \d+\.\d\d% · sd \d+\.\d\d points/);
    const rows = lines.filter((l) => /^│ (h_threat|p_unused|dirichlet)/.test(l)).slice(0, 3);
    expect(rows.map((l) => l.split("│")[1]?.trim())).toEqual(["h_threat", "dirichlet(p_pass, p_stall)", "p_unused"]);
    expect(rows[0]).toContain("█");
  });

  it("writes --out whole", async () => {
    const out = join(dirs.make(), "s.json");
    const r = await cli("sensitivity", PRODUCT, "--samples", "8", "--bootstrap", "10", "--format", "json", "--out", out);
    expect([r.code, r.out]).toEqual([0, ""]);
    expect(parse(readFileSync(out, "utf8")).samples).toBe(8);
  });
});

describe("tariffsim sensitivity: bad input is exit 2, one line per problem", () => {
  it("refuses a scenario without uncertainty", async () => {
    const r = await cli("sensitivity", "test/sensitivity/fixtures/vote.yaml");
    expect(r.code).toBe(2);
    expect(errors(r.err)).toEqual([
      'test/sensitivity/fixtures/vote.yaml:10:3: parameters: scenario "vote" declares no parameter uncertainty: give parameters an `uncertainty` or a `dirichlet` group (docs/uncertainty.md)',
    ]);
  });

  it("names the draws that make an invalid model, located in the file", async () => {
    const f = variant(PRODUCT, "{ to: yes, weight: a }", "{ to: yes, weight: 'a + b' }");
    const r = await cli("sensitivity", f, "--samples", "8");
    expect(r.code).toBe(2);
    const lines = errors(r.err);
    expect(lines.length).toBe(11);
    expect(lines[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: machines\\.m1\\.transitions\\[0\\]\\.to\\[0\\]\\.weight: draw \\d+, row \\d+ of A, \\(a = 0\\.\\d+, b = 0\\.\\d+\\) makes an invalid model: a branch weight must be a probability in \\[0, 1\\]`));
    expect(lines.at(-1)).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: draws: \\d+ more of the 32 draws make an invalid model`));
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("refuses bad options", async () => {
    const cases: [string[], RegExp][] = [
      [["--samples", "1"], /--samples <n>' argument '1' is invalid\. expected a whole number from 2 to 200000/],
      [["--sampling", "grid"], /argument 'grid' is invalid\. Allowed choices are random, lhs, sobol/],
      [["--bootstrap", "0"], /--bootstrap <b>' argument '0' is invalid/],
      [["--target", "group:nope"], /^test\/sensitivity\/fixtures\/product\.yaml: --target group:nope: no group "nope"/],
      [["--set", "a=0.1", "--set", "b=0.2"], /^test\/sensitivity\/fixtures\/product\.yaml: --set\/--params: every parameter with an uncertainty is held: nothing is left to vary$/],
      [["--samples", "100000"], /--samples: \(2 factors \+ 2\) × 100000 samples is 400000 solves, more than the limit of 200000/],
    ];
    for (const [args, re] of cases) {
      const r = await cli("sensitivity", PRODUCT, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(nonEmptyLines(r.err)[0], args.join(" ")).toMatch(re);
    }
  });
});

describe("tariffsim sensitivity --workers (the bundle)", () => {
  it("gives byte-identical JSON for 1 and 2 workers", async () => {
    const args = ["sensitivity", VOTE_U, "--samples", "128", "--bootstrap", "100", "--format", "json"];
    const [one, two] = await Promise.all([runBundle([...args, "--workers", "1"], { timeoutMs: 60_000 }), runBundle([...args, "--workers", "2"], { timeoutMs: 60_000 })]);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(parse(one.out).solves).toBe(5 * 128);
    expect(two.out).toBe(one.out);
  });
});
