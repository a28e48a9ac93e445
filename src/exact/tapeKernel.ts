/**
 * The replay's inner loop (tapeReplay.ts) as a tiny WebAssembly function,
 * emitted here byte by byte (there is no assembler among the dependencies):
 * for each recorded source of one day, its probability `p` is taken (and
 * zeroed) from table `a` and `p × lv[j]` (times `fv[fb + roff[j]]` for a
 * factored list) is added to `b[tgt[j]]` for each entry `j` of its list. It
 * returns the day's least `p` (for the underflow check).
 *
 * Why WebAssembly: this loop is nearly all of a replay (about 1.5 million
 * multiply-adds for the shipped scenario) and JavaScript's bounds checks and
 * loads cost about twice the arithmetic. Why it stays exact: WebAssembly's
 * `f64.mul` and `f64.add` are IEEE 754 binary64 operations rounded to
 * nearest, exactly JavaScript's, done in the same order (no fused
 * multiply-add, no reassociation). Where WebAssembly is missing, the same
 * loop runs in JavaScript ({@link spreadDayJs}).
 *
 * The byte encodings and the module frame are wasm.ts's (shared with the
 * solve's own loop, spreadKernel.ts).
 *
 * Layout: one memory per replayer (tapeSpread.ts); every array is addressed
 * by its byte offset, passed as a parameter; list entries are one stream of
 * {@link ENTRY_BYTES} each. Pure functions over the memory given.
 * @module
 */

import {
  ADD, BLOCK, BR, BR_IF, CompiledModule, ELSE, END, F64, FADD, FMIN, FMUL, GE_S, IF, LOAD32, LOAD32_AT, LOAD64, LOAD64_AT, LOOP, LT_S, LT_U,
  STORE64, SHL, address, bump, f64, get, i32c, moduleOf, set, tee, type KernelMemory,
} from "./wasm.js";

/** The function's parameters, in order (all i32 byte offsets or indices). */
const PARAMS = ["a", "b", "ent", "fv", "src", "sfrom", "sto", "sfb", "s0", "s1"] as const;
type Param = (typeof PARAMS)[number];
/** Extra locals: i32 (source index, entry pointer and end, factor base, an address), then two f64. */
const K = 10, PT = 11, END_PT = 12, FB = 13, ADDR = 14, P = 15, MINP = 16;
const I32_LOCALS = 5;
const p = (x: Param): number => PARAMS.indexOf(x);
/**
 * Bytes per list entry in the kernel's memory: its probability (f64, offset
 * 0), its target's byte offset in a table (i32, offset 8) and its factor's
 * byte offset in its block (i32, offset 12). One stream, read at fixed
 * offsets: no index arithmetic per entry.
 */
export const ENTRY_BYTES = 16;

/**
 * One list's entries, pointer style over the entry stream
 * ({@link ENTRY_BYTES} each): `b[tgt] += p × lv` (× the factor at
 * `fb + roff` when `factored`), while `PT < END_PT`, at least once (the
 * caller checks).
 */
function entries(factored: boolean): number[] {
  const factor = factored ? [...get(FB), ...get(PT), ...LOAD32_AT(12), ADD, ...LOAD64, FMUL] : [];
  return [
    ...LOOP,
    ...get(p("b")), ...get(PT), ...LOAD32_AT(8), ADD, ...tee(ADDR),
    ...get(ADDR), ...LOAD64, ...get(P), ...get(PT), ...LOAD64_AT(0), FMUL, ...factor, FADD, ...STORE64,
    ...bump(PT, ENTRY_BYTES),
    ...get(PT), ...get(END_PT), LT_U, BR_IF, 0,
    END,
  ];
}

