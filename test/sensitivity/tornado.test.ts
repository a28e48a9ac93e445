/**
 * The tornado library (src/sensitivity/tornado.ts, ranges.ts): ends equal
 * two direct exact solves, rows sorted by swing, the ranges (±N%, bounds,
 * declared uncertainty percentiles, dirichlet components), clipping to the
 * bounds, whole days, held parameters, invalid ends, and the Monte Carlo
 * path with common random numbers.
 */
import { describe, expect, it } from "vitest";
import { tornado, type TornadoReport } from "../../src/sensitivity/tornado.js";
import { parseRange } from "../../src/sensitivity/ranges.js";
import { edit, loadOk } from "../helpers/scenario.js";
import { direct, messages, ok, vote, voteText } from "./helpers.js";

function ends(r: TornadoReport): Record<string, [number, number]> {
  return Object.fromEntries(r.ends.map((e) => [e.parameter, [e.low, e.high]]));
}

/** Numerically integrates the Beta(a, b) density from 0 to x (Simpson, 20,000 intervals): an independent check of a quantile. */
function betaCdf(x: number, a: number, b: number): number {
  const n = 20_000;
  // B(a, b) for whole a, b: (a − 1)! (b − 1)! / (a + b − 1)!
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const B = (fact(a - 1) * fact(b - 1)) / fact(a + b - 1);
  const f = (t: number): number => (t ** (a - 1) * (1 - t) ** (b - 1)) / B;
  const h = x / n;
  let s = f(0) + f(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (s * h) / 3;
}

describe("tornado (exact)", () => {
  const sc = vote();
  const r = ok(tornado(sc));

  it("uses the exact solver and reports every group by default", () => {
    expect(r.method).toBe("exact");
    expect(r.seed).toBeUndefined();
    expect(r.targets.map((t) => `${t.target.kind}:${t.target.id}`)).toEqual(["group:calm", "group:up"]);
  });

  it("has each end equal to a direct exact solve with only that parameter changed", () => {
    const base = direct(sc, {});
    for (const t of r.targets) {
      expect(t.base).toBe(base.groups.get(t.target.id));
      for (const row of t.rows) {
        expect(row.atLow).toBe(direct(sc, { [row.parameter]: row.low }).groups.get(t.target.id));
        expect(row.atHigh).toBe(direct(sc, { [row.parameter]: row.high }).groups.get(t.target.id));
        expect(row.swing).toBe(Math.abs((row.atHigh ?? NaN) - (row.atLow ?? NaN)));
      }
    }
  });

  it("sorts rows by swing, largest first", () => {
    for (const t of r.targets) {
      const swings = t.rows.map((x) => x.swing ?? -1);
      expect(swings).toEqual([...swings].sort((a, b) => b - a));
      expect(t.rows[0]?.parameter).toBe("h_threat");
    }
  });

  it("takes ±20% of the default by default, tidied of rounding noise, and whole days for a parameter a delay reads", () => {
    expect(ends(r)).toEqual({ p_pass: [0.4, 0.6], p_stall: [0.24, 0.36], h_threat: [0.016, 0.024], d_impl: [11, 17], p_unused: [0.32, 0.48] });
  });

  it("takes any --range N% and clips it to the bounds", () => {
    const wide = ok(tornado(sc, { range: { kind: "percent", percent: 150 }, skipInvalid: true }));
    // p_pass 0.5 ± 150% → [−0.25, 1.25] clipped to [0, 1]; d_impl 14 ± 21 → [−7, 35] → [1, 30].
    expect(ends(wide)).toMatchObject({ p_pass: [0, 1], h_threat: [0, 0.05], d_impl: [1, 30] });
  });

  it("takes the bounds with range: bounds", () => {
    const b = ok(tornado(sc, { range: { kind: "bounds" }, skipInvalid: true }));
    expect(ends(b)).toEqual({ p_pass: [0, 1], p_stall: [0, 1], h_threat: [0, 0.2], d_impl: [1, 30], p_unused: [0, 1] });
  });

  it("holds a parameter given a value (overlay or --set) and varies the others around it", () => {
    const held = ok(tornado(sc, { overrides: new Map([["p_pass", 0.2]]) }));
    expect(held.ends.map((e) => e.parameter)).not.toContain("p_pass");
    const t = held.targets[0];
    expect(t?.base).toBe(direct(sc, { p_pass: 0.2 }).groups.get("calm"));
    const row = t?.rows.find((x) => x.parameter === "h_threat");
    expect(row?.atLow).toBe(direct(sc, { p_pass: 0.2, h_threat: 0.016 }).groups.get("calm"));
  });

  it("reports an outcome target", () => {
    const o = ok(tornado(sc, { targets: ["outcome:rise"] }));
    expect(o.targets.map((t) => t.target.id)).toEqual(["rise"]);
    expect(o.targets[0]?.base).toBe(direct(sc, {}).outcomes.get("rise"));
  });
});

describe("tornado ends from declared uncertainty", () => {
  it("takes the 5th and 95th percentiles of a parameter's uncertainty (triangular, closed form)", () => {
    const text = edit(voteText(), "    description: Daily chance of a threat while the bill is not passed.\n",
      "    description: Daily chance of a threat while the bill is not passed.\n    uncertainty: { dist: triangular, min: 0.01, mode: 0.02, max: 0.04, source: { rationale: test } }\n");
    const r = ok(tornado(loadOk(text)));
    const [lo, hi] = ends(r).h_threat ?? [NaN, NaN];
    // Triangular(a, c, b): F⁻¹(p) = a + √(p (b − a)(c − a)) below F(c) = 1/3, b − √((1 − p)(b − a)(b − c)) above.
    expect(lo).toBeCloseTo(0.01 + Math.sqrt(0.05 * 0.03 * 0.01), 12);
    expect(hi).toBeCloseTo(0.04 - Math.sqrt(0.05 * 0.03 * 0.02), 12);
    expect(r.ends.find((e) => e.parameter === "h_threat")?.basis).toBe("uncertainty");
    // The others keep the range.
    expect(ends(r).p_pass).toEqual([0.4, 0.6]);
  });

  it("takes a dirichlet component's marginal Beta(aᵢ, A − aᵢ) percentiles", () => {
    const text = voteText() + `uncertainties:
  - { dist: dirichlet, parameters: [p_pass, p_stall], remainder: true, mean: [0.5, 0.3], concentration: 10, source: { rationale: test } }
`;
    const r = ok(tornado(loadOk(text)));
    const [lo, hi] = ends(r).p_pass ?? [NaN, NaN];
    // p_pass ~ Beta(5, 5), p_stall ~ Beta(3, 7): checked by integrating the density to each end.
    expect(betaCdf(lo, 5, 5)).toBeCloseTo(0.05, 6);
    expect(betaCdf(hi, 5, 5)).toBeCloseTo(0.95, 6);
    const [slo, shi] = ends(r).p_stall ?? [NaN, NaN];
    expect(betaCdf(slo, 3, 7)).toBeCloseTo(0.05, 6);
    expect(betaCdf(shi, 3, 7)).toBeCloseTo(0.95, 6);
    expect(r.ends.find((e) => e.parameter === "p_stall")?.basis).toBe("dirichlet");
  });

  it("moves a dirichlet component's partners with it, keeping their shares of the rest (the group stays valid)", () => {
    const text = voteText() + `uncertainties:
  - { dist: dirichlet, parameters: [p_pass, p_stall], remainder: true, mean: [0.5, 0.3], concentration: 10, source: { rationale: test } }
`;
    const sc = loadOk(text);
    const r = ok(tornado(sc));
    const row = r.targets[0]?.rows.find((x) => x.parameter === "p_pass");
    const hi = row?.high ?? NaN;
    // p_stall keeps its share 0.3 / (1 − 0.5) of what p_pass leaves.
    const stall = Number((0.3 * (1 - hi) / 0.5).toPrecision(12));
    expect(row?.atHigh).toBe(direct(sc, { p_pass: hi, p_stall: stall }).groups.get("calm"));
    expect(r.ends.find((e) => e.parameter === "p_pass")?.partners).toEqual(["p_stall"]);
    // Held by the caller: not moved (and then the end may be invalid).
    const held = tornado(sc, { overrides: new Map([["p_stall", 0.45]]) });
    expect(held.ok).toBe(false);
  });

  it("returns the uncertainty's own issues when a declaration is invalid", () => {
    const text = edit(voteText(), "    description: Daily chance of a threat while the bill is not passed.\n",
      "    description: Daily chance of a threat while the bill is not passed.\n    uncertainty: { dist: uniform, min: 0.1, max: 0.5, source: { rationale: test } }\n");
    const m = messages(tornado(loadOk(text))).join("\n");
    expect(m).toMatch(/0\.5|bounds/);
  });
});

describe("tornado with an end that makes an invalid model", () => {
  const sc = vote();

  it("fails naming the parameter, the end and the underlying issue", () => {
    const r = tornado(sc, { range: { kind: "bounds" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const pass = r.issues.find((i) => i.message.includes('"p_pass"'));
    expect(pass?.message).toMatch(/^tornado: "p_pass" at its high end \(1\) makes an invalid model: branch weights sum to 1\.3/);
    expect(pass?.path).toEqual(["machines", "bill", "transitions", 0, "to"]);
    expect(r.issues.some((i) => i.message.includes('"p_stall" at its high end (1)'))).toBe(true);
    expect(r.issues.at(-1)?.path).toEqual(["--skip-invalid"]);
  });

  it("with skipInvalid, keeps the row with nulls and the problem, after the valid rows", () => {
    const r = ok(tornado(sc, { range: { kind: "bounds" }, skipInvalid: true }));
    const t = r.targets[0];
    const bad = t?.rows.filter((x) => x.error !== undefined) ?? [];
    expect(bad.map((x) => x.parameter).sort()).toEqual(["p_pass", "p_stall"]);
    for (const x of bad) {
      expect(x.atHigh).toBeNull();
      expect(x.swing).toBeNull();
      expect(x.atLow).toBe(direct(sc, { [x.parameter]: 0 }).groups.get("calm"));
      expect(x.error).toMatch(/^high end 1: machines\.bill\.transitions\[0\]\.to: branch weights sum to/);
    }
    expect(t?.rows.slice(-2).every((x) => x.error !== undefined)).toBe(true);
  });
});

describe("tornado targets", () => {
  const sc = vote();
  it("rejects unknown targets with a hint, every one reported", () => {
    expect(messages(tornado(sc, { targets: ["group:clam", "outcome:nope", "calm", "group:calm", "group:calm"] }))).toEqual([
      'no group "clam" (its groups are: calm, up)',
      'no outcome "nope" (its outcomes are: hold, rise)',
      'expected group:ID or outcome:ID (did you mean "group:calm"?)',
      "given twice",
    ]);
  });
  it("defaults to every outcome without groups, and refuses group: there", () => {
    const noGroups = loadOk(voteText().replace(/\ngroups:\n(?: {2}- .*\n)+/, "\n").replace(/, group: (calm|up)/g, ""));
    expect(ok(tornado(noGroups)).targets.map((t) => t.target.id)).toEqual(["hold", "rise"]);
    expect(messages(tornado(noGroups, { targets: ["group:calm"] }))).toEqual(['scenario "vote" has no groups; use outcome:ID']);
  });
});

describe("tornado by Monte Carlo with common random numbers", () => {
  const sc = vote();

  it("falls back from exact when the solver's limit is reached, and fails when exact is required", () => {
    const r = ok(tornado(sc, { maxStates: 1, runs: 2000, seed: 5 }));
    expect(r.method).toBe("mc");
    expect([r.seed, r.runs]).toEqual([5, 2000]);
    const exact = tornado(sc, { maxStates: 1, method: "exact" });
    expect(exact.ok ? [] : exact.issues.map((i) => i.code)).toEqual(["limit"]);
  });

  it("gives identical ends when a parameter does not change the model, and a swing near the exact one", () => {
    const r = ok(tornado(sc, { method: "mc", runs: 4000, seed: 11 }));
    const exact = ok(tornado(sc));
    for (const t of r.targets) {
      const unused = t.rows.find((x) => x.parameter === "p_unused");
      // Same seed, same run indices, same model: bit for bit the base.
      expect([unused?.atLow, unused?.atHigh, unused?.swing]).toEqual([t.base, t.base, 0]);
      // p_stall moves mass between two states that the outcomes treat alike: also exactly no swing.
      expect(t.rows.find((x) => x.parameter === "p_stall")?.swing).toBe(0);
      const mc = t.rows.find((x) => x.parameter === "h_threat")?.swing ?? NaN;
      const ex = exact.targets.find((e) => e.target.id === t.target.id)?.rows.find((x) => x.parameter === "h_threat")?.swing ?? NaN;
      expect(Math.abs(mc - ex)).toBeLessThan(0.03);
    }
  });
});

describe("parseRange", () => {
  it("takes N% and bounds, and nothing else", () => {
    expect(parseRange("20%")).toEqual({ ok: true, range: { kind: "percent", percent: 20 } });
    expect(parseRange("2.5%")).toEqual({ ok: true, range: { kind: "percent", percent: 2.5 } });
    expect(parseRange("bounds")).toEqual({ ok: true, range: { kind: "bounds" } });
    for (const bad of ["20", "0%", "-5%", "1001%", "x%", "", "bound"]) expect(parseRange(bad).ok).toBe(false);
  });
});
