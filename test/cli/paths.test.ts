/**
 * `tariffsim paths` and `tariffsim trace`: the stories told in every format,
 * checked against the engine run by run; unknown ids with did-you-mean.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { koreaScenario, prepareOk } from "../helpers/scenario.js";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import { runCli } from "../../src/cli/runCli.js";

/** RFC 4180 records after the `#` comment lines, as objects keyed by the header (a small reader: fields quoted with "" escapes). */
function parse(text: string, _opts: unknown): Record<string, string>[] {
  const body = text.split("\r\n").filter((l) => !l.startsWith("#")).join("\r\n");
  const records: string[][] = [];
  let rec: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { rec.push(field); field = ""; }
    else if (ch === "\r" && body[i + 1] === "\n") { rec.push(field); records.push(rec); rec = []; field = ""; i++; }
    else field += ch;
  }
  const [head, ...rows] = records;
  return rows.map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ""])));
}

const sc = koreaScenario();
if (sc === undefined) throw new Error("the shipped scenario does not load");
const model = prepareOk(sc);
const SUSPENDED = model.outcomes.findIndex((o) => o.id === "increase_suspended");

interface PathsJson {
  seed: number; runs: number; outcome: string | null; counted: number; untracked: number;
  paths: { rank: number; path: string; outcome: string | null; share: number; ci95: [number, number]; count: number; firstRun: number; steps: { machine: string; state: string; label: string }[] }[];
  other: { count: number; share: number; paths: number };
  overrides: unknown[];
}

