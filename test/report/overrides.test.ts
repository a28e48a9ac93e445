/**
 * The overrides header of table reports (src/report/overrides.ts): one line
 * per override under an `Overrides:` label, escaped, and nothing at all
 * when no parameter differs from its default.
 */
import { describe, expect, it } from "vitest";
import { overrideLines } from "../../src/report/overrides.js";

describe("overrideLines", () => {
  it("is empty without overrides", () => {
    expect(overrideLines([])).toEqual([]);
  });

  it("shows name, value, default and origin, later lines aligned under the first", () => {
    expect(overrideLines([
      { name: "p_struck_down", value: 0.2, default: 0.5, from: "params:court.yaml" },
      { name: "h_raise", value: 1e-7, default: 0.02, from: "--set" },
    ])).toEqual([
      "Overrides: p_struck_down = 0.2 (default 0.5, from params:court.yaml)",
      "           h_raise = 1e-7 (default 0.02, from --set)",
    ]);
  });

  it("escapes control and bidi characters in a file name", () => {
    const [line] = overrideLines([{ name: "p", value: 1, default: 0, from: "params:a\u001b[2J\u202e.yaml" }]);
    expect(line).toBe(String.raw`Overrides: p = 1 (default 0, from params:a\x1b[2J\u202e.yaml)`);
  });
});
