/**
 * The day's two phases (docs/semantics.md): the timed phase against the
 * start-of-day snapshot, then rounds of immediate (`when`) transitions, each
 * round against the snapshot at its start; and run-time errors.
 */
import { describe, expect, it } from "vitest";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import type { CompiledModel } from "../../src/model/model.js";
import { ScenarioError, toDotPath } from "../../src/scenario/issues.js";
import { allEvents, day } from "../helpers/engine.js";
import { modelOfSpec, stateIdx } from "../helpers/scenario.js";

/** A replay's events as `day machine: from → to (transition)` lines. */
function story(model: CompiledModel, seed: number, run: number): string[] {
  return replayRun(model, seed, run).events.map((e) =>
    `${e.day} ${model.machineIds[e.machine] ?? "?"}: ${model.stateNames[e.from] ?? "?"} → ${model.stateNames[e.to] ?? "?"} (${e.transition.id})`);
}

function finalNames(model: CompiledModel, seed: number, run: number): string[] {
  return replayRun(model, seed, run).finalStates.map((s) => model.stateNames[s] ?? "?");
}

describe("the immediate phase", () => {
  it("runs in rounds, each against the snapshot at the start of the round", () => {
    // Round 1: x a→b, and y sees x still in a (snapshot) so it moves too. Round 2: x b→c.
    const model = modelOfSpec({
      horizon: day(5),
      machines: {
        x: { initial: "a", states: ["a", "b", "c"], transitions: [
          { id: "ab", from: "a", when: true, to: "b" },
          { id: "bc", from: "b", when: true, to: "c" },
        ] },
        y: { initial: "s0", states: ["s0", "s1"], transitions: [{ id: "y1", from: "s0", when: 'in("x.a")', to: "s1" }] },
      },
    });
    expect(story(model, 1, 0)).toEqual([
      "0 x: x.a → x.b (ab)",
      "0 y: y.s0 → y.s1 (y1)",
      "0 x: x.b → x.c (bc)",
    ]);
    expect(finalNames(model, 1, 0)).toEqual(["x.c", "y.s1"]);
  });

  it("lets a machine react in a later round to a state another machine passed through", () => {
    const model = modelOfSpec({
      horizon: day(5),
      machines: {
        x: { initial: "a", states: ["a", "b", "c"], transitions: [
          { from: "a", when: true, to: "b" },
          { from: "b", when: true, to: "c" },
        ] },
        y: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", when: 'in("x.b")', to: "s1" }] },
      },
    });
    expect(story(model, 1, 0)).toEqual([
      "0 x: x.a → x.b (x#0)",
      "0 x: x.b → x.c (x#1)",
      "0 y: y.s0 → y.s1 (y#0)",
    ]);
  });

  it("takes the first `when` transition (in file order) whose guard holds", () => {
    const model = modelOfSpec({
      horizon: day(5),
      machines: { m: { initial: "a", states: ["a", "b", "c", "d"], transitions: [
        { from: "a", when: "false", to: "d" },
        { from: "a", when: "1 > 0", to: "c" },
        { from: "a", when: true, to: "b" },
      ] } },
    });
    expect(story(model, 1, 0)).toEqual(["0 m: m.a → m.c (m#1)"]);
  });

  it("follows the timed phase of the same day", () => {
    const model = modelOfSpec({
      horizon: day(10),
      machines: {
        x: { initial: "a", states: ["a", "b", "c"], transitions: [
          { from: "a", delay: { shape: "fixed", days: 3 }, to: "b" },
          { from: "b", when: true, to: "c" },
        ] },
        y: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", when: 'visited("x.b")', to: "s1" }] },
      },
    });
    expect(story(model, 1, 0)).toEqual([
      "3 x: x.a → x.b (x#0)",
      "3 x: x.b → x.c (x#1)",
      "3 y: y.s0 → y.s1 (y#0)",
    ]);
  });

  it("fires a guard `day >= date(...)` exactly on that date", () => {
    // 2026-03-01 is day 28 from 2026-02-01; nothing else in the model is timed.
    const model = modelOfSpec({
      horizon: day(40),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", when: 'day >= date("2026-03-01")', to: "b" }] } },
    });
    for (const run of [0, 1, 2]) expect(story(model, 9, run)).toEqual(["28 m: m.a → m.b (m#0)"]);
  });

  it("fires a guard on daysInState counted from the entry day", () => {
    const model = modelOfSpec({
      horizon: day(20),
      machines: { m: { initial: "a", states: ["a", "b", "c"], transitions: [
        { from: "a", delay: { shape: "fixed", days: 3 }, to: "b" },
        { from: "b", when: "daysInState >= 4", to: "c" },
      ] } },
    });
    expect(story(model, 1, 0)).toEqual(["3 m: m.a → m.b (m#0)", "7 m: m.b → m.c (m#1)"]);
  });

  it("does not fire a guard that first holds after the horizon", () => {
    const model = modelOfSpec({
      horizon: day(27),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", when: 'day >= date("2026-03-01")', to: "b" }] } },
    });
    expect(story(model, 1, 0)).toEqual([]);
    expect(finalNames(model, 1, 0)).toEqual(["m.a"]);
  });
});

