/**
 * One record per joint state the solver has met: its key, its decoded form
 * (each machine's state and clock, the visited mask) and where its cached
 * successor list is (successors.ts). Records get small consecutive ids, so
 * a day's distribution is a dense array over ids (table.ts) and no key is
 * hashed or divided back into digits while the solver carries probability.
 * Records are never removed within a solve. Why they may outlive one: the
 * key of a joint state, and so its decoded form, depends only on the
 * layout, so a Resolver (resolver.ts) keeps them for the next solve
 * of a model with the same layout; {@link Records.begin} then forgets every
 * successor list, and {@link Records.met} counts the records this solve has
 * used, as `size` would in a fresh instance. Mutable; one solve at a time.
 * @module
 */
import { KeyIndex } from "./keyindex.js";

/** The first capacity of the record arrays. */
const MIN_RECORDS = 256;

/** The joint states met so far, by id. */
export class Records {
  /** The number of records. */
  size = 0;
  /** Per record: its key. */
  key: Float64Array;
  /** Per record `r`, per machine `m` (at `r × M + m`): its state and clock (days in state, capped). */
  state: Int32Array;
  clock: Int32Array;
  /** Per record: the visited mask. */
  mask: Int32Array;
  /** Per record: its successor list's start, length and room in the pool. */
  listStart: Int32Array;
  listCount: Int32Array;
  listRoom: Int32Array;
  /** Per record: the last day its successor list holds for (-1: it has none). */
  validUntil: Int32Array;
  /**
   * Per record: the option block (timed.ts) whose probabilities its list
   * leaves out, to be multiplied in when the list is used (-1: none), that
   * block's machine, and which of its options had a positive probability
   * when the list was worked out (timed.ts, `present`).
   */
  factorBlock: Int32Array;
  factorMachine: Int32Array;
  factorPresent: Int32Array;
  /** Per record: the solve ({@link epoch}) that last used it. */
  private seen: Int32Array;
  /** The current solve's number. */
  private epoch = 1;
  /**
   * Records used by the current solve (since {@link begin}, or since the
   * last {@link compact}): what `size` is in a fresh instance, so that
   * limits keyed on it act exactly as in a cold solve.
   */
  met = 0;
  private index: KeyIndex;

  /** No records yet, for `M` machines and keys below `keySpace`. */
  constructor(private readonly M: number, private readonly keySpace: number) {
    this.index = new KeyIndex(keySpace);
    this.key = new Float64Array(MIN_RECORDS);
    this.state = new Int32Array(MIN_RECORDS * M);
    this.clock = new Int32Array(MIN_RECORDS * M);
    this.mask = new Int32Array(MIN_RECORDS);
    this.listStart = new Int32Array(MIN_RECORDS);
    this.listCount = new Int32Array(MIN_RECORDS);
    this.listRoom = new Int32Array(MIN_RECORDS);
    this.validUntil = new Int32Array(MIN_RECORDS).fill(-1);
    this.factorBlock = new Int32Array(MIN_RECORDS).fill(-1);
    this.factorMachine = new Int32Array(MIN_RECORDS);
    this.factorPresent = new Int32Array(MIN_RECORDS);
    this.seen = new Int32Array(MIN_RECORDS);
  }

  /**
   * Starts a new solve over the records kept: every record loses its
   * successor list (lists hold probabilities of one model) and counts as not
   * yet met, as in a fresh instance.
   */
  begin(): void {
    this.epoch++;
    this.met = 0;
    this.dropLists();
    this.factorBlock.fill(-1, 0, this.size);
  }

  /**
   * The id of the joint state with `key`; when new, a record is made from
   * `state`, `clock` (per machine) and `mask`, which must encode to `key`.
   */
  idOf(key: number, state: Int32Array, clock: Int32Array, mask: number): number {
    const found = this.index.find(key);
    if (found < 0) return this.create(key, state, clock, mask);
    if (this.seen[found] !== this.epoch) {
      this.seen[found] = this.epoch;
      this.met++;
    }
    return found;
  }

  /** Makes the record of a key met for the first time. */
  private create(key: number, state: Int32Array, clock: Int32Array, mask: number): number {
    const id = this.size++;
    if (id >= this.key.length) this.grow();
    this.index.insert(key, id);
    this.key[id] = key;
    this.state.set(state, id * this.M);
    this.clock.set(clock, id * this.M);
    this.mask[id] = mask;
    this.validUntil[id] = -1;
    this.factorBlock[id] = -1;
    this.seen[id] = this.epoch;
    this.met++;
    return id;
  }

  /**
   * Keeps only the records `ids(0) … ids(n - 1)`, as ids `0 … n - 1` in that
   * order, without successor lists. Why: records are never removed
   * otherwise, and a model whose keys keep changing (clocks that run to
   * the horizon) would pile up records of joint states long gone.
   */
  compact(n: number, ids: (i: number) => number): void {
    const old = { key: this.key, state: this.state, clock: this.clock, mask: this.mask };
    const M = this.M;
    this.index = new KeyIndex(this.keySpace);
    this.size = 0;
    this.met = 0;
    this.key = new Float64Array(Math.max(MIN_RECORDS, n));
    this.state = new Int32Array(this.key.length * M);
    this.clock = new Int32Array(this.key.length * M);
    this.mask = new Int32Array(this.key.length);
    this.listStart = new Int32Array(this.key.length);
    this.listCount = new Int32Array(this.key.length);
    this.listRoom = new Int32Array(this.key.length);
    this.validUntil = new Int32Array(this.key.length).fill(-1);
    this.factorBlock = new Int32Array(this.key.length).fill(-1);
    this.factorMachine = new Int32Array(this.key.length);
    this.factorPresent = new Int32Array(this.key.length);
    this.seen = new Int32Array(this.key.length);
    for (let i = 0; i < n; i++) {
      const id = ids(i);
      this.create(old.key[id] ?? 0, old.state.subarray(id * M, id * M + M), old.clock.subarray(id * M, id * M + M), old.mask[id] ?? 0);
    }
  }

  /** Forgets every successor list (when the pool is reset). */
  dropLists(): void {
    this.validUntil.fill(-1, 0, this.size);
    this.listRoom.fill(0, 0, this.size);
    this.listCount.fill(0, 0, this.size);
  }

  /** Doubles the record arrays. */
  private grow(): void {
    const cap = this.key.length * 2;
    const M = this.M;
    this.key = copy(new Float64Array(cap), this.key);
    this.state = copy(new Int32Array(cap * M), this.state);
    this.clock = copy(new Int32Array(cap * M), this.clock);
    this.mask = copy(new Int32Array(cap), this.mask);
    this.listStart = copy(new Int32Array(cap), this.listStart);
    this.listCount = copy(new Int32Array(cap), this.listCount);
    this.listRoom = copy(new Int32Array(cap), this.listRoom);
    this.validUntil = copy(new Int32Array(cap).fill(-1), this.validUntil);
    this.factorBlock = copy(new Int32Array(cap).fill(-1), this.factorBlock);
    this.factorMachine = copy(new Int32Array(cap), this.factorMachine);
    this.factorPresent = copy(new Int32Array(cap), this.factorPresent);
    this.seen = copy(new Int32Array(cap), this.seen);
  }
}

/** Copies `from` into the start of `to` and returns `to`. */
function copy<T extends Int32Array | Float64Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
