/**
 * `tariffsim uncertainty`: the JSON contract (strict schema), the table,
 * `--draws FILE.csv` (every draw; its means are the report's), exit 2 with
 * one line per problem, and identical JSON and CSV for 1 and 2 workers (the
 * built bundle, in a child process).
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { runCli } from "../../src/cli/runCli.js";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runBundle } from "../helpers/bundle.js";
import { cli, nonEmptyLines, tmpDirs } from "../helpers/cli.js";
import { edit } from "../helpers/scenario.js";

const PRODUCT = "test/sensitivity/fixtures/product.yaml";
const VOTE_U = "test/sensitivity/fixtures/vote-uncertain.yaml";
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** The JSON contract, strictly: an unknown or missing key fails the parse. */
const UncertaintyJsonSchema = z.strictObject({
  scenario: z.string(), samples: z.number().int(), sampling: z.enum(["random", "lhs", "sobol"]), seed: z.number().int(),
  method: z.enum(["exact", "mc"]), runs: z.number().int().optional(), parameters: z.array(z.string()),
  overrides: z.array(z.strictObject({ name: z.string(), value: z.number(), default: z.number(), from: z.string() })),
  targets: z.array(z.strictObject({
    target: z.string(), mean: z.number(), median: z.number(), p05: z.number(), p95: z.number(),
    histogram: z.array(z.strictObject({ from: z.number(), to: z.number(), count: z.number().int() })),
  })),
});

function parse(text: string): z.infer<typeof UncertaintyJsonSchema> {
  return UncertaintyJsonSchema.parse(JSON.parse(text));
}

