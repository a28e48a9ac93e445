/** The listed leaves of a day (src/conditioned/leaves.ts): what is pushed is what is loaded, past every buffer's growth. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LeafPool } from "../../src/conditioned/leaves.js";
import type { EvalFrame } from "../../src/model/frame.js";

const frame = (M: number, n: number): EvalFrame => ({ state: new Int32Array(M), entry: new Int32Array(M), visited: new Uint8Array(n), day: 0 });

describe("LeafPool", () => {
  it("loads each leaf's states, entry days and the start-of-day flags plus the flags its moves set", () => {
    const M = 3;
    const n = 200;
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 20 }),
      fc.array(fc.record({
        state: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: M, maxLength: M }),
        entry: fc.array(fc.nat(3660), { minLength: M, maxLength: M }),
        set: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 12 }),
        p: fc.double({ min: 0, max: 1, noNaN: true }),
        cls: fc.integer({ min: 0, max: 1 }),
      }), { minLength: 1, maxLength: 150 }),
      (start, leaves) => {
        const pool = new LeafPool(M);
        const f = frame(M, n);
        for (const s of start) f.visited[s] = 1;
        const startFlags = Uint8Array.from(f.visited);
        const set = new Int32Array(n);
        for (const l of leaves) {
          f.state.set(l.state);
          f.entry.set(l.entry);
          set.set(l.set);
          pool.push(l.p, l.cls, f, set, l.set.length);
        }
        expect(pool.size).toBe(leaves.length);
        leaves.forEach((l, i) => {
          f.visited.set(startFlags);
          pool.load(i, f);
          expect(Array.from(f.state)).toEqual(l.state);
          expect(Array.from(f.entry)).toEqual(l.entry);
          const want = Uint8Array.from(startFlags);
          for (const s of l.set) want[s] = 1;
          expect(f.visited).toEqual(want);
        });
        // Masses and finds see the leaves in list order.
        const mass = (c: number): number => leaves.reduce((a, l) => (l.cls === c ? a + l.p : a), 0);
        expect(pool.mass(0)).toBe(mass(0));
        expect(pool.mass(1)).toBe(mass(1));
        pool.clear();
        expect(pool.size).toBe(0);
        expect(pool.find(0, 0)).toBe(-1);
      },
    ), { numRuns: 200 });
  });
});
