/**
 * The solve's day loop (step.ts) in WebAssembly: for each joint state of
 * the day, in the table's order, `p × entry` (times the entry's factor
 * option, as `(p × entry) × factor`) is added to the entry's record in the
 * next day's table, products that are not positive skipped, and a record
 * whose value was 0 appended to the table's order: exactly the JavaScript
 * loop of step.ts and table.ts (`spreadList`, `spreadFactored`), the same
 * IEEE 754 operations in the same order, so the same numbers bit for bit.
 *
 * Why: this loop carries almost all of a solve's probability (about 1.6
 * million multiply-adds over 122,000 joint states for the shipped
 * scenario), and V8 runs it several times slower in JavaScript than in
 * WebAssembly (measured on the shipped scenario's lists: 3.7–8 ms against
 * about 1.5 ms for the multiply-adds alone).
 *
 * How (the function itself is spreadLoop.ts's): the kernel's memory holds
 * copies of what the loop reads: every committed successor list
 * (successors.ts; copied when committed), every option block's last day,
 * options present and probabilities (timed.ts; copied when built), per
 * record where its list is, its last day and its factor block, the day's
 * joint states and probabilities, and the next day's table, which at the
 * end of the day becomes the next day's joint states in place (the
 * DayTable is filled from it only when something else reads it). The loop
 * stops at the first joint state whose list JavaScript must work out or
 * check first (step.ts does, tells the kernel, and resumes it there) and
 * when the table passes its limit, so the order of every operation and of
 * every error is a plain loop's. Mutable; one solve at a time.
 * @module
 */
import { BLOCK_BYTES, ENTRY, RECORD, dayLoopBytes, type DayFn } from "./spreadLoop.js";
import type { Successors } from "./successors.js";
import type { DayTable } from "./table.js";
import { CompiledModule, type KernelMemory } from "./wasm.js";

const compiled = new CompiledModule(dayLoopBytes);
/** The most memory the shared kernel keeps from one solve to the next (64 MiB). */
const SHARED_BYTES = 64 << 20;
/** The shared kernel (null: WebAssembly cannot run here). */
let spare: SpreadKernel | null | undefined;

/** Capacities, in elements: record ids, list entries, options, joint states of a day, option blocks. */
interface Sizes { ids: number; entries: number; factors: number; sources: number; blocks: number }

/** The kernel and its memory. */
export class SpreadKernel {
  private cap: Sizes = { ids: 0, entries: 0, factors: 0, sources: 0, blocks: 0 };
  /** Byte offsets of the regions (the size's i32 lives at 0); `top`: the first free byte. */
  private at = { src: 8, srcP: 8, rec: 8, v: 8, o: 8, ent: 8, fac: 8, blk: 8, top: 8 };
  private src = new Int32Array(0);
  private srcP = new Float64Array(0);
  private rec = new Int32Array(0);
  private v = new Float64Array(0);
  private o = new Int32Array(0);
  private entF = new Float64Array(0);
  private entI = new Int32Array(0);
  private fac = new Float64Array(0);
  private blk = new Int32Array(0);
  private state = new Int32Array(0);
  /** The table whose content the kernel holds (kept at the end of a day, {@link keep}), and its size. */
  private holds: DayTable | undefined;
  private heldSize = 0;

  private constructor(private readonly memory: KernelMemory, private readonly fn: DayFn) {
    this.state = new Int32Array(memory.buffer, 0, 2);
  }

  /**
   * The process's kernel, or undefined where WebAssembly cannot run it.
   * Why one for all solves: a solve runs to its end without yielding, so
   * solves never use it at the same time, and {@link begin} starts it
   * afresh in every way that matters; a new instance and memory per solve
   * cost more than a small solve's spread. A memory grown past 64 MiB is
   * not kept for the next solve.
   */
  static shared(): SpreadKernel | undefined {
    if (spare === undefined || (spare !== null && spare.memory.buffer.byteLength > SHARED_BYTES)) spare = SpreadKernel.create() ?? null;
    return spare ?? undefined;
  }

  private static create(): SpreadKernel | undefined {
    const inst = compiled.instance();
    if (inst === undefined) return undefined;
    const fn: unknown = Reflect.get(inst.exports, "fn");
    if (typeof fn !== "function") return undefined;
    return new SpreadKernel(inst.memory, (i0, n, day, limit, src, srcP, rec, v, o, ent, fac, blk, state) =>
      Number(fn(i0, n, day, limit, src, srcP, rec, v, o, ent, fac, blk, state)));
  }

