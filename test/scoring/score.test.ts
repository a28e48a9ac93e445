/**
 * Scoring through the library API (src/index.ts), against closed forms
 * written out by hand: one machine a → b under a constant daily hazard h, so
 * P(b by day d) = 1 − (1 − h)^d, P(b first on day d) = (1 − h)^(d − 1)·h,
 * P(fired at day d) = 1 − (1 − h)^d; Brier (p − o)² and ln of the
 * probability given to what happened; the as-of rule (events dated on or
 * before it are excluded), conditioning, the clip at ε, comparisons and the
 * reliability table; the event grammar and the resolutions file's checks.
 */
import { describe, expect, it } from "vitest";
import {
  forecastEvents, LOG_EPSILON, MIN_RELIABILITY_EVENTS, parseEvent, parseResolutionsText, reliability,
  resolveEvents, scoreForecast, scoreForecasts, type CompiledModel, type EventForecast, type ResolvedEvent,
  checksOf, resolveObservations, parseObservation, type Check,
} from "../../src/index.js";
import { hazardModel } from "../helpers/hazard.js";

/** The case (test/helpers/hazard.ts): one machine a → b under a constant daily hazard h; horizon day 30 (2026-01-31); groups `quiet` and `fired`. */
function model(h: number): CompiledModel {
  return hazardModel(h, { h: 0.1, groups: true });
}

function resolutions(m: CompiledModel, events: readonly [id: string, event: string, happened: boolean][]): ResolvedEvent[] {
  const yaml = `name: t\nevents:\n${events.map(([id, e, h]) => `  - { id: ${id}, event: "${e}", happened: ${h}, source: { rationale: test } }`).join("\n")}\n`;
  const parsed = parseResolutionsText(yaml, m.scenario);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  const r = resolveEvents(m, parsed.file.resolutions);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.events;
}

function forecasts(m: CompiledModel, events: readonly ResolvedEvent[], evidence: readonly Check[] = [], asOfDay = 0): readonly EventForecast[] {
  const f = forecastEvents(m, events, { evidence, asOfDay });
  if (!f.ok) throw new Error(f.issue.message);
  return f.forecasts;
}

function probability(f: EventForecast | undefined): number {
  if (f?.status !== "forecast") throw new Error(`not a forecast: ${JSON.stringify(f?.status)}`);
  return f.probability;
}

/** The checks of one observation written in the grammar. */
function given(m: CompiledModel, text: string): Check[] {
  const p = parseObservation(text);
  if (!p.ok) throw new Error(p.message);
  const r = resolveObservations(m, [{ observation: p.observation, source: undefined, from: "--given", option: true, path: [] }]);
  if (!r.ok) throw new Error("bad observation");
  return r.resolved.flatMap(checksOf);
}

const EVENTS: [string, string, boolean][] = [
  ["by3", "m.b by 2026-01-04", true], // day 3
  ["notby10", "not m.b by 2026-01-11", false], // day 10
  ["on5", "m.b on 2026-01-06", false], // day 5
  ["fired20", "group:fired at 2026-01-21", true], // day 20
  ["quiet30", "outcome:not_fired at 2026-01-31", true], // day 30
  ["start", "m.a at 2026-01-01", true], // day 0: known at the start
];

