/**
 * Probabilistic sensitivity analysis (src/sensitivity/psa.ts) and its CSV
 * (src/report/uncertainty.ts): the mean, median and percentiles equal those
 * of direct exact solves at the design points; histograms; reproducibility;
 * held parameters; invalid draws; RFC 4180 quoting.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { csvField, csvText, drawsCsv } from "../../src/report/uncertainty.js";
import { estimatePoints } from "../../src/sensitivity/estimate.js";
import { finishUncertainty, histogram, planUncertainty, uncertainty } from "../../src/sensitivity/psa.js";
import { quantileSorted } from "../../src/uncertainty/sobolIndices.js";
import { sensitivity } from "../../src/sensitivity/sobol.js";
import { edit, koreaScenario, loadOk } from "../helpers/scenario.js";
import { direct, messages, ok } from "./helpers.js";

const VOTE_U_TEXT = readFileSync(fileURLToPath(new URL("./fixtures/vote-uncertain.yaml", import.meta.url)), "utf8");
const PRODUCT_TEXT = readFileSync(fileURLToPath(new URL("./fixtures/product.yaml", import.meta.url)), "utf8");
const voteU = loadOk(VOTE_U_TEXT);

describe("uncertainty", () => {
  const r = ok(uncertainty(voteU, { samples: 100, seed: 9 }));

  it("reports the mean, median and 5–95% of direct exact solves at the design points", () => {
    const plan = ok(planUncertainty(voteU, { samples: 100, seed: 9 }));
    expect(plan.points).toHaveLength(100);
    for (const t of r.targets) {
      const ys = plan.points.map((p) => direct(voteU, Object.fromEntries(p)).groups.get(t.target.id) ?? NaN);
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      const sorted = Float64Array.from(ys).sort();
      expect(t.mean).toBeCloseTo(mean, 14);
      expect(t.median).toBe(quantileSorted(sorted, 0.5));
      expect([t.p05, t.p95]).toEqual([quantileSorted(sorted, 0.05), quantileSorted(sorted, 0.95)]);
      expect(t.p05).toBeLessThan(t.median);
      expect(t.median).toBeLessThan(t.p95);
    }
    expect(r.targets.map((t) => t.target.id)).toEqual(["calm", "up"]);
    expect((r.targets[0]?.mean ?? NaN) + (r.targets[1]?.mean ?? NaN)).toBeCloseTo(1, 12);
  });

  it("draws every uncertain parameter and keeps the rest at their defaults", () => {
    expect(r.varied).toEqual(["p_pass", "p_stall", "h_threat", "p_unused"]);
    const ps = r.points.map((p) => p.get("p_pass") ?? NaN);
    expect(new Set(ps).size).toBe(100);
    expect(r.points.every((p) => p.get("d_impl") === 14)).toBe(true);
    expect(r.points.every((p) => (p.get("p_pass") ?? 2) + (p.get("p_stall") ?? 2) <= 1)).toBe(true);
  });

  it("has histograms whose counts add up to the draws, from the smallest to the largest value", () => {
    for (const t of r.targets) {
      expect(t.histogram).toHaveLength(20);
      expect(t.histogram.reduce((n, b) => n + b.count, 0)).toBe(100);
      const ys = r.results.map((x) => x?.groups.get(t.target.id) ?? NaN);
      expect(t.histogram[0]?.from).toBe(Math.min(...ys));
      expect(t.histogram.at(-1)?.to).toBe(Math.max(...ys));
    }
  });

  it("is identical for the same seed and sampling, in any chunking of the solves", () => {
    expect(ok(uncertainty(voteU, { samples: 100, seed: 9 }))).toEqual(r);
    const plan = ok(planUncertainty(voteU, { samples: 100, seed: 9 }));
    const chunked = [0, 30, 31, 100].slice(1).flatMap((to, i, a) => ok(estimatePoints(voteU, plan.points.slice(i === 0 ? 0 : a[i - 1], to), plan.estimator)).results);
    expect(ok(finishUncertainty(plan, { method: "exact", results: chunked }))).toEqual(r);
    for (const sampling of ["random", "lhs"] as const) {
      const s = ok(uncertainty(voteU, { samples: 100, seed: 9, sampling }));
      expect(s.sampling).toBe(sampling);
      expect(s.targets[0]?.mean).not.toBe(r.targets[0]?.mean);
      expect(s.targets[0]?.mean).toBeCloseTo(r.targets[0]?.mean ?? NaN, 1);
    }
  });

  it("holds a parameter given a value", () => {
    const s = ok(uncertainty(voteU, { samples: 10, overrides: new Map([["h_threat", 0.01], ["d_impl", 20]]) }));
    expect(s.varied).toEqual(["p_pass", "p_stall", "p_unused"]);
    expect(s.points.every((p) => p.get("h_threat") === 0.01 && p.get("d_impl") === 20)).toBe(true);
  });

  it("names an invalid draw with its parameter values and the problem; none is dropped", () => {
    const sc = loadOk(edit(PRODUCT_TEXT, "{ to: yes, weight: a }", "{ to: yes, weight: 'a + b' }"));
    const m = messages(uncertainty(sc, { samples: 4, seed: 1 }));
    expect(m.length).toBeGreaterThan(0);
    expect(m[0]).toMatch(/^draw \d+ \(a = 0\.\d+, b = 0\.\d+\) makes an invalid model: a branch weight must be a probability in \[0, 1\]; "a \+ b" gives 1\.\d+$/);
  });

  it("refuses bad sample counts and scenarios with nothing uncertain", () => {
    expect(messages(uncertainty(voteU, { samples: 0 }))).toEqual(["draws must be an integer from 1 to 200000, got 0"]);
    expect(messages(uncertainty(loadOk(PRODUCT_TEXT.replace(/\n {4}uncertainty: .*$/gm, ""))))[0]).toMatch(/declares no parameter uncertainty/);
  });
});

describe("histogram", () => {
  it("puts equal values in one bin and the largest value in the last bin", () => {
    expect(histogram(Float64Array.from([0.3, 0.3, 0.3]))).toEqual([{ from: 0.3, to: 0.3, count: 3 }]);
    const h = histogram(Float64Array.from([0, 0.25, 0.5, 1]), 4);
    expect(h.map((b) => b.count)).toEqual([1, 1, 1, 1]);
    expect(h.map((b) => [b.from, b.to])).toEqual([[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]);
  });
});

describe("CSV (RFC 4180)", () => {
  it("quotes a field only when it holds a comma, a double quote, CR or LF, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("")).toBe("");
    expect(csvField(" spaced ")).toBe(" spaced ");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField('"')).toBe('""""');
  });

  it("ends every record with CRLF", () => {
    expect(csvText([["a", "b,c"], ["1", '"']])).toBe('a,"b,c"\r\n1,""""\r\n');
    expect(csvText([])).toBe("");
  });

  it("writes every draw: its parameters and every group and outcome, numbers that read back exactly", () => {
    const r = ok(uncertainty(voteU, { samples: 5, seed: 2 }));
    const csv = drawsCsv(r, voteU.parameters.map((p) => p.name));
    const lines = csv.split("\r\n");
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe("draw,p_pass,p_stall,h_threat,d_impl,p_unused,group:calm,group:up,outcome:hold,outcome:rise");
    expect(lines[6]).toBe("");
    const row = (lines[3] ?? "").split(",").map(Number);
    expect(row[0]).toBe(2);
    expect(row[1]).toBe(r.points[2]?.get("p_pass"));
    expect(row[6]).toBe(r.results[2]?.groups.get("calm"));
    expect(row[8]).toBe(direct(voteU, Object.fromEntries(r.points[2] ?? [])).outcomes.get("hold"));
  });
});

describe("the shipped scenario", () => {
  it("draws from its declared uncertainty without an invalid model, and both analyses run", () => {
    const sc = koreaScenario();
    if (sc === undefined) throw new Error("the shipped scenario does not load");
    const u = ok(uncertainty(sc, { samples: 32 }));
    expect(u.method).toBe("exact");
    for (const t of u.targets) {
      expect(t.p05).toBeLessThanOrEqual(t.median);
      expect(t.median).toBeLessThanOrEqual(t.p95);
    }
    expect(u.targets.reduce((s, t) => s + t.mean, 0)).toBeCloseTo(1, 12);
    const s = ok(sensitivity(sc, { samples: 4, bootstrap: 10 }));
    expect(s.factors.some((f) => f.kind === "dirichlet")).toBe(true);
    expect(s.solves).toBe((s.factors.length + 2) * 4);
  });
});
