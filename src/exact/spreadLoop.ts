/**
 * The WebAssembly function of the solve's day loop (spreadKernel.ts runs
 * it; the byte encodings are wasm.ts's): its parameters, the layout of
 * what it reads in the kernel's memory, and its code. It does, in order,
 * exactly what the JavaScript loop of step.ts and table.ts does (products
 * `(p × entry) × factor`, skipped unless positive, added into the next
 * day's table, a record appended to the table's order when its value was
 * 0), so the numbers are the same bit for bit. Why a module of its own:
 * the layout is the contract between this code and the kernel's copies,
 * kept in one place apart from the kernel's bookkeeping. Pure.
 * @module
 */
import {
  ADD, BLOCK, BR, BR_IF, ELSE, END, FADD, FEQ, FGT, FMUL, GE_S, I32, IF, LOAD32, LOAD32_AT, LOAD64, LOAD64_AT, LOOP, LT_S, LT_U,
  SHL, SHR_U, STORE32, STORE64, address, bump, f64, get, i32c, moduleOf, set, tee,
} from "./wasm.js";

/** Parameters: first joint state, their number, the day, the table's limit; then byte offsets of the regions. */
const I0 = 0, N = 1, DAY = 2, LIMIT = 3, SRC = 4, SRCP = 5, REC = 6, V = 7, O = 8, ENT = 9, FAC = 10, BLK = 11, STATE = 12;
const PARAMS = 13;
/**
 * Extra locals: i32 (index, record, its address, entry pointer and end, target's byte offset and address, size, factor
 * block and its address), f64 (p, product, old value).
 */
const K = 13, ID = 14, RA = 15, PT = 16, END_PT = 17, T = 18, TA = 19, SIZE = 20, B = 21, BA = 22, P = 23, Q = 24, OLD = 25;
/** Bytes per entry: probability (f64 at 0), target record × 8 (i32 at 8), factor option × 8 (i32 at 12). */
export const ENTRY = 16;
/**
 * Bytes per record: the last day its list may be used unchecked (i32 at 0), its first entry (4), its length (8), its
 * factor block (12; -1: none), the block's options present when the list was worked out (16).
 */
export const RECORD = 32;
/** Bytes per option block: the last day it holds (i32 at 0), its options present (4); as timed.ts has them. */
export const BLOCK_BYTES = 8;
const GT_S = 0x4a, AND = 0x71, XOR = 0x73;
/** `i32.const -1`. */
const MINUS_ONE = [0x41, 0x7f];

/** One list's entries (at least one; the caller checks), as the module comment says. */
function entries(factored: boolean): number[] {
  const factor = factored ? [...get(FAC), ...get(PT), ...LOAD32_AT(12), ADD, ...LOAD64, FMUL] : [];
  return [
    ...LOOP,
    ...get(P), ...get(PT), ...LOAD64_AT(0), FMUL, ...factor, ...tee(Q), ...f64(0), FGT,
    ...IF,
    ...get(PT), ...LOAD32_AT(8), ...tee(T), ...get(V), ADD, ...tee(TA),
    ...get(TA), ...LOAD64, ...tee(OLD), ...get(Q), FADD, ...STORE64,
    // A held record has a positive probability, so 0 marks a new one.
    ...get(OLD), ...f64(0), FEQ,
    ...IF,
    ...address(get(O), get(SIZE), 2), ...get(T), ...i32c(3), SHR_U, ...STORE32,
    ...bump(SIZE, 1),
    END,
    END,
    ...bump(PT, ENTRY),
    ...get(PT), ...get(END_PT), LT_U, BR_IF, 0,
    END,
  ];
}

/**
 * The module: `fn(i0, n, day, limit, src, srcP, rec, v, o, ent, fac, blk,
 * state)` (a {@link DayFn}) spreads joint states `i0 …` as long as their lists may be used
 * and the table's size (an i32 at `state`) stays within `limit`; returns
 * the index of the first joint state it did not spread. Past the last one
 * (`n`), it moves the table into `src` and `srcP` (the next day's joint
 * states, in order) and zeroes `v`.
 */
export function dayLoopBytes(): Uint8Array {
  const body = [
    ...get(STATE), ...LOAD32, ...set(SIZE),
    ...get(I0), ...set(K),
    ...BLOCK, ...LOOP,
    ...get(K), ...get(N), GE_S, BR_IF, 1,
    ...address(get(SRC), get(K), 2), ...LOAD32, ...set(ID),
    ...address(get(REC), get(ID), 5), ...tee(RA), ...LOAD32, ...get(DAY), LT_S, BR_IF, 1,
    // A factored list: its block must hold today, with no option present that was not when the list was worked out.
    ...get(RA), ...LOAD32_AT(12), ...tee(B), ...i32c(0), GE_S,
    ...IF,
    ...address(get(BLK), get(B), 3), ...tee(BA), ...LOAD32, ...get(DAY), LT_S, BR_IF, 2,
    ...get(BA), ...LOAD32_AT(4), ...get(RA), ...LOAD32_AT(16), ...MINUS_ONE, XOR, AND, BR_IF, 2,
    END,
    ...address(get(SRCP), get(K), 3), ...LOAD64, ...set(P),
    ...address(get(ENT), [...get(RA), ...LOAD32_AT(4)], 4), ...tee(PT),
    ...get(RA), ...LOAD32_AT(8), ...i32c(4), SHL, ADD, ...set(END_PT),
    ...get(PT), ...get(END_PT), LT_U,
    ...IF,
    ...get(B), ...i32c(0), LT_S,
    ...IF, ...entries(false), ELSE, ...entries(true), END,
    END,
    ...bump(K, 1),
    ...get(SIZE), ...get(LIMIT), GT_S, BR_IF, 1,
    BR, 0, END, END,
    ...get(STATE), ...get(SIZE), ...STORE32,
    // Past the last joint state: the table becomes the next day's joint states (`keep`), its values zeroed.
    ...get(K), ...get(N), GE_S,
    ...IF,
    ...i32c(0), ...set(K),
    ...BLOCK, ...LOOP,
    ...get(K), ...get(SIZE), GE_S, BR_IF, 1,
    ...address(get(O), get(K), 2), ...LOAD32, ...set(ID),
    ...address(get(SRC), get(K), 2), ...get(ID), ...STORE32,
    ...address(get(V), get(ID), 3), ...tee(TA), ...LOAD64, ...set(P),
    ...address(get(SRCP), get(K), 3), ...get(P), ...STORE64,
    ...get(TA), ...f64(0), ...STORE64,
    ...bump(K, 1),
    BR, 0, END, END,
    ...get(N), ...set(K),
    END,
    ...get(K),
  ];
  return moduleOf(PARAMS, I32, 10, 3, body);
}

/** The module's function (arguments as {@link dayLoopBytes} says). */
export type DayFn = (i0: number, n: number, day: number, limit: number, src: number, srcP: number, rec: number, v: number, o: number,
  ent: number, fac: number, blk: number, state: number) => number;
