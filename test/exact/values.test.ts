/**
 * Run-time value errors: both engines accept the same models and reject the
 * same models, naming the same day (issue 6). The Monte Carlo engine never
 * evaluates what docs/semantics.md says is never used (anything for day
 * H + 1), a value drawn at a change is reported on the day it is first used,
 * and NaN in a guard, hazard, weight or outcome is an error everywhere.
 */
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import type { CompiledModel } from "../../src/model/model.js";
import { ScenarioError, toDotPath } from "../../src/scenario/issues.js";
import { day } from "../helpers/engine.js";
import { modelOfSpec, prepareFails, scenarioText, type ScenarioSpec } from "../helpers/scenario.js";

/** The ScenarioError a call throws (failing the test when it throws nothing or something else). */
function errorOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

const mc = (m: CompiledModel, runs = 2_000): unknown => simulateBatch(m, { seed: 3, from: 0, to: runs });
const exact = (m: CompiledModel): unknown => {
  const r = solveExact(m);
  if (!r.ok) throw new Error(r.issue.message);
  return r.result;
};

/** Both engines accept the model. */
function bothAccept(m: CompiledModel): void {
  expect(() => mc(m)).not.toThrow();
  expect(() => exact(m)).not.toThrow();
}

/** Both engines reject the model with the same message but for where (`run N` / `exact solver`); returns it. */
function bothReject(m: CompiledModel): { mc: string; exact: string; path: string } {
  const a = errorOf(() => mc(m));
  const b = errorOf(() => exact(m));
  const ma = a.issues[0]?.message ?? "";
  const mb = b.issues[0]?.message ?? "";
  expect(ma.replace(/run \d+/, "WHERE").replace(/states .*\)$/, "")).toBe(mb.replace("exact solver", "WHERE").replace(/states .*\)$/, ""));
  expect(toDotPath(a.issues[0]?.path ?? [])).toBe(toDotPath(b.issues[0]?.path ?? []));
  return { mc: ma, exact: mb, path: toDotPath(a.issues[0]?.path ?? []) };
}

describe("the horizon: nothing is evaluated for day H + 1", () => {
  it("a hazard out of range only once its state is entered on day H: both accept", () => {
    // a reaches y on day H = 10; b's hazard reads it and would be 1.51 from day 11 on, which never comes.
    const m = modelOfSpec({
      horizon: day(10),
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", delay: { shape: "fixed", days: 10 }, to: "y" }] },
        b: { initial: "s", states: ["s", "t"], transitions: [{ from: "s", hazard: 'in("a.y") ? 1.51 : 0.01', to: "t" }] },
      },
    });
    bothAccept(m);
  });

  it("a hazard of a state entered on day H: both accept", () => {
    const m = modelOfSpec({
      horizon: day(10),
      machines: {
        a: { initial: "x", states: ["x", "y", "z"], transitions: [
          { from: "x", delay: { shape: "fixed", days: 10 }, to: "y" },
          { from: "y", hazard: 'in("b.s") ? 1.51 : 0', to: "z" },
        ] },
        b: { initial: "s", states: ["s"] },
      },
    });
    bothAccept(m);
  });

  it("the same hazard one day earlier: both reject it on day H, the first day it is used", () => {
    const m = modelOfSpec({
      horizon: day(10),
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", delay: { shape: "fixed", days: 9 }, to: "y" }] },
        b: { initial: "s", states: ["s", "t"], transitions: [{ from: "s", hazard: 'in("a.y") ? 1.51 : 0.01', to: "t" }] },
      },
    });
    const e = bothReject(m);
    expect(e.exact).toMatch(/^"in\("a\.y"\) \? 1\.51 : 0\.01" gives 1\.51, not a probability in \[0, 1\] \(scenario "t", exact solver, day 10, states a\.y, b\.s\)$/);
    expect(e.mc).toMatch(/\(scenario "t", run \d+, day 10, states a\.y, b\.s\)$/);
    expect(e.path).toBe("machines.b.transitions[0].hazard");
  });
});

