/**
 * Quotes in seeds: the line a quote starts on, and the nearest passage to a
 * quote that does not occur (a sliding window of as many words as the quote).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, indexSeed, locateQuote, nearestPassage } from "../../src/scenario/seedSearch.js";

const SEED = "Title line\n\nThe ruling party said on Tuesday it aims\nto pass the bill by late February\nor early March.\n";

describe("locateQuote", () => {
  it("gives the line a quote starts on, across line breaks and mid-word starts", () => {
    const ix = indexSeed(SEED);
    expect(locateQuote(ix, "Title line")).toBe(1);
    expect(locateQuote(ix, "The ruling party")).toBe(3);
    expect(locateQuote(ix, "aims to pass")).toBe(3);
    expect(locateQuote(ix, "to pass the bill")).toBe(4);
    expect(locateQuote(ix, "arly March")).toBe(5);
    expect(locateQuote(ix, "by late   February or")).toBe(4);
    expect(locateQuote(ix, "by end of February")).toBeUndefined();
    expect(locateQuote(ix, "   ")).toBeUndefined();
  });

  it("finds every run of words of any text on the line its first word stands on", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom("a", "bb", "c"), fc.constantFrom(" ", "\n", "\n\n", "\t")), { minLength: 1, maxLength: 30 }),
      fc.nat(), fc.nat(), (parts, i0, len) => {
        const text = parts.map(([w, sp]) => w + sp).join("");
        const words = parts.map(([w]) => w);
        const from = i0 % words.length;
        const to = from + 1 + (len % (words.length - from));
        const ix = indexSeed(text);
        const line = locateQuote(ix, words.slice(from, to).join(" "));
        // The first occurrence may start earlier than `from`; its line is never after from's.
        const lineOf = (k: number): number => 1 + parts.slice(0, k).reduce((n, [, sp]) => n + (sp.match(/\n/g)?.length ?? 0), 0);
        expect(line).toBeDefined();
        expect(line ?? 0).toBeLessThanOrEqual(lineOf(from));
        expect(ix.folded).toBe(fold(text));
      }));
  });
});

describe("nearestPassage", () => {
  it("shows the run of the seed sharing the most words with a misquote", () => {
    const ix = indexSeed(SEED);
    expect(nearestPassage(ix, "to pass the bill by the end of February")).toEqual({ line: 3, text: "it aims to pass the bill by late February" });
    expect(nearestPassage(ix, "Ruling party, on Tuesday")).toEqual({ line: 3, text: "ruling party said on" });
    expect(nearestPassage(ix, "nothing shared at all")).toBeUndefined();
  });
});
