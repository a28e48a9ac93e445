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
import type { CompiledModel } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { koreaScenarioOrThrow, mapScenarioNumbers, same } from "../helpers/resolver.js";

describe("a warm re-solve equals a cold solve, bit for bit", () => {
  it("on random parameter sets of the shipped scenario, ends and 0/1 included", () => {
    const sc = koreaScenarioOrThrow();
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
        same(resolver, prepared.model, { timeline });
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
          same(own, model);
          same(shared, model, { timeline: seed % 3 === 0 });
        }
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it("after a solve stopped by a limit, the next warm solve is still exact", () => {
    const sc = koreaScenarioOrThrow();
    const prepared = prepareModel(sc);
    if (!prepared.ok) throw new Error("korea does not compile");
    const resolver = new Resolver();
    expect(resolver.solve(prepared.model, { maxStates: 50 }).ok).toBe(false);
    same(resolver, prepared.model);
    same(resolver, prepared.model, { maxWork: 1000 });
    same(resolver, prepared.model);
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
 * delays (which change the clocks kept, hence the layout); the walk is
 * test/helpers/resolver.ts's, the draws are in its order.
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
  return mapScenarioNumbers(file, (kind) => (kind === "days" ? 1 + (next() % 8) : prob()));
}
