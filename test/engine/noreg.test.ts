/**
 * No-regression snapshot: the seeded counts of the simple fixture. Any change
 * to the engine's draws (their order, their number, the generator, the
 * seeding) changes these numbers; if the change is intended, check the law
 * tests (test/engine/law.test.ts) still pass and update the snapshot.
 */
import { describe, expect, it } from "vitest";
import { simulateBatch } from "../../src/engine/simulate.js";
import { simpleModel } from "../helpers/scenario.js";

describe("no regression", () => {
  it("simple.yaml, seed 1, 20,000 runs", () => {
    const model = simpleModel();
    const t = simulateBatch(model, { seed: 1, from: 0, to: 20_000 });
    const byState = (xs: Float64Array): Record<string, number> =>
      Object.fromEntries(model.stateNames.map((s, i) => [s, xs[i] ?? NaN]));
    expect({
      runs: t.runs,
      outcomes: Object.fromEntries(model.outcomes.map((o, i) => [o.id, t.outcomes[i] ?? NaN])),
      finalStates: byState(t.finalStates),
      visited: byState(t.visited),
      firstDaySum: byState(t.firstDaySum),
    }).toMatchInlineSnapshot(`
      {
        "finalStates": {
          "bill.failed": 7981,
          "bill.passed": 12019,
          "bill.pending": 0,
          "tariff.high": 11701,
          "tariff.low": 8299,
        },
        "firstDaySum": {
          "bill.failed": 223307,
          "bill.passed": 337058,
          "bill.pending": 0,
          "tariff.high": 282631,
          "tariff.low": 0,
        },
        "outcomes": {
          "hold": 8299,
          "rise": 11701,
        },
        "runs": 20000,
        "visited": {
          "bill.failed": 7981,
          "bill.passed": 12019,
          "bill.pending": 20000,
          "tariff.high": 11701,
          "tariff.low": 20000,
        },
      }
    `);
  });
});
