/**
 * `tariffsim sources` and `validate --strict`: every sourced item on one page
 * with its quote's line in the seed; placeholders flagged, and made errors
 * (exit 2, one positioned line each) by --strict.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE } from "../helpers/cli.js";
import { KOREA, ROOT } from "../helpers/scenario.js";
import { loadScenarioFile } from "../../src/io.js";
import { sourcedItems } from "../../src/scenario/sourced.js";

const TEMPLATE = join(ROOT, "scenarios", "template.yaml");

describe("sources", () => {
  it("lists every source of the shipped scenario, each quote with the line it stands on in its seed", async () => {
    const r = await cli("sources", KOREA, "--format", "json");
    expect(r.code).toBe(0);
    const page = JSON.parse(r.out) as { entries: { kind: string; name: string; seed: string | null; line: number | null; quote: string | null; rationale: string | null; problem: string | null }[] };
    const loaded = loadScenarioFile(KOREA);
    if (!loaded.ok) throw new Error("shipped scenario must load");
    // One entry per source, in order: every parameter, uncertainty and joint uncertainty is there.
    expect(page.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(sourcedItems(loaded.scenario).map((s) => `${s.kind}:${s.name}`));
    expect(page.entries.filter((e) => e.kind === "parameter").length).toBe(loaded.scenario.parameters.length);
    // Every quote is located, and the line it gives really holds the quote's first word.
    const seedText = readFileSync(join(ROOT, "scenarios", "seeds", "2026-02-03-cho-rubio-talks.txt"), "utf8").split("\n");
    const quoted = page.entries.filter((e) => e.quote !== null);
    expect(quoted.length).toBeGreaterThan(5);
    for (const e of quoted) {
      expect(e.line, e.name).not.toBeNull();
      const first = (e.quote ?? "").trim().split(/\s+/)[0] ?? "";
      expect(seedText[(e.line ?? 1) - 1], e.name).toContain(first);
    }
    expect(page.entries.filter((e) => e.problem !== null)).toEqual([]);
  });

  it("flags the template's placeholders; --strict exits 2 with one positioned line each, after the page", async () => {
    const plain = await cli("sources", TEMPLATE);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/need attention \(marked !\)/);
    const strict = await cli("sources", TEMPLATE, "--strict");
    expect(strict.code).toBe(2);
    expect(strict.out).toContain("Sources of");
    const lines = nonEmptyLines(strict.err).filter((l) => !l.includes("warning:"));
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l).toMatch(/template\.yaml:\d+:\d+: parameters\.\w+\.source: rationale reads as a placeholder \("Placeholder"\)$/);
    expect(strict.err).not.toMatch(STACK_LINE);
  });

  it("writes CSV with one row per source", async () => {
    const r = await cli("sources", KOREA, "--format", "csv");
    expect(r.code).toBe(0);
    const json = await cli("sources", KOREA, "--format", "json");
    const n = (JSON.parse(json.out) as { entries: unknown[] }).entries.length;
    const records = r.out.split("\r\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(records[0]).toBe("kind,name,path,seed,line,quote,rationale,problem");
    // Rationales may span lines inside quotes; count records by their leading kind.
    expect(r.out.split("\r\n").filter((l) => /^(parameter|uncertainty|joint-uncertainty|correlation|claim),/.test(l)).length).toBe(n);
  });
});

describe("sources --evidence", () => {
  it("lists each observation of an evidence file with its quote's seed line or its rationale", async () => {
    const file = join(ROOT, "scenarios", "evidence", "korea-2026-02-03.yaml");
    const r = await cli("sources", KOREA, "--evidence", file, "--format", "json");
    expect(r.code, r.err).toBe(0);
    const page = JSON.parse(r.out) as { entries: { kind: string; name: string; path: string; line: number | null; quote: string | null; problem: string | null }[] };
    const obs = page.entries.filter((e) => e.kind === "observation");
    expect(obs.length).toBeGreaterThan(0);
    expect(obs.every((e) => e.path.startsWith(`${file}:observations[`) && e.problem === null)).toBe(true);
    const quoted = obs.filter((e) => e.quote !== null);
    expect(quoted.length).toBeGreaterThan(0);
    for (const e of quoted) expect(e.line).not.toBeNull();
    const bad = await cli("sources", KOREA, "--evidence", join(ROOT, "scenarios", "nope.yaml"));
    expect(bad.code).toBe(2);
  });
});

describe("validate --strict", () => {
  it("passes the shipped scenarios and fails the template on its placeholders", async () => {
    const ok = await cli("validate", "--strict", KOREA, join(ROOT, "scenarios", "korea-us-2026-v1.yaml"), join(ROOT, "scenarios", "korea-us-slip.yaml"));
    expect(ok.code).toBe(0);
    expect(ok.err).toBe("");
    const loose = await cli("validate", TEMPLATE);
    expect(loose.code).toBe(0);
    expect(nonEmptyLines(loose.err).every((l) => l.includes(": warning: "))).toBe(true);
    const strict = await cli("validate", "--strict", TEMPLATE);
    expect(strict.code).toBe(2);
    const lines = nonEmptyLines(strict.err);
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l).toMatch(/^.*template\.yaml:\d+:\d+: parameters\.\w+\.source\.rationale: rationale reads as a placeholder/);
  });
});
