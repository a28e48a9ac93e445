/** src/sensitivity/values.ts: parameters a delay reads, whole values within bounds, tidy numbers. */
import { describe, expect, it } from "vitest";
import { tidy, wholeDayParameters, wholeWithin } from "../../src/sensitivity/values.js";
import { edit, loadOk } from "../helpers/scenario.js";
import { vote, voteText } from "./helpers.js";

describe("wholeDayParameters", () => {
  it("finds the parameters a delay's days read, and only those", () => {
    expect([...wholeDayParameters(vote())]).toEqual(["d_impl"]);
  });
  it("reads every day field of a triangular delay through expressions", () => {
    const text = edit(voteText(), "delay: { shape: fixed, days: d_impl }", "delay: { shape: triangular, min: 1, mode: 'd_impl - 1', max: 'd_impl + 2 * max(1, p_unused)' }");
    expect([...wholeDayParameters(loadOk(text))].sort()).toEqual(["d_impl", "p_unused"]);
  });
});

describe("wholeWithin and tidy", () => {
  it("rounds to the nearest whole number, inward at the bounds", () => {
    expect([wholeWithin(11.2, 1, 30), wholeWithin(16.8, 1, 30), wholeWithin(0.2, 0.5, 30), wholeWithin(40, 1, 29.5)]).toEqual([11, 17, 1, 29]);
  });
  it("drops binary rounding noise and keeps meaningful digits", () => {
    expect([tidy(0.55 * 0.8), tidy(0.1 + 0.2), tidy(1 / 3), tidy(1e-7 * 3)]).toEqual([0.44, 0.3, 0.333333333333, 3e-7]);
  });
});
