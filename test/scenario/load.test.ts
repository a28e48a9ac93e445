import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { formatIssue } from "../../src/cli/errors.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { edit, loadFails, loadOk, simpleText } from "../helpers/scenario.js";

describe("loadScenarioText: YAML and JSON syntax", () => {
  // Each text has exactly one syntax error at a position counted by hand.
  it("reports a YAML syntax error at its line and column", () => {
    const text = "id: x\ntitle: t\nmachines:\n  a: b: c\n";
    //                                       line 4 ^ col 6: a mapping nested in a compact mapping
    const { lines, issues } = loadFails(text);
    expect(issues.map((i) => i.code)).toEqual(["syntax"]);
    expect(lines).toEqual(["f.yaml:4:6: Nested mappings are not allowed in compact mappings"]);
  });

  it("reports a duplicated key at the line of the second key", () => {
    const { lines } = loadFails("id: x\ntitle: t\ntitle: u\n");
    expect(lines).toEqual(['f.yaml:3:1: key "title" is given twice in this mapping (map keys must be unique)']);
  });

  it("says in the author's words that a file is empty or holds two documents (not the YAML library's API or a schema's null)", () => {
    for (const empty of ["", "\n\n", "# only a comment\n"]) {
      expect(loadFails(empty).lines).toEqual(["f.yaml: the file is empty (nothing but comments or white space): expected a mapping of keys"]);
    }
    // A document marker alone: the same, at the (empty) document.
    for (const empty of ["---\n", "--- # nothing\n"]) {
      expect(loadFails(empty).lines).toEqual([expect.stringMatching(/^f\.yaml:1:\d+: the file is empty \(nothing but comments or white space\): expected a mapping of keys$/)]);
    }
    expect(loadFails("id: x\n---\nid: y\n").lines).toEqual(["f.yaml:2:1: a second YAML document starts here (after a '---' line); a file holds one document"]);
  });

  it("refuses a number whose digits underflow to 0 (as --set does), in YAML and JSON, naming its field", () => {
    const yaml = loadFails(edit(simpleText(), "default: 0.6", "default: 6e-400"));
    expect(yaml.lines).toEqual(["f.yaml:8:14: parameters.p_pass.default: 6e-400 underflows to 0; write 0 if 0 is meant"]);
    expect(yaml.issues.map((i) => i.code)).toEqual(["range"]);
    const json = JSON.stringify(parseYaml(simpleText()), null, 1).replace('"default": 0.02', '"default": -2E-999');
    expect(loadFails(json).lines).toEqual([expect.stringMatching(/^f\.yaml:\d+:\d+: parameters\.h_raise\.default: -2E-999 underflows to 0; write 0 if 0 is meant$/)]);
    // 0 written as 0, and the smallest subnormal, are numbers like any other.
    for (const ok of ["0e5", "0.0", "5e-324"]) expect(() => loadOk(edit(simpleText(), "min: 0\n    max: 1\n    unit: probability\n", `min: ${ok}\n    max: 1\n    unit: probability\n`)), ok).not.toThrow();
  });

  it("reports a JSON syntax error at its line and column", () => {
    const text = '{\n  "id": "x",\n  "title": "t" "u"\n}\n';
    //                                   line 3, col 16 ^ a second string where a comma belongs
    const { lines } = loadFails(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^f\.yaml:3:16: /);
  });

  it("formats a syntax error without a path and as one line", () => {
    const r = loadScenarioText("a: [1, 2\nb: 3\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const i of r.issues) {
      expect(i.code).toBe("syntax");
      const line = formatIssue("f.yaml", i, r.locate);
      expect(line).not.toContain("\n");
      expect(line).not.toContain("(top level)");
      expect(line).toMatch(/^f\.yaml:\d+:\d+: \S/);
    }
  });

  it("reads the same scenario written as JSON into the same normalized scenario", () => {
    const yamlText = simpleText();
    const jsonText = JSON.stringify(parseYaml(yamlText), null, 2);
    expect(jsonText.startsWith("{")).toBe(true);
    const fromYaml = loadOk(yamlText);
    const fromJson = loadOk(jsonText);
    expect(fromJson).toEqual(fromYaml);
    // Not vacuous: the scenario has its machines, transitions and parsed expressions.
    expect(fromJson.machines.map((m) => m.id)).toEqual(["bill", "tariff"]);
    const hazard = fromJson.machines[1]?.transitions[0]?.trigger;
    expect(hazard?.kind).toBe("hazard");
    if (hazard?.kind === "hazard") expect(hazard.hazard.expr?.kind).toBe("cond");
  });

  it("locates schema errors in JSON text by line and column too", () => {
    const obj = parseYaml(simpleText()) as { machines: { tariff: { initial: unknown } } };
    obj.machines.tariff.initial = 5;
    const json = JSON.stringify(obj, null, 2);
    const lineNo = json.split("\n").findIndex((l) => l.includes('"initial": 5')) + 1;
    const col = (json.split("\n")[lineNo - 1] ?? "").indexOf("5") + 1;
    expect(lineNo).toBeGreaterThan(1);
    const { lines } = loadFails(json);
    expect(lines).toEqual([`f.yaml:${lineNo}:${col}: machines.tariff.initial: Invalid input: expected string, received number`]);
  });
});

