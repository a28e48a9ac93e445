/**
 * Every combination of command-line flags ends with exit 0 or 2 (never 70,
 * never a stack trace): values out of range, empty values, repeated `--set`,
 * options that do not apply, and a `--timeline` too large to report.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_TIMELINE_CELLS } from "../../src/cli/solve.js";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

describe("flags that must be refused: exit 2, nothing on stdout", () => {
  it.each([
    [["run", SIMPLE, "--runs", " 5"], "option '-n, --runs <n>' argument ' 5' is invalid. expected a whole number from 1 to 1000000000"],
    [["run", SIMPLE, "--runs", "1e10"], "argument '1e10' is invalid"],
    [["run", SIMPLE, "--runs", "1.5e0"], "argument '1.5e0' is invalid"],
    [["run", SIMPLE, "--runs", "0x10"], "argument '0x10' is invalid"],
    [["run", SIMPLE, "--runs", "1000000001"], "argument '1000000001' is invalid"],
    [["run", SIMPLE, "--seed", "9007199254740992"], "expected a whole number from 0 to 9007199254740991"],
    [["run", SIMPLE, "--replay", "1000000001"], "option '--replay <run>' argument '1000000001' is invalid"],
    [["run", SIMPLE, "--replay", ""], "option '--replay <run>' argument '' is invalid"],
    [["exact", SIMPLE, "--timeline", "--every", "0"], "option '--every <days>' argument '0' is invalid. expected a whole number from 1 to 36600"],
    [["exact", SIMPLE, "--every", "36601"], "argument '36601' is invalid"],
    [["run", SIMPLE, "--format", "bogus"], "argument 'bogus' is invalid. Allowed choices are table, json, csv, md."],
    [["params", SIMPLE, "--format", ""], "argument '' is invalid. Allowed choices are table, json, csv, md."],
    [["run", SIMPLE, "--method", "MC"], "argument 'MC' is invalid. Allowed choices are mc, exact, both."],
    [["run", SIMPLE, "--out", ""], "option '-o, --out <file>' argument '' is invalid. expected a file name"],
    [["params", SIMPLE, "--out", ""], "option '-o, --out <file>' argument '' is invalid. expected a file name"],
    [["exact", SIMPLE, "--params", ""], "option '--params <file>' argument '' is invalid. expected a file name"],
    [["params", SIMPLE, "--params", ""], "option '--params <file>' argument '' is invalid. expected a file name"],
    [["run", SIMPLE, "--set="], `${SIMPLE}: --set : expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)`],
    [["run", SIMPLE, "--set", "p_pass="], `${SIMPLE}: --set p_pass: no value given; expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)`],
    [["run", SIMPLE, "--set", "p_pass=0x0"], `${SIMPLE}: --set p_pass: "0x0" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    [["run", SIMPLE, "--set", "p_pass=1e-400"], `${SIMPLE}: --set p_pass: 1e-400 underflows to 0; write 0 if 0 is meant`],
    [["exact", SIMPLE, "--set", "p_pass=0.2", "--set", "p_pass=0.3"], `${SIMPLE}: --set p_pass: given twice (0.2 and 0.3)`],
    [["run", SIMPLE, "--set", "__proto__=1"], `${SIMPLE}: --set __proto__: unknown parameter "__proto__"`],
    [["exact", SIMPLE, "--runs", "5"], "unknown option '--runs'"],
    [["run", SIMPLE, "--replay", "5", "--timeline"], "option '--replay <run>' cannot be used with option '--timeline'"],
    [["run", SIMPLE, "--replay", "5", "--states"], "option '--replay <run>' cannot be used with option '--states'"],
    [["run", SIMPLE, "--replay", "5", "--method", "mc"], "option '--replay <run>' cannot be used with option '-m, --method <method>'"],
    // Options that would be silently ignored (issue 9): refused.
    [["run", SIMPLE, "--replay", "5", "--workers", "4"], "option '--replay <run>' cannot be used with option '-w, --workers <n>'"],
    [["run", SIMPLE, "--replay", "5", "--runs", "7"], "option '--replay <run>' cannot be used with option '-n, --runs <n>'"],
    [["run", SIMPLE, "--runs", "5", "--method", "exact"], "--runs: does not apply to --method exact (no sampling); use --method mc or both"],
    [["run", SIMPLE, "--runs", "1", "--method", "both", "--format", "json", "--states"], "--states: not shown beside the exact solver; use --method mc or --method exact"],
    [["run", SIMPLE, "extra"], "too many arguments for 'run'"],
  ])("%j", async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("a name given twice is reported once per repeat, with both values", async () => {
    const r = await cli("run", SIMPLE, "--set", "p_pass=0.2", "--set", "h_raise=0.1", "--set", "p_pass=.2");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([`${SIMPLE}: --set p_pass: given twice (0.2 and .2)`]);
  });
});

describe("--every without --timeline would be ignored: refused instead", () => {
  it.each([
    [["exact", SIMPLE, "--every", "7"], "--every: only applies with --timeline"],
    [["run", SIMPLE, "--runs", "10", "--every", "7"], "--every: only applies with --timeline"],
    [["exact", SIMPLE, "--timeline", "--every", "7", "--format", "json"], "--every: the JSON timeline has every date; use --format table, csv or md"],
    [["run", SIMPLE, "--replay", "5", "--every", "3"], "option '--replay <run>' cannot be used with option '--every <days>'"],
  ])("%j", async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe("");
  });
});

describe("flags that do not apply are accepted: exit 0", () => {
  it.each([
    [["run", SIMPLE, "--runs", "1", "--method", "both"]],
    [["run", SIMPLE, "--runs", "1", "--states", "--timeline", "--every", "36600"]],
    [["run", SIMPLE, "--replay", "1000000000"]],
    [["run", SIMPLE, "--replay", "5", "--format", "json"]],
    [["run", SIMPLE, "--runs", "1_000"]],
    [["run", SIMPLE, "--seed", "9007199254740991", "--runs", "10"]],
    [["exact", SIMPLE, "--timeline", "--format", "json", "--states"]],
    [["run", SIMPLE, "--set", "p_pass=0", "--set", "h_raise=0.5", "--runs", "100"]],
    [["run", SIMPLE, "--set", "p_pass=1", "--set", "h_raise=0", "--runs", "100", "--method", "both"]],
  ])("%j", async (args) => {
    const r = await cli(...args);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toBe("");
  });
});

describe("--timeline too large to report", () => {
  it("is refused before solving: exit 2, one line", async () => {
    // Two machines of 600 states each over ten years: 3,660 days × 1,201 columns.
    const states = Array.from({ length: 600 }, (_, i) => `s${i}: `).join(", ");
    const machine = (id: string): string => `  ${id}:\n    initial: s0\n    states: { ${states} }\n    transitions:\n      - { from: s0, hazard: '0.001', to: s1 }\n`;
    const file = join(dirs.make(), "wide.yaml");
    writeFileSync(file, [
      "id: wide", "title: Wide", "description: Many states.", "asOf: 2026-01-01",
      "calendar: { start: 2026-01-01, horizon: 2036-01-08 }", "parameters: {}",
      "machines:", machine("a") + machine("b").trimEnd(),
      "outcomes:", `  - { id: all, label: All, when: 'true' }`, "",
    ].join("\n"));
    const r = await cli("exact", file, "--timeline");
    expect(r.out).toBe("");
    expect(r.code).toBe(2);
    const last = nonEmptyLines(r.err).filter((l) => !l.includes("warning:"));
    expect(last).toEqual([
      `${file}: --timeline: 3,660 days × 1,201 outcomes, groups and states is 4,395,660 probabilities, more than the ${MAX_TIMELINE_CELLS.toLocaleString("en-US")} a timeline may hold; use the exact solver without --timeline, or a shorter horizon`,
    ]);
    const plain = await cli("exact", file);
    expect(plain.code).toBe(0);
  });
});

describe("an empty --params is refused by the option parser on every command that takes it", () => {
  it.each(["run", "exact", "params", "tornado", "sensitivity", "uncertainty"])("%s", async (command) => {
    const r = await cli(command, SIMPLE, "--params", "");
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected a file name");
  });
});
