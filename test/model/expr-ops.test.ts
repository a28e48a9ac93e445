import { describe, expect, it } from "vitest";
import { compileExpr, type ExprEnv } from "../../src/model/expr.js";
import { BINARY_OPS, CALLS } from "../../src/model/exprOps.js";
import type { EvalFrame } from "../../src/model/frame.js";
import { parseExpression, type BinaryOp, type Expr, type MathFunction } from "../../src/scenario/expression.js";

const env: ExprEnv = {
  params: new Map([["p", 0.1], ["q", 0.2]]), machineIndex: new Map([["m", 0]]), stateIndex: new Map([["m.a", 0]]),
  start: "2026-01-01", days: 100, machine: 0,
};
const frame: EvalFrame = { state: Int32Array.of(0), visited: Uint8Array.of(1), entry: Int32Array.of(0), day: 0 };

/** The value of a tree: folded when it is constant, else from the generated function. */
function run(expr: Expr): { value: number; folded: boolean } {
  const c = compileExpr({ path: ["x"], text: "", expr }, env);
  return { value: c.fn(frame), folded: c.constant !== undefined };
}

const num = (value: number): Expr => ({ kind: "num", value });
/** The same number, hidden from folding behind a test of the (true) state m.a. */
const opaque = (value: number): Expr => ({ kind: "cond", test: { kind: "in", machine: "m", state: "a" }, then: num(value), else: num(-99) });

const VALUES = [0, -0, 1, -1, 2, 3, -7, 0.5, -0.5, 2.5, -2.5, 1e-300, 1e300, NaN, Infinity, -Infinity];

// Folding computes each operation directly, the generated code through V8: the two must agree exactly
// (Object.is: NaN equals NaN, -0 differs from 0) on every operation and input, or `exact` and `run`
// would see different values for the same expression.
describe("folded and compiled values agree", () => {
  it.each(Object.keys(BINARY_OPS) as BinaryOp[])("binary %s", (op) => {
    for (const l of VALUES) {
      for (const r of VALUES) {
        const folded = run({ kind: "binary", op, left: num(l), right: num(r) });
        const compiled = run({ kind: "binary", op, left: opaque(l), right: opaque(r) });
        expect(folded.folded && !compiled.folded).toBe(true);
        expect(Object.is(folded.value, compiled.value), `${op}(${l}, ${r}): ${folded.value} vs ${compiled.value}`).toBe(true);
      }
    }
  });

  it.each(["neg", "not"] as const)("unary %s", (kind) => {
    for (const a of VALUES) {
      const folded = run({ kind, arg: num(a) });
      const compiled = run({ kind, arg: opaque(a) });
      expect(Object.is(folded.value, compiled.value), `${kind}(${a})`).toBe(true);
    }
  });

  it.each(Object.keys(CALLS) as MathFunction[])("%s()", (fn) => {
    const arity = fn === "clamp" ? 3 : fn === "min" || fn === "max" ? 2 : 1;
    const tuples: number[][] = arity === 1 ? VALUES.map((v) => [v]) : [];
    if (arity === 2) for (const a of VALUES) for (const b of VALUES) tuples.push([a, b]);
    if (arity === 3) for (const a of VALUES) for (const b of [0, -1, NaN]) for (const c of [1, 0.5, NaN]) tuples.push([a, b, c]);
    for (const t of tuples) {
      const folded = run({ kind: "call", fn, args: t.map(num) });
      const compiled = run({ kind: "call", fn, args: t.map(opaque) });
      expect(Object.is(folded.value, compiled.value), `${fn}(${t.join(", ")})`).toBe(true);
    }
  });

  it("max() of 1,000 arguments folds and compiles alike", () => {
    const args = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    expect(run({ kind: "call", fn: "max", args: args.map(num) }).value).toBe(999);
    expect(run({ kind: "call", fn: "max", args: args.map(opaque) }).value).toBe(999);
  });
});

/** Parses and evaluates `text`, once with its numbers folded and once hidden from folding. */
function both(text: string): [number, number] {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(r.message);
  const hide = (e: Expr): Expr => {
    switch (e.kind) {
      case "num": return opaque(e.value);
      case "neg": case "not": return { ...e, arg: hide(e.arg) };
      case "binary": return { ...e, left: hide(e.left), right: hide(e.right) };
      case "call": return { ...e, args: e.args.map(hide) };
      case "cond": return { ...e, test: hide(e.test), then: hide(e.then), else: hide(e.else) };
      default: return e;
    }
  };
  return [run(r.expr).value, run(hide(r.expr)).value];
}

// The semantics docs/format.md states, folded and at run time.
describe("documented semantics", () => {
  it.each([
    ["-7 % 3", 2], // the remainder takes the sign of the divisor (mathjs's mod), not of the dividend as in JavaScript
    ["7 % (-3)", -2],
    ["-7 mod 3", 2],
    ["7.5 % 2", 1.5],
    ["5 % 0", 5], // x % 0 = x
    ["-5 % 0", -5],
    ["round(2.5)", 3], // halves round away from zero (JavaScript's Math.round(-2.5) is -2)
    ["round(-2.5)", -3],
    ["round(0.5)", 1],
    ["round(-0.4)", -0],
    ["0.1 + 0.2 == 0.3", 0], // == is exact (mathjs's own == would say 1)
    ["0.1 + 0.2 != 0.3", 1],
    ["p + q == 0.3", 0], // parameters are folded in as the same doubles
    ["0.5 + 0.25 == 0.75", 1],
    ["true + true", 2],
    ["not 0.5", 0],
    ["0/0 ? 1 : 2", 2], // NaN is false
    ["clamp(5, 0, 1)", 1],
    ["2 ^ 3 ^ 2", 512], // ^ is right-associative
    ["-2 ^ 2", -4], // unary minus binds looser than ^
  ])("%s = %d", (text, want) => {
    const [folded, compiled] = both(text);
    expect(folded).toBe(want);
    expect(compiled).toBe(want);
  });
});
