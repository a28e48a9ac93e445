import { describe, expect, it } from "vitest";
import { parseAssignment, resolveParams } from "../../src/model/params.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { suggest } from "../../src/scenario/rules.js";
import {
  edit, loadFails, loadOk, prepareFails, prepareOk, scenarioText, simpleText, type Json,
} from "../helpers/scenario.js";

const HAZARD = `'in("bill.passed") ? 0 : h_raise'`;

describe("names", () => {
  it("rejects an unknown target state with a suggestion", () => {
    const { lines, issues } = loadFails(edit(simpleText(), "to: high", "to: hgh"));
    expect(issues.filter((i) => i.severity === "error").map((i) => i.code)).toEqual(["unknown-name"]);
    expect(lines[0]).toMatchInlineSnapshot(`"f.yaml:37:13: machines.tariff.transitions[0].to: machine "tariff" has no state "hgh" (did you mean "high"?)"`);
  });

  it("rejects an unknown state in a `from` list, at its index", () => {
    const { issues } = loadFails(edit(simpleText(), "from: low", "from: [low, hgh]"));
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => toDotPath(i.path))).toEqual(["machines.tariff.transitions[0].from[1]"]);
    expect(errors[0]?.message).toBe('machine "tariff" has no state "hgh" (did you mean "high"?)');
  });

  it("rejects an unknown initial state", () => {
    const { issues } = loadFails(edit(simpleText(), "initial: low", "initial: lo"));
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["machines.tariff.initial", 'machine "tariff" has no state "lo" (did you mean "low"?)'],
    ]);
  });

  it("rejects an unknown machine in in() with a suggestion", () => {
    const { lines } = loadFails(edit(simpleText(), `in("bill.passed")`, `in("bil.passed")`));
    expect(lines).toMatchInlineSnapshot(`
      [
        "f.yaml:36:17: machines.tariff.transitions[0].hazard: in("bil.passed"): unknown machine "bil" (did you mean "bill"?)",
      ]
    `);
  });

  it("rejects an unknown state in visited() inside an outcome", () => {
    const { issues } = loadFails(edit(simpleText(), `when: 'in("tariff.low")'`, `when: 'in("tariff.low") and not visited("bill.pased")'`));
    expect(issues.map((i) => [i.code, toDotPath(i.path), i.message])).toEqual([
      ["unknown-name", "outcomes[0].when", 'visited("bill.pased"): machine "bill" has no state "pased" (did you mean "passed"?)'],
    ]);
  });

  it("rejects an unknown parameter with a suggestion, and without one when nothing is close", () => {
    const near = loadFails(edit(simpleText(), "weight: p_pass }", "weight: p_pas }"));
    const e1 = near.issues.filter((i) => i.severity === "error");
    expect(e1.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["machines.bill.transitions[0].to[0].weight", 'unknown parameter "p_pas" (did you mean "p_pass"?)'],
    ]);
    const far = loadFails(edit(simpleText(), "weight: p_pass }", "weight: zzzzzzzz }"));
    expect(far.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual(['unknown parameter "zzzzzzzz"']);
  });

  it("suggests only close names", () => {
    expect(suggest("hgh", ["low", "high"])).toBe(' (did you mean "high"?)');
    expect(suggest("HIGH", ["low", "high"])).toBe(' (did you mean "high"?)');
    expect(suggest("qqq", ["low", "high"])).toBe("");
  });

  it("rejects names that are not allowed where they are written", () => {
    const spec = (delayDays: string, outcome: string): string => scenarioText({
      machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", delay: { shape: "fixed", days: delayDays }, to: "b" }] } },
      outcomes: [{ id: "all", when: outcome }],
    });
    const day = loadFails(spec("day + 1", "true"));
    expect(day.issues.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["machines.m.transitions[0].delay.days", '"day" cannot be used here (numbers in windows and delays may read parameters, horizon and date() only)'],
    ]);
    const inDelay = loadFails(spec('in("m.a") + 1', "true"));
    expect(inDelay.issues.map((i) => i.message)).toEqual([
      "in() cannot be used here (numbers in windows and delays may read parameters, horizon and date() only)",
    ]);
    const dis = loadFails(spec("3", "daysInState >= 0"));
    expect(dis.issues.map((i) => [toDotPath(i.path), i.code])).toEqual([["outcomes[0].when", "expression"]]);
    // …while `horizon` and `date()` are fine in a delay, and `day` in an outcome.
    expect(() => loadOk(spec('date("2026-02-11") - date("2026-02-01") + horizon * 0', "day == horizon"))).not.toThrow();
  });
});

