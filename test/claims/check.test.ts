/**
 * Claims checked as properties: true claims hold, planted false ones are
 * caught and shrunk to a counterexample that names only the parameters that
 * matter, whose values reproduce the failure in an exact solve; the same seed
 * gives the same verdict; bad claims are positioned errors with hints.
 */
import { describe, expect, it } from "vitest";
import { checkClaims, type CheckOptions } from "../../src/claims/check.js";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import { toDotPath } from "../../src/scenario/issues.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { edit, simpleText } from "../helpers/scenario.js";

const OPTS: CheckOptions = { seed: 7, numRuns: 40, mcRuns: 2_000, command: "tariffsim exact s.yaml" };

const CLAIMS = `claims:
  - id: rise_grows_with_hazard
    says: The tariff rises more often when its daily hazard is higher.
    source: { rationale: test }
    monotone: { parameter: h_raise, target: outcome:rise, direction: increasing }
  - id: passage_lowers_rise
    says: Passage makes a rise less likely.
    source: { rationale: test }
    monotone: { parameter: p_pass, target: outcome:rise, direction: decreasing }
  - id: rise_below_nine_tenths
    says: The tariff rises in at most 90% of the runs (false for large hazards).
    source: { rationale: test }
    bound: { target: outcome:rise, atMost: 0.9 }
  - id: rise_grows_with_passage
    says: Passage makes a rise more likely (false).
    source: { rationale: test }
    monotone: { parameter: p_pass, target: outcome:rise, direction: increasing }
  - id: rise_at_least_a_third_in_uncertainty
    says: Within the declared uncertainty the tariff rises in at least 30% of the runs (it rises before any window vote in about 32%).
    source: { rationale: test }
    bound: { target: outcome:rise, atLeast: 0.3, over: uncertainty }
  - id: hold_beats_rise
    says: The tariff holds more often than it rises (false where the bill rarely passes).
    source: { rationale: test }
    order: { greater: outcome:hold, than: outcome:rise }
`;

