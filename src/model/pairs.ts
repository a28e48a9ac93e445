/**
 * A set of (local state, visited mask) pairs for the outcome coverage check
 * (coverage.ts), on typed arrays: a bitmap when the key space is small, else
 * an open-addressing hash table sized once for the most pairs the check can
 * keep. Why not a `Set` of strings: the check examines millions of edges
 * when a file is built to explode it, and string keys made a 4 KB file take
 * seconds to minutes. Mutable; one per machine enumerated.
 * @module
 */

/** Pair key spaces up to this size (bits, = 4 MB) are kept as a bitmap: no hashing, few cache misses. */
export const DENSE_PAIR_KEYS = 2 ** 25;

/**
 * A set of (local state, visited mask) pairs with masks of `W` words, in
 * insertion order. A candidate is staged in the slot after the last pair,
 * then tested ({@link has}) and kept ({@link commit}) or overwritten.
 */
export class PairSet {
  size = 0;
  state = new Int32Array(1024);
  masks: Int32Array;
  private slots = new Int32Array(2048); // pair index + 1; 0 = empty
  /** Per slot: its pair's signature (local state and first mask word), compared before the pair itself. */
  private sigs = new Float64Array(2048);
  private hash = 0;
  private sig = 0;

  /** When the key space is small: one bit per (local, mask) key, `mask × n + local` (W = 1). */
  private readonly dense: Uint32Array | undefined;

  /**
   * For pairs of `n` local states with masks of `W` words; `denseKeys` > 0
   * keeps them as a bitmap of that many keys; `most` is how many pairs can
   * be stored (the hash table is sized for it once, never rehashed above it).
   */
  constructor(private readonly W: number, private readonly n: number, denseKeys: number, most: number) {
    this.masks = new Int32Array(1024 * W);
    this.dense = denseKeys > 0 && W === 1 ? new Uint32Array(Math.ceil(denseKeys / 32)) : undefined;
    if (this.dense === undefined) {
      let slots = 2048;
      while (slots < most + 1 && slots < 1 << 24) slots *= 2;
      this.slots = new Int32Array(slots);
      this.sigs = new Float64Array(slots);
    }
  }

  /** Stages `local` with the mask of pair `from` (none when -1) plus bit `bit` (none when -1). */
  stage(local: number, from: number, bit: number): void {
    const { W } = this;
    if (this.size >= this.state.length) this.grow();
    const at = this.size * W;
    const masks = this.masks;
    // Plain loops: W is 1 or 2 almost always, where copyWithin's call costs more than the copy.
    if (from >= 0) for (let w = 0, f = from * W; w < W; w++) masks[at + w] = masks[f + w] ?? 0;
    else for (let w = 0; w < W; w++) masks[at + w] = 0;
    if (bit >= 0) masks[at + (bit >>> 5)] = (masks[at + (bit >>> 5)] ?? 0) | (1 << (bit & 31));
    this.state[this.size] = local;
    // Exact: local < 2^10 per MAX_STATES_PER_MACHINE, the word's unsigned value < 2^32.
    this.sig = local * 4294967296 + ((masks[at] ?? 0) >>> 0);
    // Mixed as in MurmurHash3 (each word, then the finalizer), so linear probing stays short.
    let h = local;
    for (let w = 0; w < W; w++) {
      let k = Math.imul(masks[at + w] ?? 0, 0xcc9e2d51);
      k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
      h ^= k;
      h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    this.hash = h ^ (h >>> 16);
  }

  /** Whether the staged pair is already in the set. */
  has(): boolean {
    const dense = this.dense;
    if (dense !== undefined) {
      const k = ((this.masks[this.size] ?? 0) >>> 0) * this.n + (this.state[this.size] ?? 0);
      return (((dense[k >>> 5] ?? 0) >>> (k & 31)) & 1) === 1;
    }
    const mask = this.slots.length - 1;
    for (let slot = this.hash & mask; ; slot = (slot + 1) & mask) {
      const id = (this.slots[slot] ?? 0) - 1;
      if (id < 0) return false;
      if (this.sigs[slot] === this.sig && (this.W === 1 || this.equal(id))) return true;
    }
  }

  /** Keeps the staged pair. */
  commit(): void {
    const dense = this.dense;
    if (dense !== undefined) {
      const k = ((this.masks[this.size] ?? 0) >>> 0) * this.n + (this.state[this.size] ?? 0);
      dense[k >>> 5] = (dense[k >>> 5] ?? 0) | (1 << (k & 31));
      this.size++;
      return;
    }
    // A load of up to 3/4: probes stay short, and the table stays small enough to keep in cache longer.
    if (4 * (this.size + 1) > 3 * this.slots.length) this.rehash();
    this.place(this.size, this.hash, this.sig);
    this.size++;
  }

  private equal(id: number): boolean {
    const { W } = this;
    if (this.state[id] !== this.state[this.size]) return false;
    for (let w = 0, a = id * W, b = this.size * W; w < W; w++) if (this.masks[a + w] !== this.masks[b + w]) return false;
    return true;
  }

  private place(id: number, hash: number, sig: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
    this.sigs[slot] = sig;
  }

  private rehash(): void {
    const keep = this.hash;
    const keepSig = this.sig;
    this.slots = new Int32Array(this.slots.length * 2);
    this.sigs = new Float64Array(this.slots.length);
    const saved = this.size;
    for (let id = 0; id < saved; id++) {
      // Recompute each pair's hash by staging a copy of it in the free slot.
      this.size = saved;
      this.stage(this.state[id] ?? 0, id, -1);
      this.place(id, this.hash, this.sig);
    }
    this.size = saved;
    this.hash = keep;
    this.sig = keepSig;
  }

  private grow(): void {
    const state = new Int32Array(this.state.length * 2);
    state.set(this.state);
    this.state = state;
    const masks = new Int32Array(this.masks.length * 2);
    masks.set(this.masks);
    this.masks = masks;
  }
}

