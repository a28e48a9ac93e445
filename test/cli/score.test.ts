/**
 * `tariffsim score` in process: hand-computed Brier and log scores on the
 * simple fixture (the tariff rises with a constant daily hazard h_raise =
 * 0.02 until the bill's window opens on 2026-02-20), the comparison modes
 * (`--base-rate`, `--against-params`, `--against`), `--asof` with
 * `--given`, every format and `--out`, bad input as exit 2 with one line
 * per problem (file:line:col, did-you-mean), and the shipped resolutions.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { BUNDLE, KOREA, ROOT, SIMPLE, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());
const dir = dirs.make();

const H = 0.02;
const RESOLUTIONS = join(dir, "simple-resolutions.yaml");
writeFileSync(RESOLUTIONS, `name: simple-test
events:
  - id: risen-by-day9
    event: tariff.high by 2026-02-10
    happened: true
    source: { rationale: test }
  - id: not-risen-by-day14
    event: not tariff.high by 2026-02-15
    happened: false
    source: { rationale: test }
  - id: rise-day4
    event: outcome:rise at 2026-02-05
    happened: false
    source: { rationale: test }
  - id: known
    event: bill.pending at 2026-02-01
    happened: true
    source: { rationale: test }
`);
const OVERLAY = join(ROOT, "test/fixtures/overlays/pass-high.yaml");

interface Scored { id: string; probability: number; brier: number; log: number; clipped: boolean; against?: { probability: number; brier: number; log: number } }
interface Totals { count: number; brier: number; log: number; clipped: number }
interface Report {
  scenario: string; asOf: string; resolutions: string; epsilon: number;
  events: Scored[]; excluded: { id: string; reason: string; happened: boolean; probability?: number; contradicts: boolean }[]; totals: Totals; reliability: unknown;
  against?: { name: string; kind: string; totals: Totals; diff: { brier: number; log: number }; overrides?: { name: string; value: number }[] };
  evidence?: { probability: number };
  overrides: { name: string; value: number }[];
}

async function json(...args: string[]): Promise<Report> {
  const r = await cli("score", ...args, "--format", "json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Report;
}

async function fails(...args: string[]): Promise<string[]> {
  const r = await cli("score", ...args);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).not.toMatch(STACK_LINE);
  return nonEmptyLines(r.err);
}

const by = (r: Report, id: string): Scored => {
  const e = r.events.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no event ${id}`);
  return e;
};

describe("score: hand-computed Brier and log scores", () => {
  it("per event, the means and the event known at the start (excluded)", async () => {
    const r = await json(SIMPLE, "--resolutions", RESOLUTIONS);
    const p1 = 1 - (1 - H) ** 9; // happened
    const p2 = (1 - H) ** 14; // did not happen
    const p3 = 1 - (1 - H) ** 4; // did not happen
    expect(by(r, "risen-by-day9")).toMatchObject({ brier: expect.closeTo((1 - p1) ** 2, 12), log: expect.closeTo(Math.log(p1), 12), clipped: false });
    expect(by(r, "risen-by-day9").probability).toBeCloseTo(p1, 12);
    expect(by(r, "not-risen-by-day14").probability).toBeCloseTo(p2, 12);
    expect(by(r, "not-risen-by-day14").brier).toBeCloseTo(p2 ** 2, 12);
    expect(by(r, "not-risen-by-day14").log).toBeCloseTo(Math.log(1 - p2), 12);
    expect(by(r, "rise-day4").probability).toBeCloseTo(p3, 12);
    expect(by(r, "rise-day4").log).toBeCloseTo(Math.log(1 - p3), 12);
    expect(r.totals.count).toBe(3);
    expect(r.totals.brier).toBeCloseTo(((1 - p1) ** 2 + p2 ** 2 + p3 ** 2) / 3, 12);
    expect(r.totals.log).toBeCloseTo((Math.log(p1) + Math.log(1 - p2) + Math.log(1 - p3)) / 3, 12);
    expect(r.excluded.map((e) => e.id)).toEqual(["known"]);
    expect(r).toMatchObject({ scenario: "simple", asOf: "2026-02-01", resolutions: "simple-test", epsilon: 1e-6, reliability: null, overrides: [] });
    expect(r.against).toBeUndefined();
  });

  it("the table: events, means, the excluded event, why no reliability table", async () => {
    const r = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--set", "h_raise=0.03");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("Overrides: h_raise = 0.03 (default 0.02, from --set)");
    expect(r.out).toContain(`${(100 * (1 - 0.97 ** 9)).toFixed(2)}%`);
    expect(r.out).toMatch(/Scenario: mean Brier 0\.\d{4} · mean log score -0\.\d{4} · 3 events/);
    expect(r.out).toContain("known: bill.pending at 2026-02-01 (happened: yes; scenario: 100.00%)");
    expect(r.out).toContain("No reliability table: 3 events scored, fewer than 10.");
  });
});

describe("score: comparisons", () => {
  it("--base-rate P: its scores beside each event, the means and the difference", async () => {
    const r = await json(SIMPLE, "--resolutions", RESOLUTIONS, "--base-rate", "0.5");
    expect(r.events.every((e) => e.against?.probability === 0.5 && e.against.brier === 0.25)).toBe(true);
    expect(r.against).toMatchObject({ name: "base rate 0.5", kind: "baseRate", totals: { count: 3, brier: 0.25, log: Math.log(0.5) } });
    expect(r.against?.diff.brier).toBeCloseTo(r.totals.brier - 0.25, 15);
    expect(r.against?.diff.log).toBeCloseTo(r.totals.log - Math.log(0.5), 15);
    const t = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--base-rate", "0.5");
    expect(t.out).toContain("Compared with: base rate 0.5");
    // Here the scenario does worse than a coin: positive Brier difference, negative log difference.
    const d = r.against?.diff ?? { brier: NaN, log: NaN };
    expect(d.brier).toBeGreaterThan(0);
    expect(t.out).toContain(`Difference (scenario − comparison): Brier +${d.brier.toFixed(4)} (comparison better) · log score ${d.log.toFixed(4)} (comparison better)`);
  });

  it("--against-params: the scenario's defaults with the overlay, not the main side's --set", async () => {
    const r = await json(SIMPLE, "--resolutions", RESOLUTIONS, "--set", "h_raise=0.03", "--against-params", OVERLAY);
    expect(by(r, "risen-by-day9").probability).toBeCloseTo(1 - 0.97 ** 9, 12);
    expect(by(r, "risen-by-day9").against?.probability).toBeCloseTo(1 - 0.98 ** 9, 12);
    expect(r.overrides).toMatchObject([{ name: "h_raise", value: 0.03 }]);
    expect(r.against?.overrides).toMatchObject([{ name: "p_pass", value: 0.9 }]);
    expect(r.against?.kind).toBe("scenario");
  });

  it("--against another scenario: its own numbers (h_raise 0.04), matched by event id", async () => {
    const other = join(dir, "simple-fast.yaml");
    writeFileSync(other, simpleText().replace("id: simple", "id: simple_fast").replace("default: 0.02", "default: 0.04"));
    const r = await json(SIMPLE, "--resolutions", RESOLUTIONS, "--against", other);
    expect(by(r, "risen-by-day9").against?.probability).toBeCloseTo(1 - 0.96 ** 9, 12);
    expect(by(r, "rise-day4").against?.probability).toBeCloseTo(1 - 0.96 ** 4, 12);
    expect(r.against?.name).toContain("simple_fast");
  });
});

describe("score --asof with evidence", () => {
  it("given not risen by day 5: P(evidence) = 0.98⁵; events on or before the as-of date excluded; the rest conditional", async () => {
    const r = await json(SIMPLE, "--resolutions", RESOLUTIONS, "--given", "not tariff.high by 2026-02-06");
    expect(r.asOf).toBe("2026-02-06");
    expect(r.evidence?.probability).toBeCloseTo((1 - H) ** 5, 12);
    expect(r.excluded.map((e) => e.id)).toEqual(["rise-day4", "known"]);
    expect(by(r, "risen-by-day9").probability).toBeCloseTo(1 - (1 - H) ** 4, 12);
    expect(by(r, "not-risen-by-day14").probability).toBeCloseTo((1 - H) ** 9, 12);
    // --asof alone moves the as-of date: events up to it are excluded, the others keep the prior's numbers.
    const a = await json(SIMPLE, "--resolutions", RESOLUTIONS, "--asof", "2026-02-10");
    expect(a.excluded.map((e) => e.id)).toEqual(["risen-by-day9", "rise-day4", "known"]);
    expect(by(a, "not-risen-by-day14").probability).toBeCloseTo((1 - H) ** 14, 12);
  });

  it("evidence that contradicts a resolution dated before it is flagged among the events not scored", async () => {
    const r = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--given", "not tariff.high by 2026-02-12");
    expect(r.code).toBe(0);
    expect(r.out).toContain("risen-by-day9: tariff.high by 2026-02-10 (happened: yes; scenario: 0.00% — CONTRADICTS what happened)");
    expect(r.out).toContain("rise-day4: outcome:rise at 2026-02-05 (happened: no)"); // before the last observation: no full conditional
  });
});

describe("score: formats and --out", () => {
  it("CSV: provenance, one row per event, then the means", async () => {
    const r = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--base-rate", "0.25", "--format", "csv");
    expect(r.code).toBe(0);
    const lines = r.out.split("\r\n").filter((l) => l !== "");
    expect(lines).toContain("# comparison: base rate 0.25");
    expect(lines).toContain("# not scored: known: bill.pending at 2026-02-01 (happened: yes; scenario: 100.00%; dated on or before the as-of date)");
    const rows = lines.filter((l) => !l.startsWith("#"));
    expect(rows[0]).toBe("section,id,event,date,happened,probability,brier,log_score,clipped,comparison_probability,comparison_brier,comparison_log_score,comparison_clipped,brier_diff,log_score_diff,bin_from,bin_to,count,observed");
    expect(rows.slice(1).map((l) => l.split(",")[0])).toEqual(["event", "event", "event", "total"]);
    const first = rows[1]?.split(",") ?? [];
    expect(first.slice(1, 5)).toEqual(["risen-by-day9", "tariff.high by 2026-02-10", "2026-02-10", "1"]);
    expect(Number(first[5])).toBeCloseTo(1 - 0.98 ** 9, 12);
  });

  it("Markdown and --out (format from the extension)", async () => {
    const md = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--format", "md");
    expect(md.out).toContain("| section | id | event |");
    const out = join(dir, "score.json");
    const r = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect((JSON.parse(readFileSync(out, "utf8")) as Report).totals.count).toBe(3);
  });
});

describe("score: bad input is exit 2, one line per problem", () => {
  const bad = (name: string, body: string): string => {
    const f = join(dir, name);
    writeFileSync(f, `name: bad\nevents:\n${body}`);
    return f;
  };

  it("a misspelt state and group: file:line:col: path: column N: message (did you mean)", async () => {
    const f = bad("names.yaml", `  - id: a\n    event: tariff.hgh by 2026-02-10\n    happened: true\n    source: { rationale: r }\n  - id: b\n    event: outcome:rse at 2026-02-10\n    happened: true\n    source: { rationale: r }\n`);
    expect(await fails(SIMPLE, "--resolutions", f)).toEqual([
      `${f}:4:12: events[0].event: column 8: machine "tariff" has no state "hgh" (did you mean "high"?)`,
      `${f}:8:12: events[1].event: column 9: unknown outcome "rse" (did you mean "rise"?)`,
    ]);
  });

  it("grammar, duplicate ids, missing happened, a quote not in its seed", async () => {
    const f = bad("shape.yaml", `  - { id: a, event: "group:x by 2026-02-10", happened: true, source: { rationale: r } }\n  - { id: a, event: "tariff.high by 2026-02-10", happened: true, source: { rationale: r } }\n`);
    expect(await fails(SIMPLE, "--resolutions", f)).toEqual([
      `${f}:3:21: events[0].event: column 9: a group event takes "at" (the group holds at the end of the date), not "by"`,
      `${f}:4:11: events[1].id: id "a" is already used by events[0]`,
    ]);
    const g = bad("missing.yaml", `  - { id: a, event: "tariff.high by 2026-02-10", source: { rationale: r } }\n`);
    expect(await fails(SIMPLE, "--resolutions", g)).toEqual([`${g}:3:5: events[0].happened: Invalid input: expected boolean, received undefined`]);
    const q = bad("quote.yaml", `  - { id: a, event: "tariff.high by 2026-02-10", happened: true, source: { seed: ../fixtures/overlays/notes.txt, quote: not there } }\n`);
    const lines = await fails(SIMPLE, "--resolutions", q);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: events\\[0\\]\\.source\\.seed: `));
  });

  it("options: a missing --resolutions, a bad --base-rate, two comparisons, --asof outside the calendar, an unreadable file", async () => {
    const none = await cli("score", SIMPLE);
    expect(none.code).toBe(2);
    expect(none.err).toContain("--resolutions");
    const rate = await cli("score", SIMPLE, "--resolutions", RESOLUTIONS, "--base-rate", "1.5");
    expect(rate.code).toBe(2);
    expect(rate.err).toContain("expected a probability from 0 to 1");
    expect(await fails(SIMPLE, "--resolutions", RESOLUTIONS, "--base-rate", "0.5", "--against-params", OVERLAY))
      .toEqual(["--base-rate: give one comparison: --base-rate, or --against/--against-params"]);
    expect(await fails(SIMPLE, "--resolutions", RESOLUTIONS, "--asof", "2027-01-01"))
      .toEqual([`${SIMPLE}: --asof 2027-01-01: 2027-01-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30`]);
    const missing = join(dir, "absent.yaml");
    const lines = await fails(SIMPLE, "--resolutions", missing);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
  });

  it("an event the comparison scenario cannot name is reported in the resolutions file, saying which side", async () => {
    const other = join(dir, "simple-renamed.yaml");
    writeFileSync(other, simpleText().replace(/\bhigh\b/g, "highs"));
    const lines = await fails(SIMPLE, "--resolutions", RESOLUTIONS, "--against", other);
    expect(lines[0]).toBe(`${RESOLUTIONS}:4:12: events[0].event: for the comparison (--against ${other}): column 8: machine "tariff" has no state "high" (did you mean "highs"?)`);
  });
});

describe("score: the shipped resolutions", () => {
  it("what was known on 2026-02-03: every event at the start date, listed as not scored", async () => {
    const r = await json(KOREA, "--resolutions", join(ROOT, "scenarios/resolutions/korea-2026-02-03.yaml"));
    expect(r.events).toEqual([]);
    expect(r.excluded).toHaveLength(6);
    // The scenario agrees with every fact known at its start: probability 1 for what happened, 0 for what did not.
    for (const e of r.excluded) {
      expect(e.probability).toBe(e.happened ? 1 : 0);
      expect(e.contradicts).toBe(false);
    }
    expect(r.totals).toEqual({ count: 0, clipped: 0 });
  });

  it("the ILLUSTRATIVE file: ten events, so a reliability table; every rationale says ILLUSTRATIVE", async () => {
    const file = join(ROOT, "scenarios/resolutions/ILLUSTRATIVE-korea-later.yaml");
    const text = readFileSync(file, "utf8");
    expect(text.match(/rationale: 'ILLUSTRATIVE, hypothetical;/g)).toHaveLength(10);
    const r = await json(KOREA, "--resolutions", file, "--base-rate", "0.5");
    expect(r.totals.count).toBe(10);
    expect(Array.isArray(r.reliability)).toBe(true);
    expect(r.events.every((e) => e.probability >= 0 && e.probability <= 1)).toBe(true);
  }, 60_000);
});

describe("score: the bundle as a process", () => {
  it("a report on stdout with exit 0; a bad file on stderr, one line, exit 2, nothing on stdout", () => {
    if (!existsSync(BUNDLE)) {
      const b = spawnSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
      if (b.status !== 0) throw new Error(`bundle failed:\n${b.stdout}\n${b.stderr}`);
    }
    const run = (...args: string[]) => spawnSync(process.execPath, [BUNDLE, "score", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    const good = run(SIMPLE, "--resolutions", RESOLUTIONS, "--format", "json");
    expect(good.status).toBe(0);
    expect(good.stderr).toBe("");
    expect((JSON.parse(good.stdout) as Report).totals.count).toBe(3);
    const f = join(dir, "process-bad.yaml");
    writeFileSync(f, "name: bad\nevents:\n  - { id: a, event: \"tariff.high by 2026-13-01\", happened: true, source: { rationale: r } }\n");
    const bad = run(SIMPLE, "--resolutions", f);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(`${f}:3:21: events[0].event: column 16: "2026-13-01" is not a real calendar date\n`);
  }, 120_000);
});
