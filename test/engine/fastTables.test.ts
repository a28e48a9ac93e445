/**
 * The tables the specialised engine draws with instead of a logarithm or a
 * binary search (src/engine/fast/tables.ts, dayGuide.ts): each decision they
 * allow is the one the reference engine's arithmetic makes. The engine-level
 * agreement is in fast.test.ts; these pin the invariants the generated code
 * relies on, at and around every boundary, where an off-by-one would hide
 * from random runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GUIDE, hazardTable, quietTable, tableIndex, type HazardTable } from "../../src/engine/fast/tables.js";
import { DAY_GUIDE, dayGuide } from "../../src/engine/fast/dayGuide.js";
import { dayDist, sampleDayFrom } from "../../src/model/distributions.js";
import { modelOfSpec, stateIdx, transitionOut } from "../helpers/scenario.js";
import { day } from "../helpers/engine.js";

/** The table of a one-machine model's constant hazard `h`, over `H` days. */
function tableOf(h: number, H: number): HazardTable {
  const model = modelOfSpec(
    { horizon: day(H), parameters: { h: { default: 0.1, min: 0, max: 1 } }, machines: { m: { initial: "a", states: ["a", "b"], transitions: [{ from: "a", hazard: "h", to: "b" }] } } },
    new Map([["h", h]]),
  );
  const trigger = transitionOut(model, "m.a").trigger;
  if (trigger.kind !== "hazard") throw new Error("not a hazard");
  const ix = tableIndex(model, trigger.hazard);
  if (ix === undefined) throw new Error("no index");
  return hazardTable(model, trigger.hazard, ix);
}

/** The wait the reference engine draws for `x = 1 - u`. */
const wait = (x: number, ls: number): number => Math.floor(Math.log(x) / ls);

/**
 * The generated code's search (gen.ts, `geometric`) for `x`: the wait (`H`
 * standing for "H days or more"), or "log" where it takes the logarithm.
 */
function search(tab: HazardTable, x: number): number | "log" {
  let k = tab.guide[(x * GUIDE) | 0] ?? NaN;
  while (x < (tab.threshold[k + 1] ?? -Infinity)) k++;
  return x >= (tab.above[k + 1] ?? Infinity) ? k : "log";
}

describe("geometric wait tables", () => {
  it("decide only what the logarithm decides, at and around every threshold", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
        fc.double({ min: -1e-11, max: 1e-11, noNaN: true }),
        (h, H, free, nudge) => {
          const tab = tableOf(h, H);
          const ls = Math.log1p(-h);
          expect(tab.logSurvival[0]).toBe(ls);
          // Points: a free one, and each threshold and bound, exactly and nudged by about an ulp.
          const xs = [free];
          for (let j = 0; j <= H; j += Math.max(1, Math.floor(H / 40))) {
            for (const b of [tab.threshold[j] ?? 1, tab.above[j] ?? 1, Math.exp(j * ls)]) {
              xs.push(b, b * (1 + nudge), b * (1 - 2.3e-16), b * (1 + 2.3e-16), b * (1 - 4.1e-12), b * (1 + 4.1e-12));
            }
          }
          for (const x of xs) {
            if (!(x > 0 && x <= 1)) continue;
            const k = wait(x, ls);
            for (let j = 0; j <= H; j += Math.max(1, Math.floor(H / 20))) {
              if (x < (tab.threshold[j] ?? NaN)) expect(k).toBeGreaterThanOrEqual(j);
              if (x >= (tab.above[j] ?? NaN)) expect(k).toBeLessThan(j);
            }
            const found = search(tab, x);
            if (found === H) expect(k).toBeGreaterThanOrEqual(H);
            // `+ 0`: at x = 1 the logarithm's wait is -0, and a due day `day + 1 + k` is the same either way.
            else if (found !== "log") expect(found).toBe(k + 0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("start every search at or below the wait: the guide never overshoots a bin", () => {
    for (const h of [0.0003, 0.004, 0.03, 0.15, 0.5, 0.97]) {
      const H = 147;
      const tab = tableOf(h, H);
      const ls = Math.log1p(-h);
      for (let b = 0; b < GUIDE; b++) {
        // The bin's lowest and highest doubles: both must have a wait at least the guide's start.
        for (const x of [b / GUIDE, (b + 1) / GUIDE - 2 ** -53]) {
          if (!(x > 0)) continue;
          expect(wait(x, ls)).toBeGreaterThanOrEqual(tab.guide[b] ?? Infinity);
        }
      }
    }
  });

  it("rarely fall back to the logarithm (only inside the thin band around a threshold)", () => {
    const H = 147;
    const tab = tableOf(0.004, H);
    let logs = 0;
    const N = 200_000;
    expect(tab.threshold.length).toBe(H + 2);
    for (let i = 0; i < N; i++) if (search(tab, 1 - (i + 0.5) / N) === "log") logs++;
    expect(logs).toBeLessThan(N / 1000);
  });
});

describe("day guide", () => {
  it("finds the day sampleDayFrom finds from the first day, for every u including the bins' edges", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 100, noNaN: true })), { minLength: 1, maxLength: 120 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (first, weights, us) => {
          if (!weights.some((w) => w > 0)) weights.push(1);
          const d = dayDist(first, weights);
          const gd = dayGuide(d);
          expect(gd).toBeDefined();
          if (gd === undefined) return;
          const edges = [0, 1 / DAY_GUIDE, 0.5, 1 - 2 ** -53, 1 - 1 / DAY_GUIDE, 1 - 1 / DAY_GUIDE - 2 ** -53];
          for (const u of [...us, ...edges]) {
            const target = gd.top - u * gd.top;
            let k = gd.guide[Math.floor(u * DAY_GUIDE)] ?? -1;
            while (k < gd.last && !((gd.tail[k + 1] ?? 0) < target)) k++;
            expect(gd.first + k).toBe(sampleDayFrom(d, first, u));
            expect(gd.first + k).toBe(sampleDayFrom(d, first - 3, u));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("quiet table", () => {
  it("is 1 exactly where no `when` transition of the current states fires", () => {
    const model = modelOfSpec({
      horizon: day(30),
      machines: {
        a: { initial: "x", states: ["x", "y"], transitions: [{ from: "x", hazard: 0.1, to: "y" }] },
        b: { initial: "u", states: ["u", "v"], transitions: [{ from: "u", when: 'in("a.y")', to: "v" }] },
      },
    });
    const trigger = transitionOut(model, "b.u", true).trigger;
    if (trigger.kind !== "when") throw new Error("no when transition");
    const g = trigger.guard;
    const ix = tableIndex(model, { machines: [0, 1], visitedStates: [] });
    if (ix === undefined) throw new Error("no index");
    const table = quietTable(model, ix, (f) => ((f.state[1] ?? -1) === stateIdx(model, "b.u") ? [g] : []));
    // Index: a's state (x, y) + 2 × b's state (u, v). Only (a = y, b = u) fires.
    expect(Array.from(table)).toEqual([1, 0, 1, 1]);
  });
});
