/**
 * The analyses conditioned on evidence (`--given`, `--evidence`, `--asof`
 * on `tornado`, `sweep`, `sensitivity`, `uncertainty`): every point's value
 * is the exact conditional probability `exact --given … --set …` gives at
 * that point's values, bit for bit; Monte Carlo with evidence agrees within
 * its noise and is the same for any number of workers; evidence that cannot
 * hold is exit 2 naming the observation (at the base values) or an invalid
 * point (elsewhere); every format says what the numbers are conditioned on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { SIMPLE } from "../helpers/scenario.js";

const VOTE_UNCERTAIN = "test/sensitivity/fixtures/vote-uncertain.yaml";
const VOTE = "test/sensitivity/fixtures/vote.yaml";
/** Possible at every value of the vote fixtures. */
const GIVEN_VOTE = "not tariff.high by 2026-02-20";
/** Holds with probability < 1 under every parameter value of the simple fixture. */
const GIVEN = "not tariff.high by 2026-02-20";
/** Impossible when p_pass = 0. */
const PASSED = "bill.passed by 2026-03-10";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** `exact --given … --set …`'s outcome probabilities by id, and P(evidence). */
async function exactAt(file: string, given: readonly string[], set: Readonly<Record<string, number>>): Promise<{ outcomes: Map<string, number>; groups: Map<string, number>; evidence: number }> {
  const args = ["exact", file, "--format", "json", ...given.flatMap((g) => ["--given", g]), ...Object.entries(set).flatMap(([k, v]) => ["--set", `${k}=${v}`])];
  const r = await cli(...args);
  expect(r.code, r.err).toBe(0);
  const j = JSON.parse(r.out) as { outcomes: { id: string; probability: number }[]; groups: { id: string; probability: number }[]; evidence?: { probability: number } };
  return {
    outcomes: new Map(j.outcomes.map((o) => [o.id, o.probability])),
    groups: new Map(j.groups.map((g) => [g.id, g.probability])),
    evidence: j.evidence?.probability ?? 1,
  };
}

interface TornadoJson {
  method: string;
  asOf?: string;
  evidence?: { probabilityAtBase: number | null; observations: { observation: string; from: string }[]; ignored: unknown[] };
  targets: { target: string; base: number; rows: { parameter: string; low: number; high: number; atLow: number | null; atHigh: number | null }[] }[];
}

