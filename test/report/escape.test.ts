/**
 * escapeText: every control, bidirectional and zero-width character becomes a
 * visible escape; everything else is kept as it is.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeText } from "../../src/report/escape.js";

const UNSAFE = [
  ...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
  0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
];

describe("escapeText", () => {
  it("names the common ones and writes the others as \\xHH or \\uHHHH", () => {
    expect(escapeText("a\rOK")).toBe("a\\rOK");
    expect(escapeText("a\nb\tc")).toBe("a\\nb\\tc");
    expect(escapeText("\x1b[31mred\x07")).toBe("\\x1b[31mred\\x07");
    expect(escapeText("\x00\x7f\x85\x9f")).toBe("\\x00\\x7f\\x85\\x9f");
    expect(escapeText("abc\u202edef")).toBe("abc\\u202edef");
    expect(escapeText("p\u200bq\u2066r\u061cs\ufefft")).toBe("p\\u200bq\\u2066r\\u061cs\\ufefft");
  });

  it("escapes each unsafe character, and only those", () => {
    for (const c of UNSAFE) {
      const s = String.fromCharCode(c);
      expect(escapeText(s), c.toString(16)).not.toBe(s);
      expect(escapeText(s), c.toString(16)).toMatch(/^\\[a-z0-9]+$/);
    }
    const safe = "Zoë – “quoted” 15% → ¥ 한국 \\x1b ½ \u00a0 \u2011 \u202f";
    expect(escapeText(safe)).toBe(safe);
  });

  it("multiline keeps LF and TAB but still escapes CR", () => {
    expect(escapeText("a\n\tb\r\n", { multiline: true })).toBe("a\n\tb\\r\n");
  });

  it("output has no unsafe character, and escaping twice changes nothing", () => {
    const unsafe = new RegExp(`[${UNSAFE.map((c) => `\\u${c.toString(16).padStart(4, "0")}`).join("")}]`);
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => {
      const once = escapeText(s);
      expect(once).not.toMatch(unsafe);
      expect(escapeText(once)).toBe(once);
    }));
  });
});