describe("loadScenarioText: schema violations", () => {
  const washington = [
    "id: w",
    "title: W",
    "description: d",
    "asOf: 2026-02-01",
    "calendar: { start: 2026-02-01, horizon: 2026-03-01 }",
    "machines:",
    "  washington:",
    "    initial: threat",
    "    states: { threat: , raised: , withdrawn: }",
    "    transitions:",
    "      - { from: threat, hazard: 0.01, to: raised }",
    "      - { from: threat, hazard: 0.01, to: withdrawn }",
    "      - from: raised",
    "        hazard: 0.01",
    "        to: 7",
    "outcomes:",
    "  - { id: all, label: All, when: true }",
    "",
  ].join("\n");

  it("names the path of a bad target and its line:col", () => {
    const { lines, issues } = loadFails(washington);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("shape");
    expect(toDotPath(issues[0]?.path ?? [])).toBe("machines.washington.transitions[2].to");
    expect(lines[0]).toMatchInlineSnapshot(`"f.yaml:15:13: machines.washington.transitions[2].to: Invalid input"`);
  });

  it("names a target that is not an identifier", () => {
    const { lines } = loadFails(edit(washington, "to: 7", "to: 'not an id'"));
    expect(lines).toMatchInlineSnapshot(`
      [
        "f.yaml:15:13: machines.washington.transitions[2].to: must be an identifier: a letter or _ then letters, digits or _",
      ]
    `);
  });

  it("rejects an unknown key in a strict object, at the key's line, suggesting the key meant", () => {
    const { lines } = loadFails(edit(simpleText(), "initial: pending", "initial: pending\n    bogus: 1"));
    expect(lines).toEqual(['f.yaml:24:12: machines.bill.bogus: unknown key "bogus"']);
    const typo = loadFails(edit(simpleText(), "initial: pending", "inital: pending"));
    expect(typo.lines).toContain('f.yaml:23:13: machines.bill.inital: unknown key "inital" (did you mean "initial"?)');
    // Inside a list of transitions (a union of trigger kinds): the keys of every kind are candidates.
    const hazard = loadFails(edit(simpleText(), "hazard: 'in(", "hazrd: 'in("));
    expect(hazard.lines.some((l) => l.includes('unknown key "hazrd" (did you mean "hazard"?)'))).toBe(true);
  });

  it("rejects a transition with two triggers", () => {
    const text = edit(simpleText(), "hazard: 'in", "when: true\n        hazard: 'in");
    const { lines, issues } = loadFails(text);
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["shape", "machines.tariff.transitions[0]"]]);
    expect(lines[0]).toMatch(/^f\.yaml:35:9: machines\.tariff\.transitions\[0\]: needs exactly one trigger \(window, delay, hazard or when\); found 2$/);
  });

  it("rejects a transition with no trigger", () => {
    const text = edit(simpleText(), `        hazard: 'in("bill.passed") ? 0 : h_raise'\n`, "");
    const { issues } = loadFails(text);
    expect(issues.map((i) => i.message)).toEqual(["needs exactly one trigger (window, delay, hazard or when); found 0"]);
  });

  it("rejects a date that does not exist", () => {
    const { lines } = loadFails(edit(simpleText(), "from: 2026-02-20", "from: 2026-02-30"));
    expect(lines).toEqual(["f.yaml:27:41: machines.bill.transitions[0].window.from: is not a real calendar date"]);
  });

  it("rejects an unknown window shape, naming the allowed ones", () => {
    const { issues } = loadFails(edit(simpleText(), "shape: uniform", "shape: normal"));
    expect(toDotPath(issues[0]?.path ?? [])).toBe("machines.bill.transitions[0].window.shape");
    expect(issues[0]?.message).toMatch(/uniform.*triangular.*weighted/);
  });

  it("rejects a scenario with no outcomes", () => {
    const { issues } = loadFails(simpleText().replace(/outcomes:[\s\S]*$/, "outcomes: []\n"));
    expect(issues.map((i) => [i.code, toDotPath(i.path)])).toEqual([["shape", "outcomes"]]);
  });

  it("rejects a document that is not a mapping", () => {
    const { issues } = loadFails("- 1\n- 2\n");
    expect(issues.map((i) => i.code)).toEqual(["shape"]);
    expect(issues[0]?.message).toMatch(/expected object/);
  });

  it("reports an expression that does not parse at its field", () => {
    const text = edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, "'h_raise +'");
    const { lines, issues } = loadFails(text);
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.code, toDotPath(i.path)])).toEqual([["expression", "machines.tariff.transitions[0].hazard"]]);
    expect(lines[0]).toMatch(/^f\.yaml:36:17: machines\.tariff\.transitions\[0\]\.hazard: cannot parse "h_raise \+"/);
  });
});

