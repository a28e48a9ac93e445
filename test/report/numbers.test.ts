/**
 * Report numbers (src/report/numbers.ts): `count` writes thousands
 * separators by hand (so that a command need not load Intl) and must give
 * exactly what `toLocaleString("en-US")` gives for every number.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { count } from "../../src/report/numbers.js";

const intl = (n: number): string => Math.round(n).toLocaleString("en-US");

describe("count", () => {
  it("groups digits by three, as en-US does", () => {
    expect(count(0)).toBe("0");
    expect(count(999)).toBe("999");
    expect(count(1000)).toBe("1,000");
    expect(count(100_000)).toBe("100,000");
    expect(count(1_234_567)).toBe("1,234,567");
    expect(count(-1_234_567)).toBe("-1,234,567");
    expect(count(25_550.6)).toBe("25,551");
  });

  it("gives Intl's text at the edges: -0, halves, the largest safe integers, beyond them, and non-finite numbers", () => {
    for (const n of [-0, -0.4, 0.5, -0.5, 1.5, -1.5, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 60, 1e21, 1e300, NaN, Infinity, -Infinity]) {
      expect({ n, text: count(n) }).toEqual({ n, text: intl(n) });
    }
  });

  it("property: the same text as toLocaleString(\"en-US\") for any integer and any double", () => {
    fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => count(n) === intl(n)), { numRuns: 5000 });
    fc.assert(fc.property(fc.double(), (n) => count(n) === intl(n)), { numRuns: 5000 });
  });
});