describe("a value changed by another machine is reported on the day it is first read", () => {
  it("a change on day 5 makes a hazard 1.5 from day 6: both say day 6", () => {
    const m = modelOfSpec({
      horizon: day(20),
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", delay: { shape: "fixed", days: 5 }, to: "y" }] },
        b: { initial: "s", states: ["s", "t"], transitions: [{ from: "s", hazard: 'in("a.y") ? 1.5 : 0.1', to: "t" }] },
      },
    });
    const e = bothReject(m);
    expect(e.exact).toMatch(/exact solver, day 6, states a\.y, b\.s\)$/);
  });

  it("a hazard out of range from day 1 on, read at the start: both say day 1", () => {
    const m = modelOfSpec({
      horizon: day(20),
      machines: {
        a: { initial: "x", states: ["x", "y"] },
        b: { initial: "s", states: ["s", "t"], transitions: [{ from: "s", hazard: 'in("a.x") ? -0.5 : 0.1', to: "t" }] },
      },
    });
    expect(bothReject(m).exact).toMatch(/exact solver, day 1, /);
  });
});

describe("a hazard is checked on every day its state is held, even when pre-empted", () => {
  const spec = (hazard: string): ScenarioSpec => ({
    horizon: day(20),
    machines: {
      a: { initial: "x", states: ["x", "y"] },
      // The delay fires on day 1 for sure and comes first, yet the hazard is defined (and out of range) that day.
      b: { initial: "s", states: ["s", "t", "u"], transitions: [
        { from: "s", delay: { shape: "fixed", days: 1 }, to: "t" },
        { from: "s", hazard, to: "u" },
      ] },
    },
  });

  it("a hazard that reads the day (stepped daily in Monte Carlo)", () => {
    expect(bothReject(modelOfSpec(spec("day >= 1 ? 1.5 : 0"))).exact).toMatch(/exact solver, day 1, /);
  });

  it("a hazard that reads only states (a geometric wait in Monte Carlo)", () => {
    expect(bothReject(modelOfSpec(spec('in("a.x") ? 1.5 : 0'))).exact).toMatch(/exact solver, day 1, /);
  });
});

describe("NaN: one rule for compilation, coverage and both engines", () => {
  it("a guard that folds to NaN is a compile-time error at its path", () => {
    const text = scenarioText({
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", when: "log(-1)", to: "b" }] } },
    });
    expect(prepareFails(text).lines).toEqual([
      'f.yaml:21:19: machines.m.transitions[0].when: "log(-1)" gives NaN as a guard, which is neither true nor false',
    ]);
  });

  it("an outcome that folds to NaN is a compile-time error at its path", () => {
    const text = scenarioText({ machines: { m: { initial: "a", states: ["a"] } }, outcomes: [{ id: "o", when: "0 * log(-1)" }] });
    expect(prepareFails(text).issues.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["outcomes[0].when", '"0 * log(-1)" gives NaN as an outcome, which is neither true nor false'],
    ]);
  });

  it("a hazard or weight that folds to NaN is a compile-time error (as any value outside [0, 1])", () => {
    const text = scenarioText({
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "sqrt(-1)", to: "b" }] } },
    });
    expect(prepareFails(text).issues.map((i) => i.message)).toEqual(['a hazard must be a probability in [0, 1]; "sqrt(-1)" gives NaN']);
  });

  it("a guard that gives NaN on day 5: both engines reject it on day 5 (it used to never fire)", () => {
    const m = modelOfSpec({
      horizon: day(10),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", when: "day >= 5 ? log(-1) : 0", to: "b" }] } },
    });
    const e = bothReject(m);
    expect(e.path).toBe("machines.m.transitions[0].when");
    expect(e.exact).toBe('"day >= 5 ? log(-1) : 0" gives NaN as a guard, which is neither true nor false (scenario "t", exact solver, day 5, states m.a)');
    expect(e.mc).toBe('"day >= 5 ? log(-1) : 0" gives NaN as a guard, which is neither true nor false (scenario "t", run 0, day 5, states m.a)');
  });

  it("a NaN hazard at run time: both reject it on the same day", () => {
    const m = modelOfSpec({
      horizon: day(10),
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "day >= 3 ? sqrt(-1) : 0", to: "b" }] } },
    });
    expect(bothReject(m).exact).toMatch(/^"day >= 3 \? sqrt\(-1\) : 0" gives NaN, not a probability in \[0, 1\] \(scenario "t", exact solver, day 3, /);
  });

  it("an outcome that gives NaN in a reachable end state is a coverage error (validate), not a silent no-match", () => {
    const text = scenarioText({
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 0.1, to: "b" }] } },
      outcomes: [{ id: "a", when: 'in("m.a")' }, { id: "b", when: 'in("m.b") ? log(-1) : 0' }],
    });
    expect(prepareFails(text).issues.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["outcomes[1].when", '"in("m.b") ? log(-1) : 0" gives NaN as an outcome, which is neither true nor false (scenario "t", end state m.b)'],
    ]);
  });
});
