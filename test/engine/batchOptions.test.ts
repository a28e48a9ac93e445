/**
 * simulateBatch and simulateReference refuse a batch whose numbers are not
 * BatchOptions' (a RangeError, a caller's mistake): before, a fractional
 * seed was truncated, `at` days out of order mislabelled their rows, a day
 * outside the horizon counted every run, and run indices past 2^53 never
 * finished. Found by a test campaign of the library.
 */
import { describe, expect, it } from "vitest";
import { replayRun, simulateBatch, simulateReference, type BatchOptions } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import { compare, summarizeExact } from "../../src/analysis/exact.js";
import { shippedScenario, simulate } from "../../src/index.js";
import { MAX_SEED } from "../../src/engine/rng.js";
import { loadOk, prepareOk, simpleText } from "../helpers/scenario.js";

describe("BatchOptions are checked", () => {
  const model = prepareOk(loadOk(simpleText()));
  const H = model.days;

  it.each<[string, Partial<BatchOptions>, RegExp]>([
    ["a fractional seed", { seed: 1.9 }, /^seed: expected a whole number from 0 to 9007199254740991, got 1\.9$/],
    ["a negative seed", { seed: -1 }, /^seed: /],
    ["NaN runs", { to: Number.NaN }, /^runs \[0, NaN\): expected whole numbers/],
    ["fractional runs", { to: 2.5 }, /^runs \[0, 2\.5\): /],
    ["run indices past 2^53 (they stopped advancing: no end)", { from: MAX_SEED - 1, to: MAX_SEED + 3 }, /^runs \[/],
    ["--at days out of order (the rows were mislabelled)", { at: [5, 1] }, /^at: expected days ascending without repeats/],
    ["a repeated day", { at: [3, 3] }, /^at: /],
    ["a day before the start", { at: [-1] }, /^at: /],
    ["a day past the horizon", { at: [H + 1] }, /^at: /],
    ["a slice whose first run is after its last (it gave an empty tally)", { from: 10, to: 5 }, /^runs \[10, 5\): the first run is after the last$/],
  ])("%s is a RangeError, in both engines", (_what, bad, message) => {
    const opts: BatchOptions = { seed: 1, from: 0, to: 100, ...bad };
    expect(() => simulateBatch(model, opts)).toThrow(RangeError);
    expect(() => simulateBatch(model, opts)).toThrow(message);
    expect(() => simulateReference(model, opts)).toThrow(message);
  });

  it("accepts what BatchOptions says, up to the largest run index", () => {
    expect(simulateBatch(model, { seed: 1, from: 0, to: 100, at: [0, 1, H] }).at.map((r) => r.day)).toEqual([0, 1, H]);
    expect(simulateBatch(model, { seed: MAX_SEED, from: MAX_SEED - 3, to: MAX_SEED }).runs).toBe(3);
    expect(simulateBatch(model, { seed: 0, from: 5, to: 5 }).runs).toBe(0);
  });
});

describe("the library's other entry points check their numbers too (found by a consumer's test suite)", () => {
  const model = prepareOk(loadOk(simpleText()));
  const H = model.days;

  it("replayRun: a seed or run that is not a whole number from 0 to MAX_SEED (it replayed something)", () => {
    for (const [seed, run] of [[1, -1], [1, 1.5], [-1, 0], [1, Number.NaN], [1, MAX_SEED + 2]] as const) {
      expect(() => replayRun(model, seed, run)).toThrow(RangeError);
    }
    expect(replayRun(model, 1, 7).run).toBe(7);
  });

  it("solveExact: at days as simulateBatch takes them (it dropped bad days and sorted the rest, so rows moved)", () => {
    for (const at of [[H + 1], [-1], [2.5], [5, 2], [3, 3]]) {
      expect(() => solveExact(model, { at })).toThrow(/^at: expected days ascending without repeats/);
    }
    const r = solveExact(model, { at: [0, 2, H] });
    expect(r.ok && r.result.at.map((row) => row.day)).toEqual([0, 2, H]);
  });

  it("simulate: at least 1 run (0 gave probabilities summing to 0)", () => {
    expect(() => simulate(model, { runs: 0, seed: 1 })).toThrow(/^runs: expected a whole number of at least 1, got 0$/);
    expect(() => simulate(model, { runs: 2.5, seed: 1 })).toThrow(RangeError);
    expect(simulate(model, { runs: 1, seed: 1 }).runs).toBe(1);
  });

  it("compare: summaries of one scenario at the same values, else the rows would pair other outcomes", () => {
    const solved = solveExact(model);
    if (!solved.ok) throw new Error(solved.issue.message);
    const exact = summarizeExact(model, solved.result);
    const mc = simulate(model, { runs: 500, seed: 3 });
    expect(compare(mc, exact).outcomes.map((c) => c.id)).toEqual(mc.outcomes.map((o) => o.id));
    const name = Object.keys(mc.parameters)[0];
    if (name === undefined) throw new Error("the test scenario has no parameter");
    const other = { ...mc, parameters: { ...mc.parameters, [name]: (mc.parameters[name] ?? 0) + 0.01 } };
    expect(() => compare(other, exact)).toThrow(new RegExp(`^compare: not the same model: parameter ${name} = `));
    expect(() => compare({ ...mc, scenario: "another" }, exact)).toThrow(/^compare: not the same model: scenario "another" against /);
    expect(() => compare({ ...mc, outcomes: [...mc.outcomes].reverse() }, exact)).toThrow(/^compare: not the same model: outcomes /);
  });

  it("shippedScenario: a name, not a path out of the package", () => {
    for (const name of ["../../../../etc/x", "a/b", "", ".hidden", "x/../korea-us-2026"]) expect(() => shippedScenario(name)).toThrow(RangeError);
    expect(shippedScenario("korea-us-2026")).toMatch(/scenarios[\\/]korea-us-2026\.yaml$/);
  });
});

describe("addTally", () => {
  it("refuses tallies of different --at days before adding anything (the first was changed, then the error thrown)", async () => {
    const { addTally } = await import("../../src/engine/tally.js");
    const model = prepareOk(loadOk(simpleText()));
    const a = simulateBatch(model, { seed: 1, from: 0, to: 20, at: [3] });
    const before = structuredClone(a);
    const b = simulateBatch(model, { seed: 1, from: 20, to: 40, at: [4] });
    expect(() => addTally(a, b)).toThrow(/different --at days/);
    expect(a).toEqual(before);
  });
});
