/**
 * Terminal manners (issue 9 item 7): tables fit the terminal's width
 * (`--wide` for everything), the timeline is headed by the headline labels,
 * option combinations that would be ignored are refused, `--runs` in
 * exponent and underscore forms, and `--out` saying what it wrote.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { atWidth, cli, longest, tmpDirs } from "../helpers/cli.js";
import { parseRuns, tableWidth } from "../../src/cli/options.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());
const SIMPLE = "test/fixtures/simple.yaml";


describe("tables fit the terminal", () => {
  it("run and exact at 80 columns: every line fits, and every outcome label is still there, word by word", async () => {
    for (const args of [["exact", "--states"], ["run", "--runs", "2000", "--states"], ["run", "--runs", "2000", "--method", "both"], ["exact", "--timeline", "--every", "30"]]) {
      const wide = await atWidth(undefined, ...args);
      expect(wide.code).toBe(0);
      expect(longest(wide.out)).toBeGreaterThan(80);
      const r = await atWidth(80, ...args);
      expect(r.code).toBe(0);
      expect(longest(r.out)).toBeLessThanOrEqual(80);
      const words = (t: string): string[] => t.replace(/[│┌┐└┘├┤┬┴┼─]/g, " ").split(/\s+/).filter((w) => w !== "").sort();
      expect(words(r.out)).toEqual(words(wide.out));
    }
  });

  it("--wide gives the full table at any width; a non-terminal (no columns) has no limit", async () => {
    const wide = await atWidth(80, "exact", "--wide");
    expect(wide.out).toBe((await atWidth(undefined, "exact")).out);
    expect(tableWidth({ out: () => undefined, err: () => undefined, columns: 80 }, { out: "x.txt" })).toBeUndefined();
    expect(tableWidth({ out: () => undefined, err: () => undefined, columns: 80 }, {})).toBe(80);
  });

  it("paths at 100 columns fits", async () => {
    const r = await atWidth(100, "paths", "--runs", "2000");
    expect(r.code).toBe(0);
    expect(longest(r.out)).toBeLessThanOrEqual(100);
  });

  it("the timeline is headed by the headline labels, not ids", async () => {
    const r = await atWidth(undefined, "exact", "--timeline", "--every", "30");
    const head = r.out.split("\n").find((l) => l.includes("Date")) ?? "";
    expect(head).toContain("15% holds");
    expect(head).toContain("Above 15% in force");
    expect(head).toContain("Rolled back");
  });
});

describe("options that would be ignored are refused", () => {
  const cases: [string[], RegExp][] = [
    [["run", SIMPLE, "--states", "--method", "both"], /^--states: not shown beside the exact solver/],
    [["run", SIMPLE, "--method", "exact", "--runs", "5"], /^--runs: does not apply to --method exact/],
    [["run", SIMPLE, "--method", "exact", "--seed", "5"], /^--seed: does not apply to --method exact/],
    [["run", SIMPLE, "--method", "exact", "--workers", "2"], /^--workers: does not apply to --method exact/],
    [["run", SIMPLE, "--replay", "3", "--method", "mc"], /'--replay <run>' cannot be used with option '-m, --method <method>'/],
    [["run", SIMPLE, "--replay", "3", "--runs", "10"], /'--replay <run>' cannot be used with option '-n, --runs <n>'/],
    [["run", SIMPLE, "--replay", "3", "--workers", "2"], /'--replay <run>' cannot be used with option '-w, --workers <n>'/],
    [["run", SIMPLE, "--every", "7"], /^--every: only applies with --timeline/],
    [["exact", SIMPLE, "--timeline", "--every", "7", "--format", "json"], /^--every: the JSON timeline has every date/],
    [["exact", SIMPLE, "--wide", "--format", "csv"], /^--wide: only applies to tables/],
    [["paths", SIMPLE, "--wide", "--format", "json"], /^--wide: only applies to tables/],
  ];
  for (const [args, msg] of cases) {
    it(args.slice(2).join(" "), async () => {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.split("\n")[0]).toMatch(msg);
    });
  }

  it("the defaults alone are not a conflict", async () => {
    expect((await cli("run", SIMPLE, "--replay", "3")).code).toBe(0);
    expect((await cli("run", SIMPLE, "--method", "exact")).code).toBe(0);
  });
});

describe("--runs", () => {
  it("accepts digits, 1_000_000 and 1e6 forms of exact whole numbers", () => {
    expect(parseRuns("1000000")).toBe(1_000_000);
    expect(parseRuns("1_000_000")).toBe(1_000_000);
    expect(parseRuns("1e6")).toBe(1_000_000);
    expect(parseRuns("1E6")).toBe(1_000_000);
    expect(parseRuns("2.5e5")).toBe(250_000);
    expect(parseRuns("1e9")).toBe(1_000_000_000);
  });

  it("refuses anything else", () => {
    for (const bad of ["1.5e0", "1e-3", "0", "1e10", "1__000", "_1000", "1000_", "1,000", "0x10", " 5", "5 ", "-5", "+5", "1e", "e6", "1.5", ""]) {
      expect(() => parseRuns(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("on the command line: --runs 2e3 is 2,000 runs", async () => {
    const r = await cli("run", SIMPLE, "--runs", "2e3", "--format", "json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { runs: number }).runs).toBe(2000);
  });
});

describe("--out says what it wrote", () => {
  it("one line on stderr: the file, the rows and the format", async () => {
    const d = dirs.make();
    const csv = join(d, "report.csv");
    const r = await cli("exact", SIMPLE, "--out", csv);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const rows = readFileSync(csv, "utf8").split("\r\n").filter((l) => l !== "" && !l.startsWith("#")).length - 1;
    expect(r.err).toBe(`wrote ${csv} (${rows} rows, csv)\n`);
    const json = join(d, "r.json");
    expect((await cli("run", SIMPLE, "--runs", "100", "--out", json)).err).toBe(`wrote ${json} (json)\n`);
    const p = join(d, "p.md");
    expect((await cli("paths", SIMPLE, "--runs", "100", "--top", "2", "--out", p)).err).toMatch(new RegExp(`^wrote ${p} \\(\\d rows, md\\)\\n$`));
  });

  it("nothing is said without --out, or when the write fails", async () => {
    expect((await cli("exact", SIMPLE)).err).toBe("");
    const r = await cli("exact", SIMPLE, "--out", join(dirs.make(), "missing", "x.csv"));
    expect(r.code).toBe(2);
    expect(r.err).not.toContain("wrote");
  });
});
