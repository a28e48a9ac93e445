/**
 * End to end: the real bundle (`node dist/tariffsim.mjs`) in a child process,
 * checking stdout, stderr and the exit code as a user sees them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeRe, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { BUNDLE, edit, KOREA, koreaScenario, ROOT, SIMPLE, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

function tariffsim(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (existsSync(BUNDLE)) return;
  const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
  if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);
});

describe("the bundled CLI", () => {
  it("runs the fixture as JSON: exit 0, clean stderr, counts summing to runs", () => {
    const r = tariffsim("run", SIMPLE, "--runs", "2000", "--seed", "1", "--format", "json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const j: unknown = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: "simple", seed: 1, runs: 2000, outcomes: [{ id: "hold" }, { id: "rise" }] });
    const outcomes = typeof j === "object" && j !== null && "outcomes" in j && Array.isArray(j.outcomes) ? j.outcomes : [];
    const total = outcomes.reduce((a: number, o: unknown) => a + (typeof o === "object" && o !== null && "count" in o ? Number(o.count) : NaN), 0);
    expect(total).toBe(2000);
  });

  it("rejects a broken file: exit 2, one positioned line, no stack trace", () => {
    const file = join(dirs.make(), "broken.yaml");
    writeFileSync(file, edit(simpleText(), "to: high", "to: hgh"));
    const r = tariffsim("validate", file);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const lines = nonEmptyLines(r.err);
    expect(lines[0]).toBe(`${file}:37:13: machines.tariff.transitions[0].to: machine "tariff" has no state "hgh" (did you mean "high"?)`);
    for (const l of lines) expect(l.startsWith(`${file}:`)).toBe(true);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("rejects bad options with exit 2 and prints its version", () => {
    const bad = tariffsim("run", SIMPLE, "--runs", "0");
    expect(bad.code).toBe(2);
    expect(bad.out).toBe("");
    expect(bad.err).toMatch(/--runs/);
    expect(bad.err).not.toMatch(STACK_LINE);
    const v = tariffsim("--version");
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("runs the shipped scenario by default (when it exists and validates)", () => {
    if (!existsSync(KOREA) || koreaScenario() === undefined) return; // being written concurrently
    const r = tariffsim("run", "--runs", "2000");
    expect(r.code).toBe(0);
    // Warnings may be printed while the scenario is being written; nothing else.
    for (const l of nonEmptyLines(r.err)) expect(l).toMatch(new RegExp(`^${escapeRe(KOREA)}:\\d+:\\d+: warning: `));
    expect(r.out).toContain("scenario korea-us-2026");
    expect(r.out).toMatch(new RegExp(`${escapeRe("2,000 runs")} · seed 20260203`));
    expect(r.out).toMatch(/\d+\.\d\d% │ +\[\d+\.\d\d%, \d+\.\d\d%\]/);
  });
});