describe("paths", () => {
  it("JSON: shares of all runs that add up, each path the one its first run takes", async () => {
    const r = await cli("paths", "--runs", "3000", "--seed", "9", "--top", "4", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as PathsJson;
    expect(j).toMatchObject({ seed: 9, runs: 3000, outcome: null, counted: 3000, untracked: 0, overrides: [] });
    expect(j.paths).toHaveLength(4);
    expect(j.other.count + j.paths.reduce((a, p) => a + p.count, 0)).toBe(3000);
    for (const p of j.paths) {
      expect(p.share).toBe(p.count / 3000);
      expect(p.ci95[0]).toBeLessThanOrEqual(p.share);
      expect(p.ci95[1]).toBeGreaterThanOrEqual(p.share);
      const replay = replayRun(model, 9, p.firstRun);
      expect(p.steps.map((s) => `${s.machine}.${s.state}`)).toEqual(replay.events.map((e) => model.stateNames[e.to]));
      expect(p.outcome).toBe(model.outcomes[replay.outcome]?.id);
      // Built from the labels in the file.
      expect(p.path).toBe(p.steps.map((s) => s.label).join(" → "));
    }
  });

  it("--outcome: shares conditional on the outcome, counted as the engine counts it", async () => {
    const r = await cli("paths", "--runs", "4000", "--seed", "2", "--outcome", "increase_suspended", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as PathsJson;
    expect(j.counted).toBe(simulateBatch(model, { seed: 2, from: 0, to: 4000 }).outcomes[SUSPENDED]);
    expect(j.paths.every((p) => p.outcome === "increase_suspended")).toBe(true);
    expect(j.paths[0]?.share).toBe((j.paths[0]?.count ?? 0) / j.counted);
    // Every suspended increase was announced first, and the path says so.
    expect(j.paths.every((p) => p.path.includes("25% announced") && p.path.includes("Threat withdrawn"))).toBe(true);
  });

  it("table: seed, overrides and labelled paths; CSV: the same counts", async () => {
    const t = await cli("paths", "--runs", "2000", "--top", "3", "--set", "p_struck_down=0.2", "--machine", "assembly", "--machine", "washington");
    expect(t.code).toBe(0);
    expect(t.out).toContain("2,000 runs · seed 20260203");
    expect(t.out).toContain("Overrides: p_struck_down = 0.2 (default 0.5, from --set)");
    expect(t.out).toContain("other paths");
    const c = await cli("paths", "--runs", "2000", "--top", "3", "--set", "p_struck_down=0.2", "--machine", "assembly", "--machine", "washington", "--format", "csv");
    const rows: Record<string, string>[] = parse(c.out, { comment: "#", columns: true });
    expect(rows.map((x) => x.rank)).toEqual(["1", "2", "3", "other"]);
    expect(rows.reduce((a, x) => a + Number(x.count), 0)).toBe(2000);
    expect(c.out).toContain("# override: p_struck_down = 0.2 (default 0.5, from --set)");
    expect(c.out).toContain("# machines: assembly washington");
    for (const x of rows.slice(0, 3)) expect(t.out).toContain(x.path ?? "?");
  });

  it("an unknown outcome or machine: exit 2, one line naming the file, with a did-you-mean", async () => {
    const r = await cli("paths", "--outcome", "increase_suspend");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^\S*korea-us-2026\.yaml: --outcome: no outcome "increase_suspend" \(did you mean "increase_suspended"\?\); the outcomes are hold_bill_passed, /);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    const m = await cli("paths", "--machine", "washingtn");
    expect(m.code).toBe(2);
    expect(m.err).toContain('no machine "washingtn" (did you mean "washington"?)');
  });
});

describe("trace", () => {
  it("tells the first runs by index ending in the outcome, in dated sentences from the labels", async () => {
    const r = await cli("trace", "--outcome", "increase_suspended", "--count", "2", "--seed", "4", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { seed: number; runs: { run: number; outcome: string; story: string[]; events: { date: string; sentence: string; from: string; to: string; machine: string }[] }[] };
    const expected: number[] = [];
    for (let i = 0; expected.length < 2; i++) if (replayRun(model, 4, i).outcome === SUSPENDED) expected.push(i);
    expect(j.runs.map((x) => x.run)).toEqual(expected);
    for (const run of j.runs) {
      const replay = replayRun(model, 4, run.run);
      expect(run.events).toHaveLength(replay.events.length);
      expect(run.story[0]).toBe(`Run ${run.run} of seed 4 starts on 2026-02-03 with assembly “Pending”, court “Undecided”, diplomacy “Talking”, replacement “No ruling against IEEPA”, washington “15%, 25% threatened”.`);
      expect(run.story.at(-1)).toMatch(/^On 2026-06-30, the horizon, it ends with .*: Announced increase suspended before taking effect \(increase_suspended\)\.$/);
      for (const e of run.events) expect(e.sentence.startsWith(`On ${e.date} ${e.machine} went from “`)).toBe(true);
      expect(run.story.slice(1, -1)).toEqual(run.events.map((e) => e.sentence));
    }
    const announce = j.runs[0]?.events.find((e) => e.to === "announced");
    expect(announce?.sentence).toContain("to “25% announced”: an order / Federal Register notice sets 25% with an effective date; 15% still collected (washington: threat → announced, by announce).");
  });

  it("table: wrapped to the terminal's width; CSV: one row per change", async () => {
    let out = "";
    const code = await runCli(["trace", "--outcome", "increase_suspended", "--count", "1"], { out: (t) => { out += t; }, err: () => undefined, columns: 60 });
    expect(code).toBe(0);
    for (const l of out.split("\n")) expect([...l].length).toBeLessThanOrEqual(60);
    expect(out).toContain("seed 20260203");
    const c = await cli("trace", "--outcome", "increase_suspended", "--count", "1", "--format", "csv");
    const rows: Record<string, string>[] = parse(c.out, { comment: "#", columns: true });
    const run = Number(rows[0]?.run);
    expect(rows).toHaveLength(replayRun(model, 20260203, run).events.length);
    expect(rows.every((x) => x.sentence?.startsWith(`On ${x.date} `))).toBe(true);
  });

  it("says on stderr when fewer runs than asked end in the outcome", async () => {
    const r = await cli("trace", "--outcome", "increase_suspended", "--count", "5", "--runs", "20");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/note: found \d of the 5 runs asked for among 20 runs; raise --runs/);
  });
});

describe("hostile labels", () => {
  it("control and bidirectional characters in labels and descriptions are shown escaped in every text format", async () => {
    const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { rawControl } = await import("../helpers/bundle.js");
    const dir = mkdtempSync(join(tmpdir(), "tariffsim-paths-"));
    try {
      const file = join(dir, "hostile.yaml");
      writeFileSync(file, readFileSync("test/fixtures/simple.yaml", "utf8").replace(
        "states: { pending: , passed: , failed: }",
        'states: { pending: , passed: { label: "Pass\\u001b[2Jed\\u202e", description: "Voted\\rthrough" }, failed: }'));
      for (const args of [["paths", file, "--runs", "300"], ["trace", file, "--count", "2"], ["paths", file, "--runs", "300", "--format", "csv"],
        ["trace", file, "--count", "2", "--format", "md"]]) {
        const r = await cli(...args);
        expect(r.code).toBe(0);
        expect(rawControl(r.out.replace(/\r\n/g, "\n"))).toBeUndefined(); // CSV records end in CRLF
        expect(r.out).toContain("Pass\\x1b"); // shown as an escape (Markdown also escapes the "[" after it)
        expect(r.out).toContain("ed\\u202e");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
