/**
 * Probabilities never above 1 (src/exact/observe.ts `atMostOne`): rounding
 * that leaves a conditioned outcome a few units in the last place above 1 is
 * set to 1, in the solver and in a tape's replay alike; an overshoot larger
 * than rounding is left to show a fault. On a fixture where the evidence
 * makes "Rise" certain, the solver gave 1.0000000000000004 before.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { atMostOne } from "../../src/exact/observe.js";
import { cli, tmpDirs } from "../helpers/cli.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

describe("atMostOne", () => {
  it("sets rounding above 1 to 1, and leaves everything else as it is", () => {
    const a = Float64Array.from([1.0000000000000004, 1 + 1e-12, 1 + 1e-9, 1, 0.3, 0, 2]);
    expect([...atMostOne(a)]).toEqual([1, 1, 1 + 1e-9, 1, 0.3, 0, 2]);
  });

  it("exact --given: an outcome the evidence makes certain is 1, not 1.0000000000000004", async () => {
    const file = join(dirs.make(), "vu.yaml");
    writeFileSync(file, readFileSync("test/sensitivity/fixtures/vote-uncertain.yaml", "utf8")
      .replace(`hazard: 'in("bill.passed") ? 0 : h_threat'`, `hazard: 'in("bill.passed") or h_threat > 0.03 ? 0 : h_threat'`));
    const r = await cli("exact", file, "--given", "tariff.threatened by 2026-03-20", "--format", "json",
      "--set", "p_pass=0.44046640689569394", "--set", "p_stall=0.36563879735824656", "--set", "h_threat=0.010005631578219612");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { groups: { id: string; probability: number }[]; outcomes: { id: string; probability: number }[] };
    expect(j.groups.find((g) => g.id === "up")?.probability).toBe(1);
    for (const x of [...j.groups, ...j.outcomes]) expect(x.probability).toBeLessThanOrEqual(1);
  });
});
