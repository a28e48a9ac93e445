/**
 * Issue 6, loader side: hostile or careless scenario texts give issues with
 * a path and a position (never a throw, a hang or a silently dropped name).
 * Every hostile input is built here, in code.
 */
import { describe, expect, it } from "vitest";
import { toDotPath, type Issue } from "../../src/scenario/issues.js";
import {
  MAX_BRANCHES, MAX_HORIZON_DAYS, MAX_MACHINES, MAX_OUTCOMES, MAX_PARAMETERS, MAX_STATES, MAX_STATES_PER_MACHINE,
  MAX_TRANSITIONS, MAX_YAML_ALIASES,
} from "../../src/scenario/limits.js";
import { loadScenarioText, parseText } from "../../src/scenario/load.js";
import { immediateCycle, reachableStates } from "../../src/scenario/graphRules.js";
import type { Machine, Transition } from "../../src/scenario/scenario.js";
import { suggest } from "../../src/scenario/rules.js";
import { dateOfDay } from "../../src/scenario/dates.js";
import { edit, loadFails, loadOk, scenarioObject, scenarioText, simpleText, type Json } from "../helpers/scenario.js";

const codes = (issues: readonly Issue[]): string[][] => issues.map((i) => [i.code, toDotPath(i.path)]);
const errors = (issues: readonly Issue[]): Issue[] => issues.filter((i) => i.severity === "error");

describe("YAML alias expansion", () => {
  // Ten levels of ten aliases each: 10^10 nodes if expanded.
  const bomb = (): string => {
    let text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]\n`;
    return text;
  };

  it("reports an alias bomb as one limit issue at the first alias, not a throw", () => {
    const { lines, issues } = loadFails(bomb());
    expect(issues.map((i) => [i.code, i.path])).toEqual([["limit", ["@2:10"]]]);
    expect(lines).toEqual([
      `f.yaml:2:10: YAML aliases expand too much (more than ${MAX_YAML_ALIASES} alias uses, counting nested ones); the limit is ${MAX_YAML_ALIASES}`,
    ]);
  });

  it("still reads a few aliases", () => {
    const r = parseText("a: &x [1, 2]\nb: *x\nc: *x\n");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.data).toEqual({ a: [1, 2], b: [1, 2], c: [1, 2] });
  });
});

describe("YAML nesting", () => {
  it("reports lists nested thousands deep as one limit issue, not a stack trace", () => {
    const n = 5_000;
    const { issues, lines } = loadFails(`a: ${"[".repeat(n)}${"]".repeat(n)}\n`);
    expect(issues.map((i) => i.code)).toEqual(["limit"]);
    expect(lines).toEqual([
      expect.stringMatching(/^f\.yaml:1:\d+: lists and maps are nested too deeply to read \(hundreds of levels; a scenario needs fewer than ten\)$/),
    ]);
  });
});

describe("duplicate keys", () => {
  it("reports the second key of a nested map at its own position", () => {
    const text = edit(simpleText(), "    initial: low\n", "    initial: low\n    description: x\n    description: y\n");
    const { lines, issues } = loadFails(text);
    expect(issues.map((i) => i.code)).toEqual(["duplicate"]);
    const line = text.split("\n").lastIndexOf("    description: y") + 1;
    expect(lines).toEqual([`f.yaml:${line}:5: key "description" is given twice in this mapping (map keys must be unique)`]);
  });

  it("treats `5:` and `\"5\":` as the same key (they become the same property)", () => {
    const { issues, lines } = loadFails('w:\n  5: 1\n  "5": 2\n');
    expect(issues.map((i) => i.code)).toEqual(["duplicate"]);
    expect(lines).toEqual(['f.yaml:3:3: key "5" is given twice in this mapping (map keys must be unique)']);
  });

  it("reports every duplicate, in maps inside sequences too", () => {
    const { lines } = loadFails("a: 1\nb:\n  - { x: 1, x: 2 }\n  - { y: 1, z: 2, y: 3 }\na: 2\n");
    expect(lines).toEqual(['f.yaml:5:1: key "a" is given twice in this mapping (map keys must be unique)', 'f.yaml:3:13: key "x" is given twice in this mapping (map keys must be unique)', 'f.yaml:4:19: key "y" is given twice in this mapping (map keys must be unique)']);
  });

  it("checks one map of 30,000 keys (under the file size limit) with a duplicate at the end promptly (the old check was quadratic)", () => {
    const n = 30_000;
    const text = Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join("\n") + "\nk0: again\n";
    const t0 = performance.now();
    const { lines } = loadFails(text);
    // Bound on a hostile input only: yaml's pairwise check needs 4.5·10^8 comparisons here.
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(lines).toEqual([`f.yaml:${n + 1}:1: key "k0" is given twice in this mapping (map keys must be unique)`]);
  }, 60_000);
});