/** The module's bytes: the day function (exported as `fn`) and its memory `mem`. */
function moduleBytes(): Uint8Array {
  const at = (arr: Param): number[] => [...address(get(p(arr)), get(K), 2), ...LOAD32];
  const body = [
    ...f64(1), ...set(MINP),
    ...get(p("s0")), ...set(K),
    ...BLOCK, ...LOOP,
    ...get(K), ...get(p("s1")), GE_S, BR_IF, 1,
    ...get(p("a")), ...at("src"), ...i32c(3), SHL, ADD, ...set(ADDR),
    ...get(ADDR), ...LOAD64, ...set(P),
    ...get(ADDR), ...f64(0), ...STORE64,
    ...get(P), ...get(MINP), FMIN, ...set(MINP),
    // The entry pointer and its end, ENTRY_BYTES (2^4) per entry.
    ...address(get(p("ent")), at("sfrom"), 4), ...set(PT),
    ...address(get(p("ent")), at("sto"), 4), ...set(END_PT),
    ...get(PT), ...get(END_PT), LT_U,
    ...IF,
    ...at("sfb"), ...tee(FB), ...i32c(0), LT_S,
    ...IF, ...entries(false), ELSE,
    ...address(get(p("fv")), get(FB), 3), ...set(FB),
    ...entries(true), END,
    END,
    ...bump(K, 1),
    BR, 0, END, END,
    ...get(MINP),
  ];
  return moduleOf(PARAMS.length, F64, I32_LOCALS, 2, body);
}

/** The day function: offsets as {@link PARAMS}; returns the day's least probability. */
export type DayFn = (a: number, b: number, ent: number, fv: number,
  src: number, sfrom: number, sto: number, sfb: number, s0: number, s1: number) => number;

/** A kernel instance: its memory and its day function. */
export interface Kernel {
  readonly memory: KernelMemory;
  readonly day: DayFn;
}

const compiled = new CompiledModule(moduleBytes);

/** A new kernel instance with its own memory, or undefined where WebAssembly cannot run it. */
export function newKernel(): Kernel | undefined {
  const inst = compiled.instance();
  if (inst === undefined) return undefined;
  const day: unknown = Reflect.get(inst.exports, "fn");
  if (typeof day !== "function") return undefined;
  const fn: DayFn = (a, b, ent, fv, src, sfrom, sto, sfb, s0, s1) => Number(day(a, b, ent, fv, src, sfrom, sto, sfb, s0, s1));
  return { memory: inst.memory, day: fn };
}

/**
 * The index arrays of a spread, fixed by a tape: per list entry its target
 * record (`tgt`) and factor offset (`roff`); per source its record (`src`),
 * its entries `sfrom … sto - 1`, and its factor block's first option (`sfb`;
 * -1: none).
 */
export interface SpreadIndex {
  readonly tgt: Int32Array;
  readonly roff: Int32Array;
  readonly src: Int32Array;
  readonly sfrom: Int32Array;
  readonly sto: Int32Array;
  readonly sfb: Int32Array;
}

/** The arrays one day's spread reads and writes (views, or plain typed arrays for the JavaScript loop): the index, and the entries' (`lv`) and options' (`fv`) probabilities. */
export interface SpreadArrays extends SpreadIndex {
  readonly lv: Float64Array;
  readonly fv: Float64Array;
}

/** The kernel's loop in JavaScript: sources `s0 … s1 - 1` from `a` into `b`; returns the least probability taken. */
export function spreadDayJs(x: SpreadArrays, a: Float64Array, b: Float64Array, s0: number, s1: number): number {
  const { src, sfrom, sto, sfb, tgt, lv, fv, roff } = x;
  let minP = 1;
  for (let k = s0; k < s1; k++) {
    const id = src[k] ?? 0;
    const pk = a[id] ?? 0;
    a[id] = 0;
    if (pk < minP) minP = pk;
    const from = sfrom[k] ?? 0;
    const to = sto[k] ?? 0;
    const fb = sfb[k] ?? -1;
    if (fb < 0) plain(pk, b, tgt, lv, from, to);
    else factored(pk, b, tgt, lv, from, to, fv, roff, fb);
  }
  return minP;
}

function plain(pk: number, b: Float64Array, tgt: Int32Array, lv: Float64Array, from: number, to: number): void {
  for (let j = from; j < to; j++) {
    const t = tgt[j] ?? 0;
    b[t] = (b[t] ?? 0) + pk * (lv[j] ?? 0);
  }
}

function factored(pk: number, b: Float64Array, tgt: Int32Array, lv: Float64Array, from: number, to: number,
  fv: Float64Array, roff: Int32Array, fb: number): void {
  for (let j = from; j < to; j++) {
    const t = tgt[j] ?? 0;
    b[t] = (b[t] ?? 0) + pk * (lv[j] ?? 0) * (fv[fb + (roff[j] ?? 0)] ?? 0);
  }
}
