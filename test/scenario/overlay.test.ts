/**
 * Parameter overlays, text → checked values (src/scenario/overlay.ts): the
 * shape, sources, names with suggestions, bounds, the scenario id and quote
 * checks, each problem as the line the CLI prints (`file:line:col: path: message`).
 */
import { describe, expect, it } from "vitest";
import { formatIssues } from "../../src/cli/errors.js";
import { MAX_OVERLAY_BYTES, parseOverlayText, type OverlaySeedReader } from "../../src/scenario/overlay.js";
import { loadOk, simpleText } from "../helpers/scenario.js";

const SIMPLE = loadOk(simpleText());

/** The printed lines of an overlay that must fail. */
function fails(text: string, readSeed?: OverlaySeedReader): string[] {
  const r = parseOverlayText(text, SIMPLE, readSeed);
  if (r.ok) throw new Error("expected the overlay to fail");
  return formatIssues("o.yaml", r.issues, r.locate);
}

describe("parseOverlayText: good overlays", () => {
  it("reads the name, description and values in file order, with their sources", () => {
    const r = parseOverlayText([
      "name: low",
      "description: Less likely to pass",
      "scenario: simple",
      "values:",
      "  p_pass: { value: 0.3, rationale: because }",
      "  h_raise: { value: 0.5, seed: notes.txt, quote: some words }",
    ].join("\n"), SIMPLE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.overlay).toEqual({
      name: "low",
      description: "Less likely to pass",
      values: [
        { name: "p_pass", value: 0.3, source: { rationale: "because" } },
        { name: "h_raise", value: 0.5, source: { seed: "notes.txt", quote: "some words", rationale: undefined } },
      ],
    });
  });

  it("accepts values at both bounds (bounds are inclusive) and JSON text", () => {
    const r = parseOverlayText(JSON.stringify({
      name: "edges", values: { p_pass: { value: 0, rationale: "a" }, h_raise: { value: 0.5, rationale: "b" } },
    }), SIMPLE);
    expect(r.ok && r.overlay.values.map((v) => v.value)).toEqual([0, 0.5]);
  });
});

describe("parseOverlayText: problems, one line each with line:col", () => {
  it("an unknown name, with a suggestion", () => {
    expect(fails("name: x\nvalues:\n  p_pas: { value: 0.3, rationale: r }\n")).toEqual([
      `o.yaml:3:10: values.p_pas: unknown parameter "p_pas" (did you mean "p_pass"?)`,
    ]);
  });

  it("an unknown name far from every parameter gets no suggestion", () => {
    expect(fails("name: x\nvalues:\n  zzzzzzzz: { value: 0.3, rationale: r }\n")).toEqual([
      `o.yaml:3:13: values.zzzzzzzz: unknown parameter "zzzzzzzz"`,
    ]);
  });

  it("a value outside the parameter's bounds, pointing at the value", () => {
    expect(fails("name: x\nvalues:\n  h_raise:\n    rationale: r\n    value: 0.75\n")).toEqual([
      `o.yaml:5:12: values.h_raise.value: 0.75 is outside the bounds [0, 0.5] of "h_raise"`,
    ]);
    expect(fails("name: x\nvalues:\n  p_pass: { value: -0.01, rationale: r }\n")).toEqual([
      `o.yaml:3:20: values.p_pass.value: -0.01 is outside the bounds [0, 1] of "p_pass"`,
    ]);
  });

  it("a value without a source, or with half a quote", () => {
    expect(fails([
      "name: x",
      "values:",
      "  p_pass: { value: 0.3 }",
      "  h_raise: { value: 0.1, seed: notes.txt, rationale: r }",
    ].join("\n"))).toEqual([
      "o.yaml:3:11: values.p_pass: needs a source: a rationale, or a seed and a quote from it",
      "o.yaml:4:12: values.h_raise: needs a source: a rationale, or a seed and a quote from it",
    ]);
  });

  it("a bad shape: wrong types, unknown keys, empty texts, a missing name", () => {
    expect(fails([
      "extra: 1",
      "values:",
      "  p_pass: { value: '0.3', rationale: r, default: 2 }",
      "  h_raise: { value: 0.1, rationale: '' }",
    ].join("\n"))).toEqual([
      "o.yaml:1:1: name: Invalid input: expected string, received undefined",
      "o.yaml:3:20: values.p_pass.value: Invalid input: expected number, received string",
      `o.yaml:3:50: values.p_pass.default: unknown key "default"`,
      "o.yaml:4:37: values.h_raise.rationale: must not be empty",
      `o.yaml:1:8: extra: unknown key "extra"`,
    ]);
  });

  it("values must be a map, and numbers finite", () => {
    expect(fails("name: x\nvalues: [1, 2]\n")).toEqual(["o.yaml:2:9: values: Invalid input: expected record, received array"]);
    expect(fails("name: x\nvalues:\n  p_pass: { value: .inf, rationale: r }\n")).toEqual([
      "o.yaml:3:20: values.p_pass.value: Invalid input: expected number, received Infinity",
    ]);
  });

  it("YAML syntax errors and duplicate keys", () => {
    expect(fails("name: x\nvalues: [1\n")).toHaveLength(1);
    expect(fails("name: x\nvalues:\n  p_pass: { value: 0.3, rationale: r }\n  p_pass: { value: 0.4, rationale: r }\n")[0])
      .toBe('o.yaml:4:3: key "p_pass" is given twice in this mapping (map keys must be unique)');
  });

  it("an overlay for another scenario", () => {
    expect(fails("name: x\nscenario: korea-us-2026\nvalues: {}\n")).toEqual([
      `o.yaml:2:11: scenario: this overlay is for scenario "korea-us-2026", not "simple"`,
    ]);
  });

  it("text over the size cap is refused before parsing", () => {
    const text = `name: x\nvalues: {}\n#${"x".repeat(MAX_OVERLAY_BYTES)}\n`;
    expect(fails(text)).toEqual([`o.yaml: text is ${MAX_OVERLAY_BYTES + 21} bytes; the limit is ${MAX_OVERLAY_BYTES} bytes`]);
  });
});