describe("reserved names", () => {
  for (const name of ["__proto__", "prototype", "constructor"]) {
    it(`rejects "${name}" as a machine name, at the key, with the errors inside it not lost`, () => {
      const text = edit(simpleText(), "  tariff:\n", `  ${name}:\n`);
      const { lines, issues } = loadFails(text);
      const line = text.split("\n").indexOf(`  ${name}:`) + 1;
      expect(codes(issues)).toEqual([["shape", `machines.${name}`]]);
      expect(lines).toEqual([`f.yaml:${line}:3: machines.${name}: "${name}" is a reserved name; choose another`]);
    });
  }

  it("rejects reserved names as state and parameter keys anywhere in the document", () => {
    const text = edit(edit(simpleText(), "states: { low: , high: }", "states: { low: , high: , __proto__: }"), "  h_raise:\n", "  constructor:\n");
    const { issues } = loadFails(text);
    expect(codes(issues)).toEqual([["shape", "parameters.constructor"], ["shape", "machines.tariff.states.__proto__"]]);
  });

  it("rejects reserved names as id values (initial, targets, outcome ids)", () => {
    const text = edit(edit(simpleText(), "initial: low", "initial: prototype"), "{ id: hold,", "{ id: constructor,");
    const { lines } = loadFails(text);
    expect(lines).toEqual([
      expect.stringMatching(/^f\.yaml:\d+:\d+: machines\.tariff\.initial: "prototype" is a reserved name; choose another$/),
      expect.stringMatching(/^f\.yaml:\d+:\d+: outcomes\[0\]\.id: "constructor" is a reserved name; choose another$/),
    ]);
  });

  it("rejects an alias as a map key, which would smuggle in a reserved name or a duplicate past the checks", () => {
    const smuggle = (anchored: string): string =>
      edit(edit(simpleText(), "title: Simple two-machine scenario", `title: &k ${anchored}`), "  tariff:\n", "  *k :\n");
    for (const anchored of ["__proto__", "bill"]) {
      const text = smuggle(anchored);
      const line = text.split("\n").indexOf("  *k :") + 1;
      expect(loadFails(text).lines, anchored).toEqual([`f.yaml:${line}:3: an alias (*name) cannot be used as a map key; write the key itself`]);
    }
  });

  it("rejects a list or map as a map key (toJS would stringify it, with a Node warning outside the one-line format)", () => {
    const text = edit(simpleText(), "calendar:", "? [a, b]\n: 1\ncalendar:");
    const line = text.split("\n").indexOf("? [a, b]") + 1;
    expect(loadFails(text).lines).toEqual([`f.yaml:${line}:3: a list or map cannot be used as a map key; write a name or a number`]);
  });

  it("accepts names that merely contain a reserved word", () => {
    expect(() => loadOk(edit(simpleText(), "  tariff:\n", "  tariff_constructor:\n").replaceAll('"tariff.', '"tariff_constructor.'))).not.toThrow();
  });

  it("rejects non-ASCII identifiers", () => {
    const { issues } = loadFails(edit(simpleText(), "  tariff:\n", "  tarіff:\n")); // Cyrillic і
    expect(codes(issues)).toEqual([["shape", 'machines["tarіff"]']]);
    expect(issues[0]?.message).toMatch(/^must be an identifier/);
  });
});

