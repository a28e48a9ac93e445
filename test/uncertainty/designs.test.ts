import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runRng } from "../../src/engine/rng.js";
import {
  MAX_DESIGN_DIMENSIONS,
  SAMPLINGS,
  design,
  designPoint,
  designRows,
  isPowerOfTwo,
  sobolShift,
  type Design,
  type Sampling,
} from "../../src/uncertainty/designs.js";
import { LHS_MAX_CELLS, lhsJitterBits, lhsMatrix } from "../../src/uncertainty/designsLhs.js";
import { SOBOL_MAX_DIMENSIONS, sobolBlock, sobolIntegers } from "../../src/uncertainty/designsSobol.js";
import { JOE_KUO_DIMENSIONS, JOE_KUO_TABLE } from "../../src/uncertainty/joekuo.js";

const TWO_POW_32 = 2 ** 32;

/** Rows "d s a m_1 … m_s" of the package's Joe–Kuo file, read independently of the generator script. */
function packageRows(): number[][] {
  const text = readFileSync(new URL("../../node_modules/sobol/dims21201.txt", import.meta.url), "utf8");
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => line.trim().split(/\s+/).map(Number));
}

function build(sampling: Sampling, seed: number, n: number, d: number): Design {
  const r = design(sampling, seed, n, d);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.value;
}

/**
 * Sobol point `index` in natural (not Gray-code) order, computed from the
 * package file with BigInt: m_k by the recurrence on the m's,
 * m_k = 2 a_1 m_{k−1} ⊕ 4 a_2 m_{k−2} ⊕ … ⊕ 2^(s−1) a_(s−1) m_(k−s+1) ⊕ 2^s m_(k−s) ⊕ m_(k−s),
 * and x = ⊕_{bit k−1 of index set} m_k · 2^(32−k). Independent of the module's v-recurrence.
 */
function naturalSobol(row: number[] | undefined, index: number): number {
  const m: bigint[] = [];
  if (row === undefined) {
    for (let k = 1; k <= 32; k++) m.push(1n); // dimension 1: van der Corput
  } else {
    const [, s = 0, a = 0, ...init] = row;
    for (const mk of init) m.push(BigInt(mk));
    for (let k = s + 1; k <= 32; k++) {
      let mk = m[k - s - 1]! ^ (m[k - s - 1]! << BigInt(s));
      for (let l = 1; l < s; l++) {
        if (((a >> (s - 1 - l)) & 1) === 1) mk ^= m[k - l - 1]! << BigInt(l);
      }
      m.push(mk);
    }
  }
  let x = 0n;
  for (let k = 1; k <= 32; k++) {
    if (Math.floor(index / 2 ** (k - 1)) % 2 === 1) x ^= m[k - 1]! << BigInt(32 - k);
  }
  return Number(x);
}

describe("joekuo.ts", () => {
  it("equals the first 1,111 dimensions of node_modules/sobol/dims21201.txt", () => {
    const rows = packageRows().slice(0, JOE_KUO_DIMENSIONS - 1);
    const table = JOE_KUO_TABLE.split("\n").filter((l) => l !== "");
    expect(JOE_KUO_DIMENSIONS).toBe(1111);
    expect(table).toHaveLength(1110);
    expect(table).toEqual(rows.map(([, ...rest]) => rest.join(" ")));
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 1110 }, (_, k) => k + 2));
  });
});

