/**
 * The observation grammar, the resolver (names, dates, did-you-mean,
 * static contradictions), the plan (as-of, ignored, --at, the checks each
 * observation reduces to) and evidence files (shape, sources, positions).
 */
import { describe, expect, it } from "vitest";
import { parseObservation, observationText } from "../../src/evidence/parse.js";
import { contradictions, resolveObservations, type EvidenceItem } from "../../src/evidence/resolve.js";
import { planEvidence } from "../../src/evidence/plan.js";
import { givenItem, parseEvidenceText } from "../../src/evidence/file.js";
import { simpleModel, SIMPLE } from "../helpers/scenario.js";
import { loadScenarioFile } from "../../src/io.js";

const model = simpleModel(); // 2026-02-01 … 2026-04-30; bill: pending/passed/failed, tariff: low/high

function items(...texts: string[]): EvidenceItem[] {
  return texts.map((t) => {
    const r = givenItem(t);
    if (!r.ok) throw new Error(r.issue.message);
    return r.item;
  });
}

describe("parseObservation", () => {
  it("reads the four forms, whitespace-tolerant", () => {
    expect(parseObservation("bill.passed on 2026-03-01")).toMatchObject({ ok: true, observation: { kind: "on", machine: "bill", state: "passed", date: "2026-03-01" } });
    expect(parseObservation("  bill.passed   by\t2026-03-01 ")).toMatchObject({ ok: true, observation: { kind: "by", text: "bill.passed   by\t2026-03-01", nameColumn: 3, dateColumn: 20 } });
    expect(parseObservation("not tariff.high by 2026-03-01")).toMatchObject({ ok: true, observation: { kind: "notBy", machine: "tariff", state: "high" } });
    expect(parseObservation("tariff.low at 2026-04-30")).toMatchObject({ ok: true, observation: { kind: "at" } });
  });

  it("writes each kind back in the grammar", () => {
    for (const t of ["bill.passed on 2026-03-01", "bill.passed by 2026-03-01", "not bill.passed by 2026-03-01", "bill.passed at 2026-03-01"]) {
      const p = parseObservation(t);
      expect(p.ok && observationText(p.observation)).toBe(t);
    }
  });

  it.each([
    ["", 1, /empty observation/],
    ["bill passed on 2026-03-01", 1, /"bill" is not machine\.state/],
    ["bill.passed in 2026-03-01", 13, /"in" is not "on", "by" or "at"/],
    ["not bill.passed on 2026-03-01", 1, /"not" goes only with "by"/],
    ["bill.passed by 2026-3-1", 16, /not a date written YYYY-MM-DD/],
    ["bill.passed by 2026-02-30", 16, /not a real calendar date/],
    ["bill.passed by 2026-03-01 extra", 27, /unexpected "extra"/],
    ["bill.passed by", 15, /missing the date/],
    ["bill.1passed by 2026-03-01", 6, /not a state name/],
    ["not", 4, /missing machine\.state/],
  ])("%j: column %i", (text, column, message) => {
    const p = parseObservation(text);
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.column).toBe(column);
      expect(p.message).toMatch(message);
    }
  });
});