describe("the timed phase", () => {
  it("fires nothing timed on day 0, and a state entered on day t from day t + 1", () => {
    const model = modelOfSpec({
      horizon: day(10),
      machines: { m: { initial: "a", states: ["a", "b", "c", "d", "e"], transitions: [
        { from: "a", when: true, to: "b" },
        { from: "b", hazard: 1, to: "c" },
        { from: "c", delay: { shape: "fixed", days: 1 }, to: "d" },
        { from: "d", hazard: "1 + 0 * day", to: "e" },
      ] } },
    });
    expect(story(model, 1, 0)).toEqual([
      "0 m: m.a → m.b (m#0)",
      "1 m: m.b → m.c (m#1)",
      "2 m: m.c → m.d (m#2)",
      "3 m: m.d → m.e (m#3)",
    ]);
  });

  it("decides every machine against the start-of-day snapshot", () => {
    // Both are due on day 1; y's hazard reads x, which is still in `a` at the start of day 1.
    for (const hazard of ['in("x.a") ? 1 : 0', 'in("x.a") and day >= 0 ? 1 : 0']) {
      const model = modelOfSpec({
        horizon: day(5),
        machines: {
          x: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 1, to: "b" }] },
          y: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", hazard, to: "s1" }] },
        },
      });
      expect(story(model, 1, 0), hazard).toEqual(["1 x: x.a → x.b (x#0)", "1 y: y.s0 → y.s1 (y#0)"]);
    }
  });

  it("re-evaluates a hazard when a machine it reads changes, from the next day on", () => {
    // y's hazard is 0 while x is in `a` and 1 once x is in `b`: x moves on day 4, so y fires on day 5.
    const model = modelOfSpec({
      horizon: day(10),
      machines: {
        x: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 4 }, to: "b" }] },
        y: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", hazard: 'in("x.b") ? 1 : 0', to: "s1" }] },
      },
    });
    for (const run of [0, 1, 2]) {
      expect(story(model, 3, run)).toEqual(["4 x: x.a → x.b (x#0)", "5 y: y.s0 → y.s1 (y#0)"]);
    }
  });
});

describe("replayRun", () => {
  it("records the transition and the days, and ends in the outcome the batch counts", () => {
    const model = modelOfSpec({
      horizon: day(30),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ id: "go", from: "a", hazard: 0.1, to: "b" }] } },
      outcomes: [{ id: "stay", when: 'in("m.a")' }, { id: "went", when: 'in("m.b")' }],
    });
    let seen = 0;
    for (let run = 0; run < 40; run++) {
      const r = replayRun(model, 2, run);
      expect(r.run).toBe(run);
      const went = r.finalStates[0] === stateIdx(model, "m.b");
      expect(r.outcome).toBe(went ? 1 : 0);
      expect(r.events.length).toBe(went ? 1 : 0);
      if (went) {
        seen++;
        expect(r.events[0]?.transition.id).toBe("go");
        expect(r.events[0]?.day).toBeGreaterThanOrEqual(1);
        expect(r.events[0]?.day).toBeLessThanOrEqual(30);
      }
    }
    expect(seen).toBeGreaterThan(20); // 1 - 0.9^30 ≈ 96% of runs
  });
});

describe("run-time errors", () => {
  const outOfRange = modelOfSpec({
    horizon: day(20),
    machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "day > 10 ? 1.5 : 0", to: "b" }] } },
  });

  it("a dynamic hazard outside [0, 1] is a ScenarioError naming the run, day and field", () => {
    let caught: unknown;
    try {
      simulateBatch(outOfRange, { seed: 1, from: 5, to: 9 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    if (!(caught instanceof ScenarioError)) return;
    expect(caught.issues).toHaveLength(1);
    const i = caught.issues[0];
    expect(i?.code).toBe("range");
    expect(toDotPath(i?.path ?? [])).toBe("machines.m.transitions[0].hazard");
    expect(i?.message).toBe('"day > 10 ? 1.5 : 0" gives 1.5, not a probability in [0, 1] (scenario "t", run 5, day 11, states m.a)');
  });

  it("names the replayed run", () => {
    expect(() => replayRun(outOfRange, 1, 7)).toThrow(/\brun 7, day 11\b/);
  });

  it("dynamic branch weights that do not sum to 1 are a ScenarioError", () => {
    const model = modelOfSpec({
      horizon: day(20),
      machines: { m: { initial: "a", states: ["a", "b", "c"], transitions: [
        { from: "a", delay: { shape: "fixed", days: 6 }, to: [{ to: "b", weight: "day > 3 ? 0.8 : 0.5" }, { to: "c", weight: 0.5 }] },
      ] } },
    });
    let caught: unknown;
    try {
      simulateBatch(model, { seed: 1, from: 3, to: 4 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    if (caught instanceof ScenarioError) {
      expect(caught.issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["weights", "machines.m.transitions[0].to"]]);
      expect(caught.issues[0]?.message).toMatch(/^branch weights sum to 1\.3, not 1 \(scenario "t", run 3, day 6, /);
    }
  });

  it("accepts a dynamic hazard that stays in [0, 1]", () => {
    const model = modelOfSpec({
      horizon: day(20),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "day / 20", to: "b" }] } },
    });
    expect(simulateBatch(model, { seed: 1, from: 0, to: 200 }).runs).toBe(200);
    expect(allEvents(model, 1, 200).every((e) => e[1] >= 1 && e[1] <= 20)).toBe(true);
  });
});
