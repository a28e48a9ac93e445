import { describe, expect, it } from "vitest";
import { MAX_SEED, runRng, runState, streamRng } from "../../src/engine/rng.js";

const draws = (rng: () => number, n: number): number[] => Array.from({ length: n }, () => rng());

describe("runState / runRng", () => {
  it("is deterministic in (seed, run)", () => {
    expect(runState(7, 42)).toEqual(runState(7, 42));
    expect(draws(runRng(7, 42), 20)).toEqual(draws(runRng(7, 42), 20));
  });

  it("gives distinct streams to distinct runs and distinct seeds", () => {
    const a = draws(runRng(7, 42), 5);
    expect(draws(runRng(7, 43), 5)).not.toEqual(a);
    expect(draws(runRng(8, 42), 5)).not.toEqual(a);
    // seed and run are not interchangeable
    expect(draws(runRng(42, 7), 5)).not.toEqual(a);
  });

  it("gives distinct states to 20,000 consecutive runs of one seed", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const s = runState(1, i);
      seen.add(`${s.s0},${s.s1},${s.s2}`);
    }
    expect(seen.size).toBe(20_000);
  });

  it("uses the high bits of large seeds and run indices", () => {
    const two32 = 2 ** 32;
    expect(runState(two32 + 5, 0)).not.toEqual(runState(5, 0));
    expect(runState(5, two32 + 3)).not.toEqual(runState(5, 3));
    const big = draws(runRng(MAX_SEED, 1_000_000_000), 3);
    for (const u of big) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it("gives a state in Alea's domain", () => {
    for (const [seed, run] of [[0, 0], [1, 2], [MAX_SEED, 0], [20260203, 99_999]] as const) {
      const s = runState(seed, run);
      expect(s.c).toBe(1);
      for (const x of [s.s0, s.s1, s.s2]) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
      }
    }
  });

  it("draws uniform numbers (mean and spread of the first draws of many runs)", () => {
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = runRng(3, i)();
      sum += u;
      sumSq += u * u;
      const b = Math.floor(u * 10);
      bins[b] = (bins[b] ?? 0) + 1;
    }
    // mean 1/2 (sd of the mean: sqrt(1/12 / n) ≈ 0.002), variance 1/12
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.005);
    // each decile: 2000 ± 5·sqrt(2000·0.9) ≈ ±212
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(212);
  });

  it("streamRng is deterministic in its string seed", () => {
    expect(draws(streamRng("x"), 5)).toEqual(draws(streamRng("x"), 5));
    expect(draws(streamRng("x"), 5)).not.toEqual(draws(streamRng("y"), 5));
  });
});