describe("duplicate `from` entries", () => {
  it("rejects a state listed twice in `from` (it would apply the hazard twice)", () => {
    const text = edit(simpleText(), "      - from: low\n", "      - from: [low, low, low]\n");
    const { lines, issues } = loadFails(text);
    const line = text.split("\n").indexOf("      - from: [low, low, low]") + 1;
    expect(codes(issues)).toEqual([
      ["duplicate", "machines.tariff.transitions[0].from[1]"],
      ["duplicate", "machines.tariff.transitions[0].from[2]"],
    ]);
    expect(lines[0]).toBe(`f.yaml:${line}:21: machines.tariff.transitions[0].from[1]: state "low" is listed twice in from`);
  });
});

describe("parameter bounds: a default exactly at a bound is inside", () => {
  const withDefault = (value: number): string => scenarioText({
    parameters: { p: { default: value, min: 0.25, max: 0.75 } },
    machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "p", to: "b" }] } },
  });

  it("accepts a default equal to min and one equal to max", () => {
    expect(() => loadOk(withDefault(0.25))).not.toThrow();
    expect(() => loadOk(withDefault(0.75))).not.toThrow();
  });

  it("rejects a default just below min or just above max", () => {
    for (const v of [0.25 - 1e-12, 0.75 + 1e-12]) {
      expect(loadFails(withDefault(v)).issues.map((i) => [i.code, toDotPath(i.path), i.message]))
        .toEqual([["range", "parameters.p.default", `default ${v} is outside [0.25, 0.75]`]]);
    }
  });
});

/** A scenario object with `n` machines of `states` states each, every machine a `when` chain. */
function chains(n: number, states: number, extra: (o: { [k: string]: Json }) => void = () => undefined): string {
  const machines: Record<string, { initial: string; states: string[]; transitions: { [k: string]: Json }[] }> = {};
  for (let i = 0; i < n; i++) {
    const names = Array.from({ length: states }, (_, k) => `s${k}`);
    machines[`m${i}`] = {
      initial: "s0",
      states: names,
      transitions: names.slice(1).map((to, k) => ({ from: `s${k}`, when: true, to })),
    };
  }
  const o = scenarioObject({ machines });
  extra(o);
  return JSON.stringify(o);
}

