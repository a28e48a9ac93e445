/**
 * Text from a scenario (titles, labels, names, expressions) and from the
 * command line reaches the terminal with control, bidirectional and
 * zero-width characters escaped: in error lines, tables, `params`, replays
 * and `validate`'s ok lines. JSON stays JSON.stringify's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, tmpDirs } from "../helpers/cli.js";
import { edit, SIMPLE, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** Any raw character a terminal would act on or render misleadingly (LF, ending lines, excepted). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/;

/** YAML double-quoted escapes: ESC, BEL, CR, RLO, zero-width space. */
const HOSTILE = String.raw`\e[2J\a\rOK\u202e\u200b`;
const SHOWN = String.raw`\x1b[2J\x07\rOK\u202e\u200b`;

function hostileScenario(): string {
  const file = join(dirs.make(), "hostile.yaml");
  let text = simpleText();
  text = edit(text, "title: Simple two-machine scenario", `title: "Title ${HOSTILE}"`);
  text = edit(text, "label: Holds", `label: "Holds ${HOSTILE}"`);
  text = edit(text, "description: Chance the bill passes in its window.", `description: "Chance ${HOSTILE} passes."`);
  text = edit(text, "unit: probability per day", `unit: "per ${HOSTILE} day"`);
  text = text.replace("source: { rationale: test fixture }", `source: { rationale: "fixture ${HOSTILE}" }`);
  writeFileSync(file, text);
  return file;
}

describe("scenario text in reports is escaped", () => {
  const file = hostileScenario();

  it.each([
    ["run", ["run", "--runs", "200", "--states"]],
    ["exact", ["exact", "--states"]],
    ["both", ["run", "--runs", "200", "--method", "both"]],
    ["timeline", ["exact", "--timeline", "--every", "30"]],
    ["replay", ["run", "--replay", "1"]],
  ])("%s: no raw control character, the label shown escaped", async (_what, args) => {
    const [cmd, ...rest] = args;
    const r = await cli(cmd ?? "run", file, ...rest);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW);
    expect(r.out).toContain(`Title ${SHOWN}`);
    if (_what !== "timeline" && _what !== "replay") expect(r.out).toContain(`Holds ${SHOWN}`);
  });

  it("params: names, units, descriptions and sources", async () => {
    const r = await cli("params", file);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW);
    expect(r.out).toContain(`per ${SHOWN}`); // the unit is one line
    expect(r.out).toContain(String.raw`\x1b[2J\x07`); // descriptions are re-wrapped, then escaped line by line
    expect(r.out).toContain(String.raw`\u202e\u200b`);
  });

  it("JSON output stays JSON: the label round-trips exactly", async () => {
    const r = await cli("run", file, "--runs", "100", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const j: { title: string; outcomes: { label: string }[] } = JSON.parse(r.out);
    expect(j.title).toBe("Title \x1b[2J\x07\rOK\u202e\u200b");
    expect(j.outcomes[0]?.label).toBe("Holds \x1b[2J\x07\rOK\u202e\u200b");
  });
});

describe("error lines are escaped", () => {
  it("a CR in a file's text cannot make an error line read as a success", async () => {
    const file = join(dirs.make(), "cr.yaml");
    writeFileSync(file, edit(simpleText(), `when: 'in("tariff.low")'`, String.raw`when: "in(\"tariff.lo\rOK: all scenarios valid\e[K\")"`));
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).not.toMatch(RAW);
    const lines = nonEmptyLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^.*cr\.yaml:39:\d+: outcomes\[0\]\.when: .*tariff\.lo\\rOK: all scenarios valid\\x1b\[K/);
  });

  it("an expression with ESC and RLO is echoed escaped", async () => {
    const file = join(dirs.make(), "expr.yaml");
    writeFileSync(file, edit(simpleText(), `hazard: 'in("bill.passed") ? 0 : h_raise'`, String.raw`hazard: "h_raise \e[31m\u202e +"`));
    const r = await cli("run", file, "--runs", "10");
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(RAW);
    expect(nonEmptyLines(r.err)[0]).toMatch(/expr\.yaml:36:\d+: machines\.tariff\.transitions\[0\]\.hazard: /);
    expect(r.err).toContain(String.raw`\x1b[31m\u202e`);
  });

  it("a file name or --set value with control characters", async () => {
    const dir = dirs.make();
    const odd = join(dir, "a\rOK\u202e.yaml");
    const missing = await cli("run", odd);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`${join(dir, "a\\rOK\\u202e.yaml")}: no such file\n`);
    const set = await cli("run", SIMPLE, "--set", "h_raise=\x1b[2J");
    expect(set.code).toBe(2);
    expect(set.err).toBe(`${SIMPLE}: --set h_raise: "\\x1b[2J" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)\n`);
    const opt = await cli("run", SIMPLE, "--bogus\x1b[2J");
    expect(opt.code).toBe(2);
    expect(opt.err).not.toMatch(RAW);
    expect(opt.err).toContain("--bogus\\x1b[2J");
  });

  it("validate's ok line escapes the file name", async () => {
    const dir = dirs.make();
    const odd = join(dir, "ok\r\u202e.yaml");
    writeFileSync(odd, simpleText());
    const r = await cli("validate", odd);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${join(dir, "ok\\r\\u202e.yaml")}: ok (2 machines, 5 states, 2 outcomes)\n`);
  });
});