describe("Sobol points", () => {
  it("match Joe and Kuo's published first points (Gray-code order, dimensions 1–4)", () => {
    const expected = [
      [0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25],
      [0.25, 0.75, 0.75, 0.75],
      [0.375, 0.375, 0.625, 0.875],
      [0.875, 0.875, 0.125, 0.375],
      [0.625, 0.125, 0.875, 0.625],
      [0.125, 0.625, 0.375, 0.125],
    ];
    const x = new Uint32Array(4);
    expected.forEach((point, i) => {
      sobolIntegers(i, 4, undefined, x);
      expect(Array.from(x, (w) => w / TWO_POW_32)).toEqual(point);
    });
  });

  it("match SciPy 1.17.1's unscrambled 32-bit Sobol points in far dimensions", () => {
    // qmc.Sobol(d=1111, scramble=False, bits=32).random(1024) × 2^32, recorded.
    const indices = [1, 2, 3, 5, 100, 511, 1000, 1023];
    const scipy: Record<number, number[]> = {
      3: [2147483648, 1073741824, 3221225472, 536870912, 3321888768, 1753219072, 2227175424, 2629828608],
      10: [2147483648, 3221225472, 1073741824, 536870912, 2986344448, 864026624, 297795584, 3653238784],
      100: [2147483648, 3221225472, 1073741824, 1610612736, 3791650816, 1820327936, 801112064, 2277507072],
      500: [2147483648, 1073741824, 3221225472, 536870912, 2113929216, 494927872, 1094713344, 2034237440],
      1000: [2147483648, 3221225472, 1073741824, 2684354560, 3925868544, 3128950784, 859832320, 3678404608],
      1111: [2147483648, 3221225472, 1073741824, 1610612736, 1979711488, 1317011456, 1589641216, 2529165312],
    };
    const x = new Uint32Array(1111);
    indices.forEach((i, col) => {
      sobolIntegers(i, 1111, undefined, x);
      for (const [dim, values] of Object.entries(scipy)) expect(x[Number(dim) - 1]).toBe(values[col]);
    });
  });

  it("equal an independent natural-order computation at index gray(i), in every dimension", () => {
    const rows = packageRows();
    const dims = [1, 2, 3, 7, 50, 333, 1000, 1111];
    const indices = [...Array.from({ length: 300 }, (_, i) => i), 4095, 65_537, 2 ** 31 - 1, 2 ** 31 + 12_345, TWO_POW_32 - 1];
    const x = new Uint32Array(SOBOL_MAX_DIMENSIONS);
    for (const i of indices) {
      sobolIntegers(i, SOBOL_MAX_DIMENSIONS, undefined, x);
      const gray = Number((BigInt(i) ^ (BigInt(i) >> 1n)) & 0xffffffffn);
      for (const dim of dims) expect(x[dim - 1]).toBe(naturalSobol(dim === 1 ? undefined : rows[dim - 2], gray));
    }
  });

  it("put exactly one of the first 2^k points in each dyadic interval of every coordinate, shifted or not", () => {
    const d = SOBOL_MAX_DIMENSIONS;
    for (const shift of [undefined, sobolShift(5, d)]) {
      const pts = new Float64Array(1024 * d);
      sobolBlock(0, 1024, d, shift, pts);
      for (let k = 0; k <= 10; k++) {
        const count = 2 ** k;
        for (let j = 0; j < d; j++) {
          const seen = new Uint8Array(count);
          for (let i = 0; i < count; i++) seen[Math.floor((pts[i * d + j] ?? NaN) * count)]! += 1;
          if (!seen.every((c) => c === 1)) throw new Error(`dimension ${j + 1}, k = ${k}, shift ${shift !== undefined}`);
        }
      }
    }
  });

  it("make dimensions 1 and 2 a (0, m, 2)-net: every elementary interval of area 2^-m holds one point", () => {
    const m = 10;
    for (const shift of [undefined, sobolShift(11, 2)]) {
      const pts = new Float64Array(2 ** m * 2);
      sobolBlock(0, 2 ** m, 2, shift, pts);
      for (let m1 = 0; m1 <= m; m1++) {
        const c1 = 2 ** m1;
        const c2 = 2 ** (m - m1);
        const seen = new Uint16Array(c1 * c2);
        for (let i = 0; i < 2 ** m; i++) {
          seen[Math.floor(pts[2 * i]! * c1) * c2 + Math.floor(pts[2 * i + 1]! * c2)]! += 1;
        }
        expect(seen.every((c) => c === 1)).toBe(true);
      }
    }
  });

  it("give the same values by Gray-code blocks from any start as point by point", () => {
    const d = 37;
    const shift = sobolShift(3, d);
    const one = new Uint32Array(d);
    for (const from of [0, 1, 5, 1000, 2 ** 31 - 3, TWO_POW_32 - 40]) {
      const block = new Float64Array(40 * d);
      sobolBlock(from, 40, d, shift, block);
      for (let r = 0; r < 40; r++) {
        sobolIntegers(from + r, d, shift, one);
        expect(Array.from(block.subarray(r * d, (r + 1) * d))).toEqual(Array.from(one, (w) => (w + 0.5) / TWO_POW_32));
      }
    }
    expect(() => sobolIntegers(TWO_POW_32, 1, undefined, one)).toThrow(RangeError);
    expect(() => sobolIntegers(0, SOBOL_MAX_DIMENSIONS + 1, undefined, new Uint32Array(2000))).toThrow(RangeError);
  });

  it("are unbiased under the random digital shift: ∫ x1·x2 over 200 seeds averages to 1/4", () => {
    const n = 64;
    const estimates: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const rows = designRows(build("sobol", seed, n, 2), 0, n);
      let s = 0;
      for (let i = 0; i < n; i++) s += rows[2 * i]! * rows[2 * i + 1]!;
      estimates.push(s / n);
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
    expect(Math.abs(mean - 0.25)).toBeLessThan(4 * (sd / Math.sqrt(estimates.length)));
    expect(sd).toBeGreaterThan(0); // the shift does randomise
    expect(sd).toBeLessThan(0.01); // and keeps the QMC accuracy (plain Monte Carlo: about 0.024 at n = 64)
  });
});

