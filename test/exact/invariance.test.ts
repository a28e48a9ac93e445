/**
 * What the semantics say does not matter must not change the answer:
 * the order of machines, states and outcomes in the file (bit for bit, Monte
 * Carlo included, since compiled indices are sorted), and the names of
 * machines and states (exact answer equal within rounding).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { CompiledModel } from "../../src/model/model.js";
import { scenarioFileArb } from "../generators/scenario.js";

function compile(text: string): CompiledModel {
  const loaded = loadScenarioText(text);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  const prepared = prepareModel(loaded.scenario);
  if (!prepared.ok) throw new Error(prepared.issues.map((i) => i.message).join("; "));
  return prepared.model;
}

function outcomesById(m: CompiledModel): Map<string, number> {
  const r = solveExact(m);
  if (!r.ok) throw new Error(r.issue.message);
  return new Map(m.outcomes.map((o, i) => [o.id, r.result.outcomes[i] ?? NaN]));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Reverses the key order of an object. */
function reversed(x: unknown): unknown {
  return isRecord(x) ? Object.fromEntries(Object.entries(x).reverse()) : x;
}

/** The same scenario with machines, each machine's states, and the outcomes in reverse order. */
function reorder(file: Record<string, unknown>): Record<string, unknown> {
  const machines = isRecord(file.machines) ? file.machines : {};
  const out: Record<string, unknown> = {};
  for (const [id, m] of Object.entries(machines).reverse()) out[id] = isRecord(m) ? { ...m, states: reversed(m.states) } : m;
  return { ...file, machines: out, outcomes: Array.isArray(file.outcomes) ? [...file.outcomes].reverse() : file.outcomes };
}

/** Renames every machine and state so that their sorted order is reversed. */
function rename(text: string): string {
  return text
    .replace(/\bm(\d)s(\d)\b/g, (_, m: string, s: string) => `S${9 - Number(s)}x${m}`)
    .replace(/\bm(\d)\b/g, (_, m: string) => `M${9 - Number(m)}`);
}

describe("answers do not depend on order or names", () => {
  it("reordering machines, states and outcomes changes nothing, bit for bit", () => {
    fc.assert(
      fc.property(scenarioFileArb(), (file) => {
        const a = compile(JSON.stringify(file));
        const b = compile(JSON.stringify(reorder(file)));
        expect(outcomesById(b)).toEqual(outcomesById(a));
        const ta = simulateBatch(a, { seed: 3, from: 0, to: 2_000 });
        const tb = simulateBatch(b, { seed: 3, from: 0, to: 2_000 });
        const counts = (m: CompiledModel, t: typeof ta): Map<string, number> =>
          new Map(m.outcomes.map((o, i) => [o.id, t.outcomes[i] ?? 0]));
        expect(counts(b, tb)).toEqual(counts(a, ta));
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it("renaming machines and states leaves the exact answer unchanged (within 1e-12)", () => {
    fc.assert(
      fc.property(scenarioFileArb(), (file) => {
        const text = JSON.stringify(file);
        const renamed = rename(text);
        expect(renamed).not.toEqual(text);
        const a = outcomesById(compile(text));
        const b = outcomesById(compile(renamed));
        for (const [id, p] of a) expect(Math.abs((b.get(id) ?? NaN) - p)).toBeLessThan(1e-12);
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});