describe("ranges and weights (checked when compiling)", () => {
  it("rejects a constant hazard of 1.5", () => {
    const { lines, issues } = prepareFails(edit(simpleText(), HAZARD, "'h_raise * 75'"));
    expect(issues.map((i) => i.code)).toEqual(["range"]);
    expect(lines).toMatchInlineSnapshot(`
      [
        "f.yaml:36:17: machines.tariff.transitions[0].hazard: a hazard must be a probability in [0, 1]; "h_raise * 75" gives 1.5",
      ]
    `);
  });

  it("rejects a negative hazard and accepts 0 and 1", () => {
    expect(prepareFails(edit(simpleText(), HAZARD, "-0.1 + h_raise * 0")).issues.map((i) => i.code)).toEqual(["range"]);
    for (const h of ["0 * h_raise", "1 + 0 * h_raise"]) {
      expect(() => prepareOk(loadOk(edit(simpleText(), HAZARD, `'${h}'`)))).not.toThrow();
    }
  });

  it("rejects branch weights that do not sum to 1", () => {
    const text = edit(simpleText(), "{ to: failed, otherwise: true }", "{ to: failed, weight: 0.3 }");
    const { issues } = prepareFails(text);
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["weights", "machines.bill.transitions[0].to"]]);
    expect(issues[0]?.message).toMatch(/^branch weights sum to 0\.89999\d*, not 1 \(passed: p_pass = 0\.6, failed: 0\.3\)$/);
    // The same pair summing to 1 compiles.
    expect(() => prepareOk(loadOk(edit(simpleText(), "{ to: failed, otherwise: true }", "{ to: failed, weight: 0.4 }")))).not.toThrow();
  });

  it("accepts weights within 1e-9 of 1 and rejects them beyond", () => {
    const w = (a: string, b: string): string => edit(
      edit(simpleText(), "{ to: passed, weight: p_pass }", `{ to: passed, weight: ${a} }`),
      "{ to: failed, otherwise: true }", `{ to: failed, weight: ${b} }`);
    expect(() => prepareOk(loadOk(w("0.3", "0.7000000001")))).not.toThrow(); // 1 + 1e-10
    expect(prepareFails(w("0.3", "0.70000001")).issues.map((i) => i.code)).toContain("weights"); // 1 + 1e-8
  });

  it("rejects weights that leave nothing for `otherwise`, via a parameter override", () => {
    const text = edit(simpleText(), "{ to: passed, weight: p_pass }", "{ to: passed, weight: p_pass }\n          - { to: pending, weight: 0.5 }");
    expect(() => prepareOk(loadOk(text), new Map([["p_pass", 0.5]]))).not.toThrow();
    const { issues } = prepareFails(text, new Map([["p_pass", 0.6]]));
    expect(issues.map((i) => i.message)).toEqual(["branch weights sum to 1.1, leaving nothing for `otherwise` (passed: p_pass = 0.6, pending: 0.5)"]);
  });

  it("rejects two `otherwise` branches", () => {
    const { issues } = loadFails(edit(simpleText(), "{ to: passed, weight: p_pass }", "{ to: passed, otherwise: true }"));
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.code, toDotPath(i.path), i.message])).toEqual([
      ["weights", "machines.bill.transitions[0].to", "at most one branch may be `otherwise`"],
    ]);
  });

  it("rejects a default outside its bounds and min above max", () => {
    expect(loadFails(edit(simpleText(), "default: 0.02", "default: 0.7")).issues.map((i) => [toDotPath(i.path), i.message]))
      .toEqual([["parameters.h_raise.default", "default 0.7 is outside [0, 0.5]"]]);
    expect(loadFails(edit(simpleText(), "min: 0\n    max: 0.5", "min: 0.6\n    max: 0.5")).issues.map((i) => toDotPath(i.path)))
      .toEqual(["parameters.h_raise.min"]);
  });

  it("rejects a horizon that is not after the start", () => {
    const { lines } = loadFails(edit(simpleText(), "horizon: 2026-04-30", "horizon: 2026-02-01"));
    expect(lines).toEqual(["f.yaml:5:41: calendar.horizon: horizon 2026-02-01 must be after start 2026-02-01"]);
  });

  it("rejects a duplicated outcome id", () => {
    const { issues } = loadFails(edit(simpleText(), "id: rise,", "id: hold,"));
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["duplicate", "outcomes[1].id"]]);
  });

  it("rejects out-of-range windows and delays when compiling", () => {
    const one = (trigger: { [k: string]: Json }): string[] => {
      const text = scenarioText({
        machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", ...trigger, to: "b" }] } },
      });
      return prepareFails(text).issues.map((i) => `${toDotPath(i.path)}: ${i.message}`);
    };
    expect(one({ window: { shape: "uniform", from: "2026-03-10", to: "2026-03-01" } }))
      .toEqual(["machines.m.transitions[0].window.to: window ends (2026-03-01) before it starts (2026-03-10)"]);
    expect(one({ window: { shape: "triangular", from: "2026-03-01", mode: "2026-03-20", to: "2026-03-10" } }))
      .toEqual(["machines.m.transitions[0].window.mode: mode 2026-03-20 is outside the window 2026-03-01 … 2026-03-10"]);
    expect(one({ delay: { shape: "fixed", days: 0 } }))
      .toEqual(["machines.m.transitions[0].delay.days: days must be a whole number of days, 1 or more; got 0"]);
    expect(one({ delay: { shape: "fixed", days: "2.5" } }))
      .toEqual(["machines.m.transitions[0].delay.days: days must be a whole number of days, 1 or more; got 2.5"]);
    expect(one({ delay: { shape: "uniform", min: 5, max: 3 } }))
      .toEqual(["machines.m.transitions[0].delay.max: max 3 is below min 5"]);
    expect(one({ delay: { shape: "weighted", weights: { "3": 0, "5": 0 } } }))
      .toEqual(["machines.m.transitions[0].delay.weights: needs at least one positive weight"]);
    expect(one({ delay: { shape: "weighted", weights: { "3": 1, "5": -1 } } }))
      .toEqual(['machines.m.transitions[0].delay.weights["5"]: a weight must not be negative; got -1']);
  });
});

