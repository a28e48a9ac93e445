import { describe, expect, it } from "vitest";
import { CorrelationSchema, DirichletGroupSchema, UncertaintySchema } from "../../src/scenario/uncertaintySchema.js";

const source = { rationale: "why" };

describe("UncertaintySchema", () => {
  it.each([
    { dist: "uniform", min: 0, max: 1, source },
    { dist: "triangular", min: 0, mode: 0.2, max: 1, source },
    { dist: "pert", min: 0, mode: 0.2, max: 1, source: { seed: "s.txt", quote: "q" } },
    { dist: "beta", mean: 0.3, n: 10, source },
    { dist: "beta", alpha: 2, beta: 3, source },
    { dist: "lognormal", p05: 1, p95: 3, truncate: true, source },
  ])("accepts %o", (x) => {
    const r = UncertaintySchema.safeParse(x);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toEqual(x);
  });

  it.each([
    [{ dist: "uniform", min: 0, max: 1 }, /^source: /],
    [{ dist: "uniform", min: 0, max: 1, mode: 0.5, source }, /Unrecognized key: "mode"/],
    [{ dist: "gamma", shape: 1, source }, /Invalid discriminator value/],
    [{ dist: "beta", mean: 0.3, source }, /a beta is written either \{ dist: beta, mean, n, source \} or \{ dist: beta, alpha, beta, source \}/],
    [{ dist: "beta", mean: 0.3, n: 10, alpha: 2, source }, /Unrecognized key: "alpha"/],
    [{ dist: "lognormal", p05: 1, p95: Infinity, truncate: true, source }, /expected number/],
    [{ dist: "uniform", min: 0, max: 1, source: { seed: "s.txt" } }, /^source: /],
  ])("rejects %o", (x, message) => {
    const r = UncertaintySchema.safeParse(x);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toMatch(message);
  });
});

describe("DirichletGroupSchema and CorrelationSchema", () => {
  it("accepts the documented forms", () => {
    expect(
      DirichletGroupSchema.safeParse({ dist: "dirichlet", parameters: ["a", "b"], remainder: true, mean: [0.6, 0.2], concentration: 20, source })
        .success,
    ).toBe(true);
    expect(CorrelationSchema.safeParse({ between: ["a", "b"], rho: -0.5 }).success).toBe(true);
  });

  it("rejects a missing remainder, a reserved name, rho outside [-1, 1] and a three-name between", () => {
    expect(DirichletGroupSchema.safeParse({ dist: "dirichlet", parameters: ["a"], mean: [0.6], concentration: 20, source }).success).toBe(false);
    expect(
      DirichletGroupSchema.safeParse({ dist: "dirichlet", parameters: ["__proto__"], remainder: true, mean: [0.6], concentration: 20, source })
        .success,
    ).toBe(false);
    const r = CorrelationSchema.safeParse({ between: ["a", "b"], rho: 1.5 });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.message).toBe("must be at most 1");
    expect(CorrelationSchema.safeParse({ between: ["a", "b", "c"], rho: 0.5 }).success).toBe(false);
  });
});
