/**
 * `run --shard K/N` and `tariffsim merge`, in-process: the shards tile the
 * runs, the merge of any order of the parts is byte-identical to the
 * unsharded run in every format (CSV and Markdown name the unsharded
 * command), the shard comes from Slurm's or a Kubernetes Indexed Job's
 * environment with `--shard env`, and parts that do not belong together
 * are refused with exit 2, one line per problem naming the file.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { unshardedArgs } from "../../src/cli/commands/merge.js";
import { parseShard, shardFromEnv, shardRange } from "../../src/cli/shard.js";
import { MAX_SHARDS } from "../../src/cli/shardFile.js";
import { slices } from "../../src/cli/slice.js";
import { CliError } from "../../src/cli/errors.js";
import { cli, tmpDirs } from "../helpers/cli.js";
import { SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());
const LOW = new URL("../fixtures/overlays/pass-low.yaml", import.meta.url).pathname;

/** Every line of a CliError thrown by `fn`. */
function cliLines(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e.lines;
    throw e;
  }
  throw new Error("no CliError thrown");
}

describe("shardRange", () => {
  it("tiles [0, runs) with slices whose sizes differ by at most one, as slices() does", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 300 }), (runs, n) => {
      fc.pre(n <= runs);
      const ranges = Array.from({ length: n }, (_, i) => shardRange(runs, { index: i + 1, count: n }));
      expect(ranges.map((r) => [r.from, r.to])).toEqual(slices(runs, n));
      expect(ranges[0]?.from).toBe(0);
      expect(ranges.at(-1)?.to).toBe(runs);
      const sizes = ranges.map((r) => r.to - r.from);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
    expect(shardRange(10, { index: 3, count: 4 })).toEqual({ from: 6, to: 8 });
  });
});

describe("parseShard and shardFromEnv", () => {
  it("parses K/N and env, refusing anything else", () => {
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    expect(parseShard("env")).toBe("env");
    for (const bad of ["0/4", "5/4", "1/0", "1", "a/b", "1/4/", " 1/4", `1/${MAX_SHARDS + 1}`, "-1/4"]) {
      expect(() => parseShard(bad), bad).toThrow(/expected K\/N with 1 <= K <= N/);
    }
  });

  it("reads a Slurm array counting from its first task, and a Kubernetes Indexed Job with its count", () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "3" })).toEqual({ index: 4, count: 4 });
    // --array=1-4 numbers the tasks from 1: still shards 1..4.
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "4" })).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: "7", TARIFFSIM_SHARD_COUNT: "8" })).toEqual({ index: 8, count: 8 });
  });

  it("says what is missing or wrong in the environment", () => {
    expect(cliLines(() => shardFromEnv({}))).toEqual([
      "--shard env: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set",
    ]);
    expect(cliLines(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: "2" }))).toEqual(["--shard env: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not"]);
    expect(cliLines(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "4" })))
      .toEqual(["--shard env: the Slurm array 0-4 has 3 tasks: submit a contiguous array, e.g. --array=0-2"]);
    expect(cliLines(() => shardFromEnv({ JOB_COMPLETION_INDEX: "1" }))).toEqual([
      "--shard env: JOB_COMPLETION_INDEX is set but TARIFFSIM_SHARD_COUNT (the Job's completions) is not",
    ]);
    expect(cliLines(() => shardFromEnv({ JOB_COMPLETION_INDEX: "x1", TARIFFSIM_SHARD_COUNT: "2" }))).toEqual(["--shard env: JOB_COMPLETION_INDEX=x1 is not a whole number"]);
    expect(cliLines(() => shardFromEnv({ JOB_COMPLETION_INDEX: "2", TARIFFSIM_SHARD_COUNT: "2" }))).toEqual([
      `--shard env: task 2 of 2 is not a shard (0 <= index < count <= ${MAX_SHARDS})`,
    ]);
  });
});

