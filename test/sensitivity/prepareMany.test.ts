/**
 * PointPreparer (sensitivity/prepareMany.ts) is `prepareModel` with the
 * coverage check remembered by outcome code: the same issues (warnings
 * included) and models that solve to the same numbers, also when a
 * parameter changes what an outcome predicate computes, and so whether the
 * outcomes cover every end state.
 */
import { describe, expect, it } from "vitest";
import { solveExact } from "../../src/exact/solver.js";
import { prepareModel } from "../../src/model/prepare.js";
import { PointPreparer } from "../../src/sensitivity/prepareMany.js";
import { loadOk, scenarioText } from "../helpers/scenario.js";

const sc = loadOk(scenarioText({
  parameters: { q: { default: 0.2, min: 0, max: 1 }, cut: { default: 0.5, min: 0, max: 1 } },
  machines: { a: { initial: "x", states: ["x", "y", "z"], transitions: [{ from: "x", to: "y", hazard: "q" }, { from: "y", to: "z", hazard: "q / 2" }] } },
  // With cut > 0.7 no outcome covers state z: an invalid model; with cut <= 0.7 a valid one.
  outcomes: [{ id: "early", when: 'in("a.x")' }, { id: "late", when: 'not in("a.x") and (in("a.y") or cut <= 0.7)' }],
}));

function summary(r: ReturnType<typeof prepareModel>): string {
  if (!r.ok) return `issues: ${r.issues.map((i) => `${i.severity} ${i.message}`).join(" | ")}`;
  const s = solveExact(r.model);
  return `ok: ${r.warnings.map((i) => i.message).join(" | ")} / ${s.ok ? Array.from(s.result.outcomes).join(",") : s.issue.message}`;
}

describe("PointPreparer", () => {
  it("gives prepareModel's result at every point, whichever coverage it remembered", () => {
    const preparer = new PointPreparer(sc);
    const points = [[0.2, 0.5], [0.3, 0.9], [0.4, 0.1], [0.5, 0.95], [1.5, 0.5], [0.6, 0.6], [0.7, 0.8]];
    const seen = new Set<string>();
    for (const [q, cut] of points) {
      const values = new Map([["q", q ?? 0], ["cut", cut ?? 0]]);
      const got = summary(preparer.prepare(values));
      expect(got).toBe(summary(prepareModel(sc, values)));
      seen.add(got.startsWith("ok") ? "ok" : "issues");
    }
    // Both kinds met: valid models and invalid ones (uncovered end states, a value out of bounds).
    expect(seen).toEqual(new Set(["ok", "issues"]));
  });
});