function scenario(claims = CLAIMS): Scenario {
  const text = edit(simpleText(), "    source: { rationale: test fixture }\n  h_raise:",
    "    source: { rationale: test fixture }\n    uncertainty: { dist: beta, mean: 0.6, n: 10, source: { rationale: test } }\n  h_raise:") + claims;
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${toDotPath(i.path)}: ${i.message}`).join("\n"));
  return r.scenario;
}

/** The target's exact probability at a counterexample side's values. */
function solveAt(sc: Scenario, set: readonly { name: string; value: number }[], target: string): number {
  const p = prepareModel(sc, new Map(set.map((x) => [x.name, x.value])));
  if (!p.ok) throw new Error("invalid model");
  const r = solveExact(p.model);
  if (!r.ok) throw new Error("limit");
  const id = target.split(":")[1];
  return r.result.outcomes[p.model.outcomes.findIndex((o) => o.id === id)] ?? NaN;
}

describe("checkClaims", () => {
  it("true claims hold; false ones are caught, shrunk and reproducible from their commands", () => {
    const sc = scenario();
    const r = checkClaims(sc, [], OPTS);
    if (!r.ok) throw new Error("claims must be checkable");
    const by = new Map(r.value.map((x) => [x.id, x]));
    expect(by.get("rise_grows_with_hazard")?.status).toBe("holds");
    expect(by.get("passage_lowers_rise")?.status).toBe("holds");
    expect(by.get("rise_at_least_a_third_in_uncertainty")?.status).toBe("holds");
    // An order caught at one point: both targets at the same values, the greater one not greater.
    const order = by.get("hold_beats_rise")?.counterexample?.sides ?? [];
    expect(order.map((x) => x.target)).toEqual(["outcome:hold", "outcome:rise"]);
    expect(order[0]?.set).toEqual(order[1]?.set);
    expect((order[0]?.p ?? 1) <= (order[1]?.p ?? 0)).toBe(true);
    for (const x of r.value) expect(x.method).toBe("exact");

    const bound = by.get("rise_below_nine_tenths");
    expect(bound?.status).toBe("fails");
    const side = bound?.counterexample?.sides[0];
    if (side === undefined) throw new Error("a counterexample");
    // Shrunk: p_pass is back at its default, only the hazard that matters is named.
    expect(side.set.map((x) => x.name)).toEqual(["h_raise"]);
    expect(side.p).toBeGreaterThan(0.9);
    expect(solveAt(sc, side.set, side.target)).toBe(side.p);
    expect(bound?.counterexample?.commands).toEqual([`tariffsim exact s.yaml --set h_raise=${side.set[0]?.value}`]);

    const mono = by.get("rise_grows_with_passage");
    expect(mono?.status).toBe("fails");
    const [lo, hi] = mono?.counterexample?.sides ?? [];
    if (lo === undefined || hi === undefined) throw new Error("two sides");
    const pLo = lo.set.find((x) => x.name === "p_pass")?.value ?? sc.parameters[0]?.default ?? NaN;
    const pHi = hi.set.find((x) => x.name === "p_pass")?.value ?? sc.parameters[0]?.default ?? NaN;
    expect(pLo).toBeLessThan(pHi);
    expect(hi.p).toBeLessThan(lo.p);
    expect(solveAt(sc, lo.set, lo.target)).toBe(lo.p);
    expect(solveAt(sc, hi.set, hi.target)).toBe(hi.p);
  });

  it("the same seed gives the same verdicts and counterexamples; another seed still catches the false claim", () => {
    const sc = scenario();
    const a = checkClaims(sc, ["rise_below_nine_tenths"], OPTS);
    const b = checkClaims(sc, ["rise_below_nine_tenths"], OPTS);
    expect(a).toEqual(b);
    const c = checkClaims(sc, ["rise_below_nine_tenths"], { ...OPTS, seed: 99 });
    expect(c.ok && c.value[0]?.status).toBe("fails");
  });

  it("falls back to Monte Carlo (with its noise allowed for) past the exact solver's limits", () => {
    const sc = scenario();
    const r = checkClaims(sc, ["rise_grows_with_hazard"], OPTS);
    expect(r.ok && r.value[0]?.method).toBe("exact");
  });

  it("an unknown claim id is an option issue listing the claims, or with a did-you-mean", () => {
    const sc = scenario();
    const r = checkClaims(sc, ["nope"], OPTS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.message)).toEqual([`no claim "nope"; the claims are ${sc.claims.map((c) => c.id).join(", ")}`]);
      expect(r.issues[0]?.code).toBe("option");
    }
    const id = sc.claims[0]?.id ?? "";
    const near = checkClaims(sc, [`${id}x`], OPTS);
    if (!near.ok) expect(near.issues[0]?.message).toContain(`did you mean "${id}"`);
    else throw new Error("expected an issue");
  });
});

describe("claims in the format", () => {
  const fails = (claims: string): string[] => {
    const text = simpleText() + claims;
    const r = loadScenarioText(text);
    return r.ok ? r.warnings.map((i) => i.message) : r.issues.map((i) => `${toDotPath(i.path)}: ${i.message}`);
  };
  it("checks names with hints, kinds, bounds and duplicates", () => {
    const claim = (body: string, id = "c"): string => `  - id: ${id}\n    says: x\n    source: { rationale: test }\n    ${body}\n`;
    expect(fails(`claims:\n${claim("monotone: { parameter: h_rase, target: outcome:rise, direction: increasing }")}`))
      .toEqual(['claims[0].monotone.parameter: no parameter "h_rase" (did you mean "h_raise"?)']);
    expect(fails(`claims:\n${claim("bound: { target: outcome:rize, atMost: 0.5 }")}`))
      .toEqual(['claims[0].bound.target: no outcome "rize" (did you mean "rise"?)']);
    expect(fails(`claims:\n${claim("order: { greater: outcome:rise, than: outcome:rise }")}`))
      .toEqual(["claims[0].order.than: compares outcome:rise with itself"]);
    expect(fails(`claims:\n${claim("bound: { target: outcome:rise, atMost: 0.2, atLeast: 0.3 }")}`))
      .toEqual(["claims[0].bound.atLeast: atLeast 0.3 is above atMost 0.2"]);
    expect(fails(`claims:\n${claim("bound: { target: outcome:rise, atMost: 0.2, over: uncertainty }")}`))
      .toEqual(["claims[0].bound.over: over: uncertainty, but the scenario declares no uncertainty to draw from"]);
    expect(fails(`claims:\n${claim("bound: { target: outcome:rise, atMost: 0.9 }")}${claim("bound: { target: outcome:rise, atMost: 0.9 }")}`))
      .toEqual(['claims[1].id: claim "c" is defined twice']);
    expect(fails(`claims:\n  - id: c\n    says: x\n    source: { rationale: test }\n`)).toEqual(["claims[0]: a claim needs exactly one of monotone, bound or order"]);
    expect(fails(`claims:\n${claim("bound: { target: outcome:rise }")}`)).toEqual(["claims[0].bound: a bound needs atMost, atLeast or both"]);
  });
});
