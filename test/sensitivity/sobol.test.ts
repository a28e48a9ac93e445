/**
 * Global sensitivity (src/sensitivity/sobol.ts): the closed form of a
 * product of two independent uniforms (S1 = 3/7, ST = 4/7), indices in
 * [0, 1] up to their intervals, a dirichlet group as one factor, outputs
 * equal to direct exact solves at the design points, reproducibility, held
 * parameters, the Monte Carlo fallback, and the errors.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { estimatePoints } from "../../src/sensitivity/estimate.js";
import { finishSensitivity, INDEPENDENCE_NOTE, planSensitivity, sensitivity } from "../../src/sensitivity/sobol.js";
import { edit, loadOk } from "../helpers/scenario.js";
import { direct, messages, ok } from "./helpers.js";

const PRODUCT_TEXT = readFileSync(fileURLToPath(new URL("./fixtures/product.yaml", import.meta.url)), "utf8");
const VOTE_U_TEXT = readFileSync(fileURLToPath(new URL("./fixtures/vote-uncertain.yaml", import.meta.url)), "utf8");
const product = loadOk(PRODUCT_TEXT);
const voteU = loadOk(VOTE_U_TEXT);

describe("sensitivity: the closed form P = a · b, a and b independent uniform(0, 1)", () => {
  // Var(ab) = 1/9 − 1/16 = 7/144; Var E[ab | a] = Var(a/2) = 1/48, so S1 = (1/48)/(7/144) = 3/7;
  // E Var(ab | a) = E[a²]/12 = 1/36, so ST = (1/36)/(7/144) = 4/7.
  const r = ok(sensitivity(product, { samples: 1024, targets: ["outcome:both"], seed: 11 }));
  const t = r.targets[0];

  it("has mean 1/4 and variance 7/144", () => {
    expect(t?.mean).toBeCloseTo(1 / 4, 2);
    expect(t?.variance).toBeCloseTo(7 / 144, 2);
  });

  it.each([0, 1])("factor %i: S1 within its interval of 3/7, ST of 4/7, intervals tight at n = 1024", (i) => {
    const x = t?.indices[i];
    if (x === undefined) throw new Error("no index");
    expect(x.factor.label).toBe(i === 0 ? "a" : "b");
    expect(x.S1ci[0]).toBeLessThanOrEqual(3 / 7);
    expect(x.S1ci[1]).toBeGreaterThanOrEqual(3 / 7);
    expect(x.STci[0]).toBeLessThanOrEqual(4 / 7);
    expect(x.STci[1]).toBeGreaterThanOrEqual(4 / 7);
    expect(Math.abs(x.S1 - 3 / 7)).toBeLessThan(0.05);
    expect(Math.abs(x.ST - 4 / 7)).toBeLessThan(0.05);
    expect(x.S1ci[1] - x.S1ci[0]).toBeLessThan(0.15);
    expect(x.STci[1] - x.STci[0]).toBeLessThan(0.15);
  });

  it.each(["random", "lhs"] as const)("with %s sampling, misses 3/7 and 4/7 by less than its interval's width", (sampling) => {
    // Looser than the Sobol case: these designs converge more slowly, and 8 intervals at 95% would all cover only ~2/3 of the time.
    const s = ok(sensitivity(product, { samples: 1024, sampling, targets: ["outcome:both"], seed: 5 }));
    for (const x of s.targets[0]?.indices ?? []) {
      expect(Math.abs(x.S1 - 3 / 7)).toBeLessThan(x.S1ci[1] - x.S1ci[0]);
      expect(Math.abs(x.ST - 4 / 7)).toBeLessThan(x.STci[1] - x.STci[0]);
    }
  });

  it("solves (F + 2) · n points laid out A, B, A_B^a, A_B^b, each exactly a · b", () => {
    const plan = ok(planSensitivity(product, { samples: 8 }));
    expect(plan.points).toHaveLength(4 * 8);
    const est = ok(estimatePoints(product, plan.points, plan.estimator));
    plan.points.forEach((p, k) => {
      const r = est.results[k];
      expect(r?.ok === true ? r.outcomes.get("both") : NaN).toBeCloseTo((p.get("a") ?? NaN) * (p.get("b") ?? NaN), 12);
    });
    for (let j = 0; j < 8; j++) {
      const [A, B, ABa, ABb] = [0, 1, 2, 3].map((blk) => plan.points[blk * 8 + j]);
      expect(ABa?.get("a")).toBe(B?.get("a"));
      expect(ABa?.get("b")).toBe(A?.get("b"));
      expect(ABb?.get("a")).toBe(A?.get("a"));
      expect(ABb?.get("b")).toBe(B?.get("b"));
    }
  });
});

describe("sensitivity on a fixture with a dirichlet group", () => {
  const r = ok(sensitivity(voteU, { samples: 256, seed: 3, bootstrap: 300 }));

  it("has one factor per parameter uncertainty and one for the group, under the group's label", () => {
    expect(r.factors.map((f) => f.label)).toEqual(["h_threat", "p_unused", "dirichlet(p_pass, p_stall)"]);
    expect(r.solves).toBe(5 * 256);
    expect(r.method).toBe("exact");
    expect(r.notes).toEqual([]);
  });

  it("gives indices in [0, 1] up to their intervals, ST ≥ S1 up to theirs, and zero for an unused parameter", () => {
    for (const t of r.targets) {
      expect(t.variance).toBeGreaterThan(0);
      for (const x of t.indices) {
        expect(x.S1ci[0]).toBeLessThanOrEqual(x.S1);
        expect(x.S1ci[1]).toBeGreaterThanOrEqual(x.S1);
        expect(x.S1ci[0]).toBeLessThanOrEqual(1);
        expect(x.S1ci[1]).toBeGreaterThanOrEqual(0);
        expect(x.STci[0]).toBeLessThanOrEqual(1);
        expect(x.STci[1]).toBeGreaterThanOrEqual(0);
        expect(x.STci[1]).toBeGreaterThanOrEqual(x.S1ci[0]);
      }
      const unused = t.indices.find((x) => x.factor.label === "p_unused");
      expect([unused?.S1, unused?.ST]).toEqual([0, 0]);
    }
  });

  it("reports, as mean, the mean of direct exact solves over A and B", () => {
    const plan = ok(planSensitivity(voteU, { samples: 256, seed: 3 }));
    let sum = 0;
    for (const p of plan.points.slice(0, 512)) sum += direct(voteU, Object.fromEntries(p)).groups.get("calm") ?? NaN;
    expect(r.targets[0]?.mean).toBeCloseTo(sum / 512, 12);
  });

  it("is identical for the same seed, and differs for another", () => {
    expect(ok(sensitivity(voteU, { samples: 256, seed: 3, bootstrap: 300 }))).toEqual(r);
    expect(ok(sensitivity(voteU, { samples: 256, seed: 4, bootstrap: 300 })).targets[0]?.mean).not.toBe(r.targets[0]?.mean);
  });

  it("gives the same indices from results solved in any chunks", () => {
    const plan = ok(planSensitivity(voteU, { samples: 64, seed: 3, bootstrap: 100 }));
    const whole = ok(estimatePoints(voteU, plan.points, plan.estimator));
    const parts = [0, 17, 100, 250, plan.points.length];
    const chunked = parts.slice(1).flatMap((to, i) => ok(estimatePoints(voteU, plan.points.slice(parts[i], to), plan.estimator)).results);
    expect(ok(finishSensitivity(plan, { method: "exact", results: chunked }))).toEqual(ok(finishSensitivity(plan, whole)));
  });

  it("holds a factor given by --set: it is not a factor, and its value is used at every point", () => {
    const s = ok(planSensitivity(voteU, { samples: 4, overrides: new Map([["h_threat", 0.03]]) }));
    expect(s.factors.map((f) => f.label)).toEqual(["p_unused", "dirichlet(p_pass, p_stall)"]);
    expect(s.points.every((p) => p.get("h_threat") === 0.03)).toBe(true);
    expect(s.varied).toEqual(["p_pass", "p_stall", "p_unused"]);
  });

  it("falls back to Monte Carlo with common random numbers past the solver's limit", () => {
    const s = ok(sensitivity(product, { samples: 64, maxStates: 1, runs: 2000, seed: 2, bootstrap: 100, targets: ["outcome:both"] }));
    expect([s.method, s.runs]).toEqual(["mc", 2000]);
    expect(s.targets[0]?.mean).toBeCloseTo(0.25, 1);
  });
});

describe("sensitivity errors", () => {
  it("refuses a scenario without any parameter uncertainty", () => {
    const sc = loadOk(PRODUCT_TEXT.replace(/\n {4}uncertainty: .*$/gm, ""));
    expect(messages(sensitivity(sc))).toEqual([
      'scenario "product" declares no parameter uncertainty: give parameters an `uncertainty` or a `dirichlet` group (docs/uncertainty.md)',
    ]);
  });

  it("refuses when every uncertain parameter is held", () => {
    expect(messages(sensitivity(product, { overrides: new Map([["a", 0.1], ["b", 0.2]]) }))).toEqual([
      "every parameter with an uncertainty is held: nothing is left to vary",
    ]);
  });

  it("refuses to hold part of a dirichlet group", () => {
    expect(messages(sensitivity(voteU, { overrides: new Map([["p_pass", 0.4]]) }))).toEqual([
      '"p_pass" given a value, but dirichlet(p_pass, p_stall) draws its members jointly: hold every member of the group or none',
    ]);
  });

  it("names each draw that makes an invalid model, with its values and the problem's path; none is dropped", () => {
    // The first flip's weight becomes a + b, which passes 1 for half the box.
    const sc = loadOk(edit(PRODUCT_TEXT, "{ to: yes, weight: a }", "{ to: yes, weight: 'a + b' }"));
    const r = sensitivity(sc, { samples: 8 });
    if (r.ok) throw new Error("expected invalid draws");
    // Each invalid draw gives two problems (the weight, and the sum); five draws are detailed, then a count.
    const named = new Set(r.issues.map((i) => /^draw (\d+),/.exec(i.message)?.[1]).filter((x) => x !== undefined));
    expect(named.size).toBe(5);
    expect(r.issues[0]?.path).toEqual(["machines", "m1", "transitions", 0, "to", 0, "weight"]);
    expect(r.issues[0]?.message).toMatch(/^draw \d+, row \d+ of A, \(a = 0\.\d+, b = 0\.\d+\) makes an invalid model: a branch weight must be a probability in \[0, 1\]; "a \+ b" gives 1\.\d+$/);
    expect(r.issues.some((i) => / of A with a from B, /.test(i.message))).toBe(true);
    expect(r.issues.at(-1)?.message).toMatch(/^\d+ more of the 32 draws make an invalid model \(\d+ in all\); none is dropped/);
  });

  it("says, with correlations, that indices assume independent inputs", () => {
    const sc = loadOk(`${VOTE_U_TEXT}correlations:\n  - { between: [h_threat, p_unused], rho: 0.5 }\n`);
    expect(ok(sensitivity(sc, { samples: 16, bootstrap: 10 })).notes).toEqual([INDEPENDENCE_NOTE]);
  });

  it("checks samples, targets and the solve limit", () => {
    expect(messages(sensitivity(product, { samples: 1 }))).toEqual(["base samples must be an integer of at least 2, got 1"]);
    expect(messages(sensitivity(product, { bootstrap: 0 }))).toEqual(["bootstrap replicates must be an integer from 1 to 100000, got 0"]);
    const w = planSensitivity(product, { samples: 6 });
    expect(w.ok && w.warnings.map((i) => [i.code, i.path, i.message])).toEqual([["option", ["--samples"], "Sobol points are balanced only for a power of two of them; 6 is not (try 4 or 8)"]]);
    expect(messages(sensitivity(product, { samples: 100_000 }))).toEqual(["(2 factors + 2) × 100000 samples is 400000 solves, more than the limit of 200000"]);
    expect(messages(sensitivity(product, { targets: ["group:nope"] }))[0]).toMatch(/^no group "nope"/);
  });
});