describe("parseOverlayText: quotes", () => {
  const overlay = [
    "name: q",
    "values:",
    "  p_pass: { value: 0.3, seed: notes.txt, quote: \"all but\\n   certain\" }",
    "  h_raise: { value: 0.1, seed: notes.txt, quote: never said }",
  ].join("\n");

  it("checks each quote verbatim (whitespace folded), reading each seed once", () => {
    const asked: string[] = [];
    const read: OverlaySeedReader = (seed) => {
      asked.push(seed);
      return { ok: true, text: "The chair said passage is all\nbut certain." };
    };
    expect(fails(overlay, read)).toEqual([`o.yaml:4:50: values.h_raise.quote: quote does not occur verbatim in "notes.txt"`]);
    expect(asked).toEqual(["notes.txt"]);
  });

  it("refuses a value that underflows to 0 (it was read as 0 without a word)", () => {
    expect(fails("name: q\nvalues:\n  h_raise: { value: 1e-400, rationale: r }\n"))
      .toEqual(["o.yaml:3:21: values.h_raise.value: 1e-400 underflows to 0; write 0 if 0 is meant"]);
  });

  it("suggests the key meant for a misspelt one", () => {
    expect(fails("name: q\nvalues:\n  h_raise: { value: 0.1, rationle: r }\n")).toContain('o.yaml:3:36: values.h_raise.rationle: unknown key "rationle" (did you mean "rationale"?)');
  });

  it("rejects a blank quote", () => {
    const blank = overlay.replace("quote: never said", 'quote: "  "');
    expect(fails(blank, () => ({ ok: true, text: "The chair said passage is all\nbut certain." })))
      .toEqual([`o.yaml:4:50: values.h_raise.quote: quote is blank: quote the words of "notes.txt" that the number comes from`]);
  });

  it("says why a seed cannot be read, on each value quoting it", () => {
    const read: OverlaySeedReader = () => ({ ok: false, code: "source", message: `cannot read seed file "notes.txt": no such file` });
    expect(fails(overlay, read)).toEqual([
      `o.yaml:3:31: values.p_pass.seed: cannot read seed file "notes.txt": no such file`,
      `o.yaml:4:32: values.h_raise.seed: cannot read seed file "notes.txt": no such file`,
    ]);
  });

  it("without a reader, quotes are not checked", () => {
    expect(parseOverlayText(overlay, SIMPLE).ok).toBe(true);
  });
});