describe("immediate-transition cycles", () => {
  const machine = (transitions: { [k: string]: string | boolean | { [k: string]: string | boolean }[] }[]): string => scenarioText({
    machines: { m: { initial: "a", states: ["a", "b", "c"], transitions } },
  });

  it("rejects a cycle of `when` transitions, naming its states", () => {
    const { lines, issues } = loadFails(machine([
      { from: "a", when: true, to: "b" },
      { from: "b", when: "daysInState > 2", to: "c" },
      { from: "c", when: "day > 3", to: "a" },
    ]));
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["cycle", "machines.m.transitions[0]"]]);
    expect(issues[0]?.message).toBe('immediate (when) transitions of machine "m" form a cycle: a → b → c → a');
    expect(lines[0]).toMatch(/^f\.yaml:\d+:\d+: machines\.m\.transitions\[0\]: /);
  });

  it("rejects a `when` self-loop and a cycle through a branch", () => {
    expect(loadFails(machine([{ from: "a", when: true, to: "a" }])).issues.filter((i) => i.severity === "error").map((i) => i.message))
      .toEqual(['immediate (when) transitions of machine "m" form a cycle: a → a']);
    const viaBranch = loadFails(machine([
      { from: "a", when: true, to: [{ to: "b", weight: "0.5" }, { to: "c", otherwise: true }] },
      { from: "c", when: true, to: "a" },
    ]));
    expect(viaBranch.issues.map((i) => i.code)).toEqual(["cycle"]);
    expect(viaBranch.issues[0]?.message).toMatch(/a → c → a/);
  });

  it("accepts a loop closed by a timed transition", () => {
    expect(() => loadOk(machine([
      { from: "a", when: true, to: "b" },
      { from: "b", when: true, to: "c" },
      { from: "c", hazard: "0.1", to: "a" },
    ]))).not.toThrow();
  });
});

