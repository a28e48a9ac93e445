/**
 * `--given`, `--evidence`, `--asof` and `--at` on `run` and `exact`, in
 * process: numbers against closed forms on the simple fixture, every
 * format, and bad input as exit 2 with one line (did-you-mean, file
 * positions, evidence of probability zero, Monte Carlo conditioning).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { KOREA, ROOT, SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

interface Report {
  asOf?: string;
  evidence?: { probability: number; observations: { observation: string; date: string; from: string; source?: unknown }[]; ignored: { observation: string }[] };
  outcomes: { id: string; probability: number }[];
  at?: { date: string; groups: unknown[]; outcomes: { id: string; probability: number; ci95?: number[]; exact?: number }[]; states: { machine: string; state: string; probability: number }[] }[];
  timeline?: { date: string }[];
}

async function json(...args: string[]): Promise<{ report: Report; keys: string[] }> {
  const r = await cli(...args, "--format", "json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  const report: Report = JSON.parse(r.out);
  return { report, keys: Object.keys(JSON.parse(r.out)) };
}

async function fails(...args: string[]): Promise<string[]> {
  const r = await cli(...args);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).not.toMatch(STACK_LINE);
  return nonEmptyLines(r.err);
}

// Simple fixture: the tariff rises with hazard h_raise = 0.02 a day while the bill is not passed;
// the bill's window opens on 2026-02-20 (day 19), so up to day 18 the hazard is constant.
const H = 0.02;

describe("exact with --given", () => {
  it("P(evidence) and the conditional outcome: not risen by day 9 ⇒ P(evidence) = 0.98^9; the JSON adds keys before overrides", async () => {
    const { report, keys } = await json("exact", SIMPLE, "--given", "not tariff.high by 2026-02-10");
    expect(report.evidence?.probability).toBeCloseTo((1 - H) ** 9, 12);
    expect(report.asOf).toBe("2026-02-10");
    expect(report.evidence?.observations).toEqual([{ observation: "not tariff.high by 2026-02-10", date: "2026-02-10", from: "--given" }]);
    expect(report.evidence?.ignored).toEqual([]);
    expect(keys.at(-1)).toBe("overrides");
    const plain = await json("exact", SIMPLE);
    expect(plain.keys).not.toContain("evidence");
    expect(report.outcomes[0]?.probability).toBeGreaterThan(plain.report.outcomes[0]?.probability ?? 1);
    // `run --method exact` gives the same numbers.
    const viaRun = await json("run", SIMPLE, "--method", "exact", "--given", "not tariff.high by 2026-02-10");
    expect(viaRun.report.outcomes).toEqual(report.outcomes);
  });

  it("--asof ignores later observations and says so; --at rows are labelled like the headline", async () => {
    const { report } = await json("exact", SIMPLE, "--given", "not tariff.high by 2026-02-10", "--given", "bill.passed by 2026-03-10",
      "--asof", "2026-02-15", "--at", "2026-02-15", "--at", "2026-02-16");
    expect(report.asOf).toBe("2026-02-15");
    expect(report.evidence?.ignored.map((i) => i.observation)).toEqual(["bill.passed by 2026-03-10"]);
    expect(report.at?.map((a) => a.date)).toEqual(["2026-02-15", "2026-02-16"]);
    // Not risen by day 9; by day 14 (2026-02-15) risen with 1 − 0.98^5, by day 15 with 1 − 0.98^6.
    expect(report.at?.[0]?.outcomes.find((o) => o.id === "rise")?.probability).toBeCloseTo(1 - (1 - H) ** 5, 12);
    expect(report.at?.[1]?.outcomes.find((o) => o.id === "rise")?.probability).toBeCloseTo(1 - (1 - H) ** 6, 12);
    expect(report.at?.[0]?.outcomes[0]).toMatchObject({ id: "hold", label: "Holds" });
    expect(report.at?.[0]?.states.find((s) => s.machine === "tariff" && s.state === "high")?.probability).toBeCloseTo(1 - (1 - H) ** 5, 12);
  });

  it("--timeline starts at the as-of date", async () => {
    const { report } = await json("exact", SIMPLE, "--given", "not tariff.high by 2026-02-10", "--timeline");
    expect(report.timeline?.[0]?.date).toBe("2026-02-10");
    expect(report.timeline?.at(-1)?.date).toBe("2026-04-30");
    const csv = await cli("exact", SIMPLE, "--given", "not tariff.high by 2026-02-10", "--timeline", "--every", "7", "--format", "csv");
    const dates = [...new Set(csv.out.split("\r\n").filter((l) => /^\d{4}-/.test(l)).map((l) => l.slice(0, 10)))];
    expect(dates.slice(0, 3)).toEqual(["2026-02-10", "2026-02-17", "2026-02-24"]);
    expect(dates.at(-1)).toBe("2026-04-30");
  });

  it("table, csv and md show the as-of date, P(evidence) and each observation; csv adds a date column for --at rows", async () => {
    const args = ["exact", SIMPLE, "--given", "not tariff.high by 2026-02-10", "--at", "2026-03-01"];
    const t = await cli(...args);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/As of 2026-02-10 · P\(evidence\) = 83\.3748% · given 1 observation:/);
    expect(t.out).toContain("  not tariff.high by 2026-02-10  [--given]");
    expect(t.out).toContain("At 2026-03-01 (exact; outcomes evaluated with day = that date)");
    const c = await cli(...args, "--format", "csv");
    expect(c.code).toBe(0);
    expect(c.out).toContain("# asOf: 2026-02-10\r\n");
    expect(c.out).toContain(`# evidence probability: ${(1 - H) ** 9}`.slice(0, 30));
    expect(c.out).toContain("# observation: not tariff.high by 2026-02-10 (--given)\r\n");
    expect(c.out).toContain("kind,id,label,group,probability,date\r\n");
    expect(c.out).toMatch(/\r\noutcome,hold,Holds,,[0-9.e-]+,2026-03-01\r\n/);
    const md = await cli(...args, "--format", "md");
    expect(md.code).toBe(0);
    expect(md.out).toContain("| kind | id | label | group | probability | date |");
  });
});

describe("evidence files", () => {
  it("reads sourced observations; the shipped Korea files give P(evidence) = 1 at the start and condition the later, illustrative ones", async () => {
    const start = await json("exact", KOREA, "--evidence", join(ROOT, "scenarios/evidence/korea-2026-02-03.yaml"));
    expect(start.report.evidence?.probability).toBe(1);
    expect(start.report.evidence?.observations).toHaveLength(5);
    expect(start.report.evidence?.observations[0]?.source).toMatchObject({ seed: "../seeds/2026-02-03-cho-rubio-talks.txt" });
    const plain = await json("exact", KOREA);
    expect(start.report.outcomes).toEqual(plain.report.outcomes);
    const later = await json("exact", KOREA, "--evidence", join(ROOT, "scenarios/evidence/korea-2026-02-03.yaml"),
      "--evidence", join(ROOT, "scenarios/evidence/ILLUSTRATIVE-korea-later-news.yaml"), "--at", "2026-04-01");
    expect(later.report.asOf).toBe("2026-03-10");
    expect(later.report.evidence?.probability).toBeGreaterThan(0);
    expect(later.report.evidence?.probability).toBeLessThan(1);
  });

  it("a bad observation in a file is file:line:col: path: column N: message", async () => {
    const dir = dirs.make();
    const f = join(dir, "e.yaml");
    writeFileSync(f, `name: e
observations:
  - observation: not tariff.high by 2026-02-10
    source: { rationale: r }
  - observation: tarif.high by 2026-02-10
    source: { rationale: r }
`);
    expect(await fails("exact", SIMPLE, "--evidence", f)).toEqual([
      `${f}:5:18: observations[1].observation: column 1: unknown machine "tarif" (did you mean "tariff"?)`,
    ]);
    writeFileSync(f, "name: e\nobservations:\n  - observation: tariff.high by 2026-02-10\n");
    expect(await fails("exact", SIMPLE, "--evidence", f)).toEqual([`${f}:3:5: observations[0].source: Invalid input: expected object, received undefined`]);
  });
});

describe("bad input: exit 2, one line", () => {
  it("a misspelt key gets a did-you-mean", async () => {
    const f = join(dirs.make(), "e.yaml");
    writeFileSync(f, "name: e\nobservations:\n  - observaton: not tariff.high by 2026-02-10\n    source: { rationale: r }\n");
    expect(await fails("exact", SIMPLE, "--evidence", f)).toContain(`${f}:3:17: observations[0].observaton: unknown key "observaton" (did you mean "observation"?)`);
  });

  it("a quoted seed outside the evidence file's and the scenario's folders is named as such", async () => {
    const f = join(dirs.make(), "e.yaml");
    writeFileSync(f, "name: e\nobservations:\n  - observation: not tariff.high by 2026-02-10\n    source: { seed: /etc/hostname, quote: x }\n");
    expect(await fails("exact", SIMPLE, "--evidence", f)).toEqual([
      `${f}:4:21: observations[0].source.seed: seed file "/etc/hostname" must be inside the evidence file's folder or the scenario's folder (or a folder below one)`,
    ]);
  });

  it("an unknown state gets a did-you-mean and the column", async () => {
    expect(await fails("exact", SIMPLE, "--given", "bill.pased by 2026-02-10")).toEqual([
      `${SIMPLE}: --given "bill.pased by 2026-02-10": column 6: machine "bill" has no state "pased" (did you mean "passed"?)`,
    ]);
  });

  it("a grammar error names the column", async () => {
    expect(await fails("exact", SIMPLE, "--given", "bill.passed before 2026-02-10")).toEqual([
      `${SIMPLE}: --given "bill.passed before 2026-02-10": column 13: "before" is not "on", "by" or "at"; expected \`[not] machine.state on|by|at YYYY-MM-DD\``,
    ]);
  });

  it("contradictory observations", async () => {
    const lines = await fails("exact", SIMPLE, "--given", "tariff.high by 2026-02-10", "--given", "not tariff.high by 2026-02-12");
    expect(lines).toEqual([
      `${SIMPLE}: --given "not tariff.high by 2026-02-12": contradicts "tariff.high by 2026-02-10": "tariff.high" cannot be first entered on any day`,
    ]);
  });

  it("evidence of probability zero names the first observation that cannot hold", async () => {
    // The bill's window opens on 2026-02-20: it cannot have passed by 02-15.
    expect(await fails("exact", SIMPLE, "--given", "tariff.low at 2026-04-01", "--given", "bill.passed by 2026-02-15")).toEqual([
      `${SIMPLE}: --given "bill.passed by 2026-02-15": cannot hold under the scenario: the evidence has probability 0`,
    ]);
    expect(await fails("exact", SIMPLE, "--given", "bill.passed by 2026-03-01", "--given", "bill.failed at 2026-03-05")).toEqual([
      `${SIMPLE}: --given "bill.failed at 2026-03-05": cannot hold under the scenario, given the 1 observation before it: the evidence has probability 0`,
    ]);
    // Monte Carlo alone (no run consistent) asks the exact solver, which names the observation too.
    expect(await fails("run", SIMPLE, "--method", "mc", "--runs", "500", "--given", "tariff.low at 2026-04-01", "--given", "bill.passed by 2026-02-15")).toEqual([
      `${SIMPLE}: --given "bill.passed by 2026-02-15": cannot hold under the scenario: the evidence has probability 0`,
    ]);
  });

  it("--at before the as-of date, and dates outside the calendar", async () => {
    expect(await fails("exact", SIMPLE, "--given", "not tariff.high by 2026-02-10", "--at", "2026-02-05")).toEqual([
      `${SIMPLE}: --at 2026-02-05: 2026-02-05 is before the as-of date: the forecast is as of 2026-02-10, the date of the last observation used: before it, the solver's distribution is conditioned only on the observations up to that date; ask for a date from 2026-02-10 on`,
    ]);
    expect(await fails("exact", SIMPLE, "--asof", "2026-05-01")).toEqual([`${SIMPLE}: --asof 2026-05-01: 2026-05-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30`]);
    expect(await fails("exact", SIMPLE, "--given", "tariff.high by 2026-06-01")).toEqual([
      `${SIMPLE}: --given "tariff.high by 2026-06-01": column 16: 2026-06-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30`,
    ]);
  });

  it("Monte Carlo with evidence is importance-weighted and agrees with the exact conditional answer", async () => {
    const given = ["--given", "not tariff.high by 2026-02-20"];
    const ex = await cli("exact", SIMPLE, ...given, "--format", "json");
    expect(ex.code).toBe(0);
    const exact = JSON.parse(ex.out) as { evidence: { probability: number }; outcomes: { id: string; probability: number }[] };
    const r = await cli("run", SIMPLE, "--method", "both", "--runs", "20000", ...given, "--format", "json");
    expect(r.code).toBe(0);
    const mc = JSON.parse(r.out) as {
      weighted: boolean; method: string; evidence: { probability: number; se: number; exact: number; ess: number };
      outcomes: { id: string; probability: number; se: number; exact: number }[];
    };
    expect(mc.weighted).toBe(true);
    expect(mc.evidence.exact).toBe(exact.evidence.probability);
    expect(Math.abs(mc.evidence.probability - exact.evidence.probability)).toBeLessThanOrEqual(4.5 * mc.evidence.se + 1e-9);
    // Guided proposals never waste a run on evidence that cannot hold: the effective sample size stays large.
    expect(mc.evidence.ess).toBeGreaterThan(5_000);
    for (const o of mc.outcomes) {
      const e = exact.outcomes.find((x) => x.id === o.id)?.probability ?? NaN;
      expect(o.exact).toBe(e);
      expect(Math.abs(o.probability - e), o.id).toBeLessThanOrEqual(4.5 * o.se + 1e-3);
    }
    // The same numbers in every run with the same seed; the table says it is conditioned.
    const table = await cli("run", SIMPLE, "--runs", "2000", ...given);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/importance-weighted \(conditioned\)/);
    expect(table.out).toMatch(/P\(evidence\) by Monte Carlo: .* effective sample size/);
    // Options this path cannot honour are refused, not dropped.
    expect(await fails("run", SIMPLE, "--runs", "100", ...given, "--timeline")).toEqual([`${SIMPLE}: --timeline with evidence is exact only: use --method exact (or tariffsim exact)`]);
  });

  it("--replay refuses the evidence options", async () => {
    const r = await cli("run", SIMPLE, "--replay", "1", "--given", "not tariff.high by 2026-02-10");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/option '--replay <run>' cannot be used with option '--given <observation>'/);
  });
});

describe("run (Monte Carlo) with --at", () => {
  it("estimates at each date with intervals, the horizon's equal to the headline; --asof alone changes no number", async () => {
    const { report } = await json("run", SIMPLE, "--runs", "4000", "--at", "2026-02-15", "--at", "2026-04-30");
    expect(report.at?.map((a) => a.date)).toEqual(["2026-02-15", "2026-04-30"]);
    expect(report.at?.[1]?.outcomes.map((o) => o.probability)).toEqual(report.outcomes.map((o) => o.probability));
    expect(report.at?.[0]?.outcomes[0]?.ci95).toHaveLength(2);
    const asof = await json("run", SIMPLE, "--runs", "4000", "--asof", "2026-02-15");
    expect(asof.report.outcomes).toEqual(report.outcomes);
    expect(asof.report.asOf).toBe("2026-02-15");
  });

  it("--method both puts the exact value beside each Monte Carlo estimate at each date", async () => {
    const both = await json("run", SIMPLE, "--method", "both", "--runs", "2000", "--at", "2026-03-15");
    const exact = await json("exact", SIMPLE, "--at", "2026-03-15");
    const rows = both.report.at?.[0]?.outcomes;
    expect(rows?.map((o) => o.exact)).toEqual(exact.report.at?.[0]?.outcomes.map((o) => o.probability));
    expect(rows?.[0]?.ci95).toHaveLength(2);
  });

  it("with evidence too: the exact conditional value beside each estimate at each date, in JSON, table and CSV", async () => {
    const args = ["--given", "not tariff.high by 2026-02-10", "--at", "2026-03-15"];
    const both = await json("run", SIMPLE, "--method", "both", "--runs", "2000", ...args);
    const exact = await json("exact", SIMPLE, ...args);
    const want = exact.report.at?.[0]?.outcomes.map((o) => o.probability);
    expect(want).toHaveLength(2);
    expect(both.report.at?.[0]?.outcomes.map((o) => o.exact)).toEqual(want);
    // The simple fixture has no groups: no empty headline table, the date's table is its outcomes'.
    const table = await cli("run", SIMPLE, "--method", "both", "--runs", "2000", ...args);
    expect(table.out).not.toContain("Headline");
    expect(table.out).not.toContain("headline");
    expect(table.out).toMatch(/│ On 2026-03-15: outcome +│ Monte Carlo │ +95% interval │ +SE │ +Exact │ Δ \(SE\) │/);
    const csv = await cli("run", SIMPLE, "--method", "both", "--runs", "2000", ...args, "--format", "csv");
    const dated = csv.out.split("\r\n").filter((l) => l.startsWith("2026-03-15,outcome,"));
    expect(dated.map((l) => Number(l.split(",").at(-1)))).toEqual(want);
  });

  it("an outcome that matches nothing at an --at date says that date, not the final state", async () => {
    const f = join(dirs.make(), "dayo.yaml");
    // "Holds" only from 2026-04-20 on: at the horizon every run matches one outcome, on 2026-04-10 a low tariff none.
    writeFileSync(f, readFileSync(SIMPLE, "utf8").replace(`when: 'in("tariff.low")'`, `when: 'in("tariff.low") and day >= date("2026-04-20")'`));
    for (const extra of [[], ["--given", "not tariff.high by 2026-02-10"]]) {
      const lines = await fails("run", f, "--runs", "500", "--at", "2026-04-10", ...extra);
      expect(lines, extra.join(" ")).toEqual([expect.stringMatching(/: outcomes: scenario "simple", run \d+: no outcome matches the state on 2026-04-10 \(--at\) /)]);
    }
  });
});