describe("unshardedArgs", () => {
  it("drops --shard, --out and --format in every spelling, and appends the merge's", () => {
    expect(unshardedArgs(["run", "x.yaml", "--shard", "2/4", "--runs", "9", "-o", "p.json", "--format=json", "--states"], { format: "csv" }))
      .toEqual(["run", "x.yaml", "--runs", "9", "--states", "--format", "csv"]);
    expect(unshardedArgs(["run", "--shard=env", "-op.json", "-fjson", "--out=q.json", "--format", "json", "--seed", "1"], { out: "r.md" }))
      .toEqual(["run", "--seed", "1", "--out", "r.md"]);
    expect(unshardedArgs(["run", "--", "-o"], {})).toEqual(["run", "--", "-o"]);
  });
});

/** Writes the N parts of a sharded run of `common` into a new folder; returns their paths. */
async function shardParts(common: readonly string[], n: number, dir = dirs.make()): Promise<string[]> {
  const parts: string[] = [];
  for (let k = 1; k <= n; k++) {
    const out = join(dir, `part-${k}.json`);
    const r = await cli(...common, "--shard", `${k}/${n}`, "--out", out);
    // A successful --out says what it wrote, and nothing else is said.
    expect(r.err).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\([^)]*\\)\\n$`));
    expect(r.code).toBe(0);
    parts.push(out);
  }
  return parts;
}

describe("merge", () => {
  const common = ["run", SIMPLE, "--runs", "10007", "--seed", "4", "--params", LOW, "--set", "p_pass=0.45", "--states"];

  it("is byte-identical to the unsharded run in every format, whatever the order of the parts", async () => {
    const parts = await shardParts(common, 3);
    const part: { from: number; to: number; tally: { runs: number }; overrides: { from: string }[] } = JSON.parse(readFileSync(parts[1] ?? "", "utf8"));
    expect([part.from, part.to, part.tally.runs]).toEqual([3336, 6672, 3336]);
    expect(part.overrides.map((o) => o.from)).toEqual(["--set", `params:${LOW}`]);
    for (const format of ["json", "csv", "md", "table"]) {
      const whole = await cli(...common, "--format", format);
      expect(whole.code).toBe(0);
      const merged = await cli("merge", parts[2] ?? "", parts[0] ?? "", parts[1] ?? "", "--format", format);
      expect(merged.err).toBe("");
      expect(merged.code).toBe(0);
      expect(merged.out, format).toBe(whole.out);
    }
    // One shard alone is a different (smaller) run: the merge is not just any part.
    const one = await cli(...common, "--runs", "3336", "--format", "json");
    expect(one.out).not.toBe((await cli("merge", ...parts, "--format", "json")).out);
  });

  it("writes --out whole, its format from the extension, and the provenance names --out", async () => {
    const parts = await shardParts(common, 2);
    const dir = dirs.make();
    const out = join(dir, "report.csv");
    const merged = await cli("merge", ...parts, "--out", out);
    expect(merged.code).toBe(0);
    const whole = join(dir, "whole.csv");
    // The unsharded run writing the same file name gives the same bytes.
    expect((await cli(...common, "--out", out.replace("report", "whole"))).code).toBe(0);
    expect(readFileSync(out, "utf8").replace(`--out ${out}`, "X")).toBe(readFileSync(whole, "utf8").replace(`--out ${whole}`, "X"));
    expect(readFileSync(out, "utf8")).toContain(`# command: tariffsim run ${SIMPLE} --runs 10007 --seed 4 --params ${LOW} --set p_pass=0.45 --states --out ${out}`);
  });

  it("refuses parts that do not belong together, naming each file", async () => {
    const parts = await shardParts(common, 3);
    const [a = "", b = "", c = ""] = parts;
    const other = await shardParts(["run", SIMPLE, "--runs", "10007", "--seed", "5", "--states"], 3);
    const r = await cli("merge", a, b, other[2] ?? "");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n").filter(Boolean)).toEqual([
      // Each at the field's line:column in the part, the field named.
      expect.stringMatching(new RegExp(`^${other[2]}:\\d+:\\d+: values: not from the same run as ${a}: \\{"values":\\[\\],"overrides":\\[\\]\\} vs `)),
      expect.stringMatching(new RegExp(`^${other[2]}:\\d+:\\d+: seed: not from the same run as ${a}: 5 vs 4$`)),
    ]);
    const missing = await cli("merge", a, c);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("merge: shard 2/3 (runs 3,336–6,671) is missing\n");
    const twice = await cli("merge", a, b, c, b);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(new RegExp(`^${b}:\\d+:\\d+: shard\\.index: shard 2/3 is also in ${b} \\(its runs would count twice\\)\\n$`));
    const fewerRuns = await shardParts(["run", SIMPLE, "--runs", "10006", "--seed", "4", "--params", LOW, "--set", "p_pass=0.45", "--states"], 3);
    const total = await cli("merge", a, b, fewerRuns[2] ?? "");
    expect(total.err).toMatch(new RegExp(`${fewerRuns[2]}:\\d+:\\d+: runs: not from the same run as ${a}: 10006 vs 10007\\n`));
    const count = await shardParts(common, 2);
    expect((await cli("merge", a, count[1] ?? "")).err).toMatch(/:\d+:\d+: shard\.count: not from the same run as .*: 2 vs 3\n/);
  });

  it("refuses an edited part, a file that is no part, and another tool version", async () => {
    const parts = await shardParts(common, 2);
    const [a = "", b = ""] = parts;
    const dir = dirs.make();
    const edit = (name: string, f: (p: Record<string, unknown> & { tally: { outcomes: number[] } }) => void): string => {
      const p = JSON.parse(readFileSync(b, "utf8"));
      f(p);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(p));
      return file;
    };
    const counts = edit("counts.json", (p) => { p.tally.outcomes[0] = (p.tally.outcomes[0] ?? 0) + 1; });
    expect((await cli("merge", a, counts)).err).toMatch(new RegExp(`^${counts}:1:\\d+: tally: the counts do not add up \\(5003 runs, outcome counts summing to 5004, for runs 5,004–10,006\\)\\n$`));
    const range = edit("range.json", (p) => { p.from = 5003; });
    expect((await cli("merge", a, range)).err).toMatch(new RegExp(`^${range}:1:\\d+: from: shard 2/2 covers runs 5,003–10,006, but shard 2/2 of 10,007 runs should cover runs 5,004–10,006\\n`
      + `${range}:1:\\d+: tally: the counts do not add up \\(5003 runs, outcome counts summing to 5003, for runs 5,003–10,006\\)\\n$`));
    const probs = edit("probs.json", (p) => { p.tally.outcomes[0] = 0.5; });
    // At its line:column, with the path into the file.
    expect((await cli("merge", a, probs)).err).toMatch(new RegExp(`^${probs}:\\d+:\\d+: tally\\.outcomes\\[0\\]: not a tariffsim partial result \\(.+\\)\\n$`));
    // Every problem of a part, each at its line:column; a byte-order mark is read past.
    const multi = edit("multi.json", (p) => { p.seed = -3; p.tally.outcomes[1] = -1; });
    const lines = (await cli("merge", a, multi)).err.split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${multi}:1:\\d+: seed: not a tariffsim partial result`));
    expect(lines[1]).toMatch(new RegExp(`^${multi}:1:\\d+: tally\\.outcomes\\[1\\]: not a tariffsim partial result`));
    const bom = join(dir, "bom.json");
    writeFileSync(bom, `\uFEFF${readFileSync(b, "utf8")}`);
    const withBom = await cli("merge", a, bom);
    expect(withBom.code, withBom.err).toBe(0);
    expect(withBom.out).toBe((await cli("merge", a, b)).out);
    // Cut short, or with a trailing comma: at the line:column where JSON stops (computed from JSON.parse's position,
    // not by the YAML reader, which ran out of memory on a 60 MB part).
    const text = readFileSync(b, "utf8");
    const cut = join(dir, "cut.json");
    writeFileSync(cut, text.slice(0, 40));
    expect((await cli("merge", a, cut)).err).toMatch(new RegExp(`^${cut}:\\d+:\\d+: not a tariffsim partial result \\(invalid JSON: `));
    const comma = join(dir, "comma.json");
    writeFileSync(comma, `${text.trimEnd().slice(0, -1)},}`);
    const lastLine = text.trimEnd().split("\n").length;
    expect((await cli("merge", a, comma)).err).toMatch(new RegExp(`^${comma}:${lastLine}:\\d+: not a tariffsim partial result \\(invalid JSON: Expected double-quoted property name\\)\\n$`));
    // Tokens JSON has not (V8 names no position for them): found by scanning, at the token.
    const seedLine = text.split("\n").findIndex((l) => l.includes('"seed":')) + 1;
    const seedColumn = (text.split("\n")[seedLine - 1] ?? "").indexOf('"seed": ') + '"seed": '.length + 1;
    for (const token of ["NaN", "Infinity", "undefined"]) {
      const f = join(dir, `${token}.json`);
      writeFileSync(f, text.replace(/"seed": \d+/, `"seed": ${token}`));
      expect((await cli("merge", a, f)).err).toMatch(new RegExp(`^${f}:${seedLine}:${seedColumn}: not a tariffsim partial result \\(invalid JSON: Unexpected token `));
    }
    const nul = join(dir, "null.json");
    writeFileSync(nul, "null\n");
    expect((await cli("merge", a, nul)).err).toBe(`${nul}:1:1: not a tariffsim partial result (Invalid input: expected object, received null)\n`);
    // A repeated key (JSON.parse would keep the last, and every check pass on it), at the repeat, also when escaped.
    for (const [name, key] of [["dup", '"seed"'], ["dup-escaped", '"se\\u0065d"']] as const) {
      const f = join(dir, `${name}.json`);
      writeFileSync(f, text.replace(/"seed": (\d+)/, `"seed": $1, ${key}: 5`));
      const r = await cli("merge", a, f);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      const line = readFileSync(f, "utf8").split("\n")[seedLine - 1] ?? "";
      const column = line.indexOf(", ", line.indexOf('"seed": ')) + 3;
      expect(r.err).toBe(`${f}:${seedLine}:${column}: not a tariffsim partial result (key "seed" is given twice in this object)\n`);
    }
    // A key YAML refuses to read (`__proto__`) still gets its line:column.
    const proto = join(dir, "proto.json");
    writeFileSync(proto, text.replace(/"seed": /, `"__proto__": {},\n  "seed": `));
    expect((await cli("merge", a, proto)).err).toBe(`${proto}:${seedLine}:${(text.split("\n")[seedLine - 1] ?? "").indexOf('"seed"') + 1}: __proto__: not a tariffsim partial result (unknown key "__proto__")\n`);
    // A run's report is no part, and its keys are no typo for a part's (no "did you mean" the key itself).
    const report = join(dir, "report.json");
    writeFileSync(report, (await cli("run", SIMPLE, "--runs", "10", "--format", "json")).out);
    const notPart = await cli("merge", a, report);
    expect(notPart.code).toBe(2);
    expect(notPart.err).toMatch(/:\d+:\d+: title: not a tariffsim partial result \(unknown key "title"\)\n/);
    expect(notPart.err).not.toMatch(/unknown key "(\w+)" \(did you mean "\1"/);
    const twice = await cli("merge", a, b, "--scenario", SIMPLE, "--scenario", SIMPLE);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain("given twice; give it once");
    const notJson = join(dir, "x.json");
    writeFileSync(notJson, "{");
    const bad = await cli("merge", a, notJson, join(dir, "absent.json"));
    expect(bad.code).toBe(2);
    expect(bad.err.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${notJson}:1:\\d+: not a tariffsim partial result \\(invalid JSON: `)),
      `${join(dir, "absent.json")}: cannot read the partial result: no such file`,
    ]);
    const old = [a, b].map((f, i) => {
      const file = join(dir, `old-${i}.json`);
      writeFileSync(file, readFileSync(f, "utf8").replace(/"tool": "tariffsim [^"]+"/, `"tool": "tariffsim 0.0.1"`));
      return file;
    });
    expect((await cli("merge", ...old)).err).toMatch(new RegExp(`^${old[0]}: written by tariffsim 0\\.0\\.1; this is tariffsim \\S+: merge with the version that ran the shards\\n$`));
  });

  it("refuses counts that no runs could give, overrides that are not the values', and another build", async () => {
    const parts = await shardParts(common, 2);
    const [a = "", b = ""] = parts;
    const dir = dirs.make();
    type Edited = { tally: Record<string, number[]>; overrides: unknown[]; build: string };
    const edit = (from: string, name: string, f: (p: Edited) => void): string => {
      const p: Edited = JSON.parse(readFileSync(from, "utf8"));
      f(p);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(p));
      return file;
    };
    const bump = (arr: number[] | undefined, i: number, by: number): void => {
      if (arr !== undefined) arr[i] = (arr[i] ?? 0) + by;
    };
    // State 1 is bill.passed (states: bill.pending, bill.passed, bill.failed, tariff.low, tariff.high).
    const visited = edit(b, "visited.json", (p) => { bump(p.tally.visited, 1, 1e9); });
    expect((await cli("merge", a, visited)).err).toMatch(new RegExp(`^${visited}:1:\\d+: tally: the counts do not add up \\(5003 runs, but state bill\\.passed visited by 100\\d+ and ended in by \\d+, for runs 5,004–10,006\\)\\n$`));
    const finals = edit(b, "finals.json", (p) => { bump(p.tally.finalStates, 0, 4000); });
    expect((await cli("merge", a, finals)).err).toMatch(new RegExp(`^${finals}:1:\\d+: tally: the counts do not add up \\(5003 runs, but 9003 ended in a state of machine bill, for runs 5,004–10,006\\)\\n$`));
    // Was exit 70: the mean first-visit day, far past the calendar, reached the date formatting.
    const late = edit(b, "late.json", (p) => { bump(p.tally.firstDaySum, 1, 1e15); });
    const r = await cli("merge", a, late);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${late}:1:\\d+: tally\\.firstDaySum\\[1\\]: the counts do not add up \\(the first visits of bill\\.passed sum to day \\d+, past \\d+ visits × 88 days\\)\\n$`));
    // Overrides edited alike in every part: the report would show values the counts were not computed with.
    const lie = [a, b].map((f, i) => edit(f, `lie-${i}.json`, (p) => { p.overrides = [{ name: "h_raise", value: 0.2, default: 0.02, from: "--set" }]; }));
    const lied = await cli("merge", ...lie);
    expect(lied.code).toBe(2);
    expect(lied.err.split("\n")[0]).toMatch(/^[^:]+:1:\d+: overrides: /);
    expect(lied.err.split("\n")[0]?.replace(/^[^:]+:1:\d+: overrides: /, `${lie[0]}: `)).toBe(`${lie[0]}: the overrides [{"name":"h_raise","value":0.2,"default":0.02}] are not those of the parameter values, `
      + `which are [{"name":"p_pass","value":0.45,"default":0.6},{"name":"h_raise","value":0.05,...`);
    const other = edit(b, "build.json", (p) => { p.build = "bundle-0000"; });
    expect((await cli("merge", a, other)).err).toMatch(new RegExp(`^${other}:1:\\d+: build: not from the same run as ${a}: "bundle-0000" vs "\\S+"\\n$`));
  });

  it("merges parts whose --set options came in another order (the same values)", async () => {
    const dir = dirs.make();
    const base = ["run", SIMPLE, "--runs", "2001", "--seed", "4"];
    const one = join(dir, "one.json");
    const two = join(dir, "two.json");
    expect((await cli(...base, "--set", "p_pass=0.3", "--set", "h_raise=0.05", "--shard", "1/2", "--out", one)).code).toBe(0);
    expect((await cli(...base, "--set", "h_raise=0.05", "--set", "p_pass=0.3", "--shard", "2/2", "--out", two)).code).toBe(0);
    const merged = await cli("merge", one, two, "--format", "json");
    expect(merged.err).toBe("");
    expect(merged.out).toBe((await cli(...base, "--set", "p_pass=0.3", "--set", "h_raise=0.05", "--format", "json")).out);
  });

  it("--wide: refused with --shard (a part is JSON); merge --wide prints the table of run --wide", async () => {
    const refused = await cli("run", SIMPLE, "--runs", "100", "--shard", "1/2", "--wide");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("cannot be used with option '--wide'");
    const parts = await shardParts(common, 2);
    const merged = await cli("merge", ...parts, "--wide");
    expect(merged.code).toBe(0);
    expect(merged.out).toBe((await cli(...common, "--wide")).out);
  });

  it("checks the scenario's bytes, and --scenario finds a moved file", async () => {
    const dir = dirs.make();
    const copy = join(dir, "s.yaml");
    copyFileSync(SIMPLE, copy);
    const parts = await shardParts(["run", copy, "--runs", "2001", "--seed", "4"], 2);
    const whole = await cli("run", copy, "--runs", "2001", "--seed", "4", "--format", "json");
    writeFileSync(copy, `${readFileSync(SIMPLE, "utf8")}\n# edited\n`);
    const changed = await cli("merge", ...parts);
    expect(changed.code).toBe(2);
    expect(changed.err).toMatch(new RegExp(`^${copy}: the scenario is not the one the shards ran \\(sha256 [0-9a-f]{12}…, the parts have [0-9a-f]{12}…\\)\\n$`));
    const moved = await cli("merge", ...parts, "--scenario", SIMPLE, "--format", "json");
    expect(moved.code).toBe(0);
    expect(moved.out).toBe(whole.out);
  });
});