describe("outcome coverage (prepareModel)", () => {
  it("rejects outcomes that miss an end state, naming it", () => {
    const text = edit(simpleText(), `when: 'in("tariff.high")'`, `when: 'in("tariff.high") and in("bill.passed")'`);
    const { lines, issues } = prepareFails(text);
    expect(issues.map((i) => i.code)).toEqual(["outcomes", "outcomes"]);
    expect(lines).toMatchInlineSnapshot(`
      [
        "f.yaml:39:3: outcomes: no outcome matches the end state bill.pending, tariff.high",
        "f.yaml:39:3: outcomes: no outcome matches the end state bill.failed, tariff.high",
      ]
    `);
  });

  it("rejects overlapping outcomes, at the second one", () => {
    const text = edit(simpleText(), `when: 'in("tariff.high")'`, `when: 'in("tariff.high") or in("bill.failed")'`);
    const { lines } = prepareFails(text);
    expect(lines).toEqual([
      'f.yaml:40:5: outcomes[1]: outcomes "hold" and "rise" both match the end state bill.failed, tariff.low',
    ]);
  });

  it("enumerates visited history that the outcomes read", () => {
    // Outcomes split on whether the tariff was ever high; `low` can be re-entered, so
    // "low now, high visited" is reachable and must be covered.
    const base = {
      machines: {
        t: { initial: "low", states: ["low", "high"], transitions: [{ from: "low", hazard: "0.1", to: "high" }, { from: "high", hazard: "0.1", to: "low" }] },
      },
    };
    const covered = scenarioText({
      ...base,
      outcomes: [
        { id: "never", when: 'not visited("t.high")' },
        { id: "back", when: 'visited("t.high") and in("t.low")' },
        { id: "high", when: 'in("t.high")' },
      ],
    });
    expect(() => prepareOk(loadOk(covered))).not.toThrow();
    const missing = scenarioText({
      ...base,
      outcomes: [
        { id: "never", when: 'not visited("t.high")' },
        { id: "high", when: 'in("t.high")' },
      ],
    });
    expect(prepareFails(missing).issues.map((i) => i.message)).toEqual([
      "no outcome matches the end state t.low (also visited: t.high)",
    ]);
  });
});

describe("parameter overrides (resolveParams, parseAssignment)", () => {
  const sc = loadOk(simpleText());

  it("applies an override within bounds, bounds included", () => {
    for (const v of [0, 0.25, 0.5]) {
      const r = resolveParams(sc, new Map([["h_raise", v]]));
      expect(r.ok).toBe(true);
      if (r.ok) expect([...r.params]).toEqual([["p_pass", 0.6], ["h_raise", v]]);
    }
  });

  it("rejects an unknown name with a suggestion", () => {
    const r = resolveParams(sc, new Map([["p_pas", 0.3]]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => [i.code, i.path, i.message])).toEqual([
        ["option", ["--set", "p_pas"], 'unknown parameter "p_pas" (did you mean "p_pass"?)'],
      ]);
    }
  });

  it("rejects values outside the bounds and non-finite values", () => {
    for (const v of [0.5000001, -0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      const r = resolveParams(sc, new Map([["h_raise", v]]));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]?.message).toBe(`${v} is outside the bounds [0, 0.5] of "h_raise"`);
    }
  });

  it("parses name=number and rejects anything else", () => {
    expect(parseAssignment("p_pass=0.25")).toEqual({ ok: true, name: "p_pass", value: 0.25 });
    expect(parseAssignment("h_raise=1e-2")).toEqual({ ok: true, name: "h_raise", value: 0.01 });
    // No name=… form at all: the generic message.
    for (const bad of ["p_pass", "=0.3", "9p=1", "a b=1", " h_raise=1e-2 "]) {
      const r = parseAssignment(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issue.message).toBe("expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)");
    }
    // A name with a bad value: rejected, with the name in the path (the messages are tested with the parser).
    for (const bad of ["p_pass=", "p_pass=abc", "p_pass=Infinity"]) {
      const r = parseAssignment(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issue.path).toEqual(["--set", "p_pass"]);
    }
  });
});

