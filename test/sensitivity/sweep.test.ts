/**
 * The sweep library (src/sensitivity/sweep.ts, grid.ts): points equal direct
 * exact solves, the grid's shape and order, axis and bound errors, invalid
 * points, and the Monte Carlo path with common random numbers.
 */
import { describe, expect, it } from "vitest";
import { axisValues, parseAxis, MAX_POINTS } from "../../src/sensitivity/grid.js";
import { sweep } from "../../src/sensitivity/sweep.js";
import { direct, messages, ok, vote } from "./helpers.js";

describe("sweep (exact)", () => {
  const sc = vote();

  it("gives at every point of a one-way grid the direct exact solve", () => {
    const r = ok(sweep(sc, [{ name: "h_threat", from: 0, to: 0.1 }], { steps: 6 }));
    expect(r.method).toBe("exact");
    expect(r.points.map((p) => p.values.h_threat)).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
    for (const p of r.points) {
      const d = direct(sc, p.values);
      expect(p.groups).toEqual(Object.fromEntries(d.groups));
      expect(p.outcomes).toEqual(Object.fromEntries(d.outcomes));
    }
  });

  it("lays out a two-way grid row-major: the first axis outermost, the second fastest", () => {
    const r = ok(sweep(sc, [{ name: "p_pass", from: 0.2, to: 0.6 }, { name: "d_impl", from: 10, to: 30 }], { steps: 3 }));
    expect(r.points.map((p) => [p.values.p_pass, p.values.d_impl])).toEqual([
      [0.2, 10], [0.2, 20], [0.2, 30], [0.4, 10], [0.4, 20], [0.4, 30], [0.6, 10], [0.6, 20], [0.6, 30],
    ]);
    const p = r.points[5];
    expect(p?.groups).toEqual(Object.fromEntries(direct(sc, { p_pass: 0.4, d_impl: 30 }).groups));
  });

  it("runs downward when FROM is above TO, and applies overrides at every point", () => {
    const r = ok(sweep(sc, [{ name: "p_pass", from: 0.6, to: 0.2 }], { steps: 3, overrides: new Map([["h_threat", 0.05]]) }));
    expect(r.points.map((p) => p.values.p_pass)).toEqual([0.6, 0.4, 0.2]);
    expect(r.points[1]?.groups).toEqual(Object.fromEntries(direct(sc, { p_pass: 0.4, h_threat: 0.05 }).groups));
  });

  it("has inclusive ends and values tidied of rounding noise", () => {
    expect(axisValues(0, 1, 11)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(axisValues(0.3, 0.8, 4)).toEqual([0.3, 0.466666666667, 0.633333333333, 0.8]);
    // Ends whose span overflows: every point finite, in order, the midpoint 0 (it was Infinity).
    expect(axisValues(-1e308, 1e308, 3)).toEqual([-1e308, 0, 1e308]);
    const wide = axisValues(-1.7e308, 1.7e308, 7);
    expect(wide.every(Number.isFinite)).toBe(true);
    expect(wide.every((v, i) => i === 0 || v > (wide[i - 1] ?? 0))).toBe(true);
  });
});

describe("sweep axes", () => {
  const sc = vote();

  it("refuses values outside the bounds, naming the bound", () => {
    expect(messages(sweep(sc, [{ name: "p_pass", from: -0.1, to: 1.2 }]))).toEqual([
      'FROM -0.1 is below the lower bound 0 of "p_pass" (bounds [0, 1])',
      'TO 1.2 is above the upper bound 1 of "p_pass" (bounds [0, 1])',
    ]);
  });

  it("refuses unknown, repeated, held and degenerate axes, every one reported", () => {
    const r = sweep(sc, [{ name: "p_pas", from: 0, to: 1 }, { name: "h_threat", from: 0.1, to: 0.1 }], { overrides: new Map([["h_threat", 0.05]]) });
    expect(messages(r)).toEqual([
      'unknown parameter "p_pas" (did you mean "p_pass"?)',
      '"h_threat" is swept, so it cannot also be given a value (--set or --params)',
      'FROM and TO are both 0.1; to hold "h_threat" at one value use --set h_threat=0.1',
    ]);
    expect(messages(sweep(sc, [{ name: "p_pass", from: 0, to: 1 }, { name: "p_pass", from: 0, to: 0.5 }]))).toEqual(['"p_pass" is swept twice']);
  });

  it("takes one or two axes, 2 to 201 steps, at most 10,000 points", () => {
    const a = { name: "p_pass", from: 0, to: 1 };
    const b = { name: "h_threat", from: 0, to: 0.1 };
    expect(messages(sweep(sc, []))[0]).toBe("expected one or two axes NAME=FROM..TO; got 0");
    expect(messages(sweep(sc, [a, b, { name: "d_impl", from: 1, to: 2 }]))[0]).toBe("expected one or two axes NAME=FROM..TO; got 3");
    expect(messages(sweep(sc, [a], { steps: 1 }))).toEqual(["expected a whole number from 2 to 201; got 1"]);
    expect(messages(sweep(sc, [a, b], { steps: 101 }))).toEqual([
      `101^2 = 10201 points, more than the ${MAX_POINTS.toLocaleString("en-US")} a sweep may have; use --steps 100 or fewer`,
    ]);
  });

  it("refuses fractional days for a parameter a delay reads, with a --steps hint", () => {
    expect(messages(sweep(sc, [{ name: "d_impl", from: 1, to: 30 }]))).toEqual([
      'a delay reads "d_impl", so it takes whole days, but the grid has 3.9; choose whole FROM and TO and --steps so that every point is whole (e.g. --steps 30)',
    ]);
    expect(ok(sweep(sc, [{ name: "d_impl", from: 1, to: 30 }], { steps: 30 })).points).toHaveLength(30);
  });

  it("parses NAME=FROM..TO with the number rules of --set", () => {
    expect(parseAxis("p_pass=0.1..0.9")).toEqual({ ok: true, value: { name: "p_pass", from: 0.1, to: 0.9 }, warnings: [] });
    expect(parseAxis("x=-2..-1e-1")).toEqual({ ok: true, value: { name: "x", from: -2, to: -0.1 }, warnings: [] });
    expect(messages(parseAxis("p_pass=0.1"))).toEqual(["expected NAME=FROM..TO, e.g. p_struck_down=0..1"]);
    expect(messages(parseAxis("p_pass=..1"))).toEqual(["no value given; expected NAME=FROM..TO"]);
    // Three dots would otherwise read as 0 to .1.
    expect(messages(parseAxis("p_pass=0...1"))).toEqual(["expected NAME=FROM..TO, with two dots between the ends"]);
    expect(messages(parseAxis("p_pass=0x1..1"))).toEqual(['"0x1" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)']);
    expect(messages(parseAxis("1p=0..1"))).toEqual(["expected NAME=FROM..TO, e.g. p_struck_down=0..1"]);
  });
});

describe("sweep with points that make an invalid model", () => {
  const sc = vote();
  const axes = [{ name: "p_pass", from: 0.5, to: 0.9 }];

  it("fails naming each invalid point and the underlying problem", () => {
    const r = sweep(sc, axes, { steps: 5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.message)).toEqual([
      "sweep: at p_pass=0.8 the model is invalid: branch weights sum to 1.1, leaving nothing for `otherwise` (passed: p_pass = 0.8, stalled: p_stall = 0.3)",
      "sweep: at p_pass=0.9 the model is invalid: branch weights sum to 1.2, leaving nothing for `otherwise` (passed: p_pass = 0.9, stalled: p_stall = 0.3)",
      "not given: with it, invalid points are reported with their problem and null probabilities",
    ]);
    expect(r.issues[0]?.path).toEqual(["machines", "bill", "transitions", 0, "to"]);
  });

  it("with skipInvalid, gives those points an error and null probabilities", () => {
    const r = ok(sweep(sc, axes, { steps: 5, skipInvalid: true }));
    const bad = r.points.filter((p) => p.error !== undefined);
    expect(bad.map((p) => p.values.p_pass)).toEqual([0.8, 0.9]);
    expect(bad[0]).toEqual({
      values: { p_pass: 0.8 }, groups: { calm: null, up: null }, outcomes: { hold: null, rise: null },
      error: "machines.bill.transitions[0].to: branch weights sum to 1.1, leaving nothing for `otherwise` (passed: p_pass = 0.8, stalled: p_stall = 0.3)",
    });
    expect(r.points[2]?.groups).toEqual(Object.fromEntries(direct(sc, { p_pass: 0.7 }).groups));
  });
});

describe("sweep by Monte Carlo with common random numbers", () => {
  const sc = vote();

  it("falls back from exact past the solver's limit", () => {
    const r = ok(sweep(sc, [{ name: "p_pass", from: 0, to: 0.5 }], { steps: 2, maxStates: 1, runs: 500 }));
    expect([r.method, r.runs, r.seed]).toEqual(["mc", 500, 20260203]);
  });

  it("gives identical results at every point when the parameter does not change the model", () => {
    const r = ok(sweep(sc, [{ name: "p_unused", from: 0, to: 1 }], { method: "mc", runs: 3000, seed: 9, steps: 5 }));
    const first = r.points[0];
    for (const p of r.points) expect([p.groups, p.outcomes]).toEqual([first?.groups, first?.outcomes]);
  });

  it("moves smoothly: with the same runs at each point, a higher p_pass never lowers the chance of no rise", () => {
    // Each run draws the same uniform for the vote at every point; raising p_pass only turns some
    // runs' "stalled"/"failed" into "passed", which stops threats: "calm" can only gain runs.
    const r = ok(sweep(sc, [{ name: "p_pass", from: 0.3, to: 0.4 }], { method: "mc", runs: 2000, seed: 3, steps: 11 }));
    const calm = r.points.map((p) => p.groups.calm ?? NaN);
    for (let i = 1; i < calm.length; i++) expect(calm[i]).toBeGreaterThanOrEqual(calm[i - 1] ?? NaN);
    expect((calm.at(-1) ?? 0) - (calm[0] ?? 0)).toBeGreaterThan(0);
    // Independent seeds per point do not keep that order: the noise (≈ 1.5 points) dwarfs each step (≈ 0.6).
    const independent = calm.map((_, i) => {
      const one = ok(sweep(sc, [{ name: "p_pass", from: 0.3 + i * 0.01, to: 0.5 }], { method: "mc", runs: 2000, seed: 100 + i, steps: 2 }));
      return one.points[0]?.groups.calm ?? NaN;
    });
    expect(independent.some((x, i) => i > 0 && x < (independent[i - 1] ?? NaN))).toBe(true);
  });
});
