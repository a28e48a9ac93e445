/**
 * Paths and sample runs (src/analysis/paths.ts): every count checked run by
 * run against `replayRun`, the outcome filter against `simulateBatch`, the
 * memory cap's remainder, and the order of the top paths.
 */
import { describe, expect, it } from "vitest";
import { MAX_PATH_STEPS, PathsAccumulator, pathsOfChunk, SEVERAL_OUTCOMES, TRUNCATED, tallyPaths, topPaths } from "../../src/analysis/paths.js";
import { SamplesAccumulator, samplesOfChunk, sampleRuns } from "../../src/analysis/samples.js";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import type { CompiledModel } from "../../src/model/model.js";
import { wilson } from "../../src/engine/stats.js";
import { koreaScenario, modelOfSpec, prepareOk } from "../helpers/scenario.js";
import { day } from "../helpers/engine.js";

function korea(): CompiledModel {
  const sc = koreaScenario();
  if (sc === undefined) throw new Error("the shipped scenario does not load");
  return prepareOk(sc);
}

/** The path of run `i` as replayRun sees it: the states entered, of the given machines. */
function replayedKey(model: CompiledModel, seed: number, i: number, machines?: readonly number[]): string {
  return replayRun(model, seed, i).events.filter((e) => machines === undefined || machines.includes(e.machine)).map((e) => e.to).join(",");
}

describe("tallyPaths", () => {
  const model = korea();
  const seed = 11;
  const runs = 600;

  it("counts each run's sequence of states entered, exactly as replayRun records it", () => {
    const t = tallyPaths(model, { seed, runs });
    const expected = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const k = replayedKey(model, seed, i);
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const got = new Map(t.paths.map((p) => [p.steps.join(","), p.count]));
    expect(got).toEqual(expected);
    expect(t.counted).toBe(runs);
    expect(t.untracked).toBe(0);
    // A path over every machine fixes the outcome, and firstRun is a run that took it.
    for (const p of t.paths) {
      expect(p.outcome).not.toBe(SEVERAL_OUTCOMES);
      expect(replayRun(model, seed, p.firstRun).outcome).toBe(p.outcome);
      expect(replayedKey(model, seed, p.firstRun)).toBe(p.steps.join(","));
    }
  });

  it("restricted to an outcome, counts exactly the runs ending in it", () => {
    const o = model.outcomes.findIndex((x) => x.id === "increase_suspended");
    const t = tallyPaths(model, { seed, runs: 5_000, outcome: o });
    expect(t.counted).toBe(simulateBatch(model, { seed, from: 0, to: 5_000 }).outcomes[o]);
    expect(t.counted).toBeGreaterThan(0);
    expect(t.paths.every((p) => p.outcome === o)).toBe(true);
    expect(t.paths.reduce((a, p) => a + p.count, 0)).toBe(t.counted);
  });

  it("restricted to machines, keeps only their changes", () => {
    const m = [model.machineIds.indexOf("assembly"), model.machineIds.indexOf("washington")];
    const t = tallyPaths(model, { seed, runs: 300, machines: m });
    const expected = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const k = replayedKey(model, seed, i, m);
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(new Map(t.paths.map((p) => [p.steps.join(","), p.count]))).toEqual(expected);
    expect(t.paths.every((p) => p.steps.every((s) => m.includes(model.stateMachine[s] ?? -1)))).toBe(true);
  });

  it("past maxPaths, runs of paths first met later are untracked, and counts still add up", () => {
    const full = tallyPaths(model, { seed, runs });
    const capped = tallyPaths(model, { seed, runs, maxPaths: 5 });
    expect(capped.paths).toHaveLength(5);
    // The first five paths met, with their exact counts.
    expect(capped.paths.map((p) => [p.steps.join(","), p.count])).toEqual(full.paths.slice(0, 5).map((p) => [p.steps.join(","), p.count]));
    expect(capped.untracked).toBe(runs - capped.paths.reduce((a, p) => a + p.count, 0));
    expect(capped.untracked).toBeGreaterThan(0);
  });

  it("cuts a path at MAX_PATH_STEPS changes and marks it", () => {
    // A machine that flips every day: ~60 changes over 60 days... then 100 days: more than the cap.
    const m = modelOfSpec({
      horizon: day(100),
      machines: { x: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 1, to: "b" }, { from: "b", hazard: 1, to: "a" }] } },
    });
    const t = tallyPaths(m, { seed: 1, runs: 3 });
    expect(t.paths).toHaveLength(1);
    expect(t.paths[0]?.steps).toHaveLength(MAX_PATH_STEPS + 1);
    expect(t.paths[0]?.steps.at(-1)).toBe(TRUNCATED);
    expect(t.truncated).toBe(3);
  });
});