describe("forecasts and scores against closed forms (h = 0.1)", () => {
  const h = 0.1;
  const m = model(h);
  const events = resolutions(m, EVENTS);

  it("forecast probabilities: 1 − 0.9³, 0.9¹⁰, 0.9⁴·0.1, 1 − 0.9²⁰, 0.9³⁰; the start-date event excluded", () => {
    const f = forecasts(m, events);
    expect(probability(f[0])).toBeCloseTo(1 - 0.9 ** 3, 12);
    expect(probability(f[1])).toBeCloseTo(0.9 ** 10, 12);
    expect(probability(f[2])).toBeCloseTo(0.9 ** 4 * 0.1, 12);
    expect(probability(f[3])).toBeCloseTo(1 - 0.9 ** 20, 12);
    expect(probability(f[4])).toBeCloseTo(0.9 ** 30, 12);
    expect(f[5]?.status).toBe("excluded");
  });

  it("Brier and log scores per event and their means, written out by hand", () => {
    const s = scoreForecasts(forecasts(m, events));
    // by3 happened, p = 0.271: Brier 0.729² = 0.531441, log ln 0.271.
    expect(s.events[0]?.score.brier).toBeCloseTo(0.531441, 12);
    expect(s.events[0]?.score.log).toBeCloseTo(Math.log(0.271), 12);
    // notby10 did not happen, p = 0.9^10: Brier p², log ln(1 − p).
    const p10 = 0.9 ** 10;
    expect(s.events[1]?.score.brier).toBeCloseTo(p10 ** 2, 12);
    expect(s.events[1]?.score.log).toBeCloseTo(Math.log(1 - p10), 12);
    const briers = [0.531441, p10 ** 2, (0.9 ** 4 * 0.1) ** 2, (0.9 ** 20) ** 2, (1 - 0.9 ** 30) ** 2];
    const logs = [Math.log(0.271), Math.log(1 - p10), Math.log(1 - 0.9 ** 4 * 0.1), Math.log(1 - 0.9 ** 20), Math.log(0.9 ** 30)];
    expect(s.totals.count).toBe(5);
    expect(s.totals.brier).toBeCloseTo(briers.reduce((a, b) => a + b) / 5, 12);
    expect(s.totals.log).toBeCloseTo(logs.reduce((a, b) => a + b) / 5, 12);
    expect(s.totals.clipped).toBe(0);
    expect(s.excluded).toEqual([{ id: "start", event: "m.a at 2026-01-01", date: "2026-01-01", happened: true, reason: expect.any(String), probability: 1, contradicts: false }]);
    expect(s.reliability).toBeUndefined(); // 5 events < MIN_RELIABILITY_EVENTS
    expect(s.against).toBeUndefined();
  });

  it("as of day 5 given not fired by then: events on or before day 5 excluded, the rest conditional (memoryless)", () => {
    const ev = given(m, "not m.b by 2026-01-06");
    const f = forecasts(m, events, ev, 5);
    expect(f.map((x) => x.status)).toEqual(["excluded", "forecast", "excluded", "forecast", "forecast", "excluded"]);
    expect(probability(f[1])).toBeCloseTo(0.9 ** 5, 12);
    expect(probability(f[3])).toBeCloseTo(1 - 0.9 ** 15, 12);
    expect(probability(f[4])).toBeCloseTo(0.9 ** 25, 12);
  });

  it("events not scored still get the scenario's probability given the evidence, as a consistency check", () => {
    // Given fired by day 5: "m.b by day 3" has P = P(by 3) / P(by 5); the evidence contradicts "not m.b by day 10"
    // only when it happened, and a target dated before the evidence has no full conditional (undefined).
    const ev = given(m, "m.b by 2026-01-06");
    const f = forecasts(m, resolutions(m, [["by3", "m.b by 2026-01-04", true], ["nb", "not m.b by 2026-01-05", true], ["g", "group:fired at 2026-01-04", true]]), ev, 10);
    expect(f.map((x) => x.status)).toEqual(["excluded", "excluded", "excluded"]);
    expect(f[0]?.probability).toBeCloseTo((1 - 0.9 ** 3) / (1 - 0.9 ** 5), 12);
    expect(f[1]?.probability).toBeCloseTo((0.9 ** 4 - 0.9 ** 5) / (1 - 0.9 ** 5), 12);
    expect(f[2]?.probability).toBeUndefined();
    const s = scoreForecasts(forecasts(m, resolutions(m, [["x", "not m.b by 2026-01-06", true]]), ev, 10));
    expect(s.excluded[0]).toMatchObject({ probability: 0, contradicts: true });
  });

  it("an event the evidence rules out has probability 0 (not an error); the evidence's probability is reported", () => {
    const ev = given(m, "m.b by 2026-01-03");
    const later = resolutions(m, [["back", "m.a at 2026-01-10", false], ["stays", "m.b at 2026-01-10", true]]);
    const f = forecastEvents(m, later, { evidence: ev, asOfDay: 2 });
    if (!f.ok) throw new Error(f.issue.message);
    expect(f.evidenceProbability).toBeCloseTo(1 - 0.9 ** 2, 12);
    expect(probability(f.forecasts[0])).toBe(0);
    expect(probability(f.forecasts[1])).toBeCloseTo(1, 12);
  });

  it("a solver limit is an issue (not a forecast of 0)", () => {
    const f = forecastEvents(m, events, { maxStates: 1 });
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.issue.code).toBe("limit");
      expect(f.impossible).toBeUndefined();
    }
  });

  it("comparison with a base rate: per event and means, and the difference scenario − comparison", () => {
    const s = scoreForecasts(forecasts(m, events), { kind: "baseRate", probability: 0.5 });
    expect(s.events.every((e) => e.against?.brier === 0.25 && e.against.log === Math.log(0.5))).toBe(true);
    expect(s.against?.totals.brier).toBe(0.25);
    expect(s.against?.diff.brier).toBeCloseTo((s.totals.brier ?? NaN) - 0.25, 15);
    expect(s.against?.diff.log).toBeCloseTo((s.totals.log ?? NaN) - Math.log(0.5), 15);
    expect(s.against?.name).toBe("base rate 0.5");
  });

  it("comparison with another model (h = 0.2): its own closed forms, matched by id", () => {
    const m2 = model(0.2);
    const s = scoreForecasts(forecasts(m, events), { kind: "forecasts", name: "h=0.2", forecasts: forecasts(m2, resolutions(m2, EVENTS)) });
    expect(s.events[0]?.against?.probability).toBeCloseTo(1 - 0.8 ** 3, 12);
    expect(s.events[0]?.against?.brier).toBeCloseTo(0.8 ** 6, 12);
    expect(s.events[3]?.against?.probability).toBeCloseTo(1 - 0.8 ** 20, 12);
    const mean = s.events.reduce((a, e) => a + (e.against?.log ?? NaN), 0) / 5;
    expect(s.against?.totals.log).toBeCloseTo(mean, 15);
  });
});

