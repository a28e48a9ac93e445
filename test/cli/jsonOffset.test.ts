/** Where JSON text stops being JSON (src/cli/jsonOffset.ts): against JSON.parse, which is the judge. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../../src/cli/jsonOffset.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonErrorOffset", () => {
  it.each([
    ['{"seed": NaN}', 9],
    ['{"seed": Infinity}', 9],
    ['{"a": 1, "b": undefined}', 14],
    ["x", 0],
    ["  tariffsim", 2],
    ['{"a": 01}', 7],
    ['{"a": "\u0001"}', 7],
    ['{"a": "\\x"}', 8],
    ['{"a": 1,}', 8],
    ['{"a": 1', 7],
    ['[1, 2] 3', 7],
    ["", 0],
  ])("%j goes wrong at %i", (text, offset) => {
    expect(parses(text)).toBe(false);
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it("finds nothing wrong in what JSON.stringify writes", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), (v, indent) => {
      expect(jsonErrorOffset(JSON.stringify(v, null, indent))).toBeUndefined();
    }));
  });

  it("agrees with JSON.parse on whether text is JSON, and the offset lies within the text", () => {
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom("NaN", "x", ",", "}", "]", '"', "\u0000", "-", ".", "01", "")).map(
      ([t, at, insert]) => t.slice(0, at % (t.length + 1)) + insert + t.slice(at % (t.length + 1)),
    );
    fc.assert(fc.property(fc.oneof(fc.json(), mutated), (text) => {
      const offset = jsonErrorOffset(text);
      expect(offset === undefined).toBe(parses(text));
      if (offset !== undefined) {
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
      }
    }), { numRuns: 2000 });
  });
});
