/**
 * What the exact solver's two WebAssembly loops (tapeKernel.ts for the
 * replay, spreadKernel.ts for the solve) share: the few byte encodings they
 * are written with (there is no assembler among the dependencies), the
 * module frame (one function, one memory, both exported) and instantiating
 * it where WebAssembly runs. Why WebAssembly at all: the day's spread is a
 * scatter of multiply-adds that V8's optimised JavaScript runs several
 * times slower (bounds and map checks, reloads per element), while
 * WebAssembly's `f64.mul` and `f64.add` are the same IEEE 754 operations,
 * so the numbers stay bit for bit the same. Pure (the module cache aside).
 * @module
 */

export const I32 = 0x7f;
export const F64 = 0x7c;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
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

/** `f64.const x`. */
export function f64(x: number): number[] {
  return [0x44, ...new Uint8Array(new Float64Array([x]).buffer)];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

export function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

export const get = (i: number): number[] => [0x20, ...uleb(i)];
export const set = (i: number): number[] => [0x21, ...uleb(i)];
export const tee = (i: number): number[] => [0x22, ...uleb(i)];
/** `i32.const v`, for small non-negative constants only (< 64). */
export const i32c = (v: number): number[] => [0x41, v];
export const ADD = 0x6a, SHL = 0x74, SHR_U = 0x76, GE_S = 0x4e, LT_S = 0x48, LT_U = 0x49;
export const LOAD32 = [0x28, 0x02, 0x00], LOAD64 = [0x2b, 0x03, 0x00], STORE32 = [0x36, 0x02, 0x00], STORE64 = [0x39, 0x03, 0x00];
/** Loads at a fixed offset from the address on the stack (memarg: alignment, offset). */
export const LOAD32_AT = (offset: number): number[] => [0x28, 0x02, offset];
export const LOAD64_AT = (offset: number): number[] => [0x2b, 0x03, offset];
export const FADD = 0xa0, FMUL = 0xa2, FMIN = 0xa4, FEQ = 0x61, FGT = 0x64;
export const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], IF = [0x04, 0x40], ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d;

/** `base + (index << shift)`. */
export function address(base: number[], index: number[], shift: number): number[] {
  return [...base, ...index, ...i32c(shift), SHL, ADD];
}

/** `local += step`. */
export function bump(local: number, step: number): number[] {
  return [...get(local), ...i32c(step), ADD, ...set(local)];
}

/**
 * A module of one function `fn` (`params` i32 parameters, one result of
 * type `result`; extra locals `i32Locals` i32 then `f64Locals` f64; `body`
 * without its final `end`) and one memory `mem` of one page, both exported.
 */
export function moduleOf(params: number, result: number, i32Locals: number, f64Locals: number, body: number[]): Uint8Array {
  const code = [...uleb(2), ...uleb(i32Locals), I32, ...uleb(f64Locals), F64, ...body, END];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, ...uleb(params), ...Array.from({ length: params }, () => I32), 1, result]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name("fn"), 0x00, 0, ...name("mem"), 0x02, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** What these modules use of a WebAssembly memory (the project's type libraries declare no WebAssembly). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
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

/** A module compiled once per process from its bytes (null: WebAssembly cannot run it here). */
export class CompiledModule {
  private compiled: object | null | undefined;

  constructor(private readonly bytes: () => Uint8Array) {}

  /** A new instance's exports (its function `fn`, still to be narrowed by the caller) and memory, or undefined where WebAssembly cannot run it. */
  instance(): { readonly memory: KernelMemory; readonly exports: object } | undefined {
    const api: unknown = Reflect.get(globalThis, "WebAssembly");
    if (!isWasmApi(api) || this.compiled === null) return undefined;
    try {
      if (this.compiled === undefined) this.compiled = new api.Module(this.bytes());
      const exports: object = new api.Instance(this.compiled, {}).exports;
      const mem: unknown = Reflect.get(exports, "mem");
      if (!isMemory(mem)) return undefined;
      return { memory: mem, exports };
    } catch {
      this.compiled = null;
      return undefined;
    }
  }
}
