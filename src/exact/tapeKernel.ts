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
 * Layout: one memory per replayer (tapeSpread.ts); every array is addressed
 * by its byte offset, passed as a parameter; list entries are one stream of
 * {@link ENTRY_BYTES} each. Pure functions over the memory given.
 * @module
 */

/** The function's parameters, in order (all i32 byte offsets or indices). */
const PARAMS = ["a", "b", "ent", "fv", "src", "sfrom", "sto", "sfb", "s0", "s1"] as const;
type Param = (typeof PARAMS)[number];
/** Extra locals: i32 (source index, entry pointer and end, factor base, an address), then two f64. */
const K = 10, PT = 11, END_PT = 12, FB = 13, ADDR = 14, P = 15, MINP = 16;
const I32_LOCALS = 5;
/**
 * Bytes per list entry in the kernel's memory: its probability (f64, offset
 * 0), its target's byte offset in a table (i32, offset 8) and its factor's
 * byte offset in its block (i32, offset 12). One stream, read at fixed
 * offsets: no index arithmetic per entry.
 */
export const ENTRY_BYTES = 16;

const I32 = 0x7f;
const F64 = 0x7c;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function f64(x: number): number[] {
  return [0x44, ...new Uint8Array(new Float64Array([x]).buffer)];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const tee = (i: number): number[] => [0x22, ...uleb(i)];
const p = (x: Param): number => PARAMS.indexOf(x);
const i32c = (v: number): number[] => [0x41, v]; // small non-negative constants only (< 64)
const ADD = 0x6a, SHL = 0x74, GE_S = 0x4e, LT_S = 0x48, LT_U = 0x49;
const LOAD32 = [0x28, 0x02, 0x00], LOAD64 = [0x2b, 0x03, 0x00], STORE64 = [0x39, 0x03, 0x00];
/** Loads at a fixed offset from the address on the stack (memarg: alignment, offset). */
const LOAD32_AT = (offset: number): number[] => [0x28, 0x02, offset];
const LOAD64_AT = (offset: number): number[] => [0x2b, 0x03, offset];
const FADD = 0xa0, FMUL = 0xa2, FMIN = 0xa4;
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], IF = [0x04, 0x40], ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d;

/** `base + (index << shift)`. */
function address(base: number[], index: number[], shift: number): number[] {
  return [...base, ...index, ...i32c(shift), SHL, ADD];
}

/** `local += step`. */
function bump(local: number, step: number): number[] {
  return [...get(local), ...i32c(step), ADD, ...set(local)];
}

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

/** The module's bytes: one function `day` and one memory `mem`, both exported. */
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
    ...get(MINP), END,
  ];
  const code = [...uleb(2), ...uleb(I32_LOCALS), I32, ...uleb(2), F64, ...body];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, ...uleb(PARAMS.length), ...PARAMS.map(() => I32), 1, F64]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name("day"), 0x00, 0, ...name("mem"), 0x02, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** The day function: offsets as {@link PARAMS}; returns the day's least probability. */
export type DayFn = (a: number, b: number, ent: number, fv: number,
  src: number, sfrom: number, sto: number, sfb: number, s0: number, s1: number) => number;

/** What this module uses of a WebAssembly memory (the project's type libraries declare no WebAssembly). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A kernel instance: its memory and its day function. */
export interface Kernel {
  readonly memory: KernelMemory;
  readonly day: DayFn;
}

/** What this module uses of the WebAssembly API. */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}

function isWasmApi(x: unknown): x is WasmApi {
  return typeof x === "object" && x !== null && "Module" in x && typeof x.Module === "function" && "Instance" in x && typeof x.Instance === "function";
}

function isMemory(x: unknown): x is KernelMemory {
  return typeof x === "object" && x !== null && "buffer" in x && x.buffer instanceof ArrayBuffer && "grow" in x && typeof x.grow === "function";
}

let compiled: object | null | undefined;

/** A new kernel instance with its own memory, or undefined where WebAssembly cannot run it. */
export function newKernel(): Kernel | undefined {
  const api: unknown = Reflect.get(globalThis, "WebAssembly");
  if (!isWasmApi(api)) return undefined;
  try {
    if (compiled === undefined) compiled = new api.Module(moduleBytes());
    if (compiled === null) return undefined;
    const exports: object = new api.Instance(compiled, {}).exports;
    const day: unknown = Reflect.get(exports, "day");
    const mem: unknown = Reflect.get(exports, "mem");
    if (typeof day !== "function" || !isMemory(mem)) return undefined;
    const fn: DayFn = (a, b, ent, fv, src, sfrom, sto, sfb, s0, s1) => Number(day(a, b, ent, fv, src, sfrom, sto, sfb, s0, s1));
    return { memory: mem, day: fn };
  } catch {
    compiled = null;
    return undefined;
  }
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
