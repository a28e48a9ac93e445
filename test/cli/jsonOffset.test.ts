/** Where JSON text stops being JSON (src/cli/jsonOffset.ts): against JSON.parse, which is the judge. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDuplicateKeys, jsonErrorOffset, lineColumn } from "../../src/cli/jsonOffset.js";

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

describe("jsonDuplicateKeys", () => {
  it.each([
    ['{"a": 1, "a": 2}', [{ key: "a", offset: 9 }]],
    ['{"a": 1, "\\u0061": 2}', [{ key: "a", offset: 9 }]],
    ['{"a": {"a": 1}, "b": ["a", "a"]}', []],
    ['[{"a": 1}, {"a": 2}]', []],
    ['{"x": "a\\"", "a\\"": 1, "a\\"": 2}', [{ key: 'a"', offset: 23 }]],
    ['{"a": 1, "b": {"c": 1, "c": 2}, "a": 3, "a": 4}', [{ key: "c", offset: 23 }, { key: "a", offset: 32 }, { key: "a", offset: 40 }]],
  ])("%j repeats %j", (text, found) => {
    expect(jsonDuplicateKeys(text)).toEqual(found);
  });

  it("finds none in what JSON.stringify writes, and the one a repeated key adds, at its quote", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), (v, indent) => {
      expect(jsonDuplicateKeys(JSON.stringify(v, null, indent))).toEqual([]);
      const wrapped = JSON.stringify({ k: v }, null, indent);
      // The same key again as the object's last member: found where it was inserted.
      const at = wrapped.lastIndexOf("}");
      const text = `${wrapped.slice(0, at)},"k":0${wrapped.slice(at)}`;
      expect(JSON.parse(text)).toEqual({ k: 0 });
      expect(jsonDuplicateKeys(text)).toEqual([{ key: "k", offset: at + 1 }]);
    }));
  });
});

describe("lineColumn", () => {
  it("counts lines and columns from 1, and clamps to the text's end", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, col: 1 });
    expect(lineColumn("ab\ncd", 2)).toEqual({ line: 1, col: 3 });
    expect(lineColumn("ab\ncd", 3)).toEqual({ line: 2, col: 1 });
    expect(lineColumn("ab\ncd", 99)).toEqual({ line: 2, col: 3 });
  });
});
