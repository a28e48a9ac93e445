/**
 * Layers of parameter values over the defaults (src/model/params.ts):
 * later layers win, each final value keeps its origin, and only values that
 * differ from the defaults are overrides, in the scenario's order.
 */
import { describe, expect, it } from "vitest";
import { layerValues, overlayOrigin, overridesOf, type ParamLayer } from "../../src/model/params.js";
import { loadOk, simpleText } from "../helpers/scenario.js";

const SIMPLE = loadOk(simpleText()); // p_pass 0.6, h_raise 0.02

const layer = (from: ParamLayer["from"], entries: [string, number][]): ParamLayer => ({ from, values: new Map(entries) });

describe("layerValues", () => {
  it("applies layers in order: defaults < overlay 1 < overlay 2 < --set", () => {
    const l = layerValues([
      layer(overlayOrigin("a.yaml"), [["p_pass", 0.3], ["h_raise", 0.05]]),
      layer(overlayOrigin("b.yaml"), [["p_pass", 0.9]]),
      layer("--set", [["h_raise", 0.1]]),
    ]);
    expect([...l.values]).toEqual([["p_pass", 0.9], ["h_raise", 0.1]]);
    expect([...l.from]).toEqual([["p_pass", "params:b.yaml"], ["h_raise", "--set"]]);
  });

  it("with no layers gives nothing", () => {
    const l = layerValues([]);
    expect(l.values.size + l.from.size).toBe(0);
  });
});

describe("overridesOf", () => {
  it("lists values that differ from the default, in scenario order, with default and origin", () => {
    const l = layerValues([
      layer(overlayOrigin("x/a.yaml"), [["h_raise", 0.05], ["p_pass", 0.3]]),
      layer("--set", [["p_pass", 0.4]]),
    ]);
    expect(overridesOf(SIMPLE, l)).toEqual([
      { name: "p_pass", value: 0.4, default: 0.6, from: "--set" },
      { name: "h_raise", value: 0.05, default: 0.02, from: "params:x/a.yaml" },
    ]);
  });

  it("a value given equal to the default is not an override; an unknown name is skipped", () => {
    const l = layerValues([layer("--set", [["p_pass", 0.6], ["nope", 1]])]);
    expect(overridesOf(SIMPLE, l)).toEqual([]);
  });

  it("an overlay value set back to the default by --set is no longer an override", () => {
    const l = layerValues([layer(overlayOrigin("a.yaml"), [["p_pass", 0.3]]), layer("--set", [["p_pass", 0.6]])]);
    expect(overridesOf(SIMPLE, l)).toEqual([]);
  });
});
