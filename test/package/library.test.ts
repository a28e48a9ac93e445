/**
 * The library's public surface (src/index.ts) for issue 9 item 8: errors
 * name the file they are about (`formatIssues`, the CLI's own lines), and
 * `shippedScenario` finds the scenarios wherever the package is.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIssues, loadScenarioFile, prepareModel, shippedScenario } from "../../src/index.js";
import { KOREA } from "../helpers/scenario.js";

const dir = mkdtempSync(join(tmpdir(), "tariffsim-lib-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("library errors name their file", () => {
  it("a missing file", () => {
    const file = join(dir, "missing.yaml");
    const r = loadScenarioFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.file, r.issues, r.locate)).toEqual([`${file}: no such file`]);
  });

  it("a bad value, with line and column", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, readFileSync("test/fixtures/simple.yaml", "utf8").replace("default: 0.6", "default: 1.6"));
    const r = loadScenarioFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.file, r.issues, r.locate)).toEqual([`${file}:8:14: parameters.p_pass.default: default 1.6 is outside [0, 1]`]);
  });

  it("a bad override, from prepareModel", () => {
    const r = loadScenarioFile(KOREA);
    if (!r.ok) throw new Error("the shipped scenario does not load");
    const p = prepareModel(r.scenario, new Map([["p_struck_down", 2]]));
    expect(p.ok).toBe(false);
    if (p.ok) return;
    const lines = formatIssues(r.file, p.issues, r.locate);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.startsWith(`${KOREA}`)).toBe(true);
    expect(lines.join("\n")).toContain("p_struck_down");
  });
});

describe("shippedScenario", () => {
  it("is the shipped file", () => {
    expect(readFileSync(shippedScenario("korea-us-2026"), "utf8")).toBe(readFileSync(KOREA, "utf8"));
  });
});