describe("topPaths", () => {
  it("sorts by count (ties by first run), with Wilson intervals, and a remainder that adds up", () => {
    const model = korea();
    const t = tallyPaths(model, { seed: 3, runs: 2_000 });
    const top = topPaths(t, 4);
    expect(top.top.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    const counts = [...t.paths].map((p) => p.count).sort((a, b) => b - a);
    expect(top.top.map((p) => p.count)).toEqual(counts.slice(0, 4));
    for (let i = 1; i < top.top.length; i++) {
      const a = top.top[i - 1];
      const b = top.top[i];
      if (a !== undefined && b !== undefined && a.count === b.count) expect(a.firstRun).toBeLessThan(b.firstRun);
    }
    for (const p of top.top) {
      expect(p.share).toBe(p.count / 2_000);
      expect(p.ci95).toEqual(wilson(p.count, 2_000));
    }
    expect(top.other.count + top.top.reduce((a, p) => a + p.count, 0)).toBe(2_000);
    expect(top.other.paths).toBe(t.paths.length - 4);
  });
});

describe("sampleRuns", () => {
  it("gives the first runs by index ending in the outcome, each as replayRun shows it", () => {
    const model = korea();
    const o = model.outcomes.findIndex((x) => x.id === "rolled_back_after_raise");
    const s = sampleRuns(model, { seed: 5, outcome: o, count: 3, maxRuns: 100_000 });
    expect(s.runs).toHaveLength(3);
    const expected: number[] = [];
    for (let i = 0; expected.length < 3; i++) if (replayRun(model, 5, i).outcome === o) expected.push(i);
    expect(s.runs.map((r) => r.run)).toEqual(expected);
    expect(s.searched).toBe((expected.at(-1) ?? 0) + 1);
    for (const r of s.runs) {
      const replay = replayRun(model, 5, r.run);
      expect(r.events.map((e) => [e.day, e.machine, e.from, e.to, e.transition])).toEqual(
        replay.events.map((e) => [e.day, e.machine, e.from, e.to, e.transition.id]));
      expect(r.finalStates).toEqual(replay.finalStates);
    }
  });

  it("stops at maxRuns with what it found", () => {
    const model = korea();
    const s = sampleRuns(model, { seed: 5, outcome: undefined, count: 1_000, maxRuns: 7 });
    expect(s.runs.map((r) => r.run)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.searched).toBe(7);
  });
});

describe("chunks taken in run order (the threads' way)", () => {
  const model = korea();
  const o = model.outcomes.findIndex((x) => x.id === "rolled_back_after_raise");

  /** The tally of runs [0, runs) added in chunks of `size`. */
  function chunked(runs: number, size: number, maxPaths: number, outcome?: number): ReturnType<PathsAccumulator["tally"]> {
    const acc = new PathsAccumulator(maxPaths);
    for (let from = 0; from < runs; from += size) acc.add(pathsOfChunk(model, { seed: 3, outcome }, from, Math.min(runs, from + size)));
    return acc.tally();
  }

  it("paths: any chunking gives the tally of chunks of one run (one pass in run order), caps and outcome filters included", () => {
    for (const [maxPaths, outcome] of [[10_000, undefined], [7, undefined], [3, o]] as const) {
      const one = chunked(1_500, 1, maxPaths, outcome);
      if (maxPaths < 10_000) expect(one.untracked).toBeGreaterThan(0); // the cap bites, so the order matters
      for (const size of [2, 7, 64, 4096]) expect(chunked(1_500, size, maxPaths, outcome), `chunks of ${size}, cap ${maxPaths}`).toEqual(one);
    }
    expect(chunked(1_500, 64, 10_000)).toEqual(tallyPaths(model, { seed: 3, runs: 1_500 }));
  });

  it("paths: a chunk out of order is refused", () => {
    const acc = new PathsAccumulator();
    acc.add(pathsOfChunk(model, { seed: 3, outcome: undefined }, 0, 10));
    expect(() => acc.add(pathsOfChunk(model, { seed: 3, outcome: undefined }, 20, 30))).toThrow(/internal/);
  });

  it("samples: any chunking finds the same runs and the same runs searched as chunks of one run", () => {
    const take = (size: number, count: number, maxRuns: number) => {
      const acc = new SamplesAccumulator(count);
      for (let from = 0; from < maxRuns && !acc.done; from += size) {
        const to = Math.min(maxRuns, from + size);
        acc.add(samplesOfChunk(model, { seed: 5, outcome: o, count }, from, to), to);
      }
      return acc.samples();
    };
    for (const [count, maxRuns] of [[4, 50_000], [1_000, 3_000]] as const) {
      const one = take(1, count, maxRuns);
      for (const size of [3, 100, 4096]) expect(take(size, count, maxRuns), `chunks of ${size}`).toEqual(one);
    }
    expect(take(100, 4, 50_000)).toEqual(sampleRuns(model, { seed: 5, outcome: o, count: 4, maxRuns: 50_000 }));
  });
});

describe("chunk results cross threads", () => {
  it("a chunk's paths and sample runs survive structured cloning (posted by worker threads) unchanged", () => {
    // Found by a test campaign: sample runs held the compiled transition (functions), which no worker could post.
    const model = korea();
    const samples = samplesOfChunk(model, { seed: 5, outcome: undefined, count: 20 }, 0, 50);
    expect(samples.length).toBe(20);
    expect(samples.some((r) => r.events.length > 0)).toBe(true);
    expect(structuredClone(samples)).toEqual(samples);
    const paths = pathsOfChunk(model, { seed: 5, outcome: undefined }, 0, 200);
    expect(structuredClone(paths)).toEqual(paths);
  });
});