describe("Latin hypercube", () => {
  it("visits each of the n strata exactly once in every column", () => {
    for (const n of [1, 2, 3, 17, 1000, 4096]) {
      const d = 5;
      const rows = designRows(build("lhs", 9, n, d), 0, n);
      for (let j = 0; j < d; j++) {
        const seen = new Uint8Array(n);
        for (let i = 0; i < n; i++) seen[Math.floor(rows[i * d + j]! * n)]! += 1;
        expect(seen.every((c) => c === 1)).toBe(true);
      }
    }
  });

  it("keeps the strata exact at large n, and the extreme jitters inside their strata up to the cell limit", () => {
    const n = 2 ** 21 + 1; // past 2^18 the jitter grid is coarsened (lhsJitterBits)
    const col = lhsMatrix(1, n, 1);
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      if (!(x > 0 && x < 1)) throw new Error(`point ${i} is ${x}`);
      seen[Math.floor(x * n)]! += 1;
    }
    expect(seen.every((c) => c === 1)).toBe(true);
    // The arithmetic lhsMatrix does, at the extremes of every stratum, for sizes up to the limit.
    for (const size of [2 ** 18 - 1, 2 ** 18, 2 ** 20 + 7, 2 ** 24 - 1, LHS_MAX_CELLS]) {
      const scale = 2 ** lhsJitterBits(size);
      for (const p of [0, 1, size >>> 1, size - 2, size - 1]) {
        for (const jitter of [0.5 / scale, (scale - 0.5) / scale]) {
          const x = (p + jitter) / size;
          expect(x > 0 && x < 1 && Math.floor(x * size) === p).toBe(true);
        }
      }
    }
  });

  it("is a function of (seed, n, d): same seed same matrix, new seed new matrix, wider designs extend narrower ones", () => {
    const a = designRows(build("lhs", 4, 100, 3), 0, 100);
    expect(designRows(build("lhs", 4, 100, 3), 0, 100)).toEqual(a);
    expect(designRows(build("lhs", 5, 100, 3), 0, 100)).not.toEqual(a);
    const wide = designRows(build("lhs", 4, 100, 6), 0, 100);
    for (let i = 0; i < 100; i++) expect(Array.from(wide.subarray(i * 6, i * 6 + 3))).toEqual(Array.from(a.subarray(i * 3, i * 3 + 3)));
  });

  it("uses an independent permutation per column", () => {
    const rows = designRows(build("lhs", 2, 500, 2), 0, 500);
    let same = 0;
    for (let i = 0; i < 500; i++) if (Math.floor(rows[2 * i]! * 500) === Math.floor(rows[2 * i + 1]! * 500)) same++;
    expect(same).toBeLessThan(10); // a shared permutation would give 500
  });
});