describe("parameter sources and seeds", () => {
  const SEED = "seeds/talks.txt";
  const SEED_TEXT = "Officials said on Tuesday that the ruling party\n   aims to pass the bill by late February or early March.\n";
  const withSource = (source: string, listed = true): string => {
    const seeds = listed ? `seeds:\n  - { file: ${SEED}, title: Talks, date: 2026-02-01 }\n` : "";
    return edit(
      edit(simpleText(), "calendar:", `${seeds}calendar:`),
      "    source: { rationale: test fixture }\n  h_raise:",
      `    source: ${source}\n  h_raise:`,
    );
  };

  it("accepts a verbatim quote, folding white space only", () => {
    const text = withSource(`{ seed: ${SEED}, quote: "the ruling party aims to pass the bill   by late February" }`);
    expect(() => loadOk(text, new Map([[SEED, SEED_TEXT]]))).not.toThrow();
  });

  it("rejects a quote that is not verbatim in the seed", () => {
    const text = withSource(`{ seed: ${SEED}, quote: "the ruling party aims to pass the bill by end of February" }`);
    const { lines, issues } = loadFails(text, new Map([[SEED, SEED_TEXT]]));
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["source", "parameters.p_pass.source.quote"]]);
    // The message shows the seed's nearest passage (as many words as the quote) and its line.
    expect(lines[0]).toMatch(/^f\.yaml:\d+:\d+: parameters\.p_pass\.source\.quote: quote does not occur verbatim in "seeds\/talks\.txt"; nearest passage \(line 1\): "that the ruling party aims to pass the bill by late February"$/);
    // Case matters: only white space is folded.
    const upper = withSource(`{ seed: ${SEED}, quote: "The ruling party aims to pass the bill" }`);
    expect(loadFails(upper, new Map([[SEED, SEED_TEXT]])).issues.map((i) => i.code)).toEqual(["source"]);
  });

  it("rejects a parameter named as a built-in variable (day, daysInState, horizon): it would never be read", () => {
    for (const name of ["day", "daysInState", "horizon"]) {
      const text = simpleText().replaceAll("h_raise", name);
      const { lines, issues } = loadFails(text);
      expect(issues.map((i) => [i.code, toDotPath(i.path)]), name).toEqual([["duplicate", `parameters.${name}`]]);
      expect(lines[0]).toMatch(new RegExp(`: parameters\\.${name}: "${name}" is a built-in variable of expressions \\(day, daysInState, horizon\\); name the parameter otherwise$`));
    }
  });

  it("rejects a blank quote (white space only): the empty string occurs in every seed", () => {
    for (const blank of ['" "', '"\\t"', '"\\u00a0 "']) {
      const { lines, issues } = loadFails(withSource(`{ seed: ${SEED}, quote: ${blank} }`), new Map([[SEED, SEED_TEXT]]));
      expect(issues.map((i) => [i.code, toDotPath(i.path)]), blank).toEqual([["source", "parameters.p_pass.source.quote"]]);
      expect(lines[0]).toMatch(/: parameters\.p_pass\.source\.quote: quote is blank: quote the words of "seeds\/talks\.txt" that the number comes from$/);
    }
  });

  it("warns on a placeholder or blank rationale (every kind of source)", () => {
    for (const [rationale, why] of [["Placeholder - replace me", '"Placeholder"'], ["see TODO list", '"TODO"'], ['" "', "is blank"]] as const) {
      const r = loadScenarioText(withSource(`{ rationale: ${rationale} }`));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const w = r.warnings.filter((i) => i.code === "source");
      expect(w.map((i) => toDotPath(i.path))).toEqual(["parameters.p_pass.source.rationale"]);
      expect(w[0]?.message).toContain(why);
    }
    // A real rationale mentioning "place" or "todos" in passing is not a placeholder.
    const fine = loadScenarioText(withSource("{ rationale: the place where the bill stands; todos are done }"));
    expect(fine.ok && fine.warnings.filter((i) => i.code === "source")).toEqual([]);
  });

  it("rejects a seed that is not listed and one that cannot be read", () => {
    const unlisted = withSource(`{ seed: ${SEED}, quote: "aims to pass" }`, false);
    expect(loadFails(unlisted, new Map([[SEED, SEED_TEXT]])).issues.map((i) => [toDotPath(i.path), i.message]))
      .toEqual([["parameters.p_pass.source.seed", `seed "${SEED}" is not listed under seeds`]]);
    const unreadable = withSource(`{ seed: ${SEED}, quote: "aims to pass" }`);
    expect(loadFails(unreadable, new Map([[SEED, undefined]])).issues.map((i) => [toDotPath(i.path), i.message]))
      .toEqual([["seeds[0].file", `cannot read seed file "${SEED}"`]]);
  });

  it("skips the quote check when no seed texts are given", () => {
    const text = withSource(`{ seed: ${SEED}, quote: "words that are nowhere" }`);
    expect(loadScenarioText(text).ok).toBe(true);
  });
});

