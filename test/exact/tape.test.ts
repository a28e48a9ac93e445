/**
 * Re-solves from a tape (exact/tape.ts, tapeReplay.ts) through a Resolver
 * must give exactly what a cold `solveExact` gives, bit for bit, and must
 * actually be replays where the structure allows (counted), falling back to
 * a full solve where it does not: a probability that becomes 0 or 1, a
 * delay's length (the layout), a timeline, options the tape does not know
 * (evidence), a state limit below the recorded peak. Over the shipped
 * scenario and over generated scenarios whose numbers are parameters.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Resolver } from "../../src/exact/resolver.js";
import type { ExactOptions } from "../../src/exact/solver.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { isObject, koreaScenarioOrThrow, mapScenarioNumbers, same, type NumberKind } from "../helpers/resolver.js";
import { loadOk, scenarioText } from "../helpers/scenario.js";

function model(sc: Scenario, values: ReadonlyMap<string, number>): CompiledModel {
  const prepared = prepareModel(sc, values);
  if (!prepared.ok) throw new Error(prepared.issues.map((i) => i.message).join("; "));
  return prepared.model;
}

describe("a re-solve from a tape equals a cold solve, bit for bit", () => {
  it("replays the shipped scenario at random values of every parameter a delay does not read", () => {
    const sc = koreaScenarioOrThrow();
    const varied = sc.parameters.filter((p) => !p.name.startsWith("d_impl"));
    const resolver = new Resolver();
    let solved = 0;
    let replays = 0;
    fc.assert(
      fc.property(fc.tuple(...varied.map(() => fc.integer({ min: 1, max: 999 }))), (ks) => {
        const values = new Map<string, number>();
        varied.forEach((p, i) => { values.set(p.name, p.min + ((p.max - p.min) * (ks[i] ?? 500)) / 1000); });
        const prepared = prepareModel(sc, values);
        // The window vote's weights can sum past 1: that model is invalid, for every solver.
        if (!prepared.ok) return;
        solved++;
        if (same(resolver, prepared.model)) replays++;
      }),
      { numRuns: 60, seed: 11 },
    );
    expect(solved).toBeGreaterThan(20);
    // Interior values keep every probability positive: after the first solve, every one is a replay.
    expect(replays).toBe(solved - 1);
  });

  it("gives the same bits with the spread in JavaScript as in WebAssembly", () => {
    const sc = koreaScenarioOrThrow();
    const wasm = new Resolver();
    const js = new Resolver({ wasm: false });
    const base = model(sc, new Map());
    wasm.solve(base);
    js.solve(base);
    for (const v of [0.05, 0.3, 0.9]) {
      const m = model(sc, new Map([["p_struck_down", v], ["h_ruling", v / 20], ["m_announce_breakdown", 1 + v]]));
      expect(same(wasm, m)).toBe(true);
      expect(same(js, m)).toBe(true);
    }
  });

  it("falls back to a full solve when the structure differs, and replays again when it is back", () => {
    const sc = koreaScenarioOrThrow();
    const resolver = new Resolver();
    expect(same(resolver, model(sc, new Map()))).toBe(false);
    expect(same(resolver, model(sc, new Map([["p_struck_down", 0.3]])))).toBe(true);
    // A branch weight of 0: the court's struck-down branch disappears.
    expect(same(resolver, model(sc, new Map([["p_struck_down", 0]])))).toBe(false);
    // A delay's values change, its support does not: the delay's conditional hazards are evaluated again.
    expect(same(resolver, model(sc, new Map([["d_impl_mode", 25]])))).toBe(true);
    // A longer delay keeps more days in state: another layout.
    expect(same(resolver, model(sc, new Map([["d_impl_max", 55]])))).toBe(false);
    // A shorter shortest delay: a conditional hazard that was 0 is positive.
    expect(same(resolver, model(sc, new Map([["d_impl_min", 10]])))).toBe(false);
    // The earlier structures are still on tape.
    expect(same(resolver, model(sc, new Map([["p_struck_down", 0.7]])))).toBe(true);
    expect(same(resolver, model(sc, new Map([["p_struck_down", 0], ["h_ruling", 0.02]])))).toBe(true);
  });

  it("records less and less often while no tape is ever replayed (a sweep of a delay's length), and every solve stays exact", () => {
    const sc = koreaScenarioOrThrow();
    const resolver = new Resolver();
    for (let d = 40; d < 60; d++) expect(same(resolver, model(sc, new Map([["d_impl_max", d]])))).toBe(false);
    // The first recordings, then every 2nd, 4th, … full solve.
    expect(resolver.recorded).toBeGreaterThan(2);
    expect(resolver.recorded).toBeLessThan(12);
    // A structure that comes back is recorded again within 16 full solves, then replayed.
    const back = model(sc, new Map([["d_impl_max", 59], ["h_ruling", 0.02]]));
    let solves = 0;
    while (!same(resolver, back) && solves < 20) solves++;
    expect(solves).toBeLessThanOrEqual(16);
    expect(same(resolver, back)).toBe(true);
  });

  it("solves in full what a tape does not hold: a timeline, other options, a lower state limit", () => {
    const sc = koreaScenarioOrThrow();
    const resolver = new Resolver();
    const m = model(sc, new Map([["h_ruling", 0.01]]));
    expect(same(resolver, m)).toBe(false);
    expect(same(resolver, m, { timeline: true })).toBe(false);
    // An option the tape knows nothing of (evidence, say) is never replayed.
    const struck = m.stateNames.indexOf("court.struck_down");
    const evidence: ExactOptions = { evidence: [{ kind: "visited", day: 60, state: struck, want: true }] };
    expect(same(resolver, m, evidence)).toBe(false);
    // No evidence at all (an empty list) is replayed like no option.
    expect(same(resolver, m, { evidence: [], at: [] })).toBe(true);
    expect(same(resolver, m, { maxStates: 50 })).toBe(false);
    expect(same(resolver, m, { maxWork: 1000 })).toBe(false);
    expect(same(resolver, m, { maxStates: 1_000_000 })).toBe(true);
  });

  it("falls back when a parameter makes an expression read other machines (a condition folded when compiled)", () => {
    const sc = loadOk(scenarioText({
      parameters: { q: { default: 0.2, min: 0, max: 1 } },
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", to: "y", hazard: 0.1 }] },
        b: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", to: "s1", hazard: 'q > 0.5 ? (in("a.y") ? 0.3 : 0.01) : q' }] },
      },
      outcomes: [{ id: "moved", when: 'in("b.s1")' }, { id: "stayed", when: 'not in("b.s1")' }],
    }));
    const resolver = new Resolver();
    expect(same(resolver, model(sc, new Map([["q", 0.2]])))).toBe(false);
    expect(same(resolver, model(sc, new Map([["q", 0.3]])))).toBe(true);
    // The hazard now reads machine a: the tape kept one value for every state of a.
    expect(same(resolver, model(sc, new Map([["q", 0.7]])))).toBe(false);
    expect(same(resolver, model(sc, new Map([["q", 0.8]])))).toBe(true);
  });

  it("gives up where a product of positive probabilities could round to 0 (the table would have skipped it)", () => {
    const sc = loadOk(scenarioText({
      parameters: { q: { default: 0.1, min: 0, max: 1 }, r: { default: 0.1, min: 0, max: 1 } },
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", to: "y", hazard: "q" }] },
        // b can move only once a has: no product q × r is ever formed, only the day's probability (about q) times r.
        b: { initial: "s0", states: ["s0", "s1"], transitions: [{ from: "s0", to: "s1", hazard: 'in("a.y") ? r : 0' }] },
      },
      outcomes: [{ id: "moved", when: 'in("b.s1")' }, { id: "stayed", when: 'not in("b.s1")' }],
    }));
    const resolver = new Resolver();
    expect(same(resolver, model(sc, new Map([["q", 0.1], ["r", 0.1]])))).toBe(false);
    expect(same(resolver, model(sc, new Map([["q", 0.2], ["r", 0.3]])))).toBe(true);
    // 1e-200 × 1e-200 is 0 in binary64: the replay cannot stand in for the solve.
    expect(same(resolver, model(sc, new Map([["q", 1e-200], ["r", 1e-200]])))).toBe(false);
    // Nor can a tape recorded there, where the table skipped a product (it is not kept): the next solve is in full too.
    const tiny = new Resolver();
    expect(same(tiny, model(sc, new Map([["q", 1e-200], ["r", 1e-200]])))).toBe(false);
    expect(same(tiny, model(sc, new Map([["q", 0.2], ["r", 0.3]])))).toBe(false);
    expect(same(tiny, model(sc, new Map([["q", 0.3], ["r", 0.2]])))).toBe(true);
  });

  it("on generated scenarios whose numbers are parameters, redrawn between solves", () => {
    let replays = 0;
    let solves = 0;
    fc.assert(
      fc.property(scenarioFileArb(), fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 }), { minLength: 2, maxLength: 5 }), (file, draws) => {
        const { written, params } = parametrize(file);
        const loaded = loadScenarioText(JSON.stringify(written));
        if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
        const resolver = new Resolver();
        for (const draw of draws) {
          const values = new Map<string, number>();
          params.forEach((p, i) => {
            const k = draw[i % draw.length] ?? 500;
            // Mostly inside, sometimes 0 or 1 (a branch or hazard appears or disappears), delays 1 … 8 days.
            values.set(p.name, p.kind === "days" ? 1 + (k % 8) : k < 60 ? 0 : k > 980 ? 1 : k / 1000);
          });
          const prepared = prepareModel(loaded.scenario, values);
          if (!prepared.ok) continue;
          solves++;
          if (same(resolver, prepared.model, { timeline: k0(draw) })) replays++;
        }
      }),
      { numRuns: 80, seed: 5 },
    );
    expect(solves).toBeGreaterThan(100);
    // Both paths are taken: replays, and full solves where the structure moved.
    expect(replays).toBeGreaterThan(10);
    expect(replays).toBeLessThan(solves);
  });
});

/** A timeline on about one draw in ten (never replayed). */
function k0(draw: readonly number[]): boolean {
  return (draw[0] ?? 0) % 10 === 0;
}

/** A parameter made of a number of a generated scenario. */
interface Param {
  readonly name: string;
  readonly kind: NumberKind;
}

/**
 * The scenario with its numbers turned into parameters: every decimal in a
 * hazard, a constant first branch weight before an `otherwise`, a fixed
 * delay's days (test/helpers/resolver.ts walks them). Each keeps its value
 * as the default.
 */
function parametrize(file: unknown): { written: unknown; params: Param[] } {
  const params: Param[] = [];
  const parameters: Record<string, unknown> = {};
  const add = (kind: Param["kind"], value: number): string => {
    const name = `q${params.length}`;
    params.push({ name, kind });
    parameters[name] = {
      default: value, min: kind === "days" ? 1 : 0, max: kind === "days" ? 8 : 1, unit: kind === "days" ? "days" : "probability",
      description: `number ${name}`, source: { rationale: "generated" },
    };
    return name;
  };
  const written = mapScenarioNumbers(file, add);
  return { written: isObject(written) ? { ...written, parameters } : written, params };
}