describe("tornado with evidence", () => {
  it("exact: the base and every end are exact's conditional probabilities at those values, bit for bit", async () => {
    const r = await cli("tornado", SIMPLE, "--given", GIVEN, "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as TornadoJson;
    const base = await exactAt(SIMPLE, [GIVEN], {});
    expect(j.asOf).toBe("2026-02-20");
    expect(j.evidence).toEqual({ probabilityAtBase: base.evidence, observations: [{ observation: GIVEN, date: "2026-02-20", from: "--given" }], ignored: [] });
    expect(base.evidence).toBeLessThan(1);
    const unconditioned = JSON.parse((await cli("tornado", SIMPLE, "--format", "json")).out) as TornadoJson;
    for (const t of j.targets) {
      const id = t.target.replace("outcome:", "");
      expect(t.base).toBe(base.outcomes.get(id));
      // Conditioning changes the numbers (else the test would hold without it).
      expect(t.base).not.toBe(unconditioned.targets.find((u) => u.target === t.target)?.base);
      for (const row of t.rows) {
        expect(row.atLow).toBe((await exactAt(SIMPLE, [GIVEN], { [row.parameter]: row.low })).outcomes.get(id));
        expect(row.atHigh).toBe((await exactAt(SIMPLE, [GIVEN], { [row.parameter]: row.high })).outcomes.get(id));
      }
    }
  });

  it("Monte Carlo: within 5 standard errors of exact at every end, and the same bytes with 1 and 2 workers", async () => {
    const args = ["tornado", SIMPLE, "--given", GIVEN, "--method", "mc", "--runs", "4000", "--format", "json"];
    const one = await cli(...args, "--workers", "1");
    const two = await cli(...args, "--workers", "2");
    expect(one.code, one.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    expect(two.out).toBe(one.out);
    const mc = JSON.parse(one.out) as TornadoJson;
    const exact = JSON.parse((await cli("tornado", SIMPLE, "--given", GIVEN, "--format", "json")).out) as TornadoJson;
    expect(mc.method).toBe("mc");
    // The evidence holds with probability ~0.7 (weights near 1), so the binomial error bounds the ratio estimate's closely.
    const tol = 5 * Math.sqrt(0.25 / 4000);
    mc.targets.forEach((t, i) => {
      const e = exact.targets[i];
      expect(Math.abs(t.base - (e?.base ?? NaN))).toBeLessThan(tol);
      t.rows.forEach((row, k) => {
        const er = e?.rows.find((x) => x.parameter === row.parameter);
        expect(Math.abs((row.atLow ?? NaN) - (er?.atLow ?? NaN)), `${t.target} ${row.parameter} low (${k})`).toBeLessThan(tol);
        expect(Math.abs((row.atHigh ?? NaN) - (er?.atHigh ?? NaN))).toBeLessThan(tol);
      });
    });
  });

  it("the table says what is conditioned, first; CSV carries it as provenance", async () => {
    const t = await cli("tornado", SIMPLE, "--given", GIVEN);
    expect(t.code, t.err).toBe(0);
    const lines = t.out.split("\n");
    expect(lines[0]).toMatch(/^As of 2026-02-20 · P\(evidence\) = \d+\.\d{4}% · given 1 observation:$/);
    expect(lines[1]).toBe(`  ${GIVEN}  [--given]`);
    expect(lines[2]).toContain("Every probability below is conditional on this evidence");
    const csv = await cli("tornado", SIMPLE, "--given", GIVEN, "--format", "csv");
    // CSV lines end in CRLF (RFC 4180).
    const meta = csv.out.split("\r\n");
    expect(meta).toContain("# asOf: 2026-02-20");
    expect(meta).toContain(`# observation: ${GIVEN} (--given)`);
    expect(meta.some((l) => /^# evidence probability at base: 0\.\d+$/.test(l))).toBe(true);
  });

  it("evidence impossible at the base values: exit 2, one line naming the observation; no stack trace", async () => {
    const r = await cli("tornado", SIMPLE, "--given", PASSED, "--set", "p_pass=0");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(nonEmptyLines(r.err)).toEqual([`${SIMPLE}: --given "${PASSED}": cannot hold under the scenario: the evidence has probability 0`]);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("a bad observation is exit 2 as for run, and --evidence files are read", async () => {
    const bad = await cli("tornado", SIMPLE, "--given", "nosuch.state by 2026-02-20");
    expect(bad.code).toBe(2);
    expect(nonEmptyLines(bad.err)).toHaveLength(1);
    expect(bad.err).toContain('--given "nosuch.state by 2026-02-20"');
    const dir = dirs.make();
    const file = join(dir, "ev.yaml");
    writeFileSync(file, `name: t\ndescription: test\nscenario: simple\nobservations:\n  - observation: ${GIVEN}\n    source: { rationale: test }\n`);
    const fromFile = await cli("tornado", SIMPLE, "--evidence", file, "--format", "json");
    expect(fromFile.code, fromFile.err).toBe(0);
    const given = await cli("tornado", SIMPLE, "--given", GIVEN, "--format", "json");
    const strip = (s: string): unknown => ({ ...(JSON.parse(s) as TornadoJson), evidence: undefined });
    expect(strip(fromFile.out)).toEqual(strip(given.out));
    expect((JSON.parse(fromFile.out) as TornadoJson).evidence?.observations[0]?.from).toBe(`evidence:${file}`);
  });

  it("--asof before the observation ignores it: the numbers are the unconditioned ones", async () => {
    const r = await cli("tornado", SIMPLE, "--given", GIVEN, "--asof", "2026-02-10", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as TornadoJson;
    const plain = JSON.parse((await cli("tornado", SIMPLE, "--format", "json")).out) as TornadoJson;
    expect(j.targets).toEqual(plain.targets);
    expect(j.asOf).toBe("2026-02-10");
    expect(j.evidence?.observations).toEqual([]);
    expect(j.evidence?.ignored).toHaveLength(1);
  });
});

describe("sweep with evidence", () => {
  it("each point is exact's conditional probability; a point where the evidence cannot hold is invalid", async () => {
    const strict = await cli("sweep", "p_pass=0..1", "--steps", "3", "--scenario", SIMPLE, "--given", PASSED);
    expect(strict.code).toBe(2);
    expect(strict.err).toContain("at p_pass=0 the model is invalid: the evidence (1 check) has probability 0 at these parameter values");
    const r = await cli("sweep", "p_pass=0..1", "--steps", "3", "--scenario", SIMPLE, "--given", PASSED, "--skip-invalid", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { points: { values: Record<string, number>; groups?: unknown; outcomes: Record<string, number | null>; error?: string }[] };
    expect(j.points).toHaveLength(3);
    const [zero, ...rest] = j.points;
    expect(zero?.error).toContain("has probability 0");
    for (const p of rest) {
      const e = await exactAt(SIMPLE, [PASSED], p.values);
      expect(p.outcomes.hold).toBe(e.outcomes.get("hold"));
    }
  });
});

describe("sensitivity and uncertainty with evidence", () => {
  it("uncertainty: every draw is exact's conditional probability at its values, and the table says the draws are not reweighted", async () => {
    const dir = dirs.make();
    const draws = join(dir, "draws.csv");
    const r = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "4", "--given", GIVEN, "--draws", draws);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("not reweighted by it");
    const [head, ...rows] = readFileSync(draws, "utf8").trim().split(/\r?\n/);
    const cols = (head ?? "").split(",");
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const cells = row.split(",");
      const at = (c: string): number => Number(cells[cols.indexOf(c)]);
      const set = Object.fromEntries(["p_pass", "p_stall", "h_threat", "d_impl", "p_unused"].map((p) => [p, at(p)]));
      const e = await exactAt(VOTE_UNCERTAIN, [GIVEN], set);
      expect(at("outcome:rise")).toBe(e.outcomes.get("rise"));
      expect(at("group:up")).toBe(e.groups.get("up"));
    }
  });

  it("sensitivity: conditioned indices differ from the unconditioned ones, and the JSON names the evidence", async () => {
    const args = ["sensitivity", VOTE_UNCERTAIN, "--samples", "8", "--bootstrap", "10", "--format", "json"];
    const r = await cli(...args, "--given", GIVEN);
    const plain = await cli(...args);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { asOf: string; evidence: { observations: unknown[] }; targets: unknown };
    expect(j.asOf).toBe("2026-02-20");
    expect(j.evidence.observations).toHaveLength(1);
    expect(j.targets).not.toEqual((JSON.parse(plain.out) as { targets: unknown }).targets);
  });
});

describe("uncertainty --posterior", () => {
  /** The vote fixture with a threat that cannot come when h_threat > 0.03: the evidence below is then impossible. */
  function cappedThreat(): string {
    const file = join(dirs.make(), "vu.yaml");
    writeFileSync(file, readFileSync(VOTE_UNCERTAIN, "utf8").replace(`hazard: 'in("bill.passed") ? 0 : h_threat'`, `hazard: 'in("bill.passed") or h_threat > 0.03 ? 0 : h_threat'`));
    return file;
  }

  it("each draw's weight is exact's P(evidence) at its values, bit for bit, and the report's mean is the draws' weighted mean", async () => {
    const dir = dirs.make();
    const draws = join(dir, "draws.csv");
    const r = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "6", "--given", GIVEN, "--posterior", "--draws", draws, "--format", "json", "--target", "outcome:rise");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      posterior: { evidenceProbability: number; effectiveDraws: number; drawsKept: number; drawsExcluded: number };
      targets: { target: string; mean: number; histogram: { count: number; weight: number }[] }[];
    };
    const [head, ...rows] = readFileSync(draws, "utf8").trim().split(/\r?\n/);
    const cols = (head ?? "").split(",");
    expect(cols).toContain("weight");
    const w: number[] = [];
    const rise: number[] = [];
    for (const row of rows) {
      const cells = row.split(",");
      const at = (c: string): number => Number(cells[cols.indexOf(c)]);
      const e = await exactAt(VOTE_UNCERTAIN, [GIVEN], Object.fromEntries(["p_pass", "p_stall", "h_threat", "d_impl", "p_unused"].map((p) => [p, at(p)])));
      expect(at("weight")).toBe(e.evidence);
      expect(at("outcome:rise")).toBe(e.outcomes.get("rise"));
      w.push(e.evidence);
      rise.push(e.outcomes.get("rise") ?? Number.NaN);
    }
    // The weights differ (else the weighting would change nothing), and the mean is Σw·p / Σw.
    expect(new Set(w).size).toBeGreaterThan(1);
    const sw = w.reduce((a, b) => a + b, 0);
    const mean = rise.reduce((a, p, k) => a + (w[k] ?? 0) * p, 0) / sw;
    expect(j.targets.find((t) => t.target === "outcome:rise")?.mean).toBeCloseTo(mean, 14);
    expect(j.posterior.evidenceProbability).toBeCloseTo(sw / 6, 14);
    expect(j.posterior.effectiveDraws).toBeCloseTo((sw * sw) / w.reduce((a, b) => a + b * b, 0), 12);
    expect([j.posterior.drawsKept, j.posterior.drawsExcluded]).toEqual([6, 0]);
    for (const t of j.targets) expect(t.histogram.reduce((a, b) => a + b.weight, 0)).toBeCloseTo(1, 12);
    // Without --posterior: the plain mean of the same draws.
    const plain = JSON.parse((await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "6", "--given", GIVEN, "--format", "json", "--target", "outcome:rise")).out) as typeof j;
    expect(plain.targets.find((t) => t.target === "outcome:rise")?.mean).toBeCloseTo(rise.reduce((a, b) => a + b, 0) / 6, 14);
  });

  it("draws at which the evidence cannot hold get weight 0 (empty probabilities in --draws), and the others carry the analysis", async () => {
    const file = cappedThreat();
    const draws = join(dirs.make(), "d.csv");
    const r = await cli("uncertainty", file, "--samples", "16", "--given", "tariff.threatened by 2026-03-20", "--posterior", "--draws", draws, "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { posterior: { drawsKept: number; drawsExcluded: number } };
    expect(j.posterior.drawsExcluded).toBeGreaterThan(0);
    expect(j.posterior.drawsKept).toBeGreaterThan(0);
    expect(j.posterior.drawsKept + j.posterior.drawsExcluded).toBe(16);
    const [head, ...rows] = readFileSync(draws, "utf8").trim().split(/\r?\n/);
    const cols = (head ?? "").split(",");
    const zero = rows.map((row) => row.split(",")).filter((c) => c[cols.indexOf("weight")] === "0");
    expect(zero).toHaveLength(j.posterior.drawsExcluded);
    for (const c of zero) {
      expect(Number(c[cols.indexOf("h_threat")])).toBeGreaterThan(0.03);
      expect(c[cols.indexOf("outcome:rise")]).toBe("");
    }
  });

  it("the table says the draws are weighted, what they are worth and why some count for nothing", async () => {
    const r = await cli("uncertainty", cappedThreat(), "--samples", "16", "--given", "tariff.threatened by 2026-03-20", "--posterior");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("each draw is weighted by the probability it gives the evidence (--posterior)");
    expect(r.out).toMatch(/Posterior: each draw weighted by P\(evidence \| draw\) \(on average [\d.]+%\); worth [\d.]+ equally weighted draws of \d+; \d+ where the evidence cannot hold count for nothing/);
    expect(r.out).toContain("by share of the posterior weight (draws in brackets)");
    // Certain given the evidence, to rounding: one bin, no 20 bins of noise, and no value above 1.
    expect(r.out).toMatch(/group:up · Rise · histogram of \d+ draws, by share of the posterior weight \(draws in brackets\)\n {2}100\.00% – 100\.00% {2}100\.00% \(\d+\) {2}█+\n/);
  });

  it("a weighting that costs draws is warned about; weights that favour no draw give no warning and the unweighted percentiles", async () => {
    const costly = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "64", "--given", "tariff.threatened by 2026-02-05", "--posterior");
    expect(costly.code, costly.err).toBe(0);
    // (The fixture's own warning, a parameter read by nothing, comes first.)
    expect(nonEmptyLines(costly.err).filter((l) => !l.includes("is never used"))).toEqual([
      expect.stringMatching(/^warning: weighted by the evidence, the 64 draws are worth [\d.]+ equally weighted ones: the posterior's percentiles are rough; draw more \(--samples\)$/),
    ]);
    // p_pass and p_stall held: P(not passed by March 1) is the same at every draw (to rounding).
    const args = ["uncertainty", VOTE_UNCERTAIN, "--set", "p_pass=0.5", "--set", "p_stall=0.3", "--given", "not bill.passed by 2026-03-01", "--samples", "16", "--format", "json"];
    type J = { targets: { target: string; mean: number; median: number; p05: number; p95: number }[] };
    const flat = await cli(...args, "--posterior");
    expect(nonEmptyLines(flat.err).filter((l) => !l.includes("is never used") && !l.includes("power of two"))).toEqual([]);
    const plain = JSON.parse((await cli(...args)).out) as J;
    for (const t of (JSON.parse(flat.out) as J).targets) {
      const u = plain.targets.find((x) => x.target === t.target);
      for (const k of ["mean", "median", "p05", "p95"] as const) expect(t[k], `${t.target} ${k}`).toBeCloseTo(u?.[k] ?? Number.NaN, 13);
    }
  });

  it("--method mc: a draw where no run was consistent is said to be that, not impossible; none at any draw asks for more --runs", async () => {
    const two = ["--given", "bill.passed by 2026-02-20", "--given", "tariff.threatened by 2026-04-28", "--posterior", "--method", "mc", "--runs", "1"];
    const r = await cli("uncertainty", VOTE_UNCERTAIN, ...two, "--samples", "32", "--format", "csv");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/# draws excluded \(where none of the 1 conditioned runs was consistent with the evidence \(more --runs may find some\)\): [1-9]\d*\r?\n/);
    const none = await cli("uncertainty", VOTE_UNCERTAIN, ...two, "--samples", "2", "--seed", "1");
    expect(none.code).toBe(2);
    expect(nonEmptyLines(none.err).filter((l) => !l.includes("is never used"))).toEqual([
      `${VOTE_UNCERTAIN}: evidence: none of the 1 conditioned runs was consistent with the evidence at any of the 2 draws: it may be impossible, or too unlikely for this many runs (raise --runs)`,
    ]);
  });

  it("--method mc: each weight is the conditioned runs' Σw/n, near exact's; the same draws excluded; the same bytes on 1 and 2 threads", async () => {
    const file = cappedThreat();
    const args = ["uncertainty", file, "--samples", "8", "--given", "tariff.threatened by 2026-03-20", "--posterior", "--format", "json"];
    type J = { posterior: { evidenceProbability: number; drawsExcluded: number } };
    const exact = JSON.parse((await cli(...args)).out) as J;
    const mc1 = await cli(...args, "--method", "mc", "--runs", "2000", "--workers", "1");
    const mc2 = await cli(...args, "--method", "mc", "--runs", "2000", "--workers", "2");
    expect(mc1.code, mc1.err).toBe(0);
    expect(mc2.out).toBe(mc1.out);
    const mc = JSON.parse(mc1.out) as J;
    expect(mc.posterior.drawsExcluded).toBe(exact.posterior.drawsExcluded);
    // 2,000 runs a draw: each weight's standard error is about 0.01.
    expect(Math.abs(mc.posterior.evidenceProbability - exact.posterior.evidenceProbability)).toBeLessThan(0.03);
  });

  it("refuses --posterior without evidence (exit 2, one line), and with evidence impossible at every draw", async () => {
    const r = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "4", "--posterior");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err).filter((l) => !l.includes("is never used"))).toEqual([
      `${VOTE_UNCERTAIN}: --posterior: needs evidence to weight the draws by (--given or --evidence)`,
    ]);
    // Evidence given, but every observation dated after --asof: said so, not "give some".
    const late = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "4", "--posterior", "--given", "tariff.threatened by 2026-03-20", "--asof", "2026-02-10");
    expect(late.code).toBe(2);
    expect(nonEmptyLines(late.err).filter((l) => !l.includes("is never used"))).toEqual([
      `${VOTE_UNCERTAIN}: --posterior: needs evidence to weight the draws by, and --asof 2026-02-10 leaves none of the 1 observation in effect (it is dated after that)`,
    ]);
    expect(r.out).toBe("");
    const never = await cli("uncertainty", VOTE_UNCERTAIN, "--samples", "4", "--posterior", "--given", "tariff.high by 2026-02-02");
    expect(never.code).toBe(2);
    expect(never.err).not.toMatch(STACK_LINE);
  });
});

