/**
 * The main thread's pacer (src/cli/pacer.ts) on a fake clock: it only
 * measures at first, then pauses after each slow call until a call runs
 * several times faster (the optimised code), within a bound, and does
 * nothing after.
 */
import { describe, expect, it } from "vitest";
import { compilePacer } from "../../src/cli/pacer.js";

/** A fake clock and sleep: `tick(ms)` is a call of the batch function taking `ms`. */
function harness() {
  let t = 0;
  const sleeps: number[] = [];
  let reads = 0;
  const pace = compilePacer(() => { reads++; return t; }, (ms) => { sleeps.push(ms); t += ms; });
  return {
    sleeps,
    reads: () => reads,
    tick(ms: number): void {
      t += ms;
      pace();
    },
  };
}

describe("compilePacer", () => {
  it("measures 16 calls without pausing, then pauses after each slow call until one is 4x faster", () => {
    const h = harness();
    for (let i = 0; i < 16; i++) h.tick(i === 0 ? 5 : 0.5); // the first call also compiles bytecode
    expect(h.sleeps).toEqual([]);
    for (let i = 0; i < 10; i++) h.tick(0.5);
    expect(h.sleeps.length).toBe(10);
    h.tick(0.13); // a little more than 4x faster than 0.5: not yet
    expect(h.sleeps.length).toBe(11);
    h.tick(0.1);
    expect(h.sleeps.length).toBe(11);
    const reads = h.reads();
    for (let i = 0; i < 100; i++) h.tick(0.5); // done: neither pauses nor reads the clock again
    expect(h.sleeps.length).toBe(11);
    expect(h.reads()).toBe(reads);
  });

  it("measures each call without the pause before it", () => {
    const h = harness();
    for (let i = 0; i < 16; i++) h.tick(1);
    h.tick(1); // slow: pauses 2 ms
    h.tick(0.2); // 0.2 ms since the pause ended: optimised
    h.tick(1);
    expect(h.sleeps).toEqual([2]);
  });

  it("stops pausing after 150 ms in all when the code never gets faster", () => {
    const h = harness();
    for (let i = 0; i < 1000; i++) h.tick(0.5);
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBe(150);
  });
});