describe("resolveObservations", () => {
  it("resolves names and dates to indices and days", () => {
    const r = resolveObservations(model, items("bill.passed by 2026-02-21", "tariff.high at 2026-04-30"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.resolved.map((x) => [model.stateNames[x.state], x.day, model.machineIds[x.machine]])).toEqual([["bill.passed", 20, "bill"], ["tariff.high", 88, "tariff"]]);
  });

  it("unknown names get a did-you-mean with the column; dates outside the calendar are refused", () => {
    const r = resolveObservations(model, items("bil.passed by 2026-02-21", "bill.pased by 2026-02-21", "bill.passed by 2026-05-01", "bill.passed by 2026-01-31"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.issue.message)).toEqual([
      'column 1: unknown machine "bil" (did you mean "bill"?)',
      'column 6: machine "bill" has no state "pased" (did you mean "passed"?)',
      "column 16: 2026-05-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30",
      "column 16: 2026-01-31 is outside the scenario's calendar, 2026-02-01 to 2026-04-30",
    ]);
    expect(r.issues[0]?.issue.path).toEqual(["--given", JSON.stringify("bil.passed by 2026-02-21")]);
    expect(r.issues.every((i) => i.issue.code === "option")).toBe(true);
  });
});

function contra(...texts: string[]): string[] {
  const r = resolveObservations(model, items(...texts));
  if (!r.ok) throw new Error("unresolved");
  return contradictions(model, r.resolved).map((i) => i.issue.message);
}

describe("contradictions", () => {
  it("`X by D1` with `not X by D2`, D2 ≥ D1, in either order", () => {
    expect(contra("bill.passed by 2026-03-01", "not bill.passed by 2026-03-01")).toHaveLength(1);
    expect(contra("not bill.passed by 2026-03-05", "bill.passed by 2026-03-01")[0]).toMatch(/contradicts "not bill\.passed by 2026-03-05"/);
    expect(contra("bill.passed by 2026-03-05", "not bill.passed by 2026-03-01")).toEqual([]);
  });

  it("`on` pins the first entry: two `on` dates, `on` with a later `not by` or an earlier `by`", () => {
    expect(contra("bill.passed on 2026-03-01", "bill.passed on 2026-03-02")).toHaveLength(1);
    expect(contra("bill.passed on 2026-03-01", "not bill.passed by 2026-03-01")).toHaveLength(1);
    expect(contra("bill.passed on 2026-03-01", "bill.passed by 2026-02-28")).toHaveLength(1);
    expect(contra("bill.passed on 2026-03-01", "bill.passed by 2026-03-01", "not bill.passed by 2026-02-28")).toEqual([]);
  });

  it("`at` implies entered by then; two states of one machine at one date; the initial state", () => {
    expect(contra("tariff.high at 2026-03-01", "not tariff.high by 2026-03-02")).toHaveLength(1);
    expect(contra("tariff.high at 2026-03-01", "tariff.low at 2026-03-01")[0]).toMatch(/machine "tariff" is in one state at the end of 2026-03-01/);
    expect(contra("tariff.high at 2026-03-01", "tariff.low at 2026-03-02")).toEqual([]);
    expect(contra("not bill.pending by 2026-02-10")[0]).toMatch(/machine "bill" starts in "bill\.pending"/);
  });
});

describe("planEvidence", () => {
  const resolved = (...t: string[]) => {
    const r = resolveObservations(model, items(...t));
    if (!r.ok) throw new Error("unresolved");
    return r.resolved;
  };

  it("as of the last observation used; later ones ignored with --asof; checks in day order", () => {
    const r = resolved("tariff.low at 2026-03-10", "bill.passed on 2026-02-25", "not tariff.high by 2026-04-01");
    const all = planEvidence(model, r, undefined, []);
    expect(all.ok && all.plan.asOfDay).toBe(59);
    const p = planEvidence(model, r, "2026-03-15", ["2026-03-20"]);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.plan.asOfDay).toBe(42);
    expect(p.plan.ignored.map((x) => x.item.observation.text)).toEqual(["not tariff.high by 2026-04-01"]);
    expect(p.plan.used.map((x) => x.item.observation.text)).toEqual(["bill.passed on 2026-02-25", "tariff.low at 2026-03-10"]);
    const passed = model.stateNames.indexOf("bill.passed");
    expect(p.plan.checks).toEqual([
      { kind: "visited", day: 23, state: passed, want: false },
      { kind: "visited", day: 24, state: passed, want: true },
      { kind: "in", day: 37, machine: model.machineIds.indexOf("tariff"), state: model.stateNames.indexOf("tariff.low") },
    ]);
    expect(p.plan.checkOwner).toEqual([0, 0, 1]);
    expect(p.plan.atDays).toEqual([47]);
  });

  it("an --at before the as-of date is refused, saying why; bad dates are option issues", () => {
    const p = planEvidence(model, resolved("tariff.low at 2026-03-10"), undefined, ["2026-03-01", "2026-3-1", "2026-06-01"]);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.issues.map((i) => [i.issue.path, i.issue.message])).toEqual([
      [["--at", "2026-03-01"], expect.stringMatching(/before the as-of date: the forecast is as of 2026-03-10, the date of the last observation used/)],
      [["--at", "2026-3-1"], "expected a calendar date written YYYY-MM-DD"],
      [["--at", "2026-06-01"], "2026-06-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30"],
    ]);
    const q = planEvidence(model, [], "2026-05-01", []);
    expect(!q.ok && q.issues[0]?.issue.path).toEqual(["--asof", "2026-05-01"]);
  });
});

