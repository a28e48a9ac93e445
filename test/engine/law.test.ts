/**
 * The engine's law against docs/semantics.md: probabilities computed by hand
 * from the daily definition, compared with seeded Monte Carlo frequencies
 * within 5 standard errors (and exactly where the model is deterministic).
 */
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { allEvents, day, expectRate, firstEventDays } from "../helpers/engine.js";
import { modelOfSpec, simpleModel, stateIdx, type MachineSpec } from "../helpers/scenario.js";

const one = (m: MachineSpec, horizonDay: number): ReturnType<typeof modelOfSpec> =>
  modelOfSpec({ machines: { m }, horizon: day(horizonDay) });

describe("hazards", () => {
  it("a constant daily hazard h over H days fires with probability 1 - (1-h)^H", () => {
    const h = 0.01;
    const H = 100;
    const model = one({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: String(h), to: "b" }] }, H);
    const n = 200_000;
    const t = simulateBatch(model, { seed: 11, from: 0, to: n });
    expectRate(t.finalStates[stateIdx(model, "m.b")] ?? NaN, n, 1 - (1 - h) ** H, "P(fired)");
  });

  it("a hazard that reads the day (stepped daily) has the same law", () => {
    const h = 0.02;
    const H = 60;
    const model = one({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: `${h} + 0 * day`, to: "b" }] }, H);
    const n = 60_000;
    const t = simulateBatch(model, { seed: 12, from: 0, to: n });
    expectRate(t.finalStates[stateIdx(model, "m.b")] ?? NaN, n, 1 - (1 - h) ** H, "P(fired)");
  });

  it("fires on day t with probability h(1-h)^(t-1), never on day 0", () => {
    const h = 0.2;
    const model = one({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: String(h), to: "b" }] }, 30);
    const n = 40_000;
    const { byDay, none } = firstEventDays(model, 13, n, () => true);
    expect(byDay.get(0)).toBeUndefined();
    for (const t of [1, 2, 3, 5, 8]) expectRate(byDay.get(t) ?? 0, n, h * (1 - h) ** (t - 1), `day ${t}`);
    expectRate(none, n, (1 - h) ** 30, "never");
  });

  it("a hazard of 1 fires on day 1 and a hazard of 0 never", () => {
    const sure = one({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "1", to: "b" }] }, 10);
    expect(new Set(allEvents(sure, 1, 50).map((e) => e[1]))).toEqual(new Set([1]));
    const never = one({ initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "0", to: "b" }] }, 10);
    expect(allEvents(never, 1, 50)).toEqual([]);
  });

  it("a hazard that reads another machine uses the start-of-day state (the simple fixture, exactly)", () => {
    // tariff low → high with hazard h while the bill is not passed (read at the start of each day);
    // the bill's window is uniform on days 19…37 and passes with p. Horizon: day 88.
    const p = 0.6;
    const h = 0.02;
    const H = 88;
    let meanSurvive = 0;
    for (let d = 19; d <= 37; d++) meanSurvive += (1 - h) ** d / 19; // hazard still applies on the passing day
    const pHold = p * meanSurvive + (1 - p) * (1 - h) ** H;
    const model = simpleModel();
    expect(model.days).toBe(H);
    const n = 200_000;
    const t = simulateBatch(model, { seed: 14, from: 0, to: n });
    expectRate(t.outcomes[0] ?? NaN, n, pHold, "P(hold)");
    expectRate(t.finalStates[stateIdx(model, "bill.passed")] ?? NaN, n, p, "P(passed)");
  });
});