  /**
   * Makes room for record ids below `ids`, list entries below `entries`,
   * options below `factors`, `sources` joint states a day and option blocks
   * below `blocks` (0: as many as now), keeping what is held; the room
   * added is zeros (records and blocks not known to the kernel, values 0).
   * The regions are laid out anew (a WebAssembly memory only grows, so
   * the old content is saved aside first and copied back), so the memory
   * is never much larger than what the regions need.
   */
  reserve(ids: number, entries = 0, factors = 0, sources = 0, blocks = 0): void {
    const c = this.cap;
    if (ids <= c.ids && entries <= c.entries && factors <= c.factors && sources <= c.sources && blocks <= c.blocks) return;
    const grow = (need: number, have: number): number => (need <= have ? have : Math.max(need, 2 * have, 256));
    // Even counts keep every region 8-byte aligned.
    const idCap = (grow(ids, c.ids) + 1) & ~1;
    // Room for a joint state per record: the loop keeps the day's table there at its end.
    const next: Sizes = {
      ids: idCap, entries: grow(entries, c.entries), factors: grow(factors, c.factors),
      sources: Math.max(idCap, (grow(sources, c.sources) + 1) & ~1), blocks: grow(blocks, c.blocks),
    };
    const old = this.at;
    const saved = new Uint8Array(this.memory.buffer.slice(0, old.top));
    const at = { src: 8, srcP: 0, rec: 0, v: 0, o: 0, ent: 0, fac: 0, blk: 0, top: 0 };
    at.srcP = at.src + 4 * next.sources;
    at.rec = at.srcP + 8 * next.sources;
    at.v = at.rec + RECORD * next.ids;
    at.o = at.v + 8 * next.ids;
    at.ent = at.o + 4 * next.ids;
    at.fac = at.ent + ENTRY * next.entries;
    at.blk = at.fac + 8 * next.factors;
    at.top = at.blk + BLOCK_BYTES * next.blocks;
    const have = this.memory.buffer.byteLength;
    if (at.top > have) this.memory.grow(Math.ceil((at.top - have) / 65536));
    const buf = this.memory.buffer;
    const bytes = new Uint8Array(buf);
    bytes.fill(0, 8, at.top);
    const copy = (from: number, to: number, n: number): void => { if (n > 0) bytes.set(saved.subarray(from, from + n), to); };
    copy(old.src, at.src, 4 * c.sources);
    copy(old.srcP, at.srcP, 8 * c.sources);
    copy(old.rec, at.rec, RECORD * c.ids);
    copy(old.v, at.v, 8 * c.ids);
    copy(old.o, at.o, 4 * c.ids);
    copy(old.ent, at.ent, ENTRY * c.entries);
    copy(old.fac, at.fac, 8 * c.factors);
    copy(old.blk, at.blk, BLOCK_BYTES * c.blocks);
    this.at = at;
    this.cap = next;
    this.src = new Int32Array(buf, at.src, next.sources);
    this.srcP = new Float64Array(buf, at.srcP, next.sources);
    this.rec = new Int32Array(buf, at.rec, (RECORD / 4) * next.ids);
    this.v = new Float64Array(buf, at.v, next.ids);
    this.o = new Int32Array(buf, at.o, next.ids);
    this.entF = new Float64Array(buf, at.ent, (ENTRY / 8) * next.entries);
    this.entI = new Int32Array(buf, at.ent, (ENTRY / 4) * next.entries);
    this.fac = new Float64Array(buf, at.fac, next.factors);
    this.blk = new Int32Array(buf, at.blk, (BLOCK_BYTES / 4) * next.blocks);
    this.state = new Int32Array(buf, 0, 2);
  }

  /** Starts a solve: no record known, nothing held (clearing what an interrupted solve left). */
  begin(factors: number, blocks: number): void {
    this.reserve(0, 0, factors, 0, blocks);
    this.forget();
    // No block built yet (0 is before day 1).
    this.blk.fill(0);
    this.v.fill(0);
    this.state[0] = 0;
  }

