/**
 * The specialised engine (src/engine/fast/) against the reference engine
 * (src/engine/run.ts): identical tallies, bit for bit, on random valid
 * scenarios, the same errors on scenarios that fail at run time, any
 * batching; and generated source built from numbers and indices only, never
 * from scenario text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateBatch, simulateReference } from "../../src/engine/simulate.js";
import { FAST_CALL_RUNS, fastBatch, fastSource, isSpecialised } from "../../src/engine/fast/batch.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { CompiledModel } from "../../src/model/model.js";
import type { Tally } from "../../src/engine/tally.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { randomFaultsArb } from "../generators/faults.js";
import { KOREA, loadOk, modelOfSpec, prepareOk, type MachineSpec } from "../helpers/scenario.js";
import { day } from "../helpers/engine.js";
import { readFileSync } from "node:fs";

function compile(file: Record<string, unknown>): CompiledModel | undefined {
  const loaded = loadScenarioText(JSON.stringify(file));
  if (!loaded.ok) return undefined;
  const prepared = prepareModel(loaded.scenario);
  return prepared.ok ? prepared.model : undefined;
}

function flat(t: Tally): number[] {
  return [t.runs, ...t.outcomes, ...t.finalStates, ...t.visited, ...t.firstDaySum];
}

/** The tally, or the error message, of a batch. */
function verdict(f: () => Tally): number[] | string {
  try {
    return flat(f());
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe("specialised engine", () => {
  it("gives the reference engine's tallies bit for bit on random valid scenarios", () => {
    let specialised = 0;
    fc.assert(
      fc.property(scenarioFileArb(), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 33 }), (file, seed, from) => {
        const model = compile(file);
        if (model === undefined) throw new Error(`generated scenario does not compile: ${JSON.stringify(file)}`);
        if (isSpecialised(model)) specialised++;
        const fast = fastBatch(model, seed, from, from + 2_000);
        const ref = simulateReference(model, { seed, from, to: from + 2_000 });
        // The fast path must not have bailed out on a valid scenario, and must agree exactly.
        expect(fast).toBeDefined();
        if (fast !== undefined) expect(flat(fast)).toEqual(flat(ref));
      }),
      { numRuns: 150 },
    );
    expect(specialised).toBe(150);
  });

  it("fails as the reference engine does on scenarios that may fail at run time", () => {
    let failed = 0;
    fc.assert(
      fc.property(randomFaultsArb(), fc.integer({ min: 0, max: 2 ** 31 }), ({ file }, seed) => {
        const model = compile(file);
        if (model === undefined) return;
        const a = verdict(() => simulateBatch(model, { seed, from: 0, to: 3_000 }));
        const b = verdict(() => simulateReference(model, { seed, from: 0, to: 3_000 }));
        if (typeof b === "string") failed++;
        expect(a).toEqual(b);
      }),
      { numRuns: 80 },
    );
    expect(failed).toBeGreaterThan(0);
  });

  it("adds up over any batching, and the shipped scenario is specialised", () => {
    const model = prepareOk(loadOk(readFileSync(KOREA, "utf8")));
    expect(isSpecialised(model)).toBe(true);
    const whole = simulateBatch(model, { seed: 9, from: 0, to: 30_000 });
    const parts = [simulateBatch(model, { seed: 9, from: 0, to: 777 }), simulateBatch(model, { seed: 9, from: 777, to: 30_000 })];
    const sum = parts.reduce((acc, t) => acc.map((x, i) => x + (flat(t)[i] ?? 0)), new Array<number>(flat(whole).length).fill(0));
    expect(sum).toEqual(flat(whole));
    expect(flat(whole)).toEqual(flat(simulateReference(model, { seed: 9, from: 0, to: 30_000 })));
  });

  it("builds its source from numbers and indices only: hostile ids and labels never reach it", () => {
    const hostile = (id: string) => `${id}"); globalThis.pwned = 1; ("`;
    const file = {
      id: "evil_scenario", title: hostile("title"), description: "*/ throw 1; /*", asOf: "2026-01-01",
      calendar: { start: "2026-01-01", horizon: "2026-02-01" },
      parameters: { p_zzqx: { default: 0.3, min: 0, max: 1, unit: hostile("unit"), description: hostile("param"), source: { rationale: "`${process.exit(9)}`" } } },
      machines: {
        alpha_qqz: {
          description: hostile("machine"),
          initial: "idle_wqx",
          states: { idle_wqx: { label: hostile("label") }, done_wqx: { label: "'; process.exit(3); '" } },
          transitions: [{ id: "go_kkq", from: "idle_wqx", hazard: "p_zzqx * 0.1", to: "done_wqx" }],
        },
        beta_vvq: {
          initial: "x_yyq",
          states: { x_yyq: null, y_yyq: null },
          transitions: [{ id: "follow_jjq", from: "x_yyq", when: 'in("alpha_qqz.done_wqx")', to: "y_yyq" }],
        },
      },
      outcomes: [
        { id: "out_aaq", label: hostile("outcome"), when: 'in("beta_vvq.y_yyq")' },
        { id: "out_bbq", label: "other", when: 'not in("beta_vvq.y_yyq")' },
      ],
    };
    const loaded = loadScenarioText(JSON.stringify(file));
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
    const model = prepareOk(loaded.scenario);
    const gen = fastSource(model);
    expect("source" in gen).toBe(true);
    if (!("source" in gen)) return;
    for (const word of ["zzqx", "wqx", "kkq", "jjq", "yyq", "vvq", "qqz", "aaq", "bbq", "pwned", "process", "evil", "title", "label"]) {
      expect(gen.source).not.toContain(word);
    }
    // Only numbers, the generator's own names and punctuation: no string literal of any kind.
    expect(gen.source).not.toMatch(/['`]/);
    expect(gen.source.replace('"use strict"', "")).not.toContain('"');
    expect(flat(simulateBatch(model, { seed: 3, from: 0, to: 5_000 }))).toEqual(flat(simulateReference(model, { seed: 3, from: 0, to: 5_000 })));
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it("generates the same source for models that differ only in their numbers (so compiled code is reused)", () => {
    const sc = loadOk(readFileSync(KOREA, "utf8"));
    const a = fastSource(prepareOk(sc, new Map([["p_struck_down", 0.3], ["d_impl_min", 10]])));
    const b = fastSource(prepareOk(sc, new Map([["p_struck_down", 0.7], ["h_ruling", 0.02]])));
    expect("source" in a && "source" in b).toBe(true);
    if ("source" in a && "source" in b) {
      expect(a.source).toBe(b.source);
      expect(a.values).not.toEqual(b.values);
    }
  });

  it("keeps a list of entered states to clear when a model has many states (70), with the same tallies", () => {
    const states = Array.from({ length: 70 }, (_, i) => `s${i}`);
    const transitions = states.slice(0, -1).map((s, i) => ({ from: s, hazard: 0.3, to: states[i + 1] ?? "s69" }));
    const model = modelOfSpec({
      horizon: day(120),
      machines: {
        chain: { initial: "s0", states, transitions },
        watch: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", when: 'visited("chain.s40")', to: "b" }] },
      },
      outcomes: [{ id: "far", when: 'in("watch.b")' }, { id: "near", when: 'not in("watch.b")' }],
    });
    const gen = fastSource(model);
    expect("source" in gen && gen.source.includes("VL[vc++]")).toBe(true);
    expect(flat(simulateBatch(model, { seed: 8, from: 0, to: 3_000 }))).toEqual(flat(simulateReference(model, { seed: 8, from: 0, to: 3_000 })));
    // And a model with few states clears every flag by a store each, keeping no list.
    const small = fastSource(prepareOk(loadOk(readFileSync(KOREA, "utf8"))));
    expect("source" in small && !small.source.includes("VL[vc++]")).toBe(true);
  });

  it("leaves a model too large to specialise to the reference engine (31 machines)", () => {
    const machines: Record<string, MachineSpec> = {};
    for (let k = 0; k < 31; k++) {
      machines[`m${String(k).padStart(2, "0")}`] = { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: 0.05, to: "b" }] };
    }
    const model = modelOfSpec({ horizon: day(20), machines });
    expect(fastSource(model)).toEqual({ reason: "more than 30 machines" });
    expect(isSpecialised(model)).toBe(false);
    expect(flat(simulateBatch(model, { seed: 4, from: 0, to: 500 }))).toEqual(flat(simulateReference(model, { seed: 4, from: 0, to: 500 })));
  });

  it("calls `pace` once per call of the batch function and counts the same runs with or without it", () => {
    const model = prepareOk(loadOk(readFileSync(KOREA, "utf8")));
    let calls = 0;
    const paced = simulateBatch(model, { seed: 4, from: 100, to: 1_000, pace: () => { calls++; } });
    expect(calls).toBe(Math.ceil(900 / FAST_CALL_RUNS));
    expect(flat(paced)).toEqual(flat(simulateBatch(model, { seed: 4, from: 100, to: 1_000 })));
    expect(flat(paced)).toEqual(flat(simulateReference(model, { seed: 4, from: 100, to: 1_000 })));
  });

  it("falls back to the reference engine for any other option (a custom generator)", () => {
    const model = prepareOk(loadOk(readFileSync(KOREA, "utf8")));
    let draws = 0;
    const t = simulateBatch(model, {
      seed: 1, from: 0, to: 100, rngFor: () => () => { draws++; return 0.5; },
    });
    expect(t.runs).toBe(100);
    expect(draws).toBeGreaterThan(0);
  });
});
