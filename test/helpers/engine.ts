/**
 * Test helpers for the engine: tallying the days transitions fire on, and
 * statistical assertions with explicit tolerances.
 */
import { expect } from "vitest";
import { runRng } from "../../src/engine/rng.js";
import { makeScratch, simulateRun, type TraceEvent } from "../../src/engine/run.js";
import type { CompiledModel } from "../../src/model/model.js";
import { dateOfDay } from "../../src/scenario/dates.js";

/** Per run, the day of the first event that `pick` accepts; runs without one are counted in `none`. */
export function firstEventDays(
  model: CompiledModel, seed: number, runs: number, pick: (e: TraceEvent) => boolean,
): { byDay: Map<number, number>; none: number } {
  const sc = makeScratch(model);
  const byDay = new Map<number, number>();
  let none = 0;
  for (let i = 0; i < runs; i++) {
    let day: number | undefined;
    simulateRun(model, runRng(seed, i), sc, i, (e) => {
      if (day === undefined && pick(e)) day = e.day;
    });
    if (day === undefined) none++;
    else byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  return { byDay, none };
}

/** Every event of every run, as `[run, day, from, to, transition id]` rows (for small deterministic models). */
export function allEvents(model: CompiledModel, seed: number, runs: number): [number, number, string, string, string][] {
  const sc = makeScratch(model);
  const out: [number, number, string, string, string][] = [];
  for (let i = 0; i < runs; i++) {
    simulateRun(model, runRng(seed, i), sc, i, (e) => {
      out.push([i, e.day, model.stateNames[e.from] ?? "?", model.stateNames[e.to] ?? "?", e.transition.id]);
    });
  }
  return out;
}

/**
 * Asserts that `count` successes in `n` trials are within `sds` standard
 * errors of probability `p` (exactly `p · n` when p is 0 or 1).
 */
export function expectRate(count: number, n: number, p: number, what: string, sds = 5): void {
  if (p === 0 || p === 1) {
    expect(count, what).toBe(p * n);
    return;
  }
  const se = Math.sqrt((p * (1 - p)) / n);
  const diff = Math.abs(count / n - p);
  expect(diff, `${what}: observed ${count / n}, expected ${p} ± ${sds}·${se}`).toBeLessThanOrEqual(sds * se);
}

/** The `YYYY-MM-DD` date of day `d` from 2026-02-01 (the default start of test scenarios). */
export function day(d: number): string {
  return dateOfDay("2026-02-01", d);
}
