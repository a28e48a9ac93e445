/**
 * Every operation an expression can perform, each written twice side by side:
 * the JavaScript the compiler emits for it and the same computation on
 * numbers, used to fold constants. Why both: folding by evaluating the
 * emitted code (`new Function` per folded node) costs a V8 compilation each,
 * about 7 µs, or tens of milliseconds for one 5,000-node expression and
 * seconds for a file of them; folding directly is free. The two forms are
 * kept equal by test/model/expr-ops.test.ts, which compares the folded and
 * the compiled value of every operation on the same inputs. Pure.
 * @module
 */
import type { BinaryOp, MathFunction } from "../scenario/expression.js";

/** Truthiness of a number: non-zero and not NaN. */
export const T = (x: number): boolean => x !== 0 && x === x;

/** Helpers the generated code calls; folding calls the same ones. */
export const H = {
  /** mathjs's `mod`: the remainder with the sign of the divisor, and x mod 0 = x. */
  mod: (x: number, y: number): number => (y === 0 ? x : x - y * Math.floor(x / y)),
  /** Rounds half away from zero, as mathjs does (Math.round rounds -2.5 to -2). */
  round: (x: number): number => Math.sign(x) * Math.round(Math.abs(x)),
  clamp: (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi),
};

/** A binary operation: its code over two operand codes, and its value over two numbers. */
interface Binary {
  readonly code: (l: string, r: string) => string;
  readonly value: (l: number, r: number) => number;
}

const b = (x: boolean): number => (x ? 1 : 0);

/** Each binary operator as code and as value. */
export const BINARY_OPS: Readonly<Record<BinaryOp, Binary>> = {
  add: { code: (l, r) => `(${l} + ${r})`, value: (l, r) => l + r },
  subtract: { code: (l, r) => `(${l} - ${r})`, value: (l, r) => l - r },
  multiply: { code: (l, r) => `(${l} * ${r})`, value: (l, r) => l * r },
  divide: { code: (l, r) => `(${l} / ${r})`, value: (l, r) => l / r },
  pow: { code: (l, r) => `Math.pow(${l}, ${r})`, value: (l, r) => Math.pow(l, r) },
  mod: { code: (l, r) => `H.mod(${l}, ${r})`, value: (l, r) => H.mod(l, r) },
  equal: { code: (l, r) => `(${l} === ${r} ? 1 : 0)`, value: (l, r) => b(l === r) },
  unequal: { code: (l, r) => `(${l} !== ${r} ? 1 : 0)`, value: (l, r) => b(l !== r) },
  smaller: { code: (l, r) => `(${l} < ${r} ? 1 : 0)`, value: (l, r) => b(l < r) },
  smallerEq: { code: (l, r) => `(${l} <= ${r} ? 1 : 0)`, value: (l, r) => b(l <= r) },
  larger: { code: (l, r) => `(${l} > ${r} ? 1 : 0)`, value: (l, r) => b(l > r) },
  largerEq: { code: (l, r) => `(${l} >= ${r} ? 1 : 0)`, value: (l, r) => b(l >= r) },
  and: { code: (l, r) => `(T(${l}) && T(${r}) ? 1 : 0)`, value: (l, r) => b(T(l) && T(r)) },
  or: { code: (l, r) => `(T(${l}) || T(${r}) ? 1 : 0)`, value: (l, r) => b(T(l) || T(r)) },
  xor: { code: (l, r) => `(T(${l}) !== T(${r}) ? 1 : 0)`, value: (l, r) => b(T(l) !== T(r)) },
};

/** Unary minus and `not`, as code and as value. */
export const UNARY_OPS = {
  neg: { code: (a: string): string => `(-${a})`, value: (a: number): number => -a },
  not: { code: (a: string): string => `(T(${a}) ? 0 : 1)`, value: (a: number): number => b(!T(a)) },
} as const;

/** A function call: its code over argument codes, and its value over numbers. */
interface Call {
  readonly code: (args: readonly string[]) => string;
  readonly value: (args: readonly number[]) => number;
}

const math1 = (fn: "abs" | "exp" | "log" | "sqrt" | "floor" | "ceil", f: (x: number) => number): Call => ({
  code: (args) => `Math.${fn}(${args.join(", ")})`,
  value: (args) => f(args[0] ?? NaN),
});

/** Each whitelisted function as code and as value. */
export const CALLS: Readonly<Record<MathFunction, Call>> = {
  // Spreading is safe here: a call has at most MAX_CALL_ARGS (1,000) arguments, far below V8's 65,535.
  min: { code: (args) => `Math.min(${args.join(", ")})`, value: (args) => Math.min(...args) },
  max: { code: (args) => `Math.max(${args.join(", ")})`, value: (args) => Math.max(...args) },
  abs: math1("abs", Math.abs),
  exp: math1("exp", Math.exp),
  log: math1("log", Math.log),
  sqrt: math1("sqrt", Math.sqrt),
  floor: math1("floor", Math.floor),
  ceil: math1("ceil", Math.ceil),
  round: { code: (args) => `H.round(${args.join(", ")})`, value: (args) => H.round(args[0] ?? NaN) },
  clamp: {
    code: (args) => `H.clamp(${args.join(", ")})`,
    value: (args) => H.clamp(args[0] ?? NaN, args[1] ?? NaN, args[2] ?? NaN),
  },
};