describe("size limits, checked before normalization and the rules", () => {
  it("rejects 3,000 small machines with the limit issues only", () => {
    const { lines, issues } = loadFails(chains(3_000, 2));
    expect(issues.map((i) => [i.code, toDotPath(i.path), i.message])).toEqual([
      ["limit", "machines", `3000 machines; the limit is ${MAX_MACHINES}`],
      ["limit", "machines", `6000 states in all machines; the limit is ${MAX_STATES}`],
    ]);
    expect(lines[0]).toMatch(/^f\.yaml:\d+:\d+: machines: 3000 machines; the limit is 200$/);
  });

  it("accepts exactly the limits of machines, states and transitions, and rejects one more", () => {
    // 5 machines of 1,000 states: exactly MAX_STATES and MAX_STATES_PER_MACHINE.
    expect(MAX_STATES).toBe(5 * MAX_STATES_PER_MACHINE);
    expect(() => loadOk(chains(5, MAX_STATES_PER_MACHINE))).not.toThrow();
    expect(codes(loadFails(chains(1, MAX_STATES_PER_MACHINE + 1)).issues)).toEqual([["limit", "machines.m0.states"]]);
    expect(loadFails(chains(6, MAX_STATES_PER_MACHINE)).issues.map((i) => i.message))
      .toEqual([`${6 * MAX_STATES_PER_MACHINE} states in all machines; the limit is ${MAX_STATES}`]);
    expect(() => loadOk(chains(MAX_MACHINES, 2))).not.toThrow();
    expect(codes(loadFails(chains(MAX_MACHINES + 1, 2)).issues)).toEqual([["limit", "machines"]]);
  });

  it("counts transitions over all machines", () => {
    const text = (count: number): string => chains(1, 2, (o) => {
      const m = (o.machines as { [k: string]: { [k: string]: Json } }).m0;
      if (m !== undefined) m.transitions = Array.from({ length: count }, () => ({ from: "s0", hazard: 0.001, to: "s1" }));
    });
    expect(() => loadOk(text(MAX_TRANSITIONS))).not.toThrow();
    expect(loadFails(text(MAX_TRANSITIONS + 1)).issues.map((i) => [toDotPath(i.path), i.message]))
      .toEqual([["machines", `${MAX_TRANSITIONS + 1} transitions in all machines; the limit is ${MAX_TRANSITIONS}`]]);
  }, 30_000);

  it("limits branches per transition, parameters and outcomes", () => {
    const text = (branches: number, params: number, outcomes: number): string => chains(1, 2, (o) => {
      const m = (o.machines as { [k: string]: { [k: string]: Json } }).m0;
      if (m !== undefined) {
        m.transitions = [{
          from: "s0", hazard: 0.01,
          to: [...Array.from({ length: branches - 1 }, () => ({ to: "s1", weight: 0 })), { to: "s1", otherwise: true }],
        }];
      }
      const ps: { [k: string]: Json } = {};
      for (let i = 0; i < params; i++) ps[`p${i}`] = { default: 0, min: 0, max: 1, unit: "u", description: "d", source: { rationale: "r" } };
      o.parameters = ps;
      o.outcomes = Array.from({ length: outcomes }, (_, i) => ({ id: `o${i}`, label: "l", when: i === 0 }));
    });
    expect(() => loadOk(text(MAX_BRANCHES, MAX_PARAMETERS, MAX_OUTCOMES))).not.toThrow();
    expect(loadFails(text(MAX_BRANCHES + 1, MAX_PARAMETERS + 1, MAX_OUTCOMES + 1)).issues.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["machines.m0.transitions[0].to", `${MAX_BRANCHES + 1} branches; the limit is ${MAX_BRANCHES} per transition`],
      ["parameters", `${MAX_PARAMETERS + 1} parameters; the limit is ${MAX_PARAMETERS}`],
      ["outcomes", `${MAX_OUTCOMES + 1} outcomes; the limit is ${MAX_OUTCOMES}`],
    ]);
  });

  it("limits the horizon: exactly the limit is accepted, one day more and 9999-12-31 are not", () => {
    const start = "2026-02-01";
    const text = (horizon: string): string => scenarioText({ start, horizon, machines: { m: { initial: "a", states: ["a"] } } });
    expect(loadOk(text(dateOfDay(start, MAX_HORIZON_DAYS))).days).toBe(MAX_HORIZON_DAYS);
    const { lines } = loadFails(text(dateOfDay(start, MAX_HORIZON_DAYS + 1)));
    expect(lines).toEqual([expect.stringMatching(/^f\.yaml:\d+:\d+: calendar\.horizon: horizon is 3661 days after start; the limit is 3660 days$/)]);
    expect(loadFails(text("9999-12-31")).issues.map((i) => i.code)).toEqual(["limit"]);
  });
});

/** A machine built directly (bypassing the size limits) of `n` states in a chain of `when` transitions. */
function chainMachine(n: number, backEdge: boolean): Machine {
  const when = { kind: "when", guard: { path: [], text: true, expr: undefined } } as const;
  const transitions: Transition[] = [];
  const link = (from: number, to: number): void => {
    transitions.push({
      machine: "m", index: transitions.length, id: `t${transitions.length}`, from: [`s${from}`], trigger: when,
      branches: [{ to: `s${to}`, weight: "otherwise", path: [] }], path: ["machines", "m", "transitions", transitions.length],
    });
  };
  for (let i = 0; i + 1 < n; i++) link(i, i + 1);
  if (backEdge) link(n - 1, 0);
  return {
    id: "m", description: undefined, initial: "s0", transitions, path: ["machines", "m"],
    states: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, label: `s${i}`, description: undefined })),
  };
}

