/**
 * Fuzzing the loader and `validate`'s library path (issue 6): the shipped
 * scenarios mutated as data and as text, and random bytes. For every case,
 * `loadScenarioText` and then `prepareModel` (what `validate` does) never
 * throw; they return ok or issues whose paths lead into the file (the parent
 * of each path exists in the data, and the locator gives a line:col inside
 * the text); a file that loads lost none of its machines, states or
 * parameters; and each case takes under 2 s (measured per case, the case
 * reported when past it).
 *
 * A new draw on every run; fast-check prints the seed of a failure and
 * TARIFFSIM_PROPERTY_SEED replays it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareModel } from "../../src/model/prepare.js";
import type { Issue } from "../../src/scenario/issues.js";
import { loadScenarioText, parseText, type Locator } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { at, bases, dataMutant, mutant, mutantArb, noise, textMutant, type Data, type Mutant } from "./mutate.js";

const SEED = process.env.TARIFFSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.TARIFFSIM_PROPERTY_SEED);
/** TARIFFSIM_FUZZ_SCALE=10 runs ten times as many cases (for a deeper look by hand; CI runs 1). */
const SCALE = Math.max(1, Number(process.env.TARIFFSIM_FUZZ_SCALE ?? 1) || 1);
const SEEDED = SEED === undefined ? {} : { seed: SEED };
/** Per case: load and compile under this many milliseconds. */
const BOUND_MS = 2_000;

const BASES = bases();

/** What is wrong with one issue's path (undefined when fine). */
function badPath(i: Issue, data: unknown, locate: Locator, lineCount: number): string | undefined {
  const first = i.path[0];
  if (i.code === "syntax" || (typeof first === "string" && first.startsWith("@"))) {
    const pos = locate(i.path);
    if (pos !== undefined && (pos.line < 1 || pos.line > lineCount + 1)) return `syntax position ${pos.line}:${pos.col} outside the text`;
    return undefined;
  }
  if (data !== undefined && i.path.length > 0 && at(data as Data, i.path.slice(0, -1)) === undefined) {
    return `the parent of path ${JSON.stringify(i.path)} is not in the file`;
  }
  const pos = locate(i.path);
  if (pos !== undefined && (pos.line < 1 || pos.line > lineCount + 1 || pos.col < 1)) return `position ${pos.line}:${pos.col} outside the text`;
  if (i.message.trim() === "") return "empty message";
  return undefined;
}

/** The keys of a map in the data (own keys, `__proto__` included), or undefined when it is not a map. */
function keysOf(d: unknown): string[] | undefined {
  return d !== null && typeof d === "object" && !Array.isArray(d) ? Object.keys(d) : undefined;
}

/**
 * When a file loads, nothing written was dropped on the way: every machine,
 * state and parameter of the data is in the scenario, under its own name
 * (issue 6: `__proto__` vanished silently, with its errors).
 */
function dropped(data: unknown, sc: Scenario): string[] {
  const out: string[] = [];
  const d = data as Record<string, unknown>;
  const names = (list: readonly { id: string }[]): string => list.map((x) => x.id).sort().join(",");
  const params = keysOf(d.parameters) ?? [];
  const paramNames = sc.parameters.map((p) => ({ id: p.name }));
  if (names(paramNames) !== [...params].sort().join(",")) out.push(`parameters ${JSON.stringify(params)} became ${names(paramNames)}`);
  const machines = keysOf(d.machines) ?? [];
  if (names(sc.machines) !== [...machines].sort().join(",")) out.push(`machines ${JSON.stringify(machines)} became ${names(sc.machines)}`);
  for (const m of sc.machines) {
    const states = keysOf((at(d as Data, ["machines", m.id, "states"]) ?? null)) ?? [];
    const got = m.states.map((x) => x.id).sort().join(",");
    if (got !== [...states].sort().join(",")) out.push(`states of ${m.id} ${JSON.stringify(states)} became ${got}`);
  }
  return out;
}

