/**
 * `--set name=value` changes only what it names: the compiled parameter map
 * differs in that key alone, and every transition and outcome whose
 * expressions do not read it compiles to the same values.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import {
  compiledTransitions, namesRead, probeFrames, transitionReads, transitionValues,
} from "../helpers/probe.js";
import { koreaScenario, loadOk, simpleText, transitionOut } from "../helpers/scenario.js";

function compileWith(sc: Scenario, overrides: Map<string, number>): CompiledModel | undefined {
  const r = prepareModel(sc, overrides);
  if (r.ok) return r.model;
  expect(r.issues.every((i) => i.code === "weights" || i.code === "range")).toBe(true);
  return undefined;
}

/** One parameter and a value within its bounds. */
function setting(sc: Scenario): fc.Arbitrary<{ name: string; value: number }> {
  return fc.constantFrom(...sc.parameters).chain((p) => {
    const whole = [p.default, p.min, p.max].every(Number.isInteger);
    return fc.integer({ min: 0, max: 1000 }).map((k) => {
      const v = p.min + ((p.max - p.min) * k) / 1000;
      return { name: p.name, value: whole ? Math.round(v) : v };
    });
  });
}

function checkOnlyNamedChanges(sc: Scenario, numRuns: number): void {
  const base = compileWith(sc, new Map());
  if (base === undefined) throw new Error("the defaults must compile");
  const frames = probeFrames(base, 40);
  let compared = 0;
  fc.assert(fc.property(setting(sc), ({ name, value }) => {
    const changed = compileWith(sc, new Map([[name, value]]));
    fc.pre(changed !== undefined);
    if (changed === undefined) return;
    // The parameter map differs in `name` alone.
    expect([...changed.params.keys()]).toEqual([...base.params.keys()]);
    for (const [k, v] of base.params) expect(changed.params.get(k), k).toBe(k === name ? value : v);
    // Same structure…
    expect(changed.stateNames).toEqual(base.stateNames);
    const before = new Map(compiledTransitions(base));
    const after = compiledTransitions(changed);
    expect(after.map(([k]) => k)).toEqual([...before.keys()]);
    // …and every transition that does not read `name` computes the same values.
    for (const [key, t] of after) {
      if (transitionReads(sc, t, name)) continue;
      const b = before.get(key);
      if (b === undefined) throw new Error(key);
      expect(transitionValues(t, frames), key).toEqual(transitionValues(b, frames));
      compared++;
    }
    sc.outcomes.forEach((o, i) => {
      if (namesRead(o.when).has(name)) return;
      const a = changed.outcomes[i]?.when;
      const b = base.outcomes[i]?.when;
      if (a === undefined || b === undefined) throw new Error(o.id);
      expect(frames.map((f) => a.fn(f)), o.id).toEqual(frames.map((f) => b.fn(f)));
    });
  }), { numRuns });
  expect(compared).toBeGreaterThan(0);
}

describe("--set changes only what it names", () => {
  const simple = loadOk(simpleText());

  it("on simple.yaml", () => {
    checkOnlyNamedChanges(simple, 60);
  });

  it("on simple.yaml, and the named parameter's transition does change", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000), (p) => {
      const base = compileWith(simple, new Map());
      const m = compileWith(simple, new Map([["p_pass", p]]));
      if (base === undefined || m === undefined) throw new Error("must compile");
      expect(Array.from(transitionOut(m, "bill.pending").constCdf ?? [])).toEqual([p, 1]);
      // h_raise is not read by the bill's transition, p_pass not by the tariff's.
      const frames = probeFrames(base, 20);
      expect(transitionValues(transitionOut(m, "tariff.low"), frames))
        .toEqual(transitionValues(transitionOut(base, "tariff.low"), frames));
    }), { numRuns: 30 });
  });

  it("on the shipped scenario, when it validates", () => {
    const korea = koreaScenario();
    // The shipped scenario is being written concurrently: when it is absent or
    // invalid there is nothing to check here (the fixture above still is).
    if (korea !== undefined) checkOnlyNamedChanges(korea, 60);
  });
});
