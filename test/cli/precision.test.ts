/**
 * `run --precision H [--max-runs N]`: how many runs it took and whether the
 * target was met, in every format; the stop at the documented boundary; the
 * cap; refused combinations (exit 2, one line); byte-identical output for
 * any `--workers`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { ensureBundle, expectSameOnWorkers } from "../helpers/bundle.js";
import { SIMPLE } from "../helpers/scenario.js";

describe("run --precision", () => {
  it("JSON: the runs it took, the precision object, and the numbers of a plain run of that many runs", async () => {
    const r = await cli("run", SIMPLE, "--precision", "0.005", "--seed", "7", "--format", "json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { runs: number; precision: Record<string, unknown>; outcomes: unknown };
    // Half-widths ≈ 1.96·√(0.24/n): 0.0068 at 20,000 runs, 0.0048 at 40,000, the third boundary.
    expect(j.runs).toBe(40_000);
    expect(j.precision).toMatchObject({ target: 0.005, maxRuns: 10_000_000, runs: 40_000, met: true, batches: 3 });
    expect(j.precision.halfWidth).toBeLessThanOrEqual(0.005);
    const plain = await cli("run", SIMPLE, "--runs", "40000", "--seed", "7", "--format", "json");
    expect((JSON.parse(plain.out) as { outcomes: unknown }).outcomes).toEqual(j.outcomes);
  });

  it("table, csv and md say how many runs it took and whether the target was met", async () => {
    const t = await cli("run", SIMPLE, "--precision", "0.005", "--seed", "7");
    expect(t.code).toBe(0);
    expect(t.out).toContain("40,000 runs · seed 7");
    expect(t.out).toMatch(/Precision: target ±0\.50 pts met after 40,000 runs \(3 batches; widest 95% half-width 0\.4\d pts, outcome:(hold|rise)\)\n$/);
    const csv = await cli("run", SIMPLE, "--precision", "0.005", "--seed", "7", "--format", "csv");
    const lines = csv.out.split("\r\n");
    for (const l of ["# runs: 40000", "# precision: 0.005", "# maxRuns: 10000000", "# precisionMet: true", "# batches: 3"]) expect(lines).toContain(l);
    const md = await cli("run", SIMPLE, "--precision", "0.005", "--seed", "7", "--format", "md");
    expect(md.out).toContain("- precisionMet: true\n");
  });

  it("stops at the cap and says the target was not met", async () => {
    const r = await cli("run", SIMPLE, "--precision", "0.001", "--max-runs", "25000", "--seed", "7");
    expect(r.code).toBe(0);
    expect(r.out).toContain("25,000 runs · seed 7");
    expect(r.out).toMatch(/Precision: target ±0\.10 pts NOT met: stopped at the cap of 25,000 runs \(3 batches; widest 95% half-width 0\.\d\d pts, [a-z:]+\); raise --max-runs or the target\n$/);
    const j = JSON.parse((await cli("run", SIMPLE, "--precision", "0.001", "--max-runs", "25000", "--seed", "7", "--format", "json")).out) as { runs: number; precision: { met: boolean } };
    expect(j.runs).toBe(25_000);
    expect(j.precision.met).toBe(false);
  });

  it("with --method both: Monte Carlo to the target beside the exact values", async () => {
    const r = await cli("run", SIMPLE, "--precision", "0.01", "--method", "both", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { runs: number; precision: { met: boolean }; outcomes: { exact?: number }[] };
    expect(j.runs).toBe(10_000);
    expect(j.precision.met).toBe(true);
    expect(typeof j.outcomes[0]?.exact).toBe("number");
  });

  it.each([
    [["--precision", "0.01", "--runs", "5000"], "--precision: cannot be used with --runs (the target decides the runs; cap them with --max-runs)"],
    [["--precision", "0.01", "--method", "exact"], "--precision: cannot be used with --method exact (the exact solver has no sampling error)"],
    [["--precision", "0.01", "--replay", "3"], "--precision: cannot be used with --replay"],
    [["--max-runs", "5000"], "--max-runs: only applies with --precision"],
  ])("%j is refused: exit 2, one line", async (args, line) => {
    const r = await cli("run", SIMPLE, ...args);
    expect(r).toEqual({ code: 2, out: "", err: `${line}\n` });
  });

  it.each([["0"], ["-0.1"], ["0.6"], ["abc"], ["1e999"]])("--precision %s is refused (exit 2)", async (v) => {
    const r = await cli("run", SIMPLE, "--precision", v);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/--precision <h>' argument .* is invalid\. expected a half-width greater than 0 and at most 0\.5/);
  });

  it("`exact` has no --precision", async () => {
    const r = await cli("exact", SIMPLE, "--precision", "0.01");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--precision'");
  });
});

describe("run --precision --workers (the bundle)", () => {
  beforeAll(ensureBundle);

  it("stops at the same boundary with byte-identical JSON for 1 and 2 workers (batches past 100,000 runs split)", () => {
    // 0.0018 needs 320,000 runs on the fixture: batches of 10k, 10k, 20k, 40k, 80k, 160k; the last one on 2 workers.
    const out = expectSameOnWorkers(["run", "test/fixtures/simple.yaml", "--precision", "0.0018", "--seed", "7", "--format", "json"]);
    expect(JSON.parse(out)).toMatchObject({ runs: 320_000, precision: { runs: 320_000, met: true, batches: 6 } });
  });
});