describe("the log score's clip and the reliability table", () => {
  it("p = 1 for what did not happen: Brier 1, log ln ε, marked clipped; p = 1 for what happened: log 0", () => {
    expect(scoreForecast(1, false)).toEqual({ probability: 1, brier: 1, log: Math.log(LOG_EPSILON), clipped: true });
    expect(scoreForecast(0, true)).toEqual({ probability: 0, brier: 1, log: Math.log(LOG_EPSILON), clipped: true });
    expect(scoreForecast(1, true)).toEqual({ probability: 1, brier: 0, log: 0, clipped: false });
    expect(scoreForecast(0.3, false).log).toBeCloseTo(Math.log(0.7), 15);
  });

  it("a hazard of 1 makes the scenario certain: a resolution against it is clipped and counted", () => {
    const m = model(1);
    const s = scoreForecasts(forecasts(m, resolutions(m, [["x", "m.b by 2026-01-02", false], ["y", "m.b by 2026-01-03", true]])));
    expect(s.events[0]?.score.clipped).toBe(true);
    expect(s.totals).toEqual({ count: 2, brier: 0.5, log: Math.log(LOG_EPSILON) / 2, clipped: 1 });
  });

  it("bins of width 0.1 with mean forecast and observed frequency, from 10 events; none below", () => {
    const items = [0.05, 0.05, 0.12, 0.15, 0.18, 0.55, 0.95, 0.99, 1, 0.9].map((p, i) => ({ probability: p, happened: i % 2 === 0 }));
    expect(MIN_RELIABILITY_EVENTS).toBe(10);
    expect(reliability(items.slice(0, 9))).toBeUndefined();
    const r = reliability(items) ?? [];
    expect(r.map((b) => [b.from, b.count])).toEqual([[0, 2], [0.1, 3], [0.5, 1], [0.9, 4]]);
    expect(r[0]?.observed).toBe(0.5);
    expect(r[1]?.meanForecast).toBeCloseTo((0.12 + 0.15 + 0.18) / 3, 15);
    expect(r[1]?.observed).toBeCloseTo(2 / 3, 15); // 0.12 (i=2) and 0.18 (i=4) happened
    expect(r[3]?.meanForecast).toBeCloseTo((0.95 + 0.99 + 1 + 0.9) / 4, 15);
    expect(r[3]?.observed).toBe(0.5); // 0.99 (i=7) and 0.9 (i=9) did not
  });
});

