/**
 * `--format csv|md` on every reporting command: header, provenance comment
 * lines, rows carrying the JSON's numbers unrounded; `--out` choosing the
 * format from its extension and refusing a mismatch; scenario text with
 * commas, quotes and line breaks quoted, and control characters escaped.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, tmpDirs } from "../helpers/cli.js";

const SIMPLE = "test/fixtures/simple.yaml";
const VOTE = "test/sensitivity/fixtures/vote.yaml";
const VOTE_U = "test/sensitivity/fixtures/vote-uncertain.yaml";
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** A CSV report split into its `#` comment lines, header and records (no field in these fixtures is quoted). */
function readReport(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text.slice(0, -2).split("\r\n");
  const comments = lines.filter((l) => l.startsWith("# "));
  const rest = lines.slice(comments.length);
  const [head, ...body] = rest;
  expect(lines.slice(0, comments.length)).toEqual(comments); // comments lead, none later
  return { comments, header: (head ?? "").split(","), rows: body.map((l) => l.split(",")) };
}

/** The record whose first cells are `key`. */
function row(rows: string[][], ...key: string[]): string[] {
  const r = rows.find((x) => key.every((k, i) => x[i] === k));
  if (r === undefined) throw new Error(`no row ${key.join(",")}`);
  return r;
}

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  // The vote fixtures warn of an unused parameter; a successful --out says what it wrote (test/cli/manners.test.ts).
  expect(nonEmptyLines(r.err).filter((l) => !l.includes(": warning: ") && !/^wrote .* \(.*\)$/.test(l))).toEqual([]);
  expect(r.code).toBe(0);
  return r.out;
}

