/**
 * `tariffsim compare`: every format and its numbers against the `exact`
 * command's, Monte Carlo with the variance reduction, two scenarios with
 * unmatched ids, each side's overrides and their origins, bad input (exit 2,
 * one line per problem), and byte-identical output for any `--workers`;
 * with and without evidence (`--b-given`, `--given`, `--asof`): the exact
 * numbers of `exact --given`, Monte Carlo agreeing with them, each side's
 * evidence in every format, and bad observations named by their side.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { ensureBundle, expectSameOnWorkers } from "../helpers/bundle.js";
import { ROOT, SIMPLE, edit, simpleText } from "../helpers/scenario.js";

const OVERLAYS = fileURLToPath(new URL("../fixtures/overlays/", import.meta.url));
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

interface Row { id: string; label: string; a: number; b: number; diff: number; ci95: [number, number]; varianceReduction?: number | null; discordant?: number }

async function json(...args: string[]): Promise<Record<string, unknown> & { groups: Row[]; outcomes: Row[] }> {
  const r = await cli("compare", ...args, "--format", "json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown> & { groups: Row[]; outcomes: Row[] };
}

async function exactOutcomes(...args: string[]): Promise<Map<string, number>> {
  const r = await cli("exact", SIMPLE, ...args, "--format", "json");
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out) as { outcomes: { id: string; probability: number }[] };
  return new Map(j.outcomes.map((o) => [o.id, o.probability]));
}

describe("compare, one scenario with two parameter sets", () => {
  it("exact by default: A, B and B − A are the exact command's numbers, bit for bit", async () => {
    const j = await json(SIMPLE, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.3");
    const a = await exactOutcomes("--set", "p_pass=0.7");
    const b = await exactOutcomes("--set", "p_pass=0.3");
    expect(Object.keys(j)).toEqual(["scenarioA", "scenarioB", "method", "groups", "outcomes", "unmatched", "overridesA", "overridesB"]);
    expect(j).toMatchObject({ scenarioA: "simple", scenarioB: "simple", method: "exact", groups: [] });
    expect(j.outcomes.map((o) => o.id)).toEqual(["hold", "rise"]);
    for (const o of j.outcomes) {
      expect(o.a).toBe(a.get(o.id));
      expect(o.b).toBe(b.get(o.id));
      expect(o.diff).toBe((b.get(o.id) ?? NaN) - (a.get(o.id) ?? NaN));
      expect(o.ci95).toEqual([o.diff, o.diff]);
      expect(o).not.toHaveProperty("varianceReduction");
    }
    expect(j.overridesA).toEqual([{ name: "p_pass", value: 0.7, default: 0.6, from: "--a-set" }]);
    expect(j.overridesB).toEqual([{ name: "p_pass", value: 0.3, default: 0.6, from: "--b-set" }]);
  });

  it("shared --params/--set apply to both sides, each side's own values on top; origins say which", async () => {
    const j = await json(SIMPLE, "--params", join(OVERLAYS, "pass-low.yaml"), "--set", "h_raise=0.01", "--b-set", "h_raise=0.04", "--a-params", join(OVERLAYS, "pass-high.yaml"));
    expect(j.overridesA).toEqual([
      { name: "p_pass", value: 0.9, default: 0.6, from: `params:${join(OVERLAYS, "pass-high.yaml")}` },
      { name: "h_raise", value: 0.01, default: 0.02, from: "--set" },
    ]);
    expect(j.overridesB).toEqual([
      { name: "p_pass", value: 0.3, default: 0.6, from: `params:${join(OVERLAYS, "pass-low.yaml")}` },
      { name: "h_raise", value: 0.04, default: 0.02, from: "--b-set" },
    ]);
    const a = await exactOutcomes("--set", "p_pass=0.9", "--set", "h_raise=0.01");
    expect(j.outcomes[0]?.a).toBe(a.get("hold"));
  });

  it("Monte Carlo: paired runs, the exact difference inside the interval, the variance reduction reported", async () => {
    const args = [SIMPLE, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.5", "--method", "mc", "--runs", "20000", "--seed", "4"];
    const j = await json(...args);
    const ex = await json(SIMPLE, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.5");
    expect(j).toMatchObject({ method: "mc", seed: 4, runs: 20000 });
    j.outcomes.forEach((o, i) => {
      const d = ex.outcomes[i]?.diff ?? NaN;
      expect(o.ci95[0]).toBeLessThanOrEqual(d);
      expect(o.ci95[1]).toBeGreaterThanOrEqual(d);
      // Common random numbers: the bill passes in B only when it passes in A (weights 0.7 vs 0.5 on one draw).
      expect(o.varianceReduction ?? 0).toBeGreaterThan(2);
      expect(o.discordant).toBeGreaterThan(0);
    });
    const table = await cli("compare", ...args);
    expect(table.code).toBe(0);
    expect(table.out).toContain("compare · A: simple · B: simple · Monte Carlo, 20,000 paired runs (common random numbers) · seed 4");
    expect(table.out).toMatch(/Variance reduction/);
    expect(table.out).toMatch(/\d\.\d\d×/);
  });

  it("table, csv and md carry the same numbers and the provenance", async () => {
    const args = [SIMPLE, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.3"];
    const j = await json(...args);
    const t = await cli("compare", ...args);
    expect(t.code).toBe(0);
    expect(t.out.split("\n").slice(1, 4)).toEqual([
      "compare · A: simple · B: simple · exact",
      "A overrides: p_pass = 0.7 (default 0.6, from --a-set)",
      "B overrides: p_pass = 0.3 (default 0.6, from --b-set)",
    ]);
    const hold = j.outcomes[0];
    if (hold === undefined) throw new Error("no hold");
    expect(t.out).toContain(`${(100 * hold.diff).toFixed(2)} pts`);
    const csv = await cli("compare", ...args, "--format", "csv");
    expect(csv.code).toBe(0);
    const lines = csv.out.split("\r\n");
    expect(lines).toContain("# scenarioA: simple");
    expect(lines).toContain("# method: exact");
    expect(lines).toContain("# overrideA: p_pass = 0.7 (default 0.6, from --a-set)");
    expect(lines).toContain("kind,id,label,a,b,diff,ci95_lo,ci95_hi");
    expect(lines).toContain(`outcome,hold,Holds,${hold.a},${hold.b},${hold.diff},${hold.ci95[0]},${hold.ci95[1]}`);
    const mc = await cli("compare", ...args, "--method", "mc", "--runs", "2000", "--format", "csv");
    expect(mc.out.split("\r\n")).toContain("kind,id,label,a,b,diff,ci95_lo,ci95_hi,varianceReduction,discordant");
    const md = await cli("compare", ...args, "--format", "md");
    expect(md.out).toContain("| kind | id | label | a | b | diff | ci95\\_lo | ci95\\_hi |");
    expect(md.out).toContain(`| outcome | hold | Holds | ${hold.a} | ${hold.b} | ${hold.diff} |`);
  });

  it("--out writes the report (format from the extension)", async () => {
    const out = join(dirs.make(), "cmp.json");
    const r = await cli("compare", SIMPLE, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.3", "--out", out);
    expect(r).toEqual({ code: 0, out: "", err: `wrote ${out} (json)\n` });
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ method: "exact", scenarioA: "simple" });
  });
});

describe("compare, two scenarios", () => {
  it("compares the ids both have and lists the others", async () => {
    const dir = dirs.make();
    const b = join(dir, "b.yaml");
    writeFileSync(b, edit(edit(simpleText(), "{ id: rise, label: Rises", "{ id: rises, label: Rises"), "id: simple", "id: simple-b"));
    const j = await json(SIMPLE, b);
    expect(j.outcomes.map((o) => o.id)).toEqual(["hold"]);
    expect(j.unmatched).toEqual({ groups: { a: [], b: [] }, outcomes: { a: ["rise"], b: ["rises"] } });
    expect(j).toMatchObject({ scenarioA: "simple", scenarioB: "simple-b", overridesA: [], overridesB: [] });
    // The same model: no difference.
    expect(j.outcomes[0]?.diff).toBe(0);
    const t = await cli("compare", SIMPLE, b);
    expect(t.out).toContain("not compared, only in A: outcome rise");
    expect(t.out).toContain("not compared, only in B: outcome rises");
  });

  it("a copy of the scenario compared with itself under --b-set equals the one-scenario form", async () => {
    const copy = join(dirs.make(), "copy.yaml");
    copyFileSync(SIMPLE, copy);
    const two = await json(SIMPLE, copy, "--b-set", "p_pass=0.2");
    const one = await json(SIMPLE, "--b-set", "p_pass=0.2");
    expect(two.outcomes).toEqual(one.outcomes);
  });
});

describe("compare: bad input is exit 2, one line per problem", () => {
  it.each([
    [[SIMPLE], [`${SIMPLE}: nothing to compare: give a second scenario, or --a-set/--b-set, --a-params/--b-params, --a-given/--b-given or --a-evidence/--b-evidence`]],
    [[SIMPLE, "--a-set", "p_pas=0.2"], [`${SIMPLE}: --a-set p_pas: unknown parameter "p_pas" (did you mean "p_pass"?)`]],
    [[SIMPLE, "--b-set", "h_raise=0.9", "--set", "p_pass=2"], [
      `${SIMPLE}: --set p_pass: 2 is outside the bounds [0, 1] of "p_pass"`,
      `${SIMPLE}: --b-set h_raise: 0.9 is outside the bounds [0, 0.5] of "h_raise"`,
    ]],
    [[SIMPLE, "--b-set", "p_pass=0.2", "--method", "exact", "--runs", "5"], ["--method exact: --runs only applies to Monte Carlo"]],
    [[SIMPLE, "--b-set", "p_pass=0.2", "--b-set", "p_pass=0.3"], [`${SIMPLE}: --b-set p_pass: given twice (0.2 and 0.3)`]],
  ])("%j", async (args, lines) => {
    const r = await cli("compare", ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(lines.map((l) => `${l}\n`).join(""));
  });

  // Found by a hostile-input campaign: options that say the same thing in other words were compared, all zeros.
  it.each([
    ["the file twice", [SIMPLE, SIMPLE]],
    ["a default given again", [SIMPLE, "--a-set", "p_pass=0.6"]],
    ["the same value on both sides", [SIMPLE, "--set", "p_pass=0.3", "--b-set", "p_pass=0.3"]],
    ["the same evidence given to each side", [SIMPLE, "--a-given", "bill.passed by 2026-03-01", "--b-given", "bill.passed by 2026-03-01"]],
  ])("refuses sides that are the same: %s", async (_what, args) => {
    const r = await cli("compare", ...args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${SIMPLE}: nothing to compare: both sides have the same scenario, values and evidence (every difference would be 0)\n`);
  });

  it("refuses a copy of the file under another name with the same values (the same text)", async () => {
    const copy = join(dirs.make(), "copy.yaml");
    copyFileSync(SIMPLE, copy);
    const r = await cli("compare", SIMPLE, copy);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing to compare: both sides have the same scenario, values and evidence/);
    // The same text with one value changed is a comparison.
    expect((await cli("compare", SIMPLE, copy, "--b-set", "p_pass=0.5")).code).toBe(0);
  });

  it("names the side and the option whose values break a model", async () => {
    const korea = join(ROOT, "scenarios/korea-us-2026.yaml");
    const r = await cli("compare", korea, "--b-set", "p_pass_in_window=0.9", "--b-set", "p_filibuster=0.9");
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+korea-us-2026\.yaml:\d+:\d+: machines\.assembly\.transitions\[0\]\.to: side B: branch weights sum to 1\.8, .*; given by --b-set \(p_pass_in_window, p_filibuster\)$/);
  });

  it("two scenarios with no id in common", async () => {
    const r = await cli("compare", SIMPLE, join(ROOT, "scenarios/korea-us-2026.yaml"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/share no group or outcome id; nothing to compare\n$/);
    expect(r.err.split("\n")).toHaveLength(2);
    expect(r.err).not.toMatch(STACK_LINE);
  });
});

describe("compare --workers (the bundle)", () => {
  beforeAll(ensureBundle);

  it("gives byte-identical JSON for 1 and 2 workers where 2 are used", () => {
    const out = expectSameOnWorkers(["compare", "test/fixtures/simple.yaml", "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.5", "--method", "mc", "--runs", "200001", "--seed", "5", "--format", "json"]);
    expect(JSON.parse(out)).toMatchObject({ method: "mc", runs: 200001 });
  });

  it("paired runs are planned by their cost: 20,001 use 2 threads (one per 10,000), and give the same bytes", () => {
    const out = expectSameOnWorkers(["compare", "test/fixtures/simple.yaml", "--b-set", "p_pass=0.5", "--method", "mc", "--runs", "20001", "--seed", "5", "--format", "json"]);
    expect(JSON.parse(out)).toMatchObject({ method: "mc", runs: 20001 });
  });

  it("with evidence: 3,001 conditioned paired runs use 2 threads (one per 1,000), and give the same bytes", () => {
    const out = expectSameOnWorkers(["compare", "test/fixtures/simple.yaml", "--b-given", "not tariff.high by 2026-02-20", "--method", "mc", "--runs", "3001", "--seed", "5", "--format", "json"]);
    expect(JSON.parse(out)).toMatchObject({ method: "mc", runs: 3001, evidenceB: { observations: [{ observation: "not tariff.high by 2026-02-20" }] } });
  });
});

interface SideEvidence { asOf: string; probability: number; ci95: [number, number]; se?: number; ess?: number; observations: { observation: string; date: string; from: string }[]; ignored: unknown[] }
type EvidenceReport = Awaited<ReturnType<typeof json>> & { evidenceA: SideEvidence; evidenceB: SideEvidence };

async function exactGiven(...args: string[]): Promise<{ outcomes: Map<string, number>; evidence: number | undefined }> {
  const r = await cli("exact", SIMPLE, ...args, "--format", "json");
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out) as { outcomes: { id: string; probability: number }[]; evidence?: { probability: number } };
  return { outcomes: new Map(j.outcomes.map((o) => [o.id, o.probability])), evidence: j.evidence?.probability };
}

describe("compare with and without evidence", () => {
  const OBS = "not tariff.high by 2026-02-10";

  it("exact: A and B are `exact` without and with --given, bit for bit; P(evidence) per side; JSON shape", async () => {
    const j = await json(SIMPLE, "--b-given", OBS) as EvidenceReport;
    const a = await exactGiven();
    const b = await exactGiven("--given", OBS);
    expect(Object.keys(j)).toEqual(["scenarioA", "scenarioB", "method", "groups", "outcomes", "unmatched", "overridesA", "overridesB", "evidenceA", "evidenceB"]);
    for (const o of j.outcomes) {
      expect(o.a).toBe(a.outcomes.get(o.id));
      expect(o.b).toBe(b.outcomes.get(o.id));
      expect(o.diff).toBe((b.outcomes.get(o.id) ?? NaN) - (a.outcomes.get(o.id) ?? NaN));
      expect(o.ci95).toEqual([o.diff, o.diff]);
    }
    expect(Math.abs(j.outcomes[0]?.diff ?? 0)).toBeGreaterThan(0.05);
    expect(j.evidenceA).toEqual({ asOf: "2026-02-01", probability: 1, ci95: [1, 1], observations: [], ignored: [] });
    expect(b.evidence).toBeTypeOf("number");
    expect(j.evidenceB).toEqual({
      asOf: "2026-02-10", probability: b.evidence, ci95: [b.evidence, b.evidence],
      observations: [{ observation: OBS, date: "2026-02-10", from: "--b-given" }], ignored: [],
    });
  });

  it("Monte Carlo: the exact differences inside the intervals, P(evidence) estimated with its interval, a variance reduction", async () => {
    const ex = await json(SIMPLE, "--b-given", OBS) as EvidenceReport;
    const j = await json(SIMPLE, "--b-given", OBS, "--method", "mc", "--runs", "4000", "--seed", "8") as EvidenceReport;
    expect(j).toMatchObject({ method: "mc", runs: 4000, seed: 8 });
    j.outcomes.forEach((o, i) => {
      const d = ex.outcomes[i]?.diff ?? NaN;
      expect(o.ci95[0] <= d && d <= o.ci95[1], `${o.id}: ${d} in [${o.ci95[0]}, ${o.ci95[1]}]`).toBe(true);
      expect(o.varianceReduction ?? 0).toBeGreaterThan(2);
    });
    expect(j.evidenceA).toMatchObject({ probability: 1, se: 0, ess: 4000 });
    const e = j.evidenceB;
    expect(Object.keys(e)).toEqual(["asOf", "probability", "ci95", "se", "ess", "observations", "ignored"]);
    // Under a constant hazard, "not high by D" is forced with the same weight in every run: the estimate is exact.
    expect(e.probability).toBeCloseTo(ex.evidenceB.probability, 12);
  });

  it("table, csv and md carry each side's as-of date, observations and P(evidence)", async () => {
    const args = [SIMPLE, "--b-given", OBS];
    const t = await cli("compare", ...args);
    expect(t.code).toBe(0);
    const j = await json(...args) as EvidenceReport;
    const pct = `${(100 * j.evidenceB.probability).toFixed(4)}%`;
    expect(t.out.split("\n").slice(4, 7)).toEqual([
      "A as of 2026-02-01 · unconditioned · no observation",
      `B as of 2026-02-10 · P(evidence) = ${pct} · given 1 observation:`,
      `  ${OBS}  [--b-given]`,
    ]);
    const mc = await cli("compare", ...args, "--method", "mc", "--runs", "1000");
    expect(mc.out).toMatch(/B as of 2026-02-10 · P\(evidence\) ≈ \d+\.\d{4}% \[\d+\.\d{4}%, \d+\.\d{4}%\] · effective sample size 1,000 · given 1 observation:/);
    expect(mc.out).toContain("Conditioned by importance weights");
    const csv = (await cli("compare", ...args, "--format", "csv")).out.split("\r\n");
    for (const l of ["# asOfA: 2026-02-01", "# evidence probabilityA: 1", "# asOfB: 2026-02-10", `# evidence probabilityB: ${j.evidenceB.probability}`,
      `# observationB: ${OBS} (--b-given)`, "kind,id,label,a,b,diff,ci95_lo,ci95_hi"]) expect(csv, l).toContain(l);
    const csvMc = (await cli("compare", ...args, "--method", "mc", "--runs", "1000", "--format", "csv")).out.split("\r\n");
    const ess = csvMc.find((l) => l.startsWith("# essB: "));
    expect(Number(ess?.slice("# essB: ".length))).toBeCloseTo(1000, 9);
    expect(csvMc.some((l) => /^# evidence ci95B: [\d.e-]+ [\d.e-]+$/.test(l))).toBe(true);
    expect(csvMc).toContain("kind,id,label,a,b,diff,ci95_lo,ci95_hi,varianceReduction,discordant");
    const md = await cli("compare", ...args, "--format", "md");
    expect(md.out).toContain("asOfB");
    expect(md.out).toContain(OBS);
  });

  it("--asof: an observation dated after it is ignored (reported), so both sides agree", async () => {
    const j = await json(SIMPLE, "--b-given", OBS, "--asof", "2026-02-05") as EvidenceReport;
    for (const o of j.outcomes) expect(o.diff).toBe(0);
    expect(j.evidenceA.asOf).toBe("2026-02-05");
    expect(j.evidenceB).toMatchObject({ asOf: "2026-02-05", probability: 1, observations: [], ignored: [{ observation: OBS, date: "2026-02-10", from: "--b-given" }] });
    const t = await cli("compare", SIMPLE, "--b-given", OBS, "--asof", "2026-02-05");
    expect(t.out).toContain(`ignored (dated after B's as-of date): ${OBS} [--b-given]`);
  });

  it("shared --given conditions both sides, each planned against its own values", async () => {
    const j = await json(SIMPLE, "--given", OBS, "--a-set", "p_pass=0.7", "--b-set", "p_pass=0.3") as EvidenceReport;
    const a = await exactGiven("--given", OBS, "--set", "p_pass=0.7");
    const b = await exactGiven("--given", OBS, "--set", "p_pass=0.3");
    expect(j.outcomes.map((o) => [o.a, o.b])).toEqual(j.outcomes.map((o) => [a.outcomes.get(o.id), b.outcomes.get(o.id)]));
    expect(j.evidenceA.observations).toEqual([{ observation: OBS, date: "2026-02-10", from: "--given" }]);
    expect([j.evidenceA.probability, j.evidenceB.probability]).toEqual([a.evidence, b.evidence]);
  });

  it("--b-evidence FILE: observations from a file, on side B only", async () => {
    const file = join(dirs.make(), "ev.yaml");
    writeFileSync(file, `name: t\ndescription: d\nscenario: simple\nobservations:\n  - observation: "${OBS}"\n    source: { rationale: "test" }\n`);
    const r = await cli("compare", SIMPLE, "--b-evidence", file, "--format", "json");
    expect(r.err).toBe("");
    const j = JSON.parse(r.out) as EvidenceReport;
    const viaGiven = await json(SIMPLE, "--b-given", OBS);
    expect(j.outcomes).toEqual(viaGiven.outcomes);
    expect(j.evidenceB.observations[0]).toMatchObject({ observation: OBS, from: `evidence:${file}` });
  });
});

describe("compare with evidence: bad input is exit 2, the side named", () => {
  it.each([
    [[SIMPLE, "--b-given", "tariff.hgh by 2026-02-10"], [`${SIMPLE}: --b-given "tariff.hgh by 2026-02-10": column 8: machine "tariff" has no state "hgh" (did you mean "high"?)`]],
    [[SIMPLE, "--a-given", "bill.passed befor 2026-02-10", "--b-given", "tariff.hgh by 2026-02-10"], [
      `${SIMPLE}: --a-given "bill.passed befor 2026-02-10": column 13: "befor" is not "on", "by" or "at"; expected \`[not] machine.state on|by|at YYYY-MM-DD\``,
      `${SIMPLE}: --b-given "tariff.hgh by 2026-02-10": column 8: machine "tariff" has no state "hgh" (did you mean "high"?)`,
    ]],
    [[SIMPLE, "--b-given", "tariff.low at 2026-04-01", "--b-given", "bill.passed by 2026-02-15"],
      [`${SIMPLE}: --b-given "bill.passed by 2026-02-15": cannot hold under the scenario: the evidence has probability 0`]],
    [[SIMPLE, "--given", "tariff.low at 2026-04-01", "--given", "bill.passed by 2026-02-15", "--b-set", "p_pass=0.3"],
      [`${SIMPLE}: --given "bill.passed by 2026-02-15": cannot hold under the scenario of side A: the evidence has probability 0`]],
    [[SIMPLE, "--b-given", "tariff.low at 2026-04-01", "--b-given", "bill.passed by 2026-02-15", "--method", "mc", "--runs", "100"],
      [`${SIMPLE}: evidence: scenario "simple": none of 100 conditioned runs is consistent with the evidence of side B; it may be impossible, or too unlikely for this many runs`]],
    [[SIMPLE, "--b-given", "not tariff.high by 2026-02-10", "--asof", "2027-01-01"], [
      `${SIMPLE}: --asof 2027-01-01: 2027-01-01 is outside the scenario's calendar, 2026-02-01 to 2026-04-30`,
    ]],
  ])("%j", async (args, lines) => {
    const r = await cli("compare", ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(lines.map((l) => `${l}\n`).join(""));
  });
});

describe("compare: targets matched by id with different labels", () => {
  it("says so on stderr, one line per target, and compares them all the same", async () => {
    const dir = dirs.make();
    const b = join(dir, "relabelled.yaml");
    writeFileSync(b, edit(simpleText(), "{ id: rise, label: Rises,", "{ id: rise, label: Goes up,"));
    const r = await cli("compare", SIMPLE, b, "--format", "json");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`${SIMPLE}, ${b}: note: outcome "rise" is labelled "Rises" in A and "Goes up" in B; compared by id, so check that both mean the same\n`);
    const same = await cli("compare", SIMPLE, SIMPLE, "--b-set", "p_pass=0.5", "--format", "json");
    expect(same.err).toBe("");
    expect(JSON.parse(r.out)).toMatchObject({ outcomes: [{ id: "hold" }, { id: "rise" }] });
  });
});
