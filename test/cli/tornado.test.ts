/**
 * `tariffsim tornado`: the JSON contract, the table with its bars, --range,
 * --target, --set, --skip-invalid, --method and --out, and exit 2 with one
 * line per problem; checked on stdout, stderr and exit codes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { bar, BAR_WIDTH } from "../../src/report/tornado.js";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { koreaScenario } from "../helpers/scenario.js";
import { direct, vote } from "../sensitivity/helpers.js";

const VOTE = "test/sensitivity/fixtures/vote.yaml";

/** The error lines of stderr (the fixture's unused parameter also gives a warning line). */
function errors(err: string): string[] {
  return nonEmptyLines(err).filter((l) => !l.includes(": warning: "));
}
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** The JSON contract, strictly: an unknown or missing key fails the parse. */
const RowSchema = z.strictObject({
  parameter: z.string(), low: z.number(), high: z.number(),
  atLow: z.number().nullable(), atHigh: z.number().nullable(), swing: z.number().nullable(),
  error: z.string().optional(),
});
const TornadoJsonSchema = z.strictObject({
  scenario: z.string(), method: z.enum(["exact", "mc"]), range: z.string(),
  seed: z.number().optional(), runs: z.number().optional(),
  percentiles: z.array(z.string()),
  overrides: z.array(z.strictObject({ name: z.string(), value: z.number(), default: z.number(), from: z.string() })),
  targets: z.array(z.strictObject({ target: z.string(), base: z.number(), rows: z.array(RowSchema) })),
});

function parse(text: string): z.infer<typeof TornadoJsonSchema> {
  return TornadoJsonSchema.parse(JSON.parse(text));
}

/** A scenario past the exact solver's key limit (seven machines reading their clocks to day 100), with one parameter. */
function hugeScenario(): string {
  const machines = Array.from({ length: 7 }, (_, i) => `
  m${i}:
    initial: a
    states: { a: , b: }
    transitions:
      - { from: a, hazard: 'daysInState > 50 ? h : 0.01', to: b }
      - { from: b, hazard: 'daysInState > 50 ? 0.1 : 0.01', to: a }`).join("");
  return `id: huge
title: Huge
description: Too large for the exact solver.
asOf: 2026-01-01
calendar: { start: 2026-01-01, horizon: 2026-04-11 }
parameters:
  h: { default: 0.1, min: 0, max: 1, unit: probability per day, description: a hazard, source: { rationale: test } }
machines:${machines}
outcomes:
  - { id: a, label: a, when: 'in("m0.a")' }
  - { id: rest, label: rest, when: 'not in("m0.a")' }
`;
}

describe("tariffsim tornado --format json", () => {
  it("follows the contract: { scenario, targets: [{ target, base, rows: [{ parameter, low, high, atLow, atHigh, swing }] }] }", async () => {
    const r = await cli("tornado", VOTE, "--format", "json");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect(Object.keys(j)).toEqual(["scenario", "method", "range", "percentiles", "overrides", "targets"]);
    expect([j.scenario, j.method, j.range]).toEqual(["vote", "exact", "20%"]);
    expect(j.targets.map((t) => t.target)).toEqual(["group:calm", "group:up"]);
    for (const t of j.targets) {
      expect(Object.keys(t)).toEqual(["target", "base", "rows"]);
      for (const row of t.rows) expect(Object.keys(row)).toEqual(["parameter", "low", "high", "atLow", "atHigh", "swing"]);
    }
    const h = j.targets[0]?.rows[0];
    expect(h?.parameter).toBe("h_threat");
    expect(h?.atHigh).toBe(direct(vote(), { h_threat: 0.024 }).groups.get("calm"));
  });

  it("holds a --set parameter, lists it in overrides, and reports Monte Carlo's seed and runs", async () => {
    const r = await cli("tornado", VOTE, "--format", "json", "--set", "p_pass=0.3", "--method", "mc", "--runs", "500", "--seed", "4", "--target", "outcome:rise");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect([j.method, j.seed, j.runs]).toEqual(["mc", 4, 500]);
    expect(j.overrides).toEqual([{ name: "p_pass", value: 0.3, default: 0.5, from: "--set" }]);
    expect(j.targets.map((t) => t.target)).toEqual(["outcome:rise"]);
    expect(j.targets[0]?.rows.map((x) => x.parameter)).not.toContain("p_pass");
  });

  it("with --skip-invalid, shows an invalid end as a row with its problem", async () => {
    const r = await cli("tornado", VOTE, "--format", "json", "--range", "bounds", "--skip-invalid");
    expect(r.code).toBe(0);
    const rows = parse(r.out).targets[0]?.rows ?? [];
    const bad = rows.filter((x) => x.error !== undefined);
    expect(bad.map((x) => x.parameter).sort()).toEqual(["p_pass", "p_stall"]);
    expect(bad[0]?.atHigh).toBeNull();
    expect(bad[0]?.error).toMatch(/^high end 1: machines\.bill\.transitions\[0\]\.to: branch weights sum to/);
  });
});

describe("tariffsim tornado on the shipped scenario", () => {
  it("runs exactly by default, each end a direct exact solve, p_struck_down's swing on group:hold among the largest", async () => {
    const sc = koreaScenario();
    if (sc === undefined) return; // being written concurrently; the fixture tests above still run
    const r = await cli("tornado", "--target", "group:hold", "--format", "json");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect([j.scenario, j.method]).toEqual(["korea-us-2026", "exact"]);
    const rows = j.targets[0]?.rows ?? [];
    expect(rows.length).toBe(sc.parameters.length);
    const court = rows.find((x) => x.parameter === "p_struck_down");
    if (court === undefined) throw new Error("no p_struck_down row");
    expect(court.atHigh).toBe(direct(sc, { p_struck_down: court.high }).groups.get("hold"));
    expect(court.atLow).toBe(direct(sc, { p_struck_down: court.low }).groups.get("hold"));
    expect(rows.slice(0, 3).map((x) => x.parameter)).toContain("p_struck_down");
  }, 30_000);
});