describe("run and exact", () => {
  it("exact: one row per group and outcome with the JSON's probabilities, provenance in comments", async () => {
    const csv = readReport(await ok("exact", SIMPLE, "--format", "csv", "--set", "h_raise=0.03"));
    const json = JSON.parse(await ok("exact", SIMPLE, "--format", "json", "--set", "h_raise=0.03")) as {
      outcomes: { id: string; probability: number }[];
    };
    expect(csv.header).toEqual(["kind", "id", "label", "group", "probability"]);
    expect(csv.rows).toHaveLength(json.outcomes.length);
    for (const o of json.outcomes) expect(Number(row(csv.rows, "outcome", o.id)[4])).toBe(o.probability);
    expect(csv.comments).toEqual([
      expect.stringMatching(/^# tool: tariffsim \d+\.\d+\.\d+/),
      "# scenario: simple", "# title: Simple two-machine scenario", "# start: 2026-02-01", "# horizon: 2026-04-30",
      "# method: exact", "# override: h_raise = 0.03 (default 0.02, from --set)",
      `# command: tariffsim exact ${SIMPLE} --format csv --set h_raise=0.03`,
    ]);
  });

  it("run (Monte Carlo): probability, Wilson interval and count as in the JSON; --states adds state rows", async () => {
    const args = ["run", SIMPLE, "--runs", "2000", "--seed", "5", "--states"];
    const csv = readReport(await ok(...args, "--format", "csv"));
    const json = JSON.parse(await ok(...args, "--format", "json")) as {
      outcomes: { id: string; probability: number; ci95: [number, number]; count: number }[];
      states: { machine: string; state: string; final: number; visited: number }[];
    };
    expect(csv.header).toEqual(["kind", "id", "label", "group", "probability", "ci95_lo", "ci95_hi", "count", "visited", "meanFirstVisit"]);
    const rise = json.outcomes.find((o) => o.id === "rise");
    expect(row(csv.rows, "outcome", "rise").slice(4, 8).map(Number)).toEqual([rise?.probability, rise?.ci95[0], rise?.ci95[1], rise?.count]);
    const passed = json.states.find((s) => s.machine === "bill" && s.state === "passed");
    const st = row(csv.rows, "state", "bill.passed");
    expect([Number(st[4]), Number(st[8])]).toEqual([passed?.final, passed?.visited]);
    expect(csv.comments).toContain("# seed: 5");
    expect(csv.comments).toContain("# runs: 2000");
    expect(csv.comments).toContain("# overrides: none");
  });

  it("run --method both: the exact value and the difference in standard errors per row", async () => {
    const csv = readReport(await ok("run", SIMPLE, "--runs", "1000", "--method", "both", "--format", "csv"));
    expect(csv.header).toEqual(["kind", "id", "label", "group", "probability", "ci95_lo", "ci95_hi", "count", "exact", "diffSE"]);
    const json = JSON.parse(await ok("run", SIMPLE, "--runs", "1000", "--method", "both", "--format", "json")) as {
      outcomes: { id: string; exact: number; diffSE: number }[];
    };
    for (const o of json.outcomes) expect(row(csv.rows, "outcome", o.id).slice(8).map(Number)).toEqual([o.exact, o.diffSE]);
  });

  it("exact --timeline: one row per date × target, the last date the horizon", async () => {
    const csv = readReport(await ok("exact", SIMPLE, "--timeline", "--every", "30", "--format", "csv"));
    expect(csv.header).toEqual(["date", "day", "kind", "id", "probability"]);
    expect(new Set(csv.rows.map((r) => r[0]))).toEqual(new Set(["2026-02-01", "2026-03-03", "2026-04-02", "2026-04-30"]));
    const json = JSON.parse(await ok("exact", SIMPLE, "--format", "json")) as { outcomes: { id: string; probability: number }[] };
    expect(Number(row(csv.rows, "2026-04-30", "88", "outcome", "hold")[4])).toBeCloseTo(json.outcomes[0]?.probability ?? NaN, 12);
    expect(row(csv.rows, "2026-04-30", "88", "state", "bill.passed")).toHaveLength(5);
  });

  it("run --replay: one row per state change", async () => {
    const csv = readReport(await ok("run", SIMPLE, "--replay", "3", "--format", "csv"));
    expect(csv.header).toEqual(["date", "day", "machine", "from", "to", "transition"]);
    expect(csv.rows.length).toBeGreaterThan(0);
    expect(csv.comments).toContain("# run: 3");
  });
});

describe("params", () => {
  it("one row per parameter; with --set, its value and origin", async () => {
    const csv = readReport(await ok("params", SIMPLE, "--format", "csv", "--set", "p_pass=0.7"));
    expect(csv.header).toEqual(["name", "default", "value", "from", "value_quote", "value_seed", "value_rationale",
      "min", "max", "unit", "description", "source_quote", "source_seed", "source_rationale", "uncertainty"]);
    expect(row(csv.rows, "p_pass").slice(0, 4)).toEqual(["p_pass", "0.6", "0.7", "--set"]);
  });
});

describe("analysis commands", () => {
  it("tornado: target, parameter, ends and swing as in the JSON", async () => {
    const csv = readReport(await ok("tornado", VOTE, "--format", "csv"));
    const json = JSON.parse(await ok("tornado", VOTE, "--format", "json")) as {
      targets: { target: string; base: number; rows: { parameter: string; low: number; high: number; atLow: number; atHigh: number; swing: number }[] }[];
    };
    expect(csv.header).toEqual(["target", "label", "base", "parameter", "low", "high", "atLow", "atHigh", "swing", "error"]);
    const t = json.targets[0];
    const x = t?.rows[0];
    expect(csv.rows).toHaveLength(json.targets.reduce((n, tt) => n + tt.rows.length, 0));
    const first = csv.rows.find((c) => c[0] === t?.target && c[3] === x?.parameter) ?? [];
    expect([first[2], ...first.slice(4, 9)].map(Number)).toEqual([t?.base, x?.low, x?.high, x?.atLow, x?.atHigh, x?.swing]);
    expect(first[9]).toBe("");
    expect(csv.comments).toContain("# method: exact");
  });

  it("sweep: a row per point, parameter columns then group and outcome columns", async () => {
    const csv = readReport(await ok("sweep", "p_pass=0.2..0.4", "h_threat=0..0.1", "--scenario", VOTE, "--steps", "2", "--format", "csv"));
    const json = JSON.parse(await ok("sweep", "p_pass=0.2..0.4", "h_threat=0..0.1", "--scenario", VOTE, "--steps", "2", "--format", "json")) as {
      points: { values: Record<string, number>; groups: Record<string, number>; outcomes: Record<string, number> }[];
    };
    expect(csv.header.slice(0, 2)).toEqual(["p_pass", "h_threat"]);
    expect(csv.header.at(-1)).toBe("error");
    expect(csv.rows).toHaveLength(4);
    json.points.forEach((p, i) => {
      const r = csv.rows[i] ?? [];
      csv.header.forEach((h, j) => {
        if (h === "error") return expect(r[j]).toBe("");
        const [kind, id] = h.includes(":") ? h.split(":") : ["value", h];
        const v = kind === "group" ? p.groups[id ?? ""] : kind === "outcome" ? p.outcomes[id ?? ""] : p.values[id ?? ""];
        expect(Number(r[j])).toBe(v);
      });
    });
    expect(csv.comments).toContain("# axis: p_pass from 0.2 to 0.4");
  });

  it("sensitivity: target, parameter, S1 and ST with their intervals as in the JSON", async () => {
    const args = ["sensitivity", VOTE_U, "--samples", "16", "--bootstrap", "10"];
    const csv = readReport(await ok(...args, "--format", "csv"));
    const json = JSON.parse(await ok(...args, "--format", "json")) as {
      targets: { target: string; mean: number; variance: number; indices: { parameter: string; S1: number; S1ci: number[]; ST: number; STci: number[] }[] }[];
    };
    expect(csv.header).toEqual(["target", "label", "mean", "variance", "parameter", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"]);
    const t = json.targets[0];
    const x = t?.indices.find((i) => i.parameter === "h_threat");
    const r = csv.rows.find((c) => c[0] === t?.target && c[4] === "h_threat") ?? [];
    expect(r.slice(2, 4).map(Number)).toEqual([t?.mean, t?.variance]);
    expect(r.slice(5).map(Number)).toEqual([x?.S1, ...(x?.S1ci ?? []), x?.ST, ...(x?.STci ?? [])]);
    expect(csv.comments).toContain("# samples: 16");
  });

  it("uncertainty: target, mean, median, p05, p95 as in the JSON", async () => {
    const args = ["uncertainty", VOTE_U, "--samples", "32"];
    const csv = readReport(await ok(...args, "--format", "csv"));
    const json = JSON.parse(await ok(...args, "--format", "json")) as {
      targets: { target: string; mean: number; median: number; p05: number; p95: number }[];
    };
    expect(csv.header).toEqual(["target", "label", "mean", "median", "p05", "p95"]);
    expect(csv.rows).toHaveLength(json.targets.length);
    for (const t of json.targets) expect(row(csv.rows, t.target).slice(2).map(Number)).toEqual([t.mean, t.median, t.p05, t.p95]);
  });

  it("md: a GitHub table with a rule row", async () => {
    const out = await ok("uncertainty", VOTE_U, "--samples", "8", "--format", "md");
    expect(out).toMatch(/^- tool: tariffsim /);
    expect(out).toContain("\n| target | label | mean | median | p05 | p95 |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
  });
});

describe("--out and --format", () => {
  it.each([
    ["r.csv", /^# tool: /],
    ["r.CSV", /^# tool: /],
    ["r.json", /^\{\n {2}"scenario"/],
    ["r.md", /^- tool: /],
    ["r.txt", /^Simple two-machine scenario\n/],
    ["r.out", /^Simple two-machine scenario\n/],
  ])("--out %s without --format writes the format its extension names", async (name, start) => {
    const f = join(dirs.make(), name);
    expect(await ok("exact", SIMPLE, "--out", f)).toBe("");
    expect(readFileSync(f, "utf8")).toMatch(start);
  });

  it.each([
    ["exact", SIMPLE], ["params", SIMPLE], ["tornado", VOTE], ["uncertainty", VOTE_U],
  ])("%s --format json --out x.csv: exit 2, one line, nothing written", async (cmd, file) => {
    const f = join(dirs.make(), "x.csv");
    const r = await cli(cmd, file, "--format", "json", "--out", f);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(`${f}: --format json does not match the extension .csv (csv); change one of them\n`);
    expect(() => readFileSync(f)).toThrow();
  });

  it("sweep refuses a mismatch too, and a matching --format is accepted", async () => {
    const dir = dirs.make();
    const r = await cli("sweep", "p_pass=0..1", "--scenario", VOTE, "--steps", "2", "--format", "table", "--out", join(dir, "x.md"));
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toHaveLength(1);
    expect(await ok("exact", SIMPLE, "--format", "csv", "--out", join(dir, "y.csv"))).toBe("");
    expect(await ok("exact", SIMPLE, "--format", "csv", "--out", join(dir, "y.dat"))).toBe("");
    expect(readFileSync(join(dir, "y.dat"), "utf8")).toMatch(/^# tool: /);
  });
});

describe("scenario text in CSV and Markdown", () => {
  /** The simple fixture with labels holding commas, quotes, a line break, a formula and control characters. */
  function oddScenario(): string {
    const f = join(dirs.make(), "odd.yaml");
    const text = readFileSync(SIMPLE, "utf8")
      .replace("label: Holds", String.raw`label: "Holds, \"firmly\"\nfor now"`)
      .replace("label: Rises", String.raw`label: "=HYPERLINK(\"x\") \e[2J\u202e"`);
    writeFileSync(f, text);
    return f;
  }

  it("CSV quotes commas, quotes and line breaks, defuses formulas and escapes control characters", async () => {
    const f = oddScenario();
    const out = await ok("exact", f, "--format", "csv");
    const json = JSON.parse(await ok("exact", f, "--format", "json")) as { outcomes: { probability: number }[] };
    expect(out).toContain(`\r\noutcome,hold,"Holds, ""firmly""\nfor now",,${json.outcomes[0]?.probability}\r\n`);
    expect(out).toContain(`\r\noutcome,rise,"'=HYPERLINK(""x"") \\x1b[2J\\u202e",,${json.outcomes[1]?.probability}\r\n`);
    expect(out).not.toMatch(/[\x1b\u202e]/);
  });

  it("Markdown keeps each row on one line and escapes pipes and controls", async () => {
    const out = await ok("exact", oddScenario(), "--format", "md");
    expect(out).toContain(String.raw`| outcome | hold | Holds, "firmly"<br>for now |  | `);
    expect(out).toContain(String.raw`| outcome | rise | =HYPERLINK("x") \x1b\[2J\u202e |  | `);
    expect(out).not.toMatch(/[\x1b\u202e]/);
  });

  it("the table still shows control characters escaped", async () => {
    const out = await ok("exact", oddScenario());
    expect(out).toContain(String.raw`\x1b[2J\u202e`);
    expect(out).not.toMatch(/[\x1b\u202e]/);
  });
});
