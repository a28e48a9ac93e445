/**
 * Step bounds: a loop of either engine that a bug could send round for ever
 * (a window drawn a day early once hung the suite for 14 minutes, where no
 * test timeout can stop it) fails at once with a loud internal error. The
 * models here are broken by hand, as a bug would break them.
 */
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import { dayDist } from "../../src/model/distributions.js";
import type { CompiledModel } from "../../src/model/model.js";
import { day } from "../helpers/engine.js";
import { modelOfSpec, stateIdx, transitionOut } from "../helpers/scenario.js";

describe("step bounds", () => {
  it("a run whose next event is due today (a delay of 0 days) stops with an internal error, not a hang", () => {
    const ok = modelOfSpec({
      horizon: day(30),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [
        { from: "a", delay: { shape: "fixed", days: 2 }, to: "b" },
        { from: "b", delay: { shape: "fixed", days: 2 }, to: "a" },
      ] } },
    });
    // What a bug drawing a delay one day short would do: due on the day of entry.
    const broken: CompiledModel = {
      ...ok,
      timed: ok.timed.map((ts) => ts.map((t) => ({ ...t, trigger: { kind: "delay" as const, dist: dayDist(0, [1]) } }))),
    };
    expect(() => simulateBatch(broken, { seed: 1, from: 0, to: 1 })).toThrow(
      /^internal: run 0 exceeded its step bound \(30 days; machine "m" is due on day 0, not after day 0\)$/);
  });

  it("immediate transitions that cycle (past the rules' check) stop both engines with an internal error", () => {
    const model = modelOfSpec({
      horizon: day(5),
      machines: { m: { initial: "a", states: ["a", "b", "c"], transitions: [
        { from: "a", when: true, to: "b" },
        { from: "b", when: true, to: "c" },
      ] } },
    });
    // b → c becomes b → a: a cycle the rules would have rejected.
    transitionOut(model, "m.b", true).targets[0] = stateIdx(model, "m.a");
    expect(() => simulateBatch(model, { seed: 1, from: 0, to: 1 })).toThrow(
      /^internal: run 0 exceeded its step bound \(4 immediate rounds on day 0\)$/);
    expect(() => solveExact(model)).toThrow(/^internal: the exact solver exceeded its step bound \(4 immediate rounds on day 0\)$/);
  });
});