describe("windows", () => {
  it("a uniform window fires on each of its days with equal frequency", () => {
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", window: { shape: "uniform", from: day(5), to: day(14) }, to: "b" }],
    }, 30);
    const n = 50_000;
    const { byDay, none } = firstEventDays(model, 21, n, () => true);
    expect(none).toBe(0);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    for (const [d, c] of byDay) expectRate(c, n, 0.1, `day ${d}`);
  });

  it("a triangular window follows the weights of docs/format.md", () => {
    // from day 1, mode day 3, to day 7: weights 1/3, 2/3, 1, 4/5, 3/5, 2/5, 1/5 (sum 4)
    const pmf = [1 / 12, 1 / 6, 1 / 4, 1 / 5, 3 / 20, 1 / 10, 1 / 20];
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", window: { shape: "triangular", from: day(1), mode: day(3), to: day(7) }, to: "b" }],
    }, 30);
    const n = 60_000;
    const { byDay } = firstEventDays(model, 22, n, () => true);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    pmf.forEach((p, i) => expectRate(byDay.get(i + 1) ?? 0, n, p, `day ${i + 1}`));
  });

  it("a weighted window uses its relative weights", () => {
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", window: { shape: "weighted", weights: { [day(9)]: 1, [day(4)]: "3" } }, to: "b" }],
    }, 30);
    const n = 20_000;
    const { byDay } = firstEventDays(model, 23, n, () => true);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([4, 9]);
    expectRate(byDay.get(4) ?? 0, n, 0.75, "day 4");
  });

  it("is restricted to days after the state's entry, renormalised", () => {
    // a → b on day 8 (fixed delay); b's window covers days 5…14, so c comes uniformly on days 9…14.
    const model = one({
      initial: "a", states: ["a", "b", "c"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 8 }, to: "b" },
        { from: "b", window: { shape: "uniform", from: day(5), to: day(14) }, to: "c" },
      ],
    }, 30);
    const n = 30_000;
    const { byDay, none } = firstEventDays(model, 24, n, (e) => model.stateNames[e.to] === "m.c");
    expect(none).toBe(0);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([9, 10, 11, 12, 13, 14]);
    for (const [d, c] of byDay) expectRate(c, n, 1 / 6, `day ${d}`);
  });

  it("never fires when the window ended before the entry, and excludes day 0", () => {
    const past = one({
      initial: "a", states: ["a", "b", "c"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 8 }, to: "b" },
        { from: "b", window: { shape: "uniform", from: day(2), to: day(8) }, to: "c" },
      ],
    }, 30);
    expect(simulateBatch(past, { seed: 1, from: 0, to: 500 }).finalStates[stateIdx(past, "m.b")]).toBe(500);
    const fromStart = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", window: { shape: "uniform", from: day(0), to: day(3) }, to: "b" }],
    }, 30);
    const n = 30_000;
    const { byDay } = firstEventDays(fromStart, 25, n, () => true);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    for (const [d, c] of byDay) expectRate(c, n, 1 / 3, `day ${d}`);
  });

  it("a date past the horizon never fires", () => {
    // uniform on days 50…70 (21 days), horizon day 59: fires on 50…59 only
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", window: { shape: "uniform", from: day(50), to: day(70) }, to: "b" }],
    }, 59);
    const n = 40_000;
    const { byDay, none } = firstEventDays(model, 26, n, () => true);
    expect(Math.max(...byDay.keys())).toBe(59);
    expectRate(none, n, 11 / 21, "never");
  });
});

describe("delays", () => {
  it("a fixed delay fires exactly that many days after entry", () => {
    const model = one({
      initial: "a", states: ["a", "b", "c"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 3 }, to: "b" },
        { from: "b", delay: { shape: "fixed", days: "2 * 2" }, to: "c" },
      ],
    }, 30);
    expect(allEvents(model, 1, 3).map((e) => [e[0], e[1], e[3]])).toEqual([
      [0, 3, "m.b"], [0, 7, "m.c"], [1, 3, "m.b"], [1, 7, "m.c"], [2, 3, "m.b"], [2, 7, "m.c"],
    ]);
  });

  it("a uniform delay counts from the entry day, inclusive bounds", () => {
    const model = one({
      initial: "a", states: ["a", "b", "c"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 3 }, to: "b" },
        { from: "b", delay: { shape: "uniform", min: 2, max: 4 }, to: "c" },
      ],
    }, 30);
    const n = 30_000;
    const { byDay } = firstEventDays(model, 31, n, (e) => model.stateNames[e.to] === "m.c");
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([5, 6, 7]);
    for (const [d, c] of byDay) expectRate(c, n, 1 / 3, `day ${d}`);
  });

  it("a weighted delay uses its relative weights", () => {
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [{ from: "a", delay: { shape: "weighted", weights: { "14": 3, "7": 1 } }, to: "b" }],
    }, 30);
    const n = 20_000;
    const { byDay } = firstEventDays(model, 32, n, () => true);
    expect([...byDay.keys()].sort((a, b) => a - b)).toEqual([7, 14]);
    expectRate(byDay.get(7) ?? 0, n, 0.25, "day 7");
  });

  it("re-entering the source restarts the clock", () => {
    // a → a every 5 days pre-empts the 7-day delay to b, which is drawn anew at each entry.
    const model = one({
      initial: "a", states: ["a", "b"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 5 }, to: "a" },
        { from: "a", delay: { shape: "fixed", days: 7 }, to: "b" },
      ],
    }, 22);
    expect(allEvents(model, 1, 1).map((e) => [e[1], e[2], e[3]])).toEqual([
      [5, "m.a", "m.a"], [10, "m.a", "m.a"], [15, "m.a", "m.a"], [20, "m.a", "m.a"],
    ]);
  });
});

