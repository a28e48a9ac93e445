/**
 * Successive estimatePoints calls that share an EstimateState (the progress
 * bar's batches, a worker's slice in batches) give what one call gives, bit
 * for bit, and the shared Resolver replays its tape across calls instead of
 * solving each call's first point cold.
 */
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/io.js";
import { estimatePoints, newEstimateState, resolveEstimator } from "../../src/sensitivity/estimate.js";
import { KOREA } from "../helpers/scenario.js";

describe("EstimateState", () => {
  it("batches sharing a state equal one call, and every batch after the first replays the tape", () => {
    const loaded = loadScenarioFile(KOREA);
    if (!loaded.ok) throw new Error("the shipped scenario must load");
    const sc = loaded.scenario;
    const points = [0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.85, 0.9].map((v) => new Map([["p_struck_down", v], ["h_ruling", 0.01 + v / 100]]));
    const o = resolveEstimator({ method: "exact" });
    const whole = estimatePoints(sc, points, o);
    const state = newEstimateState(sc);
    const parts = [points.slice(0, 3), points.slice(3, 5), points.slice(5)].map((p) => estimatePoints(sc, p, o, state));
    expect(parts.every((p) => p.ok)).toBe(true);
    expect(parts.flatMap((p) => (p.ok ? p.value.results : []))).toEqual(whole.ok ? whole.value.results : []);
    // 8 points, one recorded solve: the other 7 replayed, across the three calls.
    expect(state.resolver.replayed).toBe(points.length - 1);
  });
});