describe("evidence files", () => {
  const loaded = loadScenarioFile(SIMPLE);
  if (!loaded.ok) throw new Error("fixture");
  const sc = loaded.scenario;

  it("reads observations with their sources, in order", () => {
    const r = parseEvidenceText(`name: news
scenario: simple
observations:
  - observation: not tariff.high by 2026-02-20
    source: { rationale: "no order yet" }
  - observation: bill.passed on 2026-03-02
    source: { seed: notes.txt, quote: "the bill  passed" }
`, sc, "evidence:e.yaml", () => ({ ok: true, text: "On Monday the bill\npassed." }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.evidence.items.map((i) => [i.observation.text, i.source, i.path, i.from])).toEqual([
      ["not tariff.high by 2026-02-20", { rationale: "no order yet" }, ["observations", 0, "observation"], "evidence:e.yaml"],
      ["bill.passed on 2026-03-02", { seed: "notes.txt", quote: "the bill  passed", rationale: undefined }, ["observations", 1, "observation"], "evidence:e.yaml"],
    ]);
  });

  it("names each problem with its path and line:col: grammar (with the column), missing source, unknown key, quote, scenario", () => {
    const text = `name: news
scenario: other
observations:
  - observation: tariff.high in 2026-02-20
    source: { rationale: r }
  - observation: tariff.high by 2026-02-20
    source: { seed: notes.txt }
  - observation: tariff.high by 2026-02-20
    source: { seed: notes.txt, quote: not there }
    extra: 1
`;
    const r = parseEvidenceText(text, sc, "evidence:e.yaml", () => ({ ok: true, text: "something else" }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.message])).toEqual([[["observations", 2, "extra"], 'unknown key "extra"']]);
    const r2 = parseEvidenceText(text.replace("    extra: 1\n", ""), sc, "evidence:e.yaml", () => ({ ok: true, text: "something else" }));
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    expect(r2.issues.map((i) => [i.path, i.message, r2.locate(i.path)])).toEqual([
      [["scenario"], 'this evidence is for scenario "other", not "simple"', { line: 2, col: 11 }],
      [["observations", 0, "observation"], expect.stringMatching(/^column 13: "in" is not "on", "by" or "at"/), { line: 4, col: 18 }],
      [["observations", 1, "source"], "needs a rationale, or a seed and a quote from it", { line: 7, col: 13 }],
      [["observations", 2, "source", "quote"], 'quote does not occur verbatim in "notes.txt"', { line: 9, col: 39 }],
    ]);
    const r3 = parseEvidenceText(text.replace("    extra: 1\n", "").replace("quote: not there", 'quote: "\\t"'), sc, "evidence:e.yaml", () => ({ ok: true, text: "something else" }));
    expect(r3.ok).toBe(false);
    if (r3.ok) return;
    expect(r3.issues.map((i) => i.message)).toContain('quote is blank: quote the words of "notes.txt" that the number comes from');
  });
});
