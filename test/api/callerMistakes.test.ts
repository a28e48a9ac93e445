/**
 * The library refuses a caller's numeric mistakes with a RangeError before
 * any work, instead of answering nonsense, hanging or dying (found by a
 * hostile-input campaign of the public API, helper, 2026-11-30). Each case
 * was an answer before: the comment says which.
 */
import { describe, expect, it } from "vitest";
import {
  addTally, checkClaims, forecastEvents, ratioEstimate, checkOutcomeCoverage, compare, comparePaired, dateOfDay, emptyPairTally, precisionSchedule, replayConditioned,
  scoreForecast, simulateBatch, simulateConditioned, simulatePairs, simulateToPrecision, solveExact, standardError, summarize, summarizeConditioned,
  summarizeExact, summarizePairs, pairTargets, tornado, sweep, wilson, MAX_SEED,
} from "../../src/index.js";
import { checkModelShape, checkRunRange } from "../../src/engine/checks.js";
import { koreaScenario, modelOfSpec, prepareOk, simpleModel } from "../helpers/scenario.js";

const m = simpleModel();
const other = modelOfSpec({ machines: { x: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 0.1, to: "b" }] } } });
const korea = koreaScenario();

describe("run ranges: every engine checks seed, from and to alike", () => {
  it.each<[string, number, number, number]>([
    ["a fractional seed (ran as seed 1)", 1.5, 0, 10],
    ["a NaN seed (ran as seed 0)", Number.NaN, 0, 10],
    ["a huge seed", 1e300, 0, 10],
    ["from after to (an empty tally)", 1, 10, 5],
    ["a negative run (simulated run -1)", 1, -1, 3],
    ["a fractional end (runs: 1.5)", 1, 0, 1.5],
    ["runs past 2^53 (never returned)", 1, 2 ** 53, 2 ** 53 + 2],
  ])("%s", (_what, seed, from, to) => {
    expect(() => checkRunRange(seed, from, to)).toThrow(RangeError);
    expect(() => simulateBatch(m, { seed, from, to })).toThrow(RangeError);
    expect(() => simulateConditioned(m, [], { seed, from, to })).toThrow(RangeError);
    expect(() => simulatePairs(m, m, { seed, from, to })).toThrow(RangeError);
  });

  it("replayConditioned and comparePaired too; the largest legal values pass", () => {
    expect(() => replayConditioned(m, [], 1, -1)).toThrow(RangeError);
    expect(() => replayConditioned(m, [], Number.NaN, 0)).toThrow(RangeError);
    expect(() => comparePaired(m, m, { method: "mc", runs: -5 })).toThrow(/^runs: expected a whole number of at least 1, got -5$/);
    expect(() => comparePaired(m, m, { method: "mc", runs: Number.NaN })).toThrow(RangeError);
    expect(() => comparePaired(m, m, { method: "mc", runs: 10, seed: 1.5 })).toThrow(RangeError);
    expect(() => checkRunRange(MAX_SEED, MAX_SEED - 2, MAX_SEED)).not.toThrow();
    expect(replayConditioned(m, [], 3, 7).run).toBe(7);
  });
});

describe("counts of another model are refused, not read under this one's names", () => {
  const t = simulateBatch(m, { seed: 1, from: 0, to: 50 });
  const u = simulateBatch(other, { seed: 1, from: 0, to: 50 });

  it("summarize, summarizeExact, summarizeConditioned, addTally, summarizePairs", () => {
    expect(() => summarize(other, t, 1)).toThrow(/^summarize: the tally: \d+ outcomes and \d+ states, but scenario "t" has \d+ and \d+: not of this model$/);
    const solved = solveExact(m);
    if (!solved.ok) throw new Error(solved.issue.message);
    expect(() => summarizeExact(other, solved.result)).toThrow(RangeError);
    expect(() => summarizeConditioned(other, simulateConditioned(m, [], { seed: 1, from: 0, to: 20 }), 1)).toThrow(RangeError);
    const before = structuredClone(t);
    expect(() => addTally(t, u)).toThrow(/^addTally: tallies of different models/);
    expect(t).toEqual(before);
    expect(() => summarizePairs(pairTargets(m, m), emptyPairTally(0), 1)).toThrow(RangeError);
    expect(() => checkModelShape("x", m, m.outcomes.length, m.stateNames.length)).not.toThrow();
  });
});