describe("run --shard refuses what it cannot shard", () => {
  it.each([
    [["--method", "exact"], "--shard: only Monte Carlo runs are sharded (--method mc, no --timeline)"],
    [["--format", "csv"], "--shard: a shard writes a partial result in JSON; choose the report's format when merging (tariffsim merge --format)"],
    [["--runs", "3", "--shard", "1/4"], "--shard: 4 shards of 3 runs; use at most one shard per run"],
  ])("%j", async (extra, line) => {
    const args = extra.includes("--shard") ? extra : [...extra, "--shard", "1/2"];
    const r = await cli("run", SIMPLE, "--runs", "100", ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(`${line}\n`);
  });

  it("refuses --shard with --replay or --timeline (commander) and a bad K/N", async () => {
    expect((await cli("run", SIMPLE, "--shard", "1/2", "--replay", "3")).err).toContain("cannot be used with option '--replay <run>'");
    const bad = await cli("run", SIMPLE, "--shard", "3/2");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("argument '3/2' is invalid. expected K/N with 1 <= K <= N");
  });

  it("--shard env without a scheduler says so", async () => {
    const saved = { ...process.env };
    for (const k of ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]) delete process.env[k];
    try {
      const r = await cli("run", SIMPLE, "--shard", "env");
      expect(r.code).toBe(2);
      expect(r.err).toContain("--shard env: neither SLURM_ARRAY_TASK_ID");
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
