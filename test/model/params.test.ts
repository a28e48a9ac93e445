/**
 * Parameter values: `--set name=value` parsing (plain decimals only, no
 * silent infinities or zeros) and bounds, which are inclusive at both ends,
 * for overrides and for defaults in the file.
 */
import { describe, expect, it } from "vitest";
import { parseAssignment, resolveParams } from "../../src/model/params.js";
import { edit, loadFails, loadOk, simpleText } from "../helpers/scenario.js";

function value(text: string): number | string {
  const a = parseAssignment(text);
  return a.ok ? a.value : `${a.issue.path.join(" ")}: ${a.issue.message}`;
}

describe("parseAssignment", () => {
  it.each([
    ["p=0.3", 0.3], ["p=-2", -2], ["p=.5", 0.5], ["p=5.", 5], ["p=1e-4", 1e-4], ["p=1E+3", 1000],
    ["p=0", 0], ["p=-0.0e-400", -0], ["p=0e5", 0], ["p=5e-324", 5e-324], ["p_2=007", 7],
  ])("accepts %s", (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it.each([
    ["p=0x0", `--set p: "0x0" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=0b1", `--set p: "0b1" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=0o7", `--set p: "0o7" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p= 0.3", `--set p: " 0.3" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=0.3 ", `--set p: "0.3 " is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=+0.3", `--set p: "+0.3" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=Infinity", `--set p: "Infinity" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=NaN", `--set p: "NaN" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=.", `--set p: "." is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=1e", `--set p: "1e" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=1_000", `--set p: "1_000" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`],
    ["p=1e999", "--set p: 1e999 is too large to be represented"],
    ["p=-1e999", "--set p: -1e999 is too large to be represented"],
    ["p=1e-400", "--set p: 1e-400 underflows to 0; write 0 if 0 is meant"],
    ["p=0.0001e-330", "--set p: 0.0001e-330 underflows to 0; write 0 if 0 is meant"],
    ["p=", "--set p: no value given; expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)"],
    ["p", "--set p: expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)"],
    ["=1", "--set =1: expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)"],
    [" p=1", "--set  p=1: expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)"],
    ["", "--set : expected NAME=NUMBER, a parameter of the scenario and its value (e.g. --set NAME=0.3)"],
  ])("rejects %j", (text, message) => {
    expect(value(text)).toBe(message);
  });
});

describe("bounds are inclusive", () => {
  const sc = loadOk(simpleText()); // h_raise in [0, 0.5]

  it.each([
    [0, true], [0.5, true], [0.25, true], [-Number.MIN_VALUE, false], [0.5000000000000001, false], [-0, true],
  ])("--set h_raise=%s accepted: %s", (v, ok) => {
    const r = resolveParams(sc, new Map([["h_raise", v]]));
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.params.get("h_raise")).toBe(v);
    else expect(r.issues.map((i) => i.message)).toEqual([`${v} is outside the bounds [0, 0.5] of "h_raise"`]);
  });

  it("a default exactly at either bound validates; just outside does not", () => {
    const at = (d: string): string => edit(simpleText(), "default: 0.02", `default: ${d}`);
    for (const d of ["0", "0.5"]) expect(loadOk(at(d)).parameters.find((p) => p.name === "h_raise")?.default).toBe(Number(d));
    for (const d of ["-0.000001", "0.500001"]) {
      expect(loadFails(at(d)).lines.join("\n")).toMatch(new RegExp(`parameters\\.h_raise\\.default: default ${d} is outside \\[0, 0\\.5\\]`));
    }
  });
});
