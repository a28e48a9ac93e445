/**
 * Monte Carlo to a precision target (src/analysis/precision.ts): the fixed
 * schedule; the stop at the first boundary where every group's and
 * outcome's 95% half-width is at most the target, found independently by
 * simulating each boundary's runs from scratch; reproducible; the cap; the
 * same numbers for any batching.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PRECISION_MAX_RUNS, PRECISION_FIRST_BATCH, precisionSchedule, simulateToPrecision, widestHalfWidth,
} from "../../src/analysis/precision.js";
import { summarize } from "../../src/analysis/summary.js";
import { simulateBatch } from "../../src/engine/simulate.js";
import { addTally, emptyTally } from "../../src/engine/tally.js";
import { wilson } from "../../src/engine/stats.js";
import { simpleModel } from "../helpers/scenario.js";

describe("precisionSchedule", () => {
  it("doubles from the first batch and ends at the cap", () => {
    expect(PRECISION_FIRST_BATCH).toBe(10_000);
    expect(DEFAULT_PRECISION_MAX_RUNS).toBe(10_000_000);
    const s = precisionSchedule(DEFAULT_PRECISION_MAX_RUNS);
    expect(s.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(s.slice(-2)).toEqual([5_120_000, 10_000_000]);
    expect(s).toHaveLength(11); // 10,000 · 2^0 … 2^9, then the cap
    expect(precisionSchedule(20_000)).toEqual([10_000, 20_000]);
    expect(precisionSchedule(30_000)).toEqual([10_000, 20_000, 30_000]);
    expect(precisionSchedule(500)).toEqual([500]);
  });
});

describe("widestHalfWidth", () => {
  it("is half the Wilson interval's width, the widest over groups and outcomes", () => {
    const m = simpleModel();
    const s = summarize(m, simulateBatch(m, { seed: 1, from: 0, to: 1000 }), 1);
    const expected = s.outcomes.map((o) => { const [lo, hi] = wilson(o.count, 1000); return (hi - lo) / 2; });
    const w = widestHalfWidth(s);
    expect(w.halfWidth).toBe(Math.max(...expected));
    expect(w.target).toBe(`outcome:${s.outcomes[expected.indexOf(w.halfWidth)]?.id}`);
  });
});

describe("widestHalfWidth over groups", () => {
  it("counts a group's interval as well as the outcomes'", () => {
    const m = simpleModel();
    const s = summarize(m, simulateBatch(m, { seed: 1, from: 0, to: 1000 }), 1);
    const widerGroup = { ...s, groups: [{ id: "g", label: "G", probability: 0.5, ci95: [0.3, 0.7] as const, count: 500 }] };
    expect(widestHalfWidth(widerGroup)).toEqual({ halfWidth: (0.7 - 0.3) / 2, target: "group:g" });
  });
});

describe("simulateToPrecision", () => {
  const model = simpleModel();
  const SEED = 7;
  /** The widest half-width after runs [0, n), simulated in one batch (independently of the batched loop). */
  const widestAt = (n: number) => widestHalfWidth(summarize(model, simulateBatch(model, { seed: SEED, from: 0, to: n }), SEED)).halfWidth;

  it("stops at the first boundary of the schedule where every half-width is at most the target", async () => {
    // Both outcomes have p near 0.6 (hold) and 0.4 (rise): half-width ≈ 1.96·√(0.24/n) — 0.0048 at 40,000 runs, 0.0068 at 20,000.
    const target = 0.005;
    const r = await simulateToPrecision(model, { seed: SEED, precision: target });
    const boundaries = precisionSchedule(DEFAULT_PRECISION_MAX_RUNS);
    const first = boundaries.find((n) => widestAt(n) <= target);
    expect(first).toBe(40_000);
    expect(r.precision).toMatchObject({ target, runs: 40_000, met: true, batches: 3, maxRuns: DEFAULT_PRECISION_MAX_RUNS });
    expect(widestAt(20_000)).toBeGreaterThan(target);
    expect(r.precision.widest.halfWidth).toBe(widestAt(40_000));
    // The numbers are those of runs [0, 40,000) in one batch.
    expect(r.summary).toEqual(summarize(model, simulateBatch(model, { seed: SEED, from: 0, to: 40_000 }), SEED));
  });

  it("is reproducible, and the same whatever the batch simulator splits each batch into", async () => {
    const opts = { seed: SEED, precision: 0.004 };
    const a = await simulateToPrecision(model, opts);
    const b = await simulateToPrecision(model, opts);
    expect(b).toEqual(a);
    // Each batch split into three uneven pieces (as worker threads would): same result.
    const c = await simulateToPrecision(model, opts, (from, to) => {
      const t = emptyTally(model);
      const cut1 = from + Math.floor((to - from) / 3);
      const cut2 = to - 1;
      for (const [x, y] of [[from, cut1], [cut1, cut2], [cut2, to]] as const) addTally(t, simulateBatch(model, { seed: SEED, from: x, to: y }));
      return t;
    });
    expect(c).toEqual(a);
  });

  it("respects the cap: stops there, saying the target was not met", async () => {
    const r = await simulateToPrecision(model, { seed: SEED, precision: 0.001, maxRuns: 25_000 });
    expect(r.precision).toMatchObject({ runs: 25_000, met: false, batches: 3, maxRuns: 25_000 });
    expect(r.summary.runs).toBe(25_000);
    expect(r.precision.widest.halfWidth).toBeGreaterThan(0.001);
    expect(r.precision.widest.halfWidth).toBe(widestAt(25_000));
  });

  it("a target met at the first boundary stops there", async () => {
    const r = await simulateToPrecision(model, { seed: SEED, precision: 0.5 });
    expect(r.precision).toMatchObject({ runs: 10_000, met: true, batches: 1 });
  });
});
