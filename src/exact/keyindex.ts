/**
 * A map from joint-state keys (non-negative integers below 2^53) to small
 * record ids: a dense array indexed by key when the layout's key space is
 * small, otherwise an open-addressing hash table on typed arrays. Why not a
 * `Map<number, number>`: it is consulted for every successor the solver
 * works out, and a Map of float keys costs several times more per lookup.
 * Entries are removed only all at once ({@link KeyIndex.clear}). Mutable; not shared between threads.
 * @module
 */

/** The largest key space indexed densely (a 16 MB array of ids). */
export const DENSE_KEYS = 1 << 22;
/** The fewest slots the hash table has (a power of two). */
const MIN_SLOTS = 1024;

/**
 * Mixes the low and high 32 bits of an integer key below 2^53 into a 32-bit
 * hash. Why mix at all: keys are mixed-radix numbers, so their low bits alone
 * cluster badly under linear probing. Pure.
 */
function hashOf(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h;
}

/** Key → id, for ids `>= 0`. */
export class KeyIndex {
  /** Dense: per key, its id + 1 (0: none; so a new array, zeroed by the allocator, needs no filling). */
  private readonly dense: Int32Array | undefined;
  /** Hashed: per slot, its key and id (id -1: empty). */
  private keys: Float64Array;
  private ids: Int32Array;
  private used = 0;

  /** An empty index for keys below `keySpace`. */
  constructor(keySpace: number) {
    this.dense = keySpace <= DENSE_KEYS ? new Int32Array(keySpace) : undefined;
    const slots = this.dense === undefined ? MIN_SLOTS : 0;
    this.keys = new Float64Array(slots);
    this.ids = new Int32Array(slots).fill(-1);
  }

  /** Forgets every entry, keeping the arrays (a hashed table keeps its size). */
  clear(): void {
    if (this.dense !== undefined) this.dense.fill(0);
    else this.ids.fill(-1);
    this.used = 0;
  }

  /** The id of `key`, or -1 when it has none. */
  find(key: number): number {
    const dense = this.dense;
    if (dense !== undefined) return (dense[key] ?? 0) - 1;
    const mask = this.ids.length - 1;
    let slot = hashOf(key) & mask;
    for (;;) {
      const id = this.ids[slot] ?? -1;
      if (id < 0 || this.keys[slot] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Gives `key` (which has no id yet) the id `id`. */
  insert(key: number, id: number): void {
    if (this.dense !== undefined) {
      this.dense[key] = id + 1;
      return;
    }
    // Keep the load at most 1/2 so probes stay short.
    if (2 * (this.used + 1) > this.ids.length) this.grow();
    this.place(key, id);
    this.used++;
  }

  private place(key: number, id: number): void {
    const mask = this.ids.length - 1;
    let slot = hashOf(key) & mask;
    while ((this.ids[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.ids[slot] = id;
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    for (let slot = 0; slot < ids.length; slot++) {
      const id = ids[slot] ?? -1;
      if (id >= 0) this.place(keys[slot] ?? 0, id);
    }
  }
}
