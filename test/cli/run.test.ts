/**
 * `tariffsim run`, `params`, `--help` and `--version`, in-process through
 * runCli with captured streams; numbers are checked against the library.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarize } from "../../src/analysis/summary.js";
import { DEFAULT_SEED } from "../../src/cli/commands/run.js";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import { wilson } from "../../src/engine/stats.js";
import { count, interval, pct } from "../../src/report/numbers.js";
import { dateOfDay } from "../../src/scenario/dates.js";
import { cli, escapeRe, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { edit, koreaScenario, ROOT, SIMPLE, simpleModel, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const SIMPLE_JSON = join(ROOT, "test", "fixtures", "simple.json");

describe("run: table", () => {
  it("shows each outcome with its label, percentage, interval and count", async () => {
    const r = await cli("run", SIMPLE, "--runs", "2000", "--seed", "1");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const model = simpleModel();
    const t = simulateBatch(model, { seed: 1, from: 0, to: 2000 });
    expect(r.out).toContain("Simple two-machine scenario");
    expect(r.out).toContain("2,000 runs · seed 1");
    for (const [i, label] of [[0, "Holds"], [1, "Rises"]] as const) {
      const c = t.outcomes[i] ?? NaN;
      const row = r.out.split("\n").find((l) => l.includes(` ${label} `));
      expect(row, label).toBeDefined();
      expect(row).toContain(pct(c / 2000));
      expect(row).toContain(interval(wilson(c, 2000)));
      expect(row).toMatch(new RegExp(`\\b${escapeRe(count(c))}\\b`));
    }
  });

  it("adds per-state rows with --states", async () => {
    const r = await cli("run", SIMPLE, "--runs", "500", "--states");
    expect(r.code).toBe(0);
    for (const s of ["bill.pending", "bill.passed", "bill.failed", "tariff.low", "tariff.high"]) expect(r.out).toContain(s);
    expect(r.out).toContain("Mean first entry");
  });

  it("runs the same scenario written as JSON to the same numbers", async () => {
    const a = await cli("run", SIMPLE, "--runs", "1000", "--format", "json");
    const b = await cli("run", SIMPLE_JSON, "--runs", "1000", "--format", "json");
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out)).toEqual(JSON.parse(a.out));
  });
});

interface JsonReport {
  scenario: string;
  seed: number;
  runs: number;
  outcomes: { id: string; label: string; probability: number; ci95: [number, number]; count: number }[];
}

function isJsonReport(x: unknown): x is JsonReport {
  return typeof x === "object" && x !== null && "outcomes" in x && Array.isArray(x.outcomes);
}

describe("run: groups", () => {
  it("shows a headline table of groups, summing their outcomes", async () => {
    const file = join(dirs.make(), "groups.yaml");
    writeFileSync(file, simpleText().replace(/outcomes:[\s\S]*$/, [
      "groups:",
      "  - { id: calm, label: Nothing happens }",
      "  - { id: moved, label: Something happens }",
      "outcomes:",
      `  - { id: quiet, label: Quiet, group: calm, when: 'in("tariff.low") and not in("bill.passed")' }`,
      `  - { id: passed_low, label: Passed and low, group: moved, when: 'in("tariff.low") and in("bill.passed")' }`,
      `  - { id: high, label: High, group: moved, when: 'in("tariff.high")' }`,
      "",
    ].join("\n")));
    const j = await cli("run", file, "--runs", "2000", "--format", "json");
    expect(j.code).toBe(0);
    const report: unknown = JSON.parse(j.out);
    expect(report).toMatchObject({ groups: [{ id: "calm" }, { id: "moved" }] });
    const counts = (key: "groups" | "outcomes"): number[] => {
      const xs = typeof report === "object" && report !== null && key in report ? (report as Record<string, unknown>)[key] : [];
      return Array.isArray(xs) ? xs.map((x: unknown) => (typeof x === "object" && x !== null && "count" in x ? Number(x.count) : NaN)) : [];
    };
    const [quiet, passedLow, high] = counts("outcomes");
    expect(counts("groups")).toEqual([quiet, (passedLow ?? NaN) + (high ?? NaN)]);
    const t = await cli("run", file, "--runs", "2000");
    expect(t.out).toContain("Headline");
    const row = t.out.split("\n").find((l) => l.includes("Something happens"));
    expect(row).toContain(count((passedLow ?? NaN) + (high ?? NaN)));
    expect(t.out.split("\n").find((l) => l.includes(" Passed and low "))).toContain(" moved ");
  });
});

describe("run: --format json", () => {
  it("has scenario, seed, runs and outcomes with probability, ci95 and count", async () => {
    const r = await cli("run", SIMPLE, "--runs", "3000", "--seed", "7", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const j: unknown = JSON.parse(r.out);
    expect(isJsonReport(j)).toBe(true);
    if (!isJsonReport(j)) return;
    expect(j).toMatchObject({ scenario: "simple", seed: 7, runs: 3000 });
    expect(j.outcomes.map((o) => [o.id, o.label])).toEqual([["hold", "Holds"], ["rise", "Rises"]]);
    expect(j.outcomes.reduce((a, o) => a + o.count, 0)).toBe(3000);
    const model = simpleModel();
    const expected = summarize(model, simulateBatch(model, { seed: 7, from: 0, to: 3000 }), 7);
    for (const [i, o] of j.outcomes.entries()) {
      expect(o.count).toBe(expected.outcomes[i]?.count);
      expect(o.probability).toBe(o.count / 3000);
      expect(o.ci95).toHaveLength(2);
      expect(o.ci95[0]).toBeLessThanOrEqual(o.probability);
      expect(o.ci95[1]).toBeGreaterThanOrEqual(o.probability);
      expect(o.ci95).toEqual(wilson(o.count, 3000));
    }
  });

  it("uses the documented default seed and is reproducible", async () => {
    const a = await cli("run", SIMPLE, "--runs", "800", "--format", "json");
    const b = await cli("run", SIMPLE, "--runs", "800", "--format", "json", "--seed", String(DEFAULT_SEED));
    expect(JSON.parse(a.out)).toEqual(JSON.parse(b.out));
    expect(JSON.parse(a.out)).toMatchObject({ seed: 20260203 });
    const c = await cli("run", SIMPLE, "--runs", "800", "--format", "json", "--seed", "2");
    expect(JSON.parse(c.out)).not.toEqual(JSON.parse(a.out));
  });

  it("reports --set values in its parameters and results", async () => {
    const r = await cli("run", SIMPLE, "--runs", "2000", "--format", "json", "--set", "h_raise=0", "--set", "p_pass=1");
    expect(r.code).toBe(0);
    const j: unknown = JSON.parse(r.out);
    expect(j).toMatchObject({ parameters: { p_pass: 1, h_raise: 0 } });
    // With no hazard the tariff never rises.
    expect(j).toMatchObject({ outcomes: [{ id: "hold", count: 2000 }, { id: "rise", count: 0 }] });
  });
});

describe("run: --out", () => {
  it("writes the report to the file and nothing to stdout", async () => {
    const dir = dirs.make();
    const file = join(dir, "report.json");
    const r = await cli("run", SIMPLE, "--runs", "500", "--format", "json", "--out", file);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toBe(`wrote ${file} (json)\n`); // one line saying what was written (issue 9)
    const direct = await cli("run", SIMPLE, "--runs", "500", "--format", "json");
    expect(readFileSync(file, "utf8")).toBe(direct.out);
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });

  it("replaces an existing file whole", async () => {
    const dir = dirs.make();
    const file = join(dir, "report.txt");
    writeFileSync(file, "x".repeat(100_000));
    const r = await cli("run", SIMPLE, "--runs", "300", "--out", file);
    expect(r.code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("Simple two-machine scenario\n")).toBe(true);
    expect(text).not.toContain("xxx");
  });

  it("into a directory that does not exist: exit 2, one line, no file left", async () => {
    const dir = dirs.make();
    const file = join(dir, "missing", "report.json");
    const r = await cli("run", SIMPLE, "--runs", "300", "--out", file);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(nonEmptyLines(r.err)).toEqual([`${file}: cannot write the report (ENOENT)`]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("onto a directory: exit 2 and no temporary file left beside it", async () => {
    const dir = dirs.make();
    const target = join(dir, "sub");
    mkdirSync(target);
    const r = await cli("run", SIMPLE, "--runs", "300", "--out", target);
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([`${target}: --out: is a directory; refusing to replace it`]);
    expect(readdirSync(dir)).toEqual(["sub"]);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe("run: bad options", () => {
  it.each([
    ["unknown name", ["--set", "nope=1"], /unknown parameter "nope"/],
    ["unknown name with a suggestion", ["--set", "p_pas=0.3"], /unknown parameter "p_pas" \(did you mean "p_pass"\?\)/],
    ["out of bounds", ["--set", "h_raise=0.9"], /0\.9 is outside the bounds \[0, 0\.5\] of "h_raise"/],
    ["malformed", ["--set", "h_raise"], /--set h_raise: expected NAME=NUMBER/],
    ["not a number", ["--set", "h_raise=lots"], /--set h_raise: "lots" is not a plain decimal number \(e\.g\. 0\.3, -2 or 1e-4\)$/],
  ])("--set %s: exit 2 with one line naming the file", async (_what, args, message) => {
    const r = await cli("run", SIMPLE, "--runs", "100", ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const errLines = nonEmptyLines(r.err);
    expect(errLines).toHaveLength(1);
    expect(errLines[0]?.startsWith(`${SIMPLE}:`)).toBe(true);
    expect(errLines[0]).toMatch(message);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("--set problems are not attributed to a position in the scenario file", async () => {
    // An unknown or out-of-bounds --set is a command-line problem: no line:col of the file
    // applies (the malformed case already prints `file: --set …: message`).
    for (const set of ["nope=1", "h_raise=0.9"]) {
      const r = await cli("run", SIMPLE, "--runs", "100", "--set", set);
      expect(r.code).toBe(2);
      expect(r.err, set).not.toMatch(new RegExp(`^${escapeRe(SIMPLE)}:\\d+:\\d+:`));
      expect(r.err, set).toContain("--set");
      expect(r.err, set).not.toContain('["--set"]');
    }
  });

  it.each([
    ["--runs 0", ["--runs", "0"], /--runs/],
    ["--runs abc", ["--runs", "abc"], /--runs/],
    ["--runs 1.5", ["--runs", "1.5"], /--runs/],
    ["--seed -1", ["--seed", "-1"], /--seed|-1/],
    ["--format xml", ["--format", "xml"], /xml/],
    ["an unknown option", ["--bogus"], /unknown option '--bogus'/],
  ])("%s: exit 2, nothing on stdout", async (_what, args, message) => {
    const r = await cli("run", SIMPLE, ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("an unknown command: exit 2", async () => {
    const r = await cli("simulate", SIMPLE);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command/);
  });

  it("a missing scenario file: exit 2, one line", async () => {
    const file = join(dirs.make(), "nope.yaml");
    const r = await cli("run", file);
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([`${file}: no such file`]);
  });

  it("a run-time error: exit 2, one line with the field's position and the run", async () => {
    const dir = dirs.make();
    const file = join(dir, "runtime.yaml");
    writeFileSync(file, edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, "'day > 30 ? 2 : h_raise'"));
    const r = await cli("run", file, "--runs", "50");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const errLines = nonEmptyLines(r.err);
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(new RegExp(`^${escapeRe(file)}:36:17: machines\\.tariff\\.transitions\\[0\\]\\.hazard: "day > 30 \\? 2 : h_raise" gives 2, not a probability in \\[0, 1\\] \\(scenario "simple", run \\d+, day 31, `));
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("prints warnings on stderr and still runs", async () => {
    const file = join(dirs.make(), "warn.yaml");
    writeFileSync(file, edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, "0.01"));
    const r = await cli("run", file, "--runs", "100");
    expect(r.code).toBe(0);
    expect(nonEmptyLines(r.err)).toEqual([`${file}:15:5: warning: parameters.h_raise: parameter "h_raise" is never used`]);
    expect(r.out).toContain("Holds");
  });
});

describe("run --replay", () => {
  it("shows the run's events, final states and outcome", async () => {
    const r = await cli("run", SIMPLE, "--seed", "1", "--replay", "3");
    expect(r.code).toBe(0);
    const model = simpleModel();
    const rep = replayRun(model, 1, 3);
    expect(rep.events.length).toBeGreaterThan(0);
    expect(r.out).toContain("run 3 of seed 1");
    for (const e of rep.events) {
      const row = r.out.split("\n").find((l) => l.includes(dateOfDay("2026-02-01", e.day)) && l.includes(e.transition.id));
      expect(row, `event on day ${e.day}`).toBeDefined();
    }
    expect(r.out).toContain(`final: ${rep.finalStates.map((s) => model.stateNames[s]).join(", ")}`);
    const o = model.outcomes[rep.outcome];
    expect(r.out).toContain(`outcome: ${o?.label ?? "?"} (${o?.id ?? "?"})`);
  });

  it("as JSON, lists the same events as the library's replay", async () => {
    const r = await cli("run", SIMPLE, "--seed", "5", "--replay", "11", "--format", "json");
    expect(r.code).toBe(0);
    const model = simpleModel();
    const rep = replayRun(model, 5, 11);
    expect(JSON.parse(r.out)).toEqual({
      scenario: "simple", seed: 5, run: 11, outcome: model.outcomes[rep.outcome]?.id,
      events: rep.events.map((e) => ({
        date: dateOfDay("2026-02-01", e.day), day: e.day, machine: model.machineIds[e.machine],
        from: model.stateNames[e.from], to: model.stateNames[e.to], transition: e.transition.id,
      })),
      final: rep.finalStates.map((s) => model.stateNames[s]),
      overrides: [], // always present: the parameters that differ from the defaults (none here)
    });
  });

  it("rejects a negative or non-numeric run index", async () => {
    for (const bad of ["-1", "x"]) {
      const r = await cli("run", SIMPLE, "--replay", bad);
      expect(r.code, bad).toBe(2);
    }
  });
});

describe("params, --help, --version", () => {
  it("params lists each parameter with its default, bounds, unit and source", async () => {
    const r = await cli("params", SIMPLE);
    expect(r.code).toBe(0);
    const rowOf = (name: string): string | undefined => r.out.split("\n").find((l) => l.includes(` ${name} `));
    expect(rowOf("p_pass")).toMatch(/│ p_pass\s+│ 0\.6\s+│ \[0, 1\]\s+│ probability\s+│/);
    expect(rowOf("h_raise")).toMatch(/│ h_raise\s+│ 0\.02\s+│ \[0, 0\.5\]\s+│ probability per day/);
    expect(r.out).toContain("test fixture");
  });

  it("params --format json gives the parameters as data", async () => {
    const r = await cli("params", SIMPLE, "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { name: "p_pass", default: 0.6, min: 0, max: 1, unit: "probability", description: "Chance the bill passes in its window.", source: { rationale: "test fixture" } },
      { name: "h_raise", default: 0.02, min: 0, max: 0.5, unit: "probability per day", description: "Daily chance the tariff rises while the bill is pending.", source: { rationale: "test fixture" } },
    ]);
  });

  it("--help lists the commands and examples, exit 0", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    for (const s of ["Usage: tariffsim", "run [options] [scenario]", "validate [options] <files...>", "params", "Examples:", "$ tariffsim run", "Exit codes:", "74 output could not be written", "130/143 interrupted"]) {
      expect(r.out).toContain(s);
    }
    const sub = await cli("run", "--help");
    expect(sub.code).toBe(0);
    for (const s of ["--runs", "--seed", "--set", "--format", "--out", "--replay"]) expect(sub.out).toContain(s);
  });

  it("--version prints the package version, exit 0", async () => {
    const pkg: unknown = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const v = typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "?";
    const r = await cli("--version");
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${v}\n`);
  });
});

describe("the default scenario", () => {
  it("runs when no file is given (if the shipped scenario validates)", async () => {
    if (koreaScenario() === undefined) return; // being written concurrently; the fixture tests above still run
    const r = await cli("run", "--runs", "500", "--format", "json");
    expect(r.code).toBe(0);
    const j: unknown = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "korea-us-2026", runs: 500, seed: DEFAULT_SEED });
    if (isJsonReport(j)) expect(j.outcomes.reduce((a, o) => a + o.count, 0)).toBe(500);
  });
});
