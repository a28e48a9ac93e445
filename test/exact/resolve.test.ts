/**
 * A warm re-solve (exact/resolver.ts: the solver's allocations kept from
 * earlier solves of the same structure) must give exactly what a cold
 * `solveExact` gives, bit for bit: over random parameter sets of the shipped
 * scenario (ends of ranges, 0 and 1 included, which add or remove branches),
 * and over random generated scenarios whose numbers are redrawn between
 * solves (delays included, which change the layout).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Resolver } from "../../src/exact/resolver.js";
import { solveExact, type ExactOptions, type ExactOutcome } from "../../src/exact/solver.js";
import { loadScenarioFile } from "../../src/io.js";
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { KOREA } from "../helpers/scenario.js";

/** What a solve gave: its numbers as exact bit patterns, or the error it threw. */
function fingerprint(solve: () => ExactOutcome): string {
  try {
    const r = solve();
    if (!r.ok) return `issue: ${r.issue.message}`;
    const { outcomes, groups, finalStates, timeline, peakStates, keySpace } = r.result;
    const bits = (a: Float64Array): string => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2)).join(",");
    const rows = timeline === undefined ? "" : [...timeline.outcomes, ...timeline.states].map(bits).join("|");
    return [bits(outcomes), bits(groups), bits(finalStates), rows, peakStates, keySpace].join(" / ");
  } catch (e) {
    return `throw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Solves `model` warm with `resolver` and cold, and requires the same bits. */
function expectSame(resolver: Resolver, model: CompiledModel, opts: ExactOptions = {}): void {
  const cold = fingerprint(() => solveExact(model, opts));
  const warm = fingerprint(() => resolver.solve(model, opts));
  expect(warm).toBe(cold);
}

function korea(): Scenario {
  const loaded = loadScenarioFile(KOREA);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  return loaded.scenario;
}

describe("a warm re-solve equals a cold solve, bit for bit", () => {
  it("on random parameter sets of the shipped scenario, ends and 0/1 included", () => {
    const sc = korea();
    const resolver = new Resolver();
    let solved = 0;
    // A value per parameter: mostly inside the range, often at an end or at 0 or 1 (when in range).
    const valueArb = (min: number, max: number, integer: boolean): fc.Arbitrary<number> => {
      const special = [min, max, 0, 1].filter((v) => v >= min && v <= max);
      const inside = fc.integer({ min: 0, max: 1000 }).map((k) => min + ((max - min) * k) / 1000).map((v) => (integer ? Math.round(v) : v));
      return fc.oneof({ arbitrary: inside, weight: 3 }, { arbitrary: fc.constantFrom(...special), weight: 2 });
    };
    const pointArb = fc.tuple(...sc.parameters.map((p) => fc.option(valueArb(p.min, p.max, Number.isInteger(p.default)), { freq: 2 })));
    fc.assert(
      fc.property(pointArb, fc.boolean(), (values, timeline) => {
        const overrides = new Map<string, number>();
        sc.parameters.forEach((p, i) => {
          const v = values[i];
          if (v !== null && v !== undefined) overrides.set(p.name, v);
        });
        const prepared = prepareModel(sc, overrides);
        if (!prepared.ok) return;
        solved++;
        expectSame(resolver, prepared.model, { timeline });
      }),
      { numRuns: 250, seed: 20260203 },
    );
    expect(solved).toBeGreaterThan(40);
    expect(resolver.reused).toBeGreaterThan(0);
  });

  it("on generated scenarios whose numbers change between solves (and across structures)", () => {
    const shared = new Resolver();
    fc.assert(
      fc.property(scenarioFileArb(), fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { minLength: 3, maxLength: 6 }), (file, seeds) => {
        const own = new Resolver();
        for (const seed of seeds) {
          const model = compile(redraw(file, seed));
          if (model === undefined) continue;
          expectSame(own, model);
          expectSame(shared, model, { timeline: seed % 3 === 0 });
        }
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it("after a solve stopped by a limit, the next warm solve is still exact", () => {
    const sc = korea();
    const prepared = prepareModel(sc);
    if (!prepared.ok) throw new Error("korea does not compile");
    const resolver = new Resolver();
    expect(resolver.solve(prepared.model, { maxStates: 50 }).ok).toBe(false);
    expectSame(resolver, prepared.model);
    expectSame(resolver, prepared.model, { maxWork: 1000 });
    expectSame(resolver, prepared.model);
  });
});

/** Compiles a written scenario, or undefined when the redrawn numbers make it invalid. */
function compile(file: unknown): CompiledModel | undefined {
  const loaded = loadScenarioText(JSON.stringify(file));
  if (!loaded.ok) return undefined;
  const prepared = prepareModel(loaded.scenario);
  return prepared.ok ? prepared.model : undefined;
}

/**
 * The same scenario with its numbers redrawn from `seed`: hazards (0 and 1
 * included), the first constant branch weight before an `otherwise`, fixed
 * delays (which change the clocks kept, hence the layout).
 */
function redraw(file: unknown, seed: number): unknown {
  let s = seed >>> 0;
  const next = (): number => {
    // xorshift32: a fixed sequence per seed.
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  const prob = (): number => {
    const k = next() % 8;
    return k === 0 ? 0 : k === 1 ? 1 : (next() % 1001) / 1000;
  };
  const walk = (x: unknown, key: string): unknown => {
    if (Array.isArray(x)) {
      const out = x.map((v) => walk(v, key));
      // Branches: a constant first weight before an `otherwise` may take any probability.
      const first: unknown = out[0];
      if (out.length >= 2 && isObject(first) && typeof first.weight === "number" && out.some((b) => isObject(b) && b.otherwise === true)
        && out.every((b, i) => i === 0 || !isObject(b) || b.weight === undefined || b.weight === 0)) {
        out[0] = { ...first, weight: prob() };
      }
      return out;
    }
    if (isObject(x)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = walk(v, k);
      if (key === "delay" && out.shape === "fixed") out.days = 1 + (next() % 8);
      return out;
    }
    if (key === "hazard") {
      if (typeof x === "number") return prob();
      if (typeof x === "string") return x.replace(/\d+\.\d+/g, () => String(prob()));
    }
    return x;
  };
  return walk(file, "");
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
