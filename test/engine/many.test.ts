/**
 * Many machines (past the 31 that a bit mask of watchers holds): the event
 * calendar and the reader lists wake exactly the machines a change concerns,
 * in the same order and with the same draws as scanning every machine.
 */
import { describe, expect, it } from "vitest";
import { replayRun, simulateBatch } from "../../src/engine/simulate.js";
import { day } from "../helpers/engine.js";
import { bernsteinHalfWidth } from "../helpers/agreement.js";
import { modelOfSpec, type MachineSpec } from "../helpers/scenario.js";

const name = (k: number): string => `m${String(k).padStart(2, "0")}`;

describe("40 machines", () => {
  it("a chain of hazards, each reading the machine before it, moves one machine a day", () => {
    // m00 moves on day 5; m(k) has hazard 1 once m(k-1) has moved, so it moves on day 5 + k.
    const machines: Record<string, MachineSpec> = {
      [name(0)]: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 5 }, to: "b" }] },
    };
    for (let k = 1; k < 40; k++) {
      machines[name(k)] = { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: `in("${name(k - 1)}.b") ? 1 : 0`, to: "b" }] };
    }
    const model = modelOfSpec({ horizon: day(60), machines });
    const events = replayRun(model, 1, 0).events.map((e) => [e.day, model.machineIds[e.machine]]);
    expect(events).toEqual(Array.from({ length: 40 }, (_, k) => [5 + k, name(k)]));
    expect(simulateBatch(model, { seed: 2, from: 0, to: 50 }).finalStates.filter((c) => c === 50)).toHaveLength(40);
  });

  it("20 pairs: each watcher's hazard switches on the day after its machine changes (closed form)", () => {
    // x(k) moves on day 3; y(k) has hazard 0.2 from day 4 on, so by day 10: 1 - 0.8^7. Names interleave
    // so that watchers and watched sit on both sides of machine index 31.
    const machines: Record<string, MachineSpec> = {};
    for (let k = 0; k < 20; k++) {
      machines[`x${String(k).padStart(2, "0")}`] = { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 3 }, to: "b" }] };
      machines[`w${String(19 - k).padStart(2, "0")}`] = { initial: "a", states: ["a", "b"], transitions: [
        { from: "a", hazard: `in("x${String(k).padStart(2, "0")}.b") ? 0.2 : 0`, to: "b" },
      ] };
    }
    const model = modelOfSpec({ horizon: day(10), machines });
    const runs = 4_000;
    const t = simulateBatch(model, { seed: 5, from: 0, to: runs });
    const p = 1 - 0.8 ** 7;
    for (let k = 0; k < 20; k++) {
      const moved = t.finalStates[model.stateNames.indexOf(`w${String(k).padStart(2, "0")}.b`)] ?? 0;
      expect(Math.abs(moved - runs * p)).toBeLessThanOrEqual(bernsteinHalfWidth(runs, p, 1e-9));
    }
  });
});
