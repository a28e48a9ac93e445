/**
 * fitTables.ts: tables that fit a width by wrapping text, keeping whole
 * columns whole, shortening bars, and, when numbers alone are too wide,
 * splitting into several tables that repeat the label column.
 */
import { describe, expect, it } from "vitest";
import { drawnWidth, drawTable, fittedBarTable, fittedTable, longestLine, MIN_BAR_WIDTH } from "../../src/report/fitTables.js";
import { renderTable } from "../../src/report/table.js";

const head = ["Label", ...Array.from({ length: 12 }, (_, i) => `col ${i}`)];
const rows = [
  ["a rather long label that wraps", ...Array.from({ length: 12 }, (_, i) => `${(10 * i + 0.5).toFixed(2)}%`)],
  ["short", ...Array.from({ length: 12 }, (_, i) => `${i}.00%`)],
];
const align = head.map((_, i): "left" | "right" => (i === 0 ? "left" : "right"));

describe("fittedTable", () => {
  it("without a width, or when it fits, is renderTable's output", () => {
    expect(fittedTable(head, rows, align, undefined)).toBe(renderTable(head, rows, align));
    expect(fittedTable(head, rows, align, 1000)).toBe(renderTable(head, rows, align));
  });

  it("drawnWidth is the width renderTable draws", () => {
    expect(drawnWidth(head, rows)).toBe(longestLine(renderTable(head, rows, align)));
    expect(drawnWidth(["x\u001by"], [["1"]])).toBe(longestLine(renderTable(["x\u001by"], [["1"]])));
  });

  it("too wide even wrapped: split into tables that each fit and repeat the labels; every number is there once", () => {
    const t = fittedTable(head, rows, align, 60);
    expect(longestLine(t)).toBeLessThanOrEqual(60);
    const tables = t.split("\n").filter((l) => l.startsWith("┌")).length;
    expect(tables).toBeGreaterThan(1);
    expect(t.split("short").length - 1).toBe(tables);
    for (const n of rows.flatMap((r) => r.slice(1))) expect(t.split(` ${n} `).length - 1).toBe(1);
  });

  it("whole columns are not wrapped, text columns are", () => {
    const t = fittedTable(["Name", "Bar"], [["one two three four five six", "██████████████████"]], ["left", "left"], 36, { whole: [1], split: false });
    expect(t).toContain("██████████████████");
    expect(t).toContain("│ one two    │");
    expect(longestLine(t)).toBeLessThanOrEqual(36);
  });
});

describe("fittedBarTable", () => {
  const bars = (n: number): string[][] => [["a label", "█".repeat(n)]];
  it("full bars when they fit; shorter bars, never below the minimum, when not", () => {
    expect(fittedBarTable(["Name", ""], ["left", "left"], undefined, 1, bars, 24)).toContain("█".repeat(24));
    const t = fittedBarTable(["Name", ""], ["left", "left"], 30, 1, bars, 24);
    expect(longestLine(t)).toBeLessThanOrEqual(30);
    const bar = /█+/.exec(t)?.[0].length ?? 0;
    expect(bar).toBeLessThan(24);
    expect(bar).toBeGreaterThanOrEqual(MIN_BAR_WIDTH);
  });
});

describe("drawTable", () => {
  it("draws what renderTable (cli-table3) draws: borders, padding, alignment, multi-line cells, empty cells", () => {
    const cases: [string[], string[][], ("left" | "right")[] | undefined][] = [
      [head, rows, align],
      [["Name", "", "N"], [["two\nlines", "▍██", "1"], ["", "", ""], ["x", "█", "12.50%\n3"]], ["left", "left", "right"]],
      [["a", "b"], [["1", "2"]], undefined],
      [["Only"], [], undefined],
    ];
    for (const [h, r, a] of cases) expect(drawTable(h, r, a)).toBe(renderTable(h, r, a));
  });

  it("a narrow table of tall cells (params-like) fits", () => {
    const tall = Array.from({ length: 40 }, () => ["p_name", "0.5", "word ".repeat(200).trim()]);
    const t = fittedTable(["Parameter", "Default", "Description"], tall, undefined, 60, { whole: [1] });
    expect(longestLine(t)).toBeLessThanOrEqual(60);
    expect(t.split("\n").length).toBeGreaterThan(40 * 20);
  });
});
