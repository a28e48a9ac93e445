import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import type { EvalFrame } from "../../src/model/frame.js";
import type { CompiledModel } from "../../src/model/model.js";
import { compileModel } from "../../src/model/compile.js";
import {
  loadOk, modelOfSpec, scenarioText, simpleModel, simpleText, stateIdx, transitionOut, type MachineSpec, type ScenarioSpec,
} from "../helpers/scenario.js";

// Machines and states deliberately written out of alphabetical order.
const zeta: MachineSpec = {
  initial: "z2",
  states: ["z2", "z1"],
  transitions: [{ from: ["z2"], hazard: 'in("alpha.a") ? 0.05 : 0.001', to: "z1" }],
};
const alpha: MachineSpec = {
  initial: "b",
  states: ["c", "b", "a"],
  transitions: [
    { from: ["b", "c"], window: { shape: "uniform", from: "2026-02-05", to: "2026-02-09" }, to: [{ to: "a", weight: "0.25" }, { to: "c", otherwise: true }] },
  ],
};
const outcomes: ScenarioSpec["outcomes"] = [
  { id: "z1", when: 'in("zeta.z1")' },
  { id: "z2", when: 'in("zeta.z2")' },
];

describe("compileModel: names to sorted indices", () => {
  const model = modelOfSpec({ machines: { zeta, alpha }, outcomes });

  it("sorts machines and, within each, states by id", () => {
    expect(model.machineIds).toEqual(["alpha", "zeta"]);
    expect(model.stateNames).toEqual(["alpha.a", "alpha.b", "alpha.c", "zeta.z1", "zeta.z2"]);
    expect(Array.from(model.stateOffset)).toEqual([0, 3, 5]);
    expect(Array.from(model.stateMachine)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(model.initial)).toEqual([1, 4]); // alpha.b, zeta.z2
    expect(model.days).toBe(58); // 2026-02-01 → 2026-03-31
  });

  it("expands `from` lists and resolves targets to global indices", () => {
    expect(model.timed.map((ts) => ts.map((t) => t.id))).toEqual([[], ["alpha#0"], ["alpha#0"], [], ["zeta#0"]]);
    const fromB = transitionOut(model, "alpha.b");
    const fromC = transitionOut(model, "alpha.c");
    expect([fromB.source, fromC.source]).toEqual([1, 2]);
    expect(Array.from(fromB.targets)).toEqual([0, 2]);
    expect(fromB.machine).toBe(0);
    expect(Array.from(fromB.constCdf ?? [])).toEqual([0.25, 1]);
    const z = transitionOut(model, "zeta.z2");
    expect(Array.from(z.targets)).toEqual([3]);
    expect(model.immediate.every((ts) => ts.length === 0)).toBe(true);
  });

  it("compiles in() against the resolved indices", () => {
    const z = transitionOut(model, "zeta.z2");
    expect(z.trigger.kind).toBe("hazard");
    if (z.trigger.kind !== "hazard") return;
    const h = z.trigger.hazard;
    expect(h.constant).toBeUndefined();
    expect(h.machines).toEqual([0]);
    const frame = (alphaState: number): EvalFrame => ({
      state: Int32Array.from([alphaState, 4]), visited: new Uint8Array(5), entry: new Int32Array(2), day: 3,
    });
    expect([0, 1, 2].map((s) => h.fn(frame(s)))).toEqual([0.05, 0.001, 0.001]);
    const out = model.outcomes.map((o) => o.when.fn({ ...frame(1), state: Int32Array.from([1, 3]) }));
    expect(out).toEqual([1, 0]);
  });

  it("tabulates window days relative to the calendar start", () => {
    const t = transitionOut(model, "alpha.b");
    expect(t.trigger.kind).toBe("window");
    if (t.trigger.kind !== "window") return;
    expect(t.trigger.dist.first).toBe(4);
    expect(Array.from(t.trigger.dist.pmf)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it("does not depend on the order of machines and states in the file", () => {
    const reordered = modelOfSpec({
      machines: {
        alpha: { ...alpha, states: ["a", "b", "c"] },
        zeta: { ...zeta, states: ["z1", "z2"] },
      },
      outcomes,
    });
    expect(reordered.stateNames).toEqual(model.stateNames);
    expect(Array.from(reordered.initial)).toEqual(Array.from(model.initial));
    const a = simulateBatch(model, { seed: 5, from: 0, to: 3000 });
    const b = simulateBatch(reordered, { seed: 5, from: 0, to: 3000 });
    expect(b).toEqual(a);
    expect(a.outcomes[0]).toBeGreaterThan(0);
    expect(a.outcomes[1]).toBeGreaterThan(0);
  });
});

describe("compileModel: parameters", () => {
  it("a parameter given no value is an issue, not an internal error (a map that is not resolveParams' output)", () => {
    const sc = loadOk(simpleText());
    const r = compileModel(sc, new Map([["p_pass", 0.4]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ["unknown-name", ["parameters", "h_raise"], 'parameter "h_raise" has no value to compile with (resolveParams gives every parameter one)'],
    ]);
  });

  it("compiles the defaults, and overrides where given", () => {
    expect([...simpleModel().params]).toEqual([["p_pass", 0.6], ["h_raise", 0.02]]);
    const m = simpleModel(new Map([["p_pass", 0.3]]));
    expect([...m.params]).toEqual([["p_pass", 0.3], ["h_raise", 0.02]]);
    expect(Array.from(transitionOut(m, "bill.pending").constCdf ?? [])).toEqual([0.3, 1]);
  });

  it("evaluates delay numbers from parameters", () => {
    const spec: ScenarioSpec = {
      parameters: { lo: { default: 3, min: 1, max: 10 }, hi: { default: 6, min: 1, max: 20 } },
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "uniform", min: "lo", max: "hi + 0" }, to: "b" }] } },
    };
    const dist = (m: CompiledModel): { first: number; pmf: number[] } => {
      const t = transitionOut(m, "m.a").trigger;
      if (t.kind !== "delay") throw new Error("expected a delay");
      return { first: t.dist.first, pmf: Array.from(t.dist.pmf) };
    };
    expect(dist(modelOfSpec(spec))).toEqual({ first: 3, pmf: [0.25, 0.25, 0.25, 0.25] });
    expect(dist(modelOfSpec(spec, new Map([["hi", 4]])))).toEqual({ first: 3, pmf: [0.5, 0.5] });
    // hi below lo is a compile error naming the field.
    const sc = loadOk(scenarioText(spec));
    const r = compileModel(sc, new Map([["lo", 5], ["hi", 4]]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message)).toEqual(["max 4 is below min 5"]);
  });

  it("folds constant expressions and keeps dynamic ones dynamic", () => {
    const m = simpleModel();
    const t = transitionOut(m, "tariff.low");
    if (t.trigger.kind !== "hazard") throw new Error("expected a hazard");
    expect(t.trigger.hazard.constant).toBeUndefined();
    expect(t.trigger.hazard.readsTime).toBe(false);
    const bill = stateIdx(m, "bill.passed");
    const f = (billState: number): EvalFrame => ({
      state: Int32Array.from([billState, stateIdx(m, "tariff.low")]), visited: new Uint8Array(5), entry: new Int32Array(2), day: 0,
    });
    expect(t.trigger.hazard.fn(f(bill))).toBe(0);
    expect(t.trigger.hazard.fn(f(stateIdx(m, "bill.pending")))).toBe(0.02);
    const b = transitionOut(m, "bill.pending");
    expect(b.weightsDynamic).toBe(false);
    expect(b.weights[0]?.constant).toBe(0.6);
    expect(b.weights[1]).toBeUndefined();
  });
});