describe("tariffsim tornado (table)", () => {
  it("shows each target's base and rows by swing with bars scaled to the largest", async () => {
    const r = await cli("tornado", VOTE, "--target", "group:up");
    expect(r.code).toBe(0);
    const lines = nonEmptyLines(r.out);
    expect(lines[0]).toBe("Tornado · scenario vote · exact solver");
    expect(lines[1]).toBe("Ends: ±20% of the default, within bounds");
    expect(lines[2]).toMatch(/^group:up · Rise · base 59\.98%$/);
    const params = lines.filter((l) => l.startsWith("│ ") && !l.includes("Parameter")).map((l) => l.split("│")[1]?.trim());
    expect(params).toEqual(["h_threat", "p_pass", "d_impl", "p_stall", "p_unused"]);
    expect(r.out).toContain("█".repeat(BAR_WIDTH));
  });

  it("writes the report with --out and nothing to stdout", async () => {
    const out = join(dirs.make(), "t.json");
    const r = await cli("tornado", VOTE, "--format", "json", "--out", out);
    expect([r.code, r.out]).toEqual([0, ""]);
    expect(readFileSync(out, "utf8")).toContain('"target": "group:calm"');
  });
});

describe("tariffsim tornado: bad input exits 2, one line per problem", () => {
  it("names unknown targets with a hint", async () => {
    const r = await cli("tornado", VOTE, "--target", "group:clam", "--target", "rise");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(errors(r.err)).toEqual([
      `${VOTE}: --target group:clam: no group "clam" (its groups are: calm, up)`,
      `${VOTE}: --target rise: expected group:ID or outcome:ID (did you mean "outcome:rise"?)`,
    ]);
  });

  it("names the parameter, the end and the problem of an invalid end, located in the file", async () => {
    const r = await cli("tornado", VOTE, "--range", "bounds");
    expect(r.code).toBe(2);
    const lines = errors(r.err);
    expect(lines).toContain(`${VOTE}:53:11: machines.bill.transitions[0].to: tornado: "p_pass" at its high end (1) makes an invalid model: branch weights sum to 1.3, leaving nothing for \`otherwise\` (passed: p_pass = 1, stalled: p_stall = 0.3)`);
    expect(lines.at(-1)).toBe(`${VOTE}: --skip-invalid: not given: with it, such ends are reported as rows with their problem`);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("rejects a bad --range and an unknown --set", async () => {
    const a = await cli("tornado", VOTE, "--range", "20");
    expect(a.code).toBe(2);
    expect(a.err).toContain("expected N% (N above 0, at most 1000) or bounds, e.g. --range 20%");
    const b = await cli("tornado", VOTE, "--set", "p_pas=0.2");
    expect(b.code).toBe(2);
    expect(errors(b.err)).toEqual([`${VOTE}: --set p_pas: unknown parameter "p_pas" (did you mean "p_pass"?)`]);
  });

  it("fails with --method exact past the solver's limit; auto falls back to Monte Carlo", async () => {
    const file = join(dirs.make(), "huge.yaml");
    writeFileSync(file, hugeScenario());
    const r = await cli("tornado", file, "--method", "exact");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/use Monte Carlo/);
    const auto = await cli("tornado", file, "--runs", "200", "--format", "json");
    expect(auto.code).toBe(0);
    const j = parse(auto.out);
    expect([j.method, j.runs, j.targets[0]?.rows.map((x) => x.parameter)]).toEqual(["mc", 200, ["h"]]);
  });
});

describe("bar", () => {
  it("is scaled to the largest swing in eighths of a block, empty for nothing or noise", () => {
    expect(bar(1, 1, 4)).toBe("████");
    expect(bar(0.5, 1, 4)).toBe("██");
    expect(bar(1 / 32, 1, 4)).toBe("▏");
    expect(bar(3 / 32, 1, 4)).toBe("▍");
    expect(bar(0, 1, 4)).toBe("");
    expect(bar(1e-16, 0.1, 4)).toBe("");
    expect(bar(0, 0, 4)).toBe("");
  });
});

describe("a Monte Carlo analysis's total runs (MAX_ANALYSIS_RUNS)", () => {
  it("refuses points × --runs past 10^10 before running (a tornado at 10^9 runs would take hours, a big sweep weeks)", async () => {
    for (const args of [["tornado", "--method", "mc", "--runs", "1000000000"],
      ["sweep", "p_struck_down=0..1", "h_ruling=0.005..0.03", "--steps", "100", "--method", "mc", "--runs", "1000000000"]]) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(nonEmptyLines(r.err)).toEqual([expect.stringMatching(/korea-us-2026\.yaml: --runs: [\d,]+ points × 1,000,000,000 runs is [\d,]+ Monte Carlo runs, more than the limit of 10\^10/)]);
      expect(r.out).toBe("");
    }
  });

  it("mcBudgetIssue: at the limit allowed, past it an issue", async () => {
    const { mcBudgetIssue, MAX_ANALYSIS_RUNS } = await import("../../src/sensitivity/estimate.js");
    expect(MAX_ANALYSIS_RUNS).toBe(1e10);
    expect(mcBudgetIssue(10_000, 1_000_000)).toBeUndefined();
    expect(mcBudgetIssue(10_001, 1_000_000)?.path).toEqual(["--runs"]);
  });
});
