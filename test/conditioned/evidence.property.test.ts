/**
 * On generated scenarios with generated evidence (read off a replayed run,
 * so satisfiable), the conditioned sampler's estimates agree with an
 * independent oracle (oracle.ts: rejection sampling with the plain engine
 * for now; the exact solver's conditioning once it lands, through the one
 * function `oracle`) within their reported error: |mc − oracle| ≤ 4.5
 * combined standard errors + a small floor, for P(evidence) always and for
 * every conditional outcome, final-state and state-at-a-requested-day
 * probability when both sides
 * hold enough runs to say anything (the oracle ≥ 300 accepted runs, the
 * sampler an effective sample size ≥ 100). The test also requires that most
 * cases were compared, so it cannot pass by skipping.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Check } from "../../src/evidence/check.js";
import { simulateConditioned } from "../../src/conditioned/simulate.js";
import { summarizeConditioned } from "../../src/conditioned/summary.js";
import type { CompiledModel } from "../../src/model/model.js";
import { scenarioFileArb } from "../generators/scenario.js";
import { compileFile, evidenceFrom, picksArb } from "./generated.js";
import { oracle } from "./oracle.js";

const RUNS = 10_000;
const SDS = 4.5;
const FLOOR_EVIDENCE = 2e-4;
const FLOOR_CONDITIONAL = 3e-3;
const MIN_ACCEPTED = 300;
const MIN_ESS = 100;
const CASES = 30;
const SEED = process.env.TARIFFSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.TARIFFSIM_PROPERTY_SEED);

/** The disagreements between the sampler and the oracle, and whether the conditional estimates were compared. */
function compare(model: CompiledModel, checks: readonly Check[], seed: number, atDays: readonly number[]): { problems: string[]; conditional: boolean } {
  const or = oracle(model, checks, atDays);
  const r = summarizeConditioned(model, simulateConditioned(model, checks, { seed, from: 0, to: RUNS, atDays }), seed);
  // The evidence holds on the run it was read from, so some runs must have a positive weight... unless it is too rare
  // for RUNS draws; the oracle then sees it (almost) never either.
  if (!r.ok) {
    return { problems: or.evidence > 1e-3 ? [`no weighted run, but the oracle gives P(evidence) = ${or.evidence}`] : [], conditional: false };
  }
  const s = r.summary;
  const problems: string[] = [];
  const check = (what: string, mc: number, mcSe: number, ref: number, refSe: number, floor: number): void => {
    const band = SDS * Math.hypot(mcSe, refSe) + floor;
    if (!(Math.abs(mc - ref) <= band)) problems.push(`${what}: mc ${mc} ± ${mcSe}, oracle ${ref} ± ${refSe} (band ${band})`);
  };
  check("P(evidence)", s.evidence.probability, s.evidence.se, or.evidence, or.evidenceSe, FLOOR_EVIDENCE);
  const conditional = or.accepted >= MIN_ACCEPTED && s.ess >= MIN_ESS;
  if (conditional) {
    s.final.outcomes.forEach((o, i) => check(`P(${o.id} | E)`, o.probability, o.se, or.outcomes[i] ?? NaN, or.outcomeSe[i] ?? NaN, FLOOR_CONDITIONAL));
    const index = new Map(model.stateNames.map((name, i) => [name, i]));
    s.final.states.forEach((st) => {
      const g = index.get(st.id) ?? -1;
      check(`P(ends in ${st.id} | E)`, st.probability, st.se, or.finalStates[g] ?? NaN, or.finalStateSe[g] ?? NaN, FLOOR_CONDITIONAL);
    });
    s.at.forEach((point, j) => point.states.forEach((st) => {
      const g = index.get(st.id) ?? -1;
      check(`P(in ${st.id} on day ${point.day} | E)`, st.probability, st.se, or.atStates[j]?.[g] ?? NaN, or.atStateSe[j]?.[g] ?? NaN, FLOOR_CONDITIONAL);
    }));
  }
  return { problems, conditional };
}

describe("conditioned Monte Carlo agrees with the oracle on generated evidence", () => {
  it(`on ${CASES} generated scenarios with evidence read off a run`, () => {
    let compared = 0;
    let cases = 0;
    fc.assert(
      fc.property(scenarioFileArb(), fc.nat({ max: 999 }), picksArb, fc.integer({ min: 0, max: 2 ** 31 }), fc.nat(), (file, run, picks, seed, a) => {
        const model = compileFile(file);
        const { checks } = evidenceFrom(model, 77, run, picks);
        // Two requested days: one in the evidence's span and one anywhere.
        // Ascending without repeats, as every engine takes its days.
        const atDays = [...new Set([a % (model.days + 1), (checks[0]?.day ?? 0)])].sort((x, y) => x - y);
        const { problems, conditional } = compare(model, checks, seed, atDays);
        cases++;
        if (conditional) compared++;
        expect(problems, JSON.stringify({ checks, names: model.stateNames })).toEqual([]);
      }),
      { numRuns: CASES, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Evidence read off a typical run is rarely so unlikely that nothing can be compared.
    expect(compared).toBeGreaterThanOrEqual(Math.ceil(cases / 2));
  });
});
