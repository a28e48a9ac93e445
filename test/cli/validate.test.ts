/**
 * `tariffsim validate`: ok files exit 0; broken files exit 2 with one stderr
 * line per problem, `file:line:col: path: message` where a position applies,
 * and never a stack trace.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, escapeRe, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { edit, koreaScenario, KOREA, ROOT, SIMPLE, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const HAZARD = `'in("bill.passed") ? 0 : h_raise'`;

/** Broken files, each with exactly one problem, and what its line must say. */
interface Broken {
  readonly name: string;
  /** undefined: the file is not created (or is a directory, see `dir`). */
  readonly text?: string;
  readonly dir?: boolean;
  /** Whether the line carries `:line:col`. */
  readonly positioned: boolean;
  readonly message: RegExp;
}

const BROKEN: readonly Broken[] = [
  { name: "missing.yaml", positioned: false, message: /^: no such file$/ },
  { name: "folder.yaml", dir: true, positioned: false, message: /^: is a directory$/ },
  { name: "syntax.yaml", text: edit(simpleText(), "id: simple\n", "id: simple\nid: again\n"), positioned: true, message: /key "id" is given twice in this mapping/ },
  { name: "schema.yaml", text: edit(simpleText(), "initial: pending", "initial: pending\n    bogus: 1"), positioned: true, message: /^:24:12: machines\.bill\.bogus: unknown key "bogus"$/ },
  { name: "unknown-state.yaml", text: edit(simpleText(), `when: 'in("tariff.low")'`, `when: 'in("tariff.lw")'`), positioned: true, message: /outcomes\[0\]\.when: in\("tariff\.lw"\): machine "tariff" has no state "lw" \(did you mean "low"\?\)$/ },
  { name: "two-triggers.yaml", text: edit(simpleText(), "hazard: 'in", "when: true\n        hazard: 'in"), positioned: true, message: /^:35:9: machines\.tariff\.transitions\[0\]: needs exactly one trigger/ },
  { name: "hazard.yaml", text: edit(simpleText(), HAZARD, "'h_raise * 75'"), positioned: true, message: /^:36:17: machines\.tariff\.transitions\[0\]\.hazard: a hazard must be a probability in \[0, 1\]; "h_raise \* 75" gives 1\.5$/ },
  { name: "overlap.yaml", text: edit(simpleText(), `when: 'in("tariff.high")'`, `when: 'in("tariff.high") or in("bill.failed")'`), positioned: true, message: /^:40:5: outcomes\[1\]: outcomes "hold" and "rise" both match the end state bill\.failed, tariff\.low$/ },
  { name: "bad.json", text: '{\n  "id": "x",\n  "title": "t" "u"\n}\n', positioned: true, message: /\S/ },
];

describe("validate", () => {
  let dir = "";
  const path = (b: Broken): string => join(dir, b.name);

  beforeAll(() => {
    dir = dirs.make();
    for (const b of BROKEN) {
      if (b.dir === true) mkdirSync(path(b));
      else if (b.text !== undefined) writeFileSync(path(b), b.text);
    }
  });

  it("accepts good files: exit 0, one ok line each", async () => {
    const json = join(ROOT, "test", "fixtures", "simple.json");
    const r = await cli("validate", SIMPLE, json);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(nonEmptyLines(r.out)).toEqual([
      `${SIMPLE}: ok (2 machines, 5 states, 2 outcomes)`,
      `${json}: ok (2 machines, 5 states, 2 outcomes)`,
    ]);
  });

  it("accepts the shipped scenario (when it validates)", async () => {
    if (koreaScenario() === undefined) return; // being written concurrently
    const r = await cli("validate", KOREA);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${escapeRe(KOREA)}: ok \\(\\d+ machines, \\d+ states, \\d+ outcomes\\)\\n$`));
  });

  it("rejects broken files: exit 2, one line per problem, each starting with its file", async () => {
    const r = await cli("validate", SIMPLE, ...BROKEN.map(path));
    expect(r.code).toBe(2);
    // The good file is still reported ok.
    expect(nonEmptyLines(r.out)).toEqual([`${SIMPLE}: ok (2 machines, 5 states, 2 outcomes)`]);
    const errLines = nonEmptyLines(r.err);
    expect(errLines).toHaveLength(BROKEN.length);
    for (const b of BROKEN) {
      const file = path(b);
      const mine = errLines.filter((l) => l.startsWith(`${file}:`));
      expect(mine, b.name).toHaveLength(1);
      const rest = (mine[0] ?? "").slice(file.length);
      if (b.positioned) expect(rest, b.name).toMatch(/^:\d+:\d+: \S/);
      else expect(rest, b.name).not.toMatch(/^:\d+:\d+:/);
      expect(rest, b.name).toMatch(b.message);
    }
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.err).not.toMatch(/internal error/);
  });

  it("puts a YAML syntax error at the line and column of the problem", async () => {
    const b = BROKEN.find((x) => x.name === "syntax.yaml");
    if (b === undefined) throw new Error("fixture");
    const r = await cli("validate", path(b));
    expect(r.code).toBe(2);
    // The duplicated `id` key is on line 2, column 1.
    expect(nonEmptyLines(r.err)).toEqual([`${path(b)}:2:1: key "id" is given twice in this mapping (map keys must be unique)`]);
  });

  it("reports every problem of one file, errors before warnings", async () => {
    const file = join(dir, "several.yaml");
    let text = edit(simpleText(), "to: high", "to: hgh");
    text = edit(text, "weight: p_pass }", "weight: p_pas }");
    writeFileSync(file, text);
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    const errLines = nonEmptyLines(r.err);
    expect(errLines.map((l) => l.slice(file.length))).toEqual([
      ':37:13: machines.tariff.transitions[0].to: machine "tariff" has no state "hgh" (did you mean "high"?)',
      ':29:35: machines.bill.transitions[0].to[0].weight: unknown parameter "p_pas" (did you mean "p_pass"?)',
      ':33:28: warning: machines.tariff.states.high: state "high" can never be reached from "low"',
      ':8:5: warning: parameters.p_pass: parameter "p_pass" is never used',
    ]);
  });

  it("needs at least one file", async () => {
    const r = await cli("validate");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing required argument/);
  });
});