describe("design façade", () => {
  it("takes random point i from runRng(seed, i) alone, on the 2^-32 midpoint grid", () => {
    const ds = build("random", 77, 10, 3);
    const out = new Float64Array(3);
    designPoint(ds, 7, out);
    const rng = runRng(77, 7);
    expect(Array.from(out)).toEqual([0, 1, 2].map(() => (Math.floor(rng() * TWO_POW_32) + 0.5) / TWO_POW_32));
  });

  it("gives every point strictly inside (0, 1), the same by rows in any split as point by point", () => {
    for (const sampling of SAMPLINGS) {
      const n = 256;
      const d = 7;
      const ds = build(sampling, 123, n, d);
      const whole = designRows(ds, 0, n);
      const pieces = [designRows(ds, 0, 1), designRows(ds, 1, 100), designRows(ds, 100, 100), designRows(ds, 100, n)];
      const joined = new Float64Array(n * d);
      let at = 0;
      for (const p of pieces) {
        joined.set(p, at);
        at += p.length;
      }
      expect(joined).toEqual(whole);
      const out = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        designPoint(ds, i, out);
        expect(out).toEqual(whole.subarray(i * d, (i + 1) * d));
      }
      expect(whole.every((x) => x > 0 && x < 1)).toBe(true);
      expect(designRows(build(sampling, 124, n, d), 0, n)).not.toEqual(whole);
      expect(() => designPoint(ds, n, out)).toThrow(RangeError);
      expect(() => designRows(ds, 5, n + 1)).toThrow(RangeError);
    }
  });

  it("rejects bad sizes and seeds as issues, and warns when Sobol n is not a power of two", () => {
    const bad = (sampling: Sampling, seed: number, n: number, d: number): string[] => {
      const r = design(sampling, seed, n, d);
      return r.ok ? [] : r.issues.map((i) => `${i.code} ${i.path.join(".")}: ${i.message}`);
    };
    expect(bad("sobol", 1, 1024, MAX_DESIGN_DIMENSIONS + 1)).toEqual([
      "limit d: 1112 dimensions is more than the limit of 1111 (the Joe–Kuo Sobol table)",
    ]);
    expect(bad("random", 1, 0, 2)).toEqual(["range n: the number of points must be a positive integer, got 0"]);
    expect(bad("lhs", -1, 10, 0).map((s) => s.split(":")[0])).toEqual(["range seed", "range d"]);
    expect(bad("lhs", 1, LHS_MAX_CELLS, 2).map((s) => s.split(":")[0])).toEqual(["limit n"]);
    expect(bad("sobol", 1, 2 ** 32 + 1, 2).map((s) => s.split(":")[0])).toEqual(["limit n"]);
    expect(bad("sobol", 1, 1111, 1111)).toEqual([]);

    const warned = design("sobol", 1, 1000, 2);
    expect(warned.ok && warned.warnings.map((w) => w.message)).toEqual([
      "Sobol points are balanced only for a power of two of them; 1000 is not (try 512 or 1024)",
    ]);
    const fine = design("sobol", 1, 1024, 2);
    expect(fine.ok && fine.warnings).toEqual([]);
    expect([1, 2, 1024, 2 ** 32].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 1000, 0.5].some(isPowerOfTwo)).toBe(false);
  });

  it("keeps a wider Sobol design's first columns equal to a narrower one's", () => {
    const narrow = designRows(build("sobol", 8, 64, 3), 0, 64);
    const wide = designRows(build("sobol", 8, 64, 10), 0, 64);
    for (let i = 0; i < 64; i++) expect(Array.from(wide.subarray(i * 10, i * 10 + 3))).toEqual(Array.from(narrow.subarray(i * 3, i * 3 + 3)));
  });
});
