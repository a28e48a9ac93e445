/** The quiet table (src/engine/fast/quiet.ts) the conditioned day stepper and the specialised engine skip guards by: the guards' own answer. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isQuiet, quietOf } from "../../src/engine/fast/quiet.js";
import type { EvalFrame } from "../../src/model/frame.js";
import type { CompiledModel } from "../../src/model/model.js";
import { edit, koreaScenario, modelOf, prepareOk, simpleText } from "../helpers/scenario.js";

/** Whether a `when` transition of a current state has a guard that is not 0 (NaN counts: it must be met). */
function someGuardFires(model: CompiledModel, f: EvalFrame): boolean {
  for (let m = 0; m < model.machineIds.length; m++) {
    for (const t of model.immediate[f.state[m] ?? 0] ?? []) {
      if (t.trigger.kind === "when" && (t.trigger.guard.constant ?? t.trigger.guard.fn(f)) !== 0) return true;
    }
  }
  return false;
}

/** A frame with each machine in one of its states and any visited flags. */
function frameArb(model: CompiledModel): fc.Arbitrary<EvalFrame> {
  const M = model.machineIds.length;
  const states = Array.from({ length: M }, (_, m) => fc.integer({ min: model.stateOffset[m] ?? 0, max: (model.stateOffset[m + 1] ?? 1) - 1 }));
  return fc.tuple(fc.tuple(...states), fc.uint8Array({ min: 0, max: 1, minLength: model.stateNames.length, maxLength: model.stateNames.length }))
    .map(([s, visited]) => ({ state: Int32Array.from(s), visited, entry: new Int32Array(M), day: 5 }));
}

describe("quietOf", () => {
  it("on the shipped scenario: quiet exactly where no guard of the current states fires", () => {
    const sc = koreaScenario();
    if (sc === undefined) throw new Error("the shipped scenario did not load");
    const model = prepareOk(sc);
    const q = quietOf(model);
    expect(q).toBeDefined();
    if (q === undefined) return;
    let quiet = 0;
    fc.assert(fc.property(frameArb(model), (f) => {
      const expected = !someGuardFires(model, f);
      if (expected) quiet++;
      expect(isQuiet(q, f)).toBe(expected);
    }), { numRuns: 3000 });
    // Both answers occur (a table of all 0 or all 1 would pass the rest vacuously).
    expect(quiet).toBeGreaterThan(0);
    expect(quiet).toBeLessThan(3000);
  });

  it("is none when a guard reads the day, or when there is no when transition", () => {
    const timed = edit(simpleText(), "      - from: low\n", "      - from: low\n        when: 'day > 30'\n        to: high\n      - from: low\n");
    expect(quietOf(modelOf(timed))).toBeUndefined();
    expect(quietOf(modelOf(simpleText()))).toBeUndefined();
  });
});
