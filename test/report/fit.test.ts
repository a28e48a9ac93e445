/**
 * Fitting tables to a terminal (src/report/fit.ts, renderTable's width):
 * every line within the width when that is possible, no word lost, numbers
 * never wrapped, and nothing changed without a width.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { columnCaps, MIN_TEXT_COLUMN, wrapText } from "../../src/report/fit.js";
import { renderTable } from "../../src/report/table.js";

const widthOf = (l: string): number => [...l].length;

describe("wrapText", () => {
  it("wraps at spaces, breaks a word longer than a line, keeps line breaks", () => {
    expect(wrapText("Announced increase suspended before taking effect", 20)).toBe("Announced increase\nsuspended before\ntaking effect");
    expect(wrapText("abcdefghij klm", 4)).toBe("abcd\nefgh\nij\nklm");
    expect(wrapText("one\ntwo three", 5)).toBe("one\ntwo\nthree");
  });

  it("property: every line fits, and the words come back in order", () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-zé–%]{1,15}$/), { maxLength: 12 }), fc.integer({ min: 1, max: 30 }), (words, w) => {
      const out = wrapText(words.join(" "), w);
      for (const l of out.split("\n")) expect(widthOf(l)).toBeLessThanOrEqual(w);
      expect(out.replace(/\n/g, "").replace(/ /g, "")).toBe(words.join(""));
    }));
  });
});

describe("columnCaps", () => {
  it("leaves a table that fits alone, and narrows the widest columns first", () => {
    expect(columnCaps([10, 5], [10, 5], 100)).toEqual([undefined, undefined]);
    // frame 3·3+1 = 10; available 40 - 10 - 8 (fixed) = 22: caps of 11 for the two text columns.
    expect(columnCaps([30, 25, 8], [MIN_TEXT_COLUMN, MIN_TEXT_COLUMN, 8], 40)).toEqual([11, 11, undefined]);
    expect(columnCaps([30, 5, 8], [MIN_TEXT_COLUMN, MIN_TEXT_COLUMN, 8], 40)).toEqual([17, undefined, undefined]);
  });

  it("never goes below a column's floor", () => {
    expect(columnCaps([30, 30], [MIN_TEXT_COLUMN, MIN_TEXT_COLUMN], 5)).toEqual([MIN_TEXT_COLUMN, MIN_TEXT_COLUMN]);
  });
});

describe("renderTable with a width", () => {
  const head = ["Outcome", "Group", "Probability"];
  const rows = [
    ["Court voids the reciprocal tariff before any increase took effect", "rolled_back", "42.17%"],
    ["15% holds, bill passed, threat not formally withdrawn", "hold", "24.46%"],
  ];

  it("fits every line in the width, keeps every word and never wraps a number", () => {
    const wide = renderTable(head, rows, ["left", "left", "right"]);
    expect(Math.max(...wide.split("\n").map(widthOf))).toBeGreaterThan(60);
    for (const w of [40, 50, 60, 80]) {
      const t = renderTable(head, rows, ["left", "left", "right"], w);
      for (const l of t.split("\n")) expect(widthOf(l)).toBeLessThanOrEqual(w);
      if (w < 50) continue; // narrower, "rolled_back" itself is broken across lines
      const words = t.replace(/[│┌┐└┘├┤┬┴┼─]/g, " ").split(/\s+/).filter((x) => x !== "");
      for (const word of ["Court", "voids", "reciprocal", "withdrawn", "rolled_back", "42.17%", "24.46%", "Probability"]) expect(words).toContain(word);
    }
  });

  it("is unchanged when it already fits, or without a width", () => {
    expect(renderTable(head, rows, ["left", "left", "right"], 500)).toBe(renderTable(head, rows, ["left", "left", "right"]));
  });
});