  /**
   * Forgets every record's list (they were dropped or renumbered): the loop
   * stops at each until it is told again; and the table it holds (its ids
   * may be renumbered: the DayTable, filled, is the one to read).
   */
  forget(): void {
    this.rec.fill(0);
    this.holds = undefined;
  }

  /**
   * Takes in the day's joint states and probabilities in `cur`'s order,
   * and returns how many: those it holds for `cur` (its last day's table),
   * else moved in from `cur` (room for its records reserved by the caller).
   * Leaves `cur` empty, so that emptying it later, as the next day's
   * table, costs nothing.
   */
  take(cur: DayTable): number {
    if (this.holds === cur) {
      this.holds = undefined;
      // Filled for a reader since (the same numbers): emptied as it would have been.
      cur.clear();
      return this.heldSize;
    }
    this.holds = undefined;
    const n = cur.size;
    this.reserve(0, 0, 0, n);
    const { src, srcP } = this;
    const order = cur.order;
    const vals = cur.vals;
    for (let i = 0; i < n; i++) {
      const id = order[i] ?? 0;
      src[i] = id;
      srcP[i] = vals[id] ?? 0;
      vals[id] = 0;
    }
    cur.size = 0;
    return n;
  }

  /** The record of the day's `i`-th joint state (as taken in). */
  sourceAt(i: number): number {
    return this.src[i] ?? 0;
  }

  /** Copies the committed list at pool entries `from … from + count - 1` of `lists`. */
  list(lists: Successors, from: number, count: number): void {
    // As much room as the pool has: its lists are copied where they are.
    this.reserve(0, Math.max(from + count, lists.ids.length));
    const { entF, entI } = this;
    const { ids, probs, refs } = lists;
    for (let j = from; j < from + count; j++) {
      entF[2 * j] = probs[j] ?? 0;
      entI[4 * j + 2] = 8 * (ids[j] ?? 0);
      const r = refs[j] ?? -1;
      entI[4 * j + 3] = r >= 0 ? 8 * r : 0;
    }
  }

  /** Copies option block `block` just built (timed.ts): the last day it holds, its options present, and options `from … from + count - 1`'s probabilities. */
  block(block: number, until: number, present: number, prob: Float64Array, from: number, count: number): void {
    this.fac.set(prob.subarray(from, from + count), from);
    this.blk[2 * block] = until;
    this.blk[2 * block + 1] = present;
  }

  /**
   * Record `id`'s list (entries `from … from + count - 1`) may be used
   * through day `good`, times the options of factor block `block` (-1:
   * none) while that block holds and has no option present beyond
   * `present` (those present when the list was worked out).
   */
  record(id: number, good: number, from: number, count: number, block: number, present: number): void {
    const r = this.rec;
    const at = (RECORD / 4) * id;
    r[at] = good;
    r[at + 1] = from;
    r[at + 2] = count;
    r[at + 3] = block;
    r[at + 4] = present;
  }

  /** The next day's table size so far. */
  get size(): number {
    return this.state[0] ?? 0;
  }

  /** Spreads the loaded joint states from `i0` on (of `n`) until one needs a look from JavaScript or the table passes `limit`; returns where it stopped. */
  run(i0: number, n: number, day: number, limit: number): number {
    const { at } = this;
    return this.fn(i0, n, day, limit, at.src, at.srcP, at.rec, at.v, at.o, at.ent, at.fac, at.blk, 0);
  }

  /**
   * Keeps the day's table as the next day's joint states for `next`, which
   * stays empty until {@link fill}ed (most days nothing but the next day
   * reads it); the loop moved it there when it passed the last joint state.
   * Returns its size.
   */
  keep(next: DayTable): number {
    const size = this.size;
    this.state[0] = 0;
    this.holds = next;
    this.heldSize = size;
    return size;
  }

  /** Fills `table` (empty, with room for every id) with what the kernel holds for it, if it holds it and it is empty; returns it. */
  fill(table: DayTable): DayTable {
    if (this.holds !== table || table.size > 0) return table;
    const { src, srcP } = this;
    const vals = table.vals;
    const order = table.order;
    const n = this.heldSize;
    for (let i = 0; i < n; i++) {
      const id = src[i] ?? 0;
      order[i] = id;
      vals[id] = srcP[i] ?? 0;
    }
    table.size = n;
    return table;
  }
}