/** Loads and compiles one mutant; returns what is wrong (empty when fine). */
function check(m: Mutant): string[] {
  const t0 = performance.now();
  const problems: string[] = [];
  try {
    const lineCount = m.text.split("\n").length;
    const parsed = parseText(m.text);
    const data = parsed.ok ? parsed.value.data : undefined;
    const loaded = loadScenarioText(m.text);
    const issues: Issue[] = [];
    if (!loaded.ok) {
      issues.push(...loaded.issues);
      if (!loaded.issues.some((i) => i.severity === "error")) problems.push("not ok, but no error issue");
    } else {
      issues.push(...loaded.warnings);
      problems.push(...dropped(data, loaded.scenario));
      const prepared = prepareModel(loaded.scenario);
      if (!prepared.ok) {
        issues.push(...prepared.issues);
        if (prepared.issues.length === 0) problems.push("prepareModel not ok, but no issue");
      }
    }
    for (const i of issues) {
      const bad = badPath(i, data, loaded.locate, lineCount);
      if (bad !== undefined) problems.push(`${i.code}: ${bad}: ${i.message.slice(0, 200)}`);
    }
  } catch (e) {
    problems.push(`threw: ${e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 6).join(" | ") : String(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > BOUND_MS) problems.push(`took ${ms.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  return problems;
}

function describeCase(m: Mutant): string {
  return `${m.base}: ${m.how.slice(0, 600)}`;
}

function property(arb: fc.Arbitrary<Mutant>, numRuns: number): void {
  fc.assert(
    fc.property(arb, (m) => {
      const problems = check(m);
      if (problems.length > 0) throw new Error(`${describeCase(m)}\n  ${problems.join("\n  ")}`);
    }),
    // A slow case shrinks slowly: stop shrinking after 30 s and report what was found.
    { numRuns: numRuns * SCALE, interruptAfterTimeLimit: 30_000 * SCALE, ...SEEDED },
  );
}

describe("fuzzing the loader and prepareModel: never throw, issues with real paths, under 2 s a case", () => {
  it("the unmodified bases load (the mutations start from valid files)", () => {
    for (const b of BASES) expect(check(mutant(b.name, "unmodified", b.text)), b.name).toEqual([]);
  });

  it("reserved JavaScript names as machine, state and parameter names are kept or rejected, never dropped", () => {
    const simple = BASES.find((b) => b.name.endsWith("simple.yaml"));
    if (simple === undefined) throw new Error("no simple fixture");
    for (const name of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"]) {
      const cases: [string, string][] = [
        ["machine", simple.text.replace("machines:\n", `machines:\n  ${name}:\n    initial: a\n    states: { a: , b: }\n    transitions: [ { from: a, hazard: 0.1, to: b } ]\n`)],
        ["state", simple.text.replace("states: { low: , high: }", `states: { low: , high: , ${name}: }`)],
        ["parameter", simple.text.replace("parameters:\n", `parameters:\n  ${name}: { default: 0.5, min: 0, max: 1, unit: u, description: d, source: { rationale: r } }\n`)],
        ["broken machine", simple.text.replace("machines:\n", `machines:\n  ${name}:\n    initial: a\n    states: { a: , b: }\n    transitions: [ { from: a, hazard: 0.1, to: nosuch } ]\n`)],
      ];
      for (const [kind, text] of cases) {
        expect(check(mutant(simple.name, `${name} as a ${kind} name`, text)), `${name} as a ${kind} name`).toEqual([]);
        if (kind === "broken machine") expect(loadScenarioText(text).ok, `${name}: a broken machine must not load`).toBe(false);
      }
    }
  });

  it("data mutations (deleted keys, swapped types, odd numbers and names, duplicates, random expressions)", () => {
    property(dataMutant(BASES), 200);
  });

  it("text mutations (truncation, spliced bytes, line edits)", () => {
    property(textMutant(BASES), 150);
  });

  it("random bytes and YAML oddities", () => {
    property(noise(), 200);
  });

  it("all kinds mixed, two mutations deep", () => {
    property(mutantArb(BASES).chain((m) => textMutant([{ name: m.base, text: m.text, data: null }]).map((m2) => mutant(m.base, `${m.how} then ${m2.how}`, m2.text))), 50);
  });
});