describe("graph rules are iterative and linear", () => {
  it("finds no cycle in a 100,000-state chain, and the whole chain as a cycle when it closes (no stack overflow)", () => {
    const n = 100_000;
    expect(immediateCycle(chainMachine(n, false))).toBeUndefined();
    const cycle = immediateCycle(chainMachine(n, true));
    expect(cycle?.length).toBe(n + 1);
    expect(cycle?.[0]).toBe("s0");
    expect(cycle?.[n]).toBe("s0");
    // Searched from the smallest name first, as the recursive search did.
    expect(immediateCycle(chainMachine(3, true))).toEqual(["s0", "s1", "s2", "s0"]);
  });

  it("reaches every state of a 100,000-state chain breadth-first", () => {
    const reached = reachableStates(chainMachine(100_000, false));
    expect(reached.size).toBe(100_000);
    expect(reached.has("s99999")).toBe(true);
  });

  it("loads a 1,000-state chain of `when` transitions (the old check took seconds at 2,000)", () => {
    const sc = loadOk(chains(1, MAX_STATES_PER_MACHINE));
    expect(sc.machines[0]?.states).toHaveLength(MAX_STATES_PER_MACHINE);
  });
});

describe("suggestions are bounded", () => {
  it("gives no suggestion for a very long name, and still suggests for a short typo", () => {
    const long = "a".repeat(100_000);
    expect(suggest(long, [long.slice(1)])).toBe("");
    expect(suggest("raisd", ["raised", "low"])).toBe(' (did you mean "raised"?)');
  });

  it("reports unknown long state names without computing edit distances over them", () => {
    const long = `s${"x".repeat(200_000)}`;
    const text = scenarioText({ machines: { m: { initial: "a", states: ["a", `${long}y`], transitions: [{ from: "a", hazard: 0.1, to: long }] } } });
    const { issues } = loadFails(text);
    expect(errors(issues).map((i) => [i.code, toDotPath(i.path)])).toEqual([["unknown-name", "machines.m.transitions[0].to"]]);
    expect(issues[0]?.message).not.toContain("did you mean");
  });
});

describe("suggestions over many misspelt names", () => {
  it("stops suggesting once its budget is spent, so 20,000 misspelt targets among 1,000 states stay fast", () => {
    const states = Array.from({ length: 1000 }, (_, i) => `s${String(i).padStart(3, "0")}`);
    const transitions: { [k: string]: Json }[] = Array.from({ length: 40 }, (_, t) => ({
      from: "s000", hazard: 0.001,
      to: Array.from({ length: 500 }, (_, b): Json => (b === 499 ? { to: `x${String((t * 7 + b) % 1000).padStart(3, "0")}`, otherwise: true }
        : { to: `x${String((t * 7 + b) % 1000).padStart(3, "0")}`, weight: 0 })),
    }));
    const text = JSON.stringify(scenarioObject({ machines: { m: { initial: "s000", states, transitions } } }));
    const t0 = performance.now();
    const { issues } = loadFails(text);
    // Bound on a hostile input: without the budget this is ~5·10^8 edit-distance cells.
    expect(performance.now() - t0).toBeLessThan(30_000);
    const unknown = issues.filter((i) => i.code === "unknown-name");
    expect(unknown.filter((i) => i.severity === "error")).toHaveLength(20_000);
    const hinted = unknown.filter((i) => i.message.includes("did you mean")).length;
    expect(hinted).toBeGreaterThan(0); // the first ones still get a hint, e.g. x000 → s000
    expect(hinted).toBeLessThan(1_000);
    expect(unknown[0]?.message).toBe('machine "m" has no state "x000" (did you mean "s000"?)');
  }, 60_000);
});

describe("seed readers", () => {
  it("calls a reader once per distinct seed file and reports a problem it gives, without checking quotes", () => {
    const seed = "notes.txt";
    const text = edit(
      edit(simpleText(), "calendar:", `seeds:\n${`  - { file: ${seed}, title: T, date: 2026-02-01 }\n`.repeat(50)}calendar:`),
      "    source: { rationale: test fixture }\n  h_raise:",
      `    source: { seed: ${seed}, quote: "nowhere at all" }\n  h_raise:`,
    );
    let calls = 0;
    const r = loadScenarioText(text, () => {
      calls++;
      return { code: "source", message: "seed file must be inside the scenario's folder" };
    });
    expect(calls).toBe(1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.issues.map((i) => i.message))).toEqual(new Set(["seed file must be inside the scenario's folder"]));
  });
});