describe("branches", () => {
  it("draws the target from the branch weights", () => {
    const model = one({
      initial: "a", states: ["a", "b", "c", "d"],
      transitions: [{ from: "a", hazard: "1", to: [{ to: "b", weight: "0.2" }, { to: "c", weight: 0.5 }, { to: "d", otherwise: true }] }],
    }, 5);
    const n = 50_000;
    const t = simulateBatch(model, { seed: 41, from: 0, to: n });
    expectRate(t.finalStates[stateIdx(model, "m.b")] ?? NaN, n, 0.2, "b");
    expectRate(t.finalStates[stateIdx(model, "m.c")] ?? NaN, n, 0.5, "c");
    expectRate(t.finalStates[stateIdx(model, "m.d")] ?? NaN, n, 0.3, "d");
  });

  it("never takes a branch of weight 0", () => {
    const model = one({
      initial: "a", states: ["a", "b", "c"],
      transitions: [{ from: "a", hazard: "1", to: [{ to: "b", weight: 0 }, { to: "c", otherwise: true }] }],
    }, 5);
    expect(simulateBatch(model, { seed: 42, from: 0, to: 5000 }).finalStates[stateIdx(model, "m.c")]).toBe(5000);
  });

  it("evaluates dynamic weights against the state when the transition fires", () => {
    // b is taken with weight 0.9 when x has already moved (day 3), 0.1 otherwise.
    const model = modelOfSpec({
      horizon: day(10),
      machines: {
        x: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: 3 }, to: "b" }] },
        y: {
          initial: "s", states: ["s", "hi", "lo"],
          transitions: [{ from: "s", delay: { shape: "fixed", days: 5 }, to: [{ to: "hi", weight: 'in("x.b") ? 0.9 : 0.1' }, { to: "lo", otherwise: true }] }],
        },
      },
    });
    const n = 20_000;
    const t = simulateBatch(model, { seed: 43, from: 0, to: n });
    expectRate(t.finalStates[stateIdx(model, "y.hi")] ?? NaN, n, 0.9, "hi");
  });
});

describe("priority: transitions due the same day", () => {
  const race = (first: string, second: string): MachineSpec => ({
    initial: "a", states: ["a", "x", "y"],
    transitions: [
      { from: "a", delay: { shape: "fixed", days: 5 }, to: first },
      { from: "a", delay: { shape: "fixed", days: 5 }, to: second },
    ],
  });

  it("the first declared of two equal fixed delays wins", () => {
    const xy = one(race("x", "y"), 10);
    expect(simulateBatch(xy, { seed: 1, from: 0, to: 300 }).finalStates[stateIdx(xy, "m.x")]).toBe(300);
    const yx = one(race("y", "x"), 10);
    expect(simulateBatch(yx, { seed: 1, from: 0, to: 300 }).finalStates[stateIdx(yx, "m.y")]).toBe(300);
    expect(allEvents(xy, 1, 1).map((e) => e[4])).toEqual(["m#0"]);
  });

  it("a window due the same day as an earlier-declared delay loses", () => {
    const model = one({
      initial: "a", states: ["a", "x", "y"],
      transitions: [
        { from: "a", delay: { shape: "fixed", days: 4 }, to: "x" },
        { from: "a", window: { shape: "weighted", weights: { [day(4)]: 1 } }, to: "y" },
      ],
    }, 10);
    expect(simulateBatch(model, { seed: 1, from: 0, to: 300 }).finalStates[stateIdx(model, "m.x")]).toBe(300);
  });

  it("two daily hazards: the first fires with q1, the second with q2(1-q1) each day", () => {
    // Over a long horizon: P(first wins) = q1 / (1 - (1-q1)(1-q2)) = 0.3 / 0.51.
    const model = one({
      initial: "a", states: ["a", "x", "y"],
      transitions: [{ from: "a", hazard: "0.3", to: "x" }, { from: "a", hazard: "0.3", to: "y" }],
    }, 200);
    const n = 100_000;
    const t = simulateBatch(model, { seed: 51, from: 0, to: n });
    expectRate(t.finalStates[stateIdx(model, "m.x")] ?? NaN, n, 0.3 / 0.51, "first");
    expectRate(t.finalStates[stateIdx(model, "m.y")] ?? NaN, n, 0.21 / 0.51, "second");
  });
});
