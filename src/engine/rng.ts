/**
 * Random numbers, passed in as a value. A run's generator is seedrandom's
 * Alea, started from a state derived from `(seed, run index)` alone, so any
 * run can be replayed by itself and results do not depend on batching.
 * @module
 */
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** The largest seed or run index accepted (integers only). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

const TWO_POW_32 = 4_294_967_296; // = 2 ** 32

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. Pure. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The Alea state for run `run` of seed `seed`. Why not seed Alea with the
 * string `${seed}:${run}`: its string hashing (Mash) costs about 1.2 µs per
 * run, more than a whole run of the shipped scenario; hashing the two
 * integers with fmix32 and handing Alea the state costs a quarter of that.
 * Distinct run indices of one seed give distinct states (fmix32 is a bijection). Pure.
 */
export function runState(seed: number, run: number): seedrandom.State.Alea {
  const [k, kA, kB] = seedKeys(seed);
  const runLo = run >>> 0;
  const runHi = Math.floor(run / TWO_POW_32) >>> 0;
  const r = fmix32(runLo ^ fmix32(runHi ^ k));
  return {
    c: 1,
    s0: fmix32(r ^ 0x85a308d3 ^ k) / TWO_POW_32,
    s1: fmix32(r ^ kA) / TWO_POW_32,
    s2: fmix32(r ^ kB) / TWO_POW_32,
  };
}

/**
 * What {@link runState} derives from the seed alone, `[k, kA, kB]`, so that a
 * batch computes it once and each run only hashes its index (the specialised
 * engine, src/engine/fast/, does exactly runState's arithmetic with these). Pure.
 */
export function seedKeys(seed: number): readonly [number, number, number] {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
  const k = fmix32(seedLo ^ fmix32(seedHi ^ 0x243f6a88));
  return [k, fmix32(k ^ 0x13198a2e), fmix32(k ^ 0x03707344)];
}

/** The generator of run `run` under master seed `seed`. Pure (returns a fresh generator). */
export function runRng(seed: number, run: number): Rng {
  return seedrandom.alea("", { state: runState(seed, run) });
}

/** A generator from a string seed (for benchmarks and tests that need one long stream). */
export function streamRng(seed: string): Rng {
  return seedrandom.alea(seed);
}