describe("limits and options that switched a check off or gave a meaningless report", () => {
  it("solveExact's limits: NaN turned them off; Infinity means no limit", () => {
    for (const maxStates of [Number.NaN, 0, -1, 2.5]) expect(() => solveExact(m, { maxStates })).toThrow(/^maxStates: /);
    for (const maxWork of [Number.NaN, 0, 1.5]) expect(() => solveExact(m, { maxWork })).toThrow(/^maxWork: /);
    expect(solveExact(m, { maxWork: Infinity }).ok).toBe(true);
    expect(() => checkOutcomeCoverage(m, Number.NaN)).toThrow(RangeError);
    expect(checkOutcomeCoverage(m)).toEqual([]);
  });

  it("precision: a first batch of 0 killed the process; an infinite cap never ended; a simulator of other runs was believed", async () => {
    expect(() => precisionSchedule(1e7, 0)).toThrow(RangeError);
    expect(() => precisionSchedule(Infinity)).toThrow(RangeError);
    expect(precisionSchedule(5000, 1000)).toEqual([1000, 2000, 4000, 5000]);
    await expect(simulateToPrecision(m, { seed: 1, precision: 0 })).rejects.toThrow(/^precision: /);
    await expect(simulateToPrecision(m, { seed: 1, precision: Number.NaN })).rejects.toThrow(RangeError);
    await expect(simulateToPrecision(m, { seed: 1, precision: 0.01, maxRuns: 0 })).rejects.toThrow(RangeError);
    const wrong = (): ReturnType<typeof simulateBatch> => simulateBatch(m, { seed: 1, from: 0, to: 20 });
    await expect(simulateToPrecision(m, { seed: 1, precision: 0.01, maxRuns: 10_000 }, wrong)).rejects.toThrow(/returned a tally of 20 runs/);
  });

  it("analyses: 0 runs gave reports of missing probabilities; a tornado range of 0% read as no sensitivity", () => {
    expect(() => sweep(m.scenario, [], { method: "mc", runs: 0 })).toThrow(/^runs: expected a whole number of at least 1, got 0$/);
    expect(() => tornado(m.scenario, { method: "mc", runs: 1.5 })).toThrow(RangeError);
    expect(() => tornado(m.scenario, { seed: -1 })).toThrow(RangeError);
    for (const percent of [0, -20, 1001, Number.NaN]) expect(() => tornado(m.scenario, { range: { kind: "percent", percent } })).toThrow(/^range: /);
  });

  it.skipIf(korea === undefined)("checkClaims: 0 points 'held' having tested none", () => {
    if (korea === undefined) return;
    const o = { seed: 1, numRuns: 0, mcRuns: 1000, command: "tariffsim check" };
    expect(() => checkClaims(korea, [], o)).toThrow(/^numRuns: /);
    expect(() => checkClaims(korea, [], { ...o, numRuns: 1.5 })).toThrow(RangeError);
    expect(() => checkClaims(korea, [], { ...o, numRuns: 1, seed: Number.NaN })).toThrow(/^seed: /);
  });
});

describe("numbers that cannot be", () => {
  it("a forecast probability outside [0, 1] (1.5 scored better than certainty)", () => {
    for (const p of [1.5, -0.5, Number.NaN]) expect(() => scoreForecast(p, true)).toThrow(/^probability: /);
    expect(scoreForecast(1, true).log).toBe(0);
  });

  it("forecastEvents: an as-of day outside the calendar, or evidence after it (hindsight, applied to some events only)", () => {
    for (const asOfDay of [-1, 1.5, Number.NaN, m.days + 1]) expect(() => forecastEvents(m, [], { asOfDay })).toThrow(/^asOfDay: /);
    // The first machine's initial state: visited from day 0, so the evidence is certain.
    const late = { kind: "visited", day: 5, state: m.initial[0] ?? 0, want: true } as const;
    expect(() => forecastEvents(m, [], { asOfDay: 3, evidence: [late] })).toThrow(/^evidence: a check of day 5 is after the as-of day 3/);
    expect(forecastEvents(m, [], { asOfDay: 5, evidence: [late] }).ok).toBe(true);
  });

  it("the conditioned sampler's at days as the other engines take them (a repeated day gave two rows)", () => {
    for (const atDays of [[3, 3], [5, 2], [-1], [m.days + 1]]) expect(() => simulateConditioned(m, [], { seed: 1, from: 0, to: 5, atDays })).toThrow(/^at: /);
    expect(simulateConditioned(m, [], { seed: 1, from: 0, to: 5, atDays: [0, 2] }).at.map((d) => d.day)).toEqual([0, 2]);
  });

  it("ratioEstimate of sums no weights can have (p = 2)", () => {
    expect(() => ratioEstimate(2, 2, 1, 1)).toThrow(RangeError);
    expect(() => ratioEstimate(0, 0, 0, 0)).toThrow(RangeError);
    expect(ratioEstimate(1, 1, 2, 2).p).toBe(0.5);
  });

  it("wilson and standardError of impossible counts; n = 0 is no information", () => {
    for (const [k, n, z] of [[5, 3, 1.96], [-1, 3, 1.96], [3, 10, -1], [Number.NaN, 3, 1.96], [1, Infinity, 1.96]] as const) {
      expect(() => wilson(k, n, z)).toThrow(RangeError);
    }
    expect(wilson(0, 0)).toEqual([0, 1]);
    expect(wilson(2.5, 10.5)[0]).toBeGreaterThan(0);
    expect(() => standardError(2, 10)).toThrow(RangeError);
    expect(() => standardError(0.5, -1)).toThrow(RangeError);
    expect(standardError(0.5, 0)).toBe(Infinity);
  });

  it("emptyPairTally of a negative size, dateOfDay of a fractional day (it rounded), compare of other models", () => {
    expect(() => emptyPairTally(-1)).toThrow(RangeError);
    expect(() => dateOfDay("2026-01-01", 1.5)).toThrow(RangeError);
    expect(() => dateOfDay("2026-01-01", Number.NaN)).toThrow(RangeError);
    expect(dateOfDay("2026-01-01", 31)).toBe("2026-02-01");
    const solved = solveExact(other);
    if (!solved.ok) throw new Error(solved.issue.message);
    expect(() => compare(summarize(m, simulateBatch(m, { seed: 1, from: 0, to: 10 }), 1), summarizeExact(other, solved.result))).toThrow(RangeError);
    expect(prepareOk(m.scenario).outcomes.length).toBe(m.outcomes.length);
  });
});