describe("report with evidence", () => {
  it("the tornado is conditioned on the headline's evidence, and the page says so", async () => {
    const r = await cli("report", SIMPLE, "--given", GIVEN);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("the tornado is conditioned on the same evidence, at each point&#39;s parameter values");
    expect(r.out).not.toContain("without the evidence");
  });
});

describe("evidence at values the analysis never solves", () => {
  it("sweep: the values held need not make a valid model; each grid point is judged alone", async () => {
    // p_stall = 0.6 with p_pass's default 0.5 sums past 1, but every grid point (p_pass ≤ 0.3) is valid.
    const args = ["sweep", "p_pass=0..0.3", "--steps", "3", "--scenario", VOTE, "--set", "p_stall=0.6", "--format", "json"];
    const plain = await cli(...args);
    expect(plain.code, plain.err).toBe(0);
    const asof = await cli(...args, "--asof", "2026-03-01");
    expect(asof.code, asof.err).toBe(0);
    expect((JSON.parse(asof.out) as { points: unknown }).points).toEqual((JSON.parse(plain.out) as { points: unknown }).points);
    const given = await cli(...args, "--given", GIVEN_VOTE);
    expect(given.code, given.err).toBe(0);
  });

  it("tornado --method mc: evidence that cannot hold at the base is named by its observation, as run names it", async () => {
    const r = await cli("tornado", SIMPLE, "--given", "bill.passed by 2026-02-10", "--method", "mc", "--runs", "1000");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([`${SIMPLE}: --given "bill.passed by 2026-02-10": cannot hold under the scenario: the evidence has probability 0`]);
  });

  it("uncertainty: draws at which the evidence cannot hold are named as such, not as invalid models, and not located in the file", async () => {
    const dir = dirs.make();
    const file = join(dir, "vu.yaml");
    writeFileSync(file, readFileSync(VOTE_UNCERTAIN, "utf8").replace(`hazard: 'in("bill.passed") ? 0 : h_threat'`, `hazard: 'in("bill.passed") or h_threat > 0.03 ? 0 : h_threat'`));
    const r = await cli("uncertainty", file, "--samples", "16", "--given", "tariff.threatened by 2026-03-20");
    expect(r.code).toBe(2);
    const lines = nonEmptyLines(r.err).filter((l) => !l.includes("warning"));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${file}: evidence: draw \\d+ \\(.*\\): the evidence \\(1 check\\) has probability 0 at these parameter values$`));
  });

  it("report --asof with no observation used says so, not that it is conditioned", async () => {
    const r = await cli("report", SIMPLE, "--no-tornado", "--asof", "2026-02-10");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("as of 2026-02-10, with no observation used, the forecast is the exact one from that date");
    expect(r.out).not.toContain("with evidence the forecast is exact and conditional");
  });
});
