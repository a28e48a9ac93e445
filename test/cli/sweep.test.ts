/**
 * `tariffsim sweep`: the JSON contract, one-way rows and two-way matrices,
 * --scenario, --steps, --set, --skip-invalid and --out, and exit 2 with one
 * line per problem; checked on stdout, stderr and exit codes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { direct, vote } from "../sensitivity/helpers.js";

const VOTE = "test/sensitivity/fixtures/vote.yaml";
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** The JSON contract, strictly: an unknown or missing key fails the parse. */
const Probabilities = z.record(z.string(), z.number().nullable());
const SweepJsonSchema = z.strictObject({
  scenario: z.string(), method: z.enum(["exact", "mc"]), steps: z.number(),
  seed: z.number().optional(), runs: z.number().optional(),
  axes: z.array(z.strictObject({ name: z.string(), from: z.number(), to: z.number() })),
  overrides: z.array(z.strictObject({ name: z.string(), value: z.number(), default: z.number(), from: z.string() })),
  points: z.array(z.strictObject({ values: z.record(z.string(), z.number()), groups: Probabilities, outcomes: Probabilities, error: z.string().optional() })),
});

function parse(text: string): z.infer<typeof SweepJsonSchema> {
  return SweepJsonSchema.parse(JSON.parse(text));
}

/** The error lines of stderr (the fixture's unused parameter also gives a warning line). */
function errors(err: string): string[] {
  return nonEmptyLines(err).filter((l) => !l.includes(": warning: "));
}

describe("tariffsim sweep --format json", () => {
  it("follows the contract { scenario, points: [{ values, groups, outcomes }] } with exact values", async () => {
    const r = await cli("sweep", "p_pass=0..0.5", "--scenario", VOTE, "--steps", "3", "--format", "json");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect([j.scenario, j.method, j.steps, j.axes]).toEqual(["vote", "exact", 3, [{ name: "p_pass", from: 0, to: 0.5 }]]);
    expect(j.points.map((p) => p.values)).toEqual([{ p_pass: 0 }, { p_pass: 0.25 }, { p_pass: 0.5 }]);
    const d = direct(vote(), { p_pass: 0.25 });
    expect(j.points[1]).toEqual({ values: { p_pass: 0.25 }, groups: Object.fromEntries(d.groups), outcomes: Object.fromEntries(d.outcomes) });
  });

  it("gives a two-way grid row-major, with --set at every point and Monte Carlo's seed and runs", async () => {
    const r = await cli("sweep", "p_pass=0.2..0.4", "h_threat=0..0.1", "--scenario", VOTE, "--steps", "2",
      "--set", "d_impl=20", "--method", "mc", "--runs", "300", "--format", "json");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect([j.method, j.runs, j.seed]).toEqual(["mc", 300, 20260203]);
    expect(j.overrides).toEqual([{ name: "d_impl", value: 20, default: 14, from: "--set" }]);
    expect(j.points.map((p) => [p.values.p_pass, p.values.h_threat])).toEqual([[0.2, 0], [0.2, 0.1], [0.4, 0], [0.4, 0.1]]);
    // No threats at h_threat = 0: no run can rise, whatever the runs drawn.
    expect(j.points[0]?.groups.up).toBe(0);
  });

  it("with --skip-invalid, gives an invalid point its error and null probabilities", async () => {
    const r = await cli("sweep", "p_pass=0.5..0.9", "--scenario", VOTE, "--steps", "3", "--skip-invalid", "--format", "json");
    expect(r.code).toBe(0);
    const last = parse(r.out).points[2];
    expect(last?.groups).toEqual({ calm: null, up: null });
    expect(last?.error).toBe("machines.bill.transitions[0].to: branch weights sum to 1.2, leaving nothing for `otherwise` (passed: p_pass = 0.9, stalled: p_stall = 0.3)");
  });
});

