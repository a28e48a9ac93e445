/**
 * Tidy tables as CSV (csv-stringify) and GitHub Markdown: quoting, full
 * precision, formula-looking text, provenance comment lines, escaping.
 */
import { describe, expect, it } from "vitest";
import { csvRecords, csvReport, mdCell, mdReport } from "../../src/report/tidy.js";

describe("csvRecords", () => {
  it("quotes commas, quotes, LF and CR (RFC 4180), CRLF after each record", () => {
    expect(csvRecords([["a,b", 'say "hi"', "two\nlines", "cr\r", "plain"]]))
      .toBe('"a,b","say ""hi""","two\nlines","cr\r",plain\r\n');
  });

  it("writes numbers in full (they read back as the same double), null and undefined as empty fields", () => {
    const xs = [0.1 + 0.2, 1 / 3, 1e-7, -0.004, 123456789.123];
    const line = csvRecords([[...xs, null, undefined, 0]]);
    expect(line).toBe("0.30000000000000004,0.3333333333333333,1e-7,-0.004,123456789.123,,,0\r\n");
    expect(line.trimEnd().split(",").slice(0, 5).map(Number)).toEqual(xs);
  });

  it("prefixes text that a spreadsheet would run as a formula with ', never a negative number", () => {
    expect(csvRecords([["=1+2", "+x", "-y", "@z", -1.5, "ok=1"]])).toBe("'=1+2,'+x,'-y,'@z,-1.5,ok=1\r\n");
  });
});

describe("csvReport", () => {
  it("writes provenance as leading # comment lines, one line each, then the header and rows", () => {
    const text = csvReport([["scenario", "s1"], ["command", "tariffsim run --set 'a=1\nb'"]], {
      columns: ["kind", "id", "probability"], rows: [["group", "hold", 0.25]],
    });
    expect(text.split("\r\n")).toEqual([
      "# scenario: s1",
      String.raw`# command: tariffsim run --set 'a=1\nb'`,
      "kind,id,probability",
      "group,hold,0.25",
      "",
    ]);
  });

  it("keeps a line break in a label (quoted) but shows ESC, CR and bidi controls as escapes", () => {
    const text = csvReport([], { columns: ["label"], rows: [["A\x1b[2J, \u202eB\r\nC"]] });
    expect(text).toBe(`label\r\n"A\\x1b[2J, \\u202eB\\r\nC"\r\n`);
    expect(text).not.toMatch(/[\x1b\u202e]/);
  });
});

describe("literal columns", () => {
  it("write the tool's own text (an origin such as --set) without the formula prefix, other columns still prefixed", () => {
    expect(csvReport([], { columns: ["from", "label"], rows: [["--set", "--set"]], literal: ["from"] })).toBe("from,label\r\n--set,'--set\r\n");
  });
});

describe("Markdown", () => {
  it("escapes pipes and Markdown punctuation, line breaks as <br>, controls as escapes", () => {
    expect(mdCell("a|b *c* <i>\nd\x1b")).toBe(String.raw`a\|b \*c\* \<i\>` + "<br>" + String.raw`d\x1b`);
    expect(mdCell(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(mdCell(null)).toBe("");
  });

  it("is a table with a rule row (numeric columns right-aligned) under a provenance list", () => {
    expect(mdReport([["scenario", "s_1"]], { columns: ["id", "p"], rows: [["x|y", 0.5], ["z", null]] })).toBe(
      "- scenario: s\\_1\n\n| id | p |\n| --- | ---: |\n| x\\|y | 0.5 |\n| z |  |\n",
    );
  });
});
