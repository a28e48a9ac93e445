/**
 * simulateBatch and simulateReference refuse a batch whose numbers are not
 * BatchOptions' (a RangeError, a caller's mistake): before, a fractional
 * seed was truncated, `at` days out of order mislabelled their rows, a day
 * outside the horizon counted every run, and run indices past 2^53 never
 * finished. Found by a test campaign of the library.
 */
import { describe, expect, it } from "vitest";
import { simulateBatch, simulateReference, type BatchOptions } from "../../src/engine/simulate.js";
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
