/**
 * What the tests of warm re-solves (test/exact/resolve.test.ts: a Resolver
 * keeping the solver's allocations; test/exact/tape.test.ts: replays from a
 * tape) share: comparing a warm solve with a cold `solveExact` bit for bit,
 * the shipped scenario as loaded from disk, and the walk over a generated
 * scenario's numbers that both redraw (or turn into parameters) between
 * solves.
 */
import { expect } from "vitest";
import type { Resolver } from "../../src/exact/resolver.js";
import { solveExact, type ExactOptions, type ExactOutcome } from "../../src/exact/solver.js";
import { loadScenarioFile } from "../../src/io.js";
import type { CompiledModel } from "../../src/model/model.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { KOREA } from "./scenario.js";

/** What a solve gave: its numbers as exact bit patterns, or the error it threw. */
export function fingerprint(solve: () => ExactOutcome): string {
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

/**
 * Solves `model` warm with `resolver` and cold, requires the same bits (or
 * the same issue, or the same error thrown), and says whether the resolver
 * replayed a tape for it.
 */
export function same(resolver: Resolver, model: CompiledModel, opts: ExactOptions = {}): boolean {
  const before = resolver.replayed;
  const warm = fingerprint(() => resolver.solve(model, opts));
  expect(warm).toBe(fingerprint(() => solveExact(model, opts)));
  return resolver.replayed > before;
}

/** The shipped scenario loaded from disk; throws (with the issues) when it does not load. */
export function koreaScenarioOrThrow(): Scenario {
  const loaded = loadScenarioFile(KOREA);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  return loaded.scenario;
}

/** Whether `x` is a plain object (not null, not an array). */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** What a number of a generated scenario is: a probability (hazard, branch weight) or a fixed delay's days. */
export type NumberKind = "prob" | "days";

/**
 * A generated scenario (as written, e.g. by `scenarioFileArb`) with its
 * numbers replaced by `replace(kind, value)`: every decimal in a hazard (a
 * number, or each `d.d` in an expression, where the replacement is written
 * as a string), a constant first branch weight before an `otherwise` (when
 * the other branches have no weight, or 0), a fixed delay's days. The walk
 * is depth first, children before their parent, in the file's key order,
 * so `replace` is called in the same order for the same file (a seeded
 * sequence of new values is reproducible).
 */
export function mapScenarioNumbers(file: unknown, replace: (kind: NumberKind, value: number) => string | number): unknown {
  const walk = (x: unknown, key: string): unknown => {
    if (Array.isArray(x)) {
      const out = x.map((v) => walk(v, key));
      // Branches: a constant first weight before an `otherwise` may take any probability.
      const first: unknown = out[0];
      if (out.length >= 2 && isObject(first) && typeof first.weight === "number" && out.some((b) => isObject(b) && b.otherwise === true)
        && out.every((b, i) => i === 0 || !isObject(b) || b.weight === undefined || b.weight === 0)) {
        out[0] = { ...first, weight: replace("prob", first.weight) };
      }
      return out;
    }
    if (isObject(x)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = walk(v, k);
      if (key === "delay" && out.shape === "fixed" && typeof out.days === "number") out.days = replace("days", out.days);
      return out;
    }
    if (key === "hazard") {
      if (typeof x === "number") return replace("prob", x);
      if (typeof x === "string") return x.replace(/\d+\.\d+/g, (d) => String(replace("prob", Number(d))));
    }
    return x;
  };
  return walk(file, "");
}
