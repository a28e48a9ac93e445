/**
 * Test helpers: building small scenarios as text, loading and compiling them,
 * and finding the shipped files. Every helper throws (with the formatted
 * issues) when a step that a test expects to succeed fails, so a broken
 * fixture shows up as a readable failure rather than as `undefined`.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatIssues } from "../../src/cli/errors.js";
import { loadScenarioFile } from "../../src/io.js";
import type { CompiledModel, CompiledTransition } from "../../src/model/model.js";
import { prepareModel } from "../../src/model/prepare.js";
import type { Issue } from "../../src/scenario/issues.js";
import { loadScenarioText, type Locator } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/scenario.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The two-machine fixture every layer is tested on. */
export const SIMPLE = fileURLToPath(new URL("../fixtures/simple.yaml", import.meta.url));
/** The shipped default scenario (being written concurrently: may be absent or invalid). */
export const KOREA = fileURLToPath(new URL("../../scenarios/korea-us-2026.yaml", import.meta.url));
/** The bundled CLI. */
export const BUNDLE = fileURLToPath(new URL("../../dist/tariffsim.mjs", import.meta.url));

/** The text of the simple fixture. */
export function simpleText(): string {
  return readFileSync(SIMPLE, "utf8");
}

/** A JSON-able value. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A parameter for {@link scenarioText}: only what the tests vary. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** A machine for {@link scenarioText}: states listed in the order given (the file's key order). */
export interface MachineSpec {
  readonly initial: string;
  readonly states: readonly string[];
  readonly transitions?: readonly { [k: string]: Json }[];
}

/** What {@link scenarioText} builds a scenario from. */
export interface ScenarioSpec {
  readonly id?: string;
  readonly start?: string;
  readonly horizon?: string;
  readonly parameters?: Readonly<Record<string, ParamSpec>>;
  readonly machines: Readonly<Record<string, MachineSpec>>;
  /** Default: one outcome `true` (matches every run). */
  readonly outcomes?: readonly { id: string; when: string | boolean; label?: string; group?: string }[];
  readonly groups?: readonly { id: string; label: string }[];
}

/** The scenario as a plain object in the file format. */
export function scenarioObject(spec: ScenarioSpec): { [k: string]: Json } {
  const parameters: { [k: string]: Json } = {};
  for (const [name, p] of Object.entries(spec.parameters ?? {})) {
    parameters[name] = {
      default: p.default, min: p.min, max: p.max, unit: "u", description: `parameter ${name}`,
      source: { rationale: "test" },
    };
  }
  const machines: { [k: string]: Json } = {};
  for (const [id, m] of Object.entries(spec.machines)) {
    const states: { [k: string]: Json } = {};
    for (const s of m.states) states[s] = null;
    machines[id] = { initial: m.initial, states, transitions: [...(m.transitions ?? [])] };
  }
  const out: { [k: string]: Json } = {
    id: spec.id ?? "t",
    title: "Test scenario",
    description: "Built by a test.",
    asOf: spec.start ?? "2026-02-01",
    calendar: { start: spec.start ?? "2026-02-01", horizon: spec.horizon ?? "2026-03-31" },
    parameters,
    machines,
    outcomes: (spec.outcomes ?? [{ id: "all", when: true }]).map((o) => ({
      id: o.id, label: o.label ?? o.id, when: o.when, ...(o.group === undefined ? {} : { group: o.group }),
    })),
  };
  if (spec.groups !== undefined) out.groups = spec.groups.map((g) => ({ id: g.id, label: g.label }));
  return out;
}

/** The scenario as JSON text (which the loader reads like YAML). */
export function scenarioText(spec: ScenarioSpec): string {
  return JSON.stringify(scenarioObject(spec), null, 2);
}

/** Formats issues against a file name, for failure messages and assertions. */
export function lines(file: string, issues: readonly Issue[], locate: Locator): string[] {
  return formatIssues(file, issues, locate);
}

/** Loads scenario text that must be valid. */
export function loadOk(text: string, seedTexts: ReadonlyMap<string, string | undefined> = new Map()): Scenario {
  const r = loadScenarioText(text, seedTexts);
  if (!r.ok) throw new Error(`expected the scenario to load:\n${lines("test.yaml", r.issues, r.locate).join("\n")}`);
  return r.scenario;
}

/** Loads and compiles scenario text that must be valid under `overrides`. */
export function modelOf(text: string, overrides: ReadonlyMap<string, number> = new Map()): CompiledModel {
  return prepareOk(loadOk(text), overrides);
}

/** Compiles a scenario that must compile under `overrides`. */
export function prepareOk(sc: Scenario, overrides: ReadonlyMap<string, number> = new Map()): CompiledModel {
  const p = prepareModel(sc, overrides);
  if (!p.ok) throw new Error(`expected the scenario to compile:\n${p.issues.map((i) => i.message).join("\n")}`);
  return p.model;
}

/** The compiled model of a spec. */
export function modelOfSpec(spec: ScenarioSpec, overrides: ReadonlyMap<string, number> = new Map()): CompiledModel {
  return modelOf(scenarioText(spec), overrides);
}

/** The simple fixture, compiled. */
export function simpleModel(overrides: ReadonlyMap<string, number> = new Map()): CompiledModel {
  return modelOf(simpleText(), overrides);
}

/** The global index of `"machine.state"`; throws if absent. */
export function stateIdx(model: CompiledModel, name: string): number {
  const i = model.stateNames.indexOf(name);
  if (i < 0) throw new Error(`no state ${name} in ${model.stateNames.join(", ")}`);
  return i;
}

/** The first compiled transition (timed or immediate) out of `"machine.state"`. */
export function transitionOut(model: CompiledModel, name: string, immediate = false): CompiledTransition {
  const s = stateIdx(model, name);
  const t = (immediate ? model.immediate : model.timed)[s]?.[0];
  if (t === undefined) throw new Error(`no ${immediate ? "immediate" : "timed"} transition out of ${name}`);
  return t;
}

/**
 * The shipped scenario, loaded from disk with its seeds, or undefined when it
 * is absent or does not validate (it is being written concurrently).
 */
export function koreaScenario(): Scenario | undefined {
  if (!existsSync(KOREA)) return undefined;
  const r = loadScenarioFile(KOREA);
  if (!r.ok) return undefined;
  const p = prepareModel(r.scenario);
  return p.ok ? r.scenario : undefined;
}

/** Replaces `from` by `to` in `text`; throws if `from` does not occur exactly once (so an edit can never silently miss). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: "${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Loads text that must fail to load; returns its formatted lines (as file `f.yaml`) and issues. */
export function loadFails(text: string, seedTexts: ReadonlyMap<string, string | undefined> = new Map()): { lines: string[]; issues: readonly Issue[] } {
  const r = loadScenarioText(text, seedTexts);
  if (r.ok) throw new Error("expected the scenario not to load");
  return { lines: lines("f.yaml", r.issues, r.locate), issues: r.issues };
}

/** Loads text that must load but fail to compile (parameters, ranges, weights, coverage); returns formatted lines and issues. */
export function prepareFails(text: string, overrides: ReadonlyMap<string, number> = new Map()): { lines: string[]; issues: readonly Issue[] } {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(`expected the scenario to load:\n${lines("f.yaml", r.issues, r.locate).join("\n")}`);
  const p = prepareModel(r.scenario, overrides);
  if (p.ok) throw new Error("expected the scenario not to compile");
  return { lines: lines("f.yaml", p.issues, r.locate), issues: p.issues };
}