describe("tariffsim sweep (table)", () => {
  it("one-way: a row per value, a column per group", async () => {
    const r = await cli("sweep", "p_pass=0..1", "--scenario", VOTE, "--steps", "3", "--set", "p_stall=0");
    expect(r.code).toBe(0);
    const lines = nonEmptyLines(r.out);
    expect(lines.slice(0, 3)).toEqual([
      "Sweep · scenario vote · exact solver",
      "Axes: p_pass from 0 to 1 · 3 points per axis",
      "Overrides: p_stall = 0 (default 0.3, from --set)",
    ]);
    expect(lines.find((l) => l.includes("p_pass") && l.includes("group:calm"))).toMatch(/│ +p_pass │ +group:calm │ +group:up │/);
    expect(lines.filter((l) => /^│ +(0|0\.5|1) │/.test(l))).toHaveLength(3);
  });

  it("two-way: a matrix per group, rows the first parameter, columns the second", async () => {
    const r = await cli("sweep", "p_pass=0..0.4", "d_impl=10..20", "--scenario", VOTE, "--steps", "3");
    expect(r.code).toBe(0);
    expect(r.out).toContain("group:calm · rows p_pass, columns d_impl");
    expect(r.out).toContain("group:up · rows p_pass, columns d_impl");
    expect(r.out).toMatch(/│ p_pass \\ d_impl │ +10 │ +15 │ +20 │/);
    const calm = direct(vote(), { p_pass: 0.2, d_impl: 15 }).groups.get("calm") ?? NaN;
    const row = nonEmptyLines(r.out).find((l) => /^│ +0\.2 │/.test(l));
    expect(row?.split("│")[3]?.trim()).toBe(`${(100 * calm).toFixed(2)}%`);
  });

  it("writes the report with --out and nothing to stdout", async () => {
    const out = join(dirs.make(), "s.json");
    const r = await cli("sweep", "p_pass=0..0.5", "--scenario", VOTE, "--steps", "2", "--format", "json", "--out", out);
    expect([r.code, r.out]).toEqual([0, ""]);
    expect(parse(readFileSync(out, "utf8")).points).toHaveLength(2);
  });
});

describe("tariffsim sweep: bad input exits 2, one line per problem", () => {
  it("names a bound, an unknown parameter and a malformed axis", async () => {
    const r = await cli("sweep", "p_pass=0..1.5", "p_stal=0..1", "--scenario", VOTE);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(errors(r.err)).toEqual([
      `${VOTE}: sweep p_pass=0..1.5: TO 1.5 is above the upper bound 1 of "p_pass" (bounds [0, 1])`,
      `${VOTE}: sweep p_stal=0..1: unknown parameter "p_stal" (did you mean "p_stall"?)`,
    ]);
    const bad = await cli("sweep", "p_pass=0-1", "--scenario", VOTE);
    expect(errors(bad.err)).toEqual([`${VOTE}: sweep p_pass=0-1: expected NAME=FROM..TO, e.g. p_struck_down=0..1`]);
  });

  it("refuses a swept parameter also given by --set", async () => {
    const r = await cli("sweep", "p_pass=0..1", "--scenario", VOTE, "--set", "p_pass=0.2");
    expect(r.code).toBe(2);
    expect(errors(r.err)).toEqual([`${VOTE}: sweep p_pass=0..1: "p_pass" is swept, so it cannot also be given a value (--set or --params)`]);
  });

  it("names each invalid point, located in the file, unless --skip-invalid", async () => {
    const r = await cli("sweep", "p_pass=0.5..0.9", "--scenario", VOTE, "--steps", "3");
    expect(r.code).toBe(2);
    expect(errors(r.err)).toEqual([
      `${VOTE}:53:11: machines.bill.transitions[0].to: sweep: at p_pass=0.9 the model is invalid: branch weights sum to 1.2, leaving nothing for \`otherwise\` (passed: p_pass = 0.9, stalled: p_stall = 0.3)`,
      `${VOTE}: --skip-invalid: not given: with it, invalid points are reported with their problem and null probabilities`,
    ]);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("refuses --steps outside 2…201, more than 10,000 points, and a third axis", async () => {
    const a = await cli("sweep", "p_pass=0..1", "--scenario", VOTE, "--steps", "202");
    expect(a.code).toBe(2);
    expect(a.err).toContain("expected a whole number from 2 to 201");
    const b = await cli("sweep", "p_pass=0..0.5", "h_threat=0..0.1", "--scenario", VOTE, "--steps", "150");
    expect(errors(b.err)).toEqual([`${VOTE}: --steps: 150^2 = 22500 points, more than the 10,000 a sweep may have; use --steps 100 or fewer`]);
    const c = await cli("sweep", "p_pass=0..0.5", "h_threat=0..0.1", "d_impl=1..11", "--scenario", VOTE);
    expect(errors(c.err)).toEqual([`${VOTE}: sweep: expected one or two axes NAME=FROM..TO; got 3`]);
  });
});