/** A minimal RFC 4180 reader for the tests: quoted fields with doubled quotes, CRLF records. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; } else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; } else field += c;
  }
  return rows;
}

describe("tariffsim uncertainty", () => {
  it("refuses --draws and --out naming one file (the report silently replaced the draws, exit 0)", async () => {
    const dir = dirs.make();
    const same = join(dir, "same.csv");
    writeFileSync(same, "kept\n");
    const link = join(dir, "link.csv");
    linkSync(same, link);
    for (const [draws, out] of [[same, same], [same, link], [join(dir, "new.csv"), join(dir, ".", "new.csv")]] as const) {
      const r = await cli("uncertainty", VOTE_U, "--samples", "4", "--draws", draws, "--out", out);
      expect(r.code, `${draws} ${out}`).toBe(2);
      expect(r.err).toBe(`${draws}: --draws and --out name the same file; give each its own\n`);
    }
    expect(readFileSync(same, "utf8")).toBe("kept\n");
  });

  it("refuses --draws named for another format (CSV in a .json file would be read wrongly), before any work", async () => {
    const dir = dirs.make();
    for (const [name, format] of [["d.json", "json"], ["d.MD", "md"], ["d.txt", "table"]] as const) {
      const r = await cli("uncertainty", VOTE_U, "--samples", "4", "--draws", join(dir, name));
      expect(r.code).toBe(2);
      expect(r.err).toBe(`${join(dir, name)}: --draws: the draws are CSV, but the name says ${format}; name the file .csv\n`);
    }
    // An extension that says no format is written as asked.
    const r = await cli("uncertainty", VOTE_U, "--samples", "4", "--draws", join(dir, "d.dat"));
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, "d.dat"), "utf8")).toMatch(/^draw,/);
  });

  it("--draws is replaced only once the report is written, and says so on stderr", async () => {
    const dir = dirs.make();
    const draws = join(dir, "d.csv");
    writeFileSync(draws, "KEEP\n");
    // The report fails (its stream throws): the old draws stay, and no temporary file is left.
    let err = "";
    const failed = await runCli(["uncertainty", VOTE_U, "--samples", "4", "--draws", draws], {
      out: () => { throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" }); },
      err: (t) => { err += t; },
    });
    expect(failed).not.toBe(0);
    expect(err).not.toContain("wrote");
    expect(readFileSync(draws, "utf8")).toBe("KEEP\n");
    expect(readdirSync(dir)).toEqual(["d.csv"]);
    const ok = await cli("uncertainty", VOTE_U, "--samples", "4", "--draws", draws);
    expect(ok.code, ok.err).toBe(0);
    expect(nonEmptyLines(ok.err).filter((l) => l.startsWith("wrote"))).toEqual([`wrote ${draws} (4 draws, csv)`]);
    expect(readFileSync(draws, "utf8").split(/\r?\n/).filter((l) => l !== "")).toHaveLength(5);
  });

  it("follows the JSON contract, and --draws holds every draw whose column means are the report's means", async () => {
    const csv = join(dirs.make(), "draws.csv");
    const r = await cli("uncertainty", VOTE_U, "--samples", "200", "--format", "json", "--draws", csv, "--set", "d_impl=10");
    expect(r.code).toBe(0);
    const j = parse(r.out);
    expect([j.scenario, j.samples, j.sampling, j.seed, j.method]).toEqual(["vote-uncertain", 200, "sobol", 20260203, "exact"]);
    expect(j.parameters).toEqual(["p_pass", "p_stall", "h_threat", "p_unused"]);
    expect(j.overrides).toEqual([{ name: "d_impl", value: 10, default: 14, from: "--set" }]);
    const rows = readCsv(readFileSync(csv, "utf8"));
    expect(rows[0]).toEqual(["draw", "p_pass", "p_stall", "h_threat", "d_impl", "p_unused", "group:calm", "group:up", "outcome:hold", "outcome:rise"]);
    expect(rows).toHaveLength(201);
    expect(rows.slice(1).every((x) => x[4] === "10")).toBe(true);
    for (const t of j.targets) {
      const col = rows[0]?.indexOf(t.target) ?? -1;
      const ys = rows.slice(1).map((x) => Number(x[col]));
      expect(t.mean).toBeCloseTo(ys.reduce((a, b) => a + b, 0) / ys.length, 14);
      expect(t.histogram.reduce((n, b) => n + b.count, 0)).toBe(200);
      expect(t.p05).toBeLessThanOrEqual(t.median);
      expect(t.median).toBeLessThanOrEqual(t.p95);
    }
  });

  it("shows a table with mean, median, 5–95% and a histogram per target", async () => {
    const r = await cli("uncertainty", VOTE_U, "--samples", "64", "--target", "group:up", "--sampling", "random", "--seed", "4");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("Parameter uncertainty · scenario vote-uncertain · exact solver");
    expect(lines[1]).toBe("Draws: 64, random design, seed 4; 4 parameters drawn: p_pass, p_stall, h_threat, p_unused");
    expect(r.out).toMatch(/│ group:up · Rise │ +\d+\.\d\d% │ +\d+\.\d\d% │ +\d+\.\d\d% │ +\d+\.\d\d% │ [ ▁▂▃▄▅▆▇█]{20} │/);
    expect(r.out).toContain("group:up · Rise · histogram of 64 draws");
    expect(lines.filter((l) => /^ +\d+\.\d\d% – +\d+\.\d\d% +\d+/.test(l))).toHaveLength(20);
  });

  it("refuses bad input with exit 2, one line per problem, before any work", async () => {
    const dir = dirs.make();
    mkdirSync(join(dir, "d.csv"));
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, edit(readFileSync(PRODUCT, "utf8"), "{ to: yes, weight: a }", "{ to: yes, weight: 'a + b' }"));
    const cases: [string[], RegExp][] = [
      [[PRODUCT, "--draws", join(dir, "d.csv")], /d\.csv: --draws: is a directory; refusing to replace it$/],
      [[PRODUCT, "--draws", join(dir, "no", "d.csv")], /d\.csv: cannot write the draws \(ENOENT\)$/],
      [[PRODUCT, "--samples", "0"], /'--samples <n>' argument '0' is invalid/],
      [["test/sensitivity/fixtures/vote.yaml"], /declares no parameter uncertainty/],
      [[bad, "--samples", "4", "--seed", "1"], /bad\.yaml:\d+:\d+: machines\.m1\.transitions\[0\]\.to\[0\]\.weight: draw \d+ \(a = 0\.\d+, b = 0\.\d+\) makes an invalid model: /],
    ];
    for (const [args, re] of cases) {
      const r = await cli("uncertainty", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(nonEmptyLines(r.err).filter((l) => !l.includes(": warning: "))[0], args.join(" ")).toMatch(re);
      expect(r.out).toBe("");
    }
  });
});

describe("tariffsim uncertainty --workers (the bundle)", () => {
  it("gives byte-identical JSON and CSV for 1 and 2 workers", async () => {
    const dir = dirs.make();
    const args = (w: string): string[] => ["uncertainty", VOTE_U, "--samples", "300", "--sampling", "lhs", "--format", "json", "--draws", join(dir, `${w}.csv`), "--workers", w];
    const [one, two] = await Promise.all([runBundle(args("1"), { timeoutMs: 60_000 }), runBundle(args("2"), { timeoutMs: 60_000 })]);
    expect([one.code, two.code, two.err]).toEqual([0, 0, expect.not.stringContaining("reduced")]);
    expect(two.out).toBe(one.out);
    expect(readFileSync(join(dir, "2.csv"), "utf8")).toBe(readFileSync(join(dir, "1.csv"), "utf8"));
  });
});