describe("groups", () => {
  const withGroups = (outcomes: string, groups = "groups:\n  - { id: keep, label: Kept }\n  - { id: up, label: Raised }\n"): string =>
    simpleText().replace(/outcomes:[\s\S]*$/, `${groups}outcomes:\n${outcomes}`);

  it("accepts outcomes that each name a group", () => {
    expect(() => loadOk(withGroups(
      `  - { id: hold, label: Holds, group: keep, when: 'in("tariff.low")' }\n  - { id: rise, label: Rises, group: up, when: 'in("tariff.high")' }\n`,
    ))).not.toThrow();
  });

  it("rejects an outcome without a group, and an unknown group with a suggestion", () => {
    const { issues } = loadFails(withGroups(
      `  - { id: hold, label: Holds, when: 'in("tariff.low")' }\n  - { id: rise, label: Rises, group: upp, when: 'in("tariff.high")' }\n`,
    ));
    expect(issues.filter((i) => i.severity === "error").map((i) => [i.code, toDotPath(i.path), i.message])).toEqual([
      ["shape", "outcomes[0]", 'outcome "hold" needs a group (the scenario has groups)'],
      ["unknown-name", "outcomes[1].group", 'unknown group "upp" (did you mean "up"?)'],
    ]);
  });

  it("warns about a group that no outcome names", () => {
    const r = loadScenarioText(withGroups(
      `  - { id: hold, label: Holds, group: keep, when: 'in("tariff.low")' }\n  - { id: rise, label: Rises, group: keep, when: 'in("tariff.high")' }\n`,
    ));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => [toDotPath(w.path), w.message])).toEqual([["groups[1]", 'group "up" has no outcome']]);
  });

  it("rejects a group on an outcome when the scenario has none", () => {
    const text = edit(simpleText(), "- { id: hold, label: Holds,", "- { id: hold, label: Holds, group: keep,");
    expect(loadFails(text).issues.map((i) => [toDotPath(i.path), i.message])).toEqual([
      ["outcomes[0].group", 'group "keep" is given but the scenario has no groups'],
    ]);
  });
});

describe("warnings do not stop loading", () => {
  it("warns about a state that can never be reached, with the code of unused declarations", () => {
    const r = loadScenarioText(scenarioText({ machines: { m: { initial: "a", states: ["a", "b"] } } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warnings.map((w) => [w.severity, w.code, toDotPath(w.path)])).toEqual([["warning", "unused", "machines.m.states.b"]]);
    }
  });

  it("warns about an unused parameter and loads", () => {
    const r = loadScenarioText(edit(simpleText(), HAZARD, "0.01"));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warnings.map((w) => [w.severity, w.code, toDotPath(w.path), w.message])).toEqual([
        // Its own code: "unknown-name" (which it had) is for names that do not exist.
        ["warning", "unused", "parameters.h_raise", 'parameter "h_raise" is never used'],
      ]);
    }
  });
});