describe("the event grammar", () => {
  it("observations as in evidence, plus group:ID at DATE and outcome:ID at DATE", () => {
    const g = parseEvent("  group:fired   at 2026-01-21 ");
    expect(g.ok && g.event).toMatchObject({ kind: "target", target: "group", id: "fired", date: "2026-01-21", text: "group:fired   at 2026-01-21", idColumn: 9 });
    const o = parseEvent("not m.b by 2026-01-11");
    expect(o.ok && o.event).toMatchObject({ kind: "observation", date: "2026-01-11", observation: { kind: "notBy", machine: "m", state: "b" } });
  });

  it.each([
    ["group:fired by 2026-01-21", 13, "takes \"at\""],
    ["groups:fired at 2026-01-21", 1, "is not \"group:\" or \"outcome:\""],
    ["not group:fired at 2026-01-21", 1, "happened: false"],
    ["outcome:1x at 2026-01-21", 9, "not a outcome id"],
    ["group:fired at 2026-02-30", 16, "not a real calendar date"],
    ["group:fired at 2026-01-21 extra", 27, "unexpected \"extra\""],
    ["m.b before 2026-01-21", 5, "or `group:ID at YYYY-MM-DD`"],
    ["", 1, "empty event"],
  ])("%j is refused at column %i", (text, column, message) => {
    const p = parseEvent(text);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.column).toBe(column);
    expect(p.message).toContain(message);
  });
});

describe("resolutions files", () => {
  const m = model(0.1);
  const issues = (yaml: string): string[] => {
    const r = parseResolutionsText(yaml, m.scenario);
    if (r.ok) {
      const res = resolveEvents(m, r.file.resolutions);
      return res.ok ? [] : res.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    }
    return r.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  const ok = (e: string) => `{ id: x, event: "${e}", happened: true, source: { rationale: r } }`;

  it("shape, duplicate ids, sources, the scenario's id, the event's text", () => {
    expect(issues("name: t\nevents: []\n")).toEqual(["events: needs at least one event"]);
    expect(issues(`name: t\nevents:\n  - ${ok("m.b by 2026-01-04")}\n  - ${ok("m.b by 2026-01-05")}\n`))
      .toEqual(["events.1.id: id \"x\" is already used by events[0]"]);
    expect(issues("name: t\nevents:\n  - { id: x, event: m.b by 2026-01-04, happened: true, source: { seed: s.txt } }\n"))
      .toEqual(["events.0.source: needs a rationale, or a seed and a quote from it"]);
    expect(issues(`name: t\nscenario: other\nevents:\n  - ${ok("m.b by 2026-01-04")}\n`))
      .toEqual(["scenario: these resolutions are for scenario \"other\", not \"hazard\""]);
    expect(issues(`name: t\nevents:\n  - { id: x, event: m.b by 2026-01-04, happened: yes, source: { rationale: r }, extra: 1 }\n`))
      .toEqual(expect.arrayContaining(["events.0.extra: unknown key \"extra\""]));
    expect(issues(`name: t\nevents:\n  - ${ok("m.b by 2026-1-4")}\n`)).toEqual(["events.0.event: column 8: \"2026-1-4\" is not a date written YYYY-MM-DD"]);
  });

  it("names and dates resolved against the model, with did-you-mean", () => {
    expect(issues(`name: t\nevents:\n  - ${ok("group:fird at 2026-01-04")}\n`))
      .toEqual(["events.0.event: column 7: unknown group \"fird\" (did you mean \"fired\"?)"]);
    expect(issues(`name: t\nevents:\n  - ${ok("outcome:not_fird at 2026-01-04")}\n`))
      .toEqual(["events.0.event: column 9: unknown outcome \"not_fird\" (did you mean \"not_fired\"?)"]);
    expect(issues(`name: t\nevents:\n  - ${ok("n.b by 2026-01-04")}\n`))
      .toEqual(["events.0.event: column 1: unknown machine \"n\" (did you mean \"m\"?)"]);
    expect(issues(`name: t\nevents:\n  - ${ok("m.c by 2026-01-04")}\n`))
      .toEqual(["events.0.event: column 3: machine \"m\" has no state \"c\" (did you mean \"a\"?)"]);
    expect(issues(`name: t\nevents:\n  - ${ok("group:fired at 2026-02-04")}\n`))
      .toEqual(["events.0.event: column 16: 2026-02-04 is outside the scenario's calendar, 2026-01-01 to 2026-01-31"]);
  });
});