describe("the locator: issues point at the field they name", () => {
  const weighted = (weights: string[]): string => [
    "id: t",
    "title: t",
    "description: d",
    "asOf: 2026-02-01",
    "calendar: { start: 2026-02-01, horizon: 2026-03-31 }",
    "machines:",
    "  m:",
    "    initial: a",
    "    states: { a: , b: }",
    "    transitions:",
    "      - from: a",
    "        to: b",
    ...weights,
    "outcomes:",
    "  - { id: all, label: All, when: true }",
    "",
  ].join("\n");

  it("locates an entry of a weighted window (date keys)", () => {
    const text = weighted([
      "        window:",
      "          shape: weighted",
      "          weights:",
      "            2026-02-10: 1",
      "            2026-02-20: 'day'",
    ]);
    const { lines } = loadFails(text);
    expect(lines[0]).toMatch(/^f\.yaml:17:25: machines\.m\.transitions\[0\]\.window\.weights\["2026-02-20"\]: "day" cannot be used here/);
  });

  it("locates an entry of a weighted delay (whole-number keys)", () => {
    // YAML reads `5:` as a number key; the issue's path holds the string "5".
    const text = weighted([
      "        delay:",
      "          shape: weighted",
      "          weights:",
      "            3: 1",
      "            5: 'day'",
    ]);
    const { lines } = loadFails(text);
    expect(lines[0]).toMatch(/^f\.yaml:17:16: machines\.m\.transitions\[0\]\.delay\.weights\["5"\]: "day" cannot be used here/);
  });

  it("falls back to the nearest existing ancestor for a path that is not in the file", () => {
    const r = loadScenarioText(simpleText());
    expect(r.locate(["machines", "bill", "transitions", 0, "nothing", "here"])).toEqual({ line: 26, col: 9 });
    expect(r.locate(["machines", "tariff", "initial"])).toEqual({ line: 32, col: 14 });
  });
});
