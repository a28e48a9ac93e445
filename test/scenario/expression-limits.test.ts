import { describe, expect, it } from "vitest";
import { parseExpression, walkExpr } from "../../src/scenario/expression.js";
import { MAX_CALL_ARGS, MAX_EXPR_DEPTH, MAX_EXPR_LENGTH, MAX_EXPR_NODES } from "../../src/scenario/limits.js";
import { compileExpr } from "../../src/model/expr.js";
import type { EvalFrame } from "../../src/model/frame.js";

/** Parses, compiles and evaluates `text` on day `day` (one machine "m" in state "m.a"), throwing on any message. */
function evaluate(text: string, { day }: { day: number }): number {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(r.message);
  const c = compileExpr({ path: ["x"], text, expr: r.expr }, {
    params: new Map([["p", 0.25]]), machineIndex: new Map([["m", 0]]), stateIndex: new Map([["m.a", 0], ["m.b", 1]]),
    start: "2026-01-01", days: 100, machine: 0,
  });
  const frame: EvalFrame = { state: Int32Array.of(0), visited: Uint8Array.of(1, 0), entry: Int32Array.of(0), day };
  return c.fn(frame);
}

/** The failure of parsing `text` (failing the test if it parses). */
function parseError(text: string): { code: string; message: string } {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`parsed: ${text.slice(0, 80)}`);
  return r;
}

// Each form is tested exactly at its limit (parse, compile and evaluate give the right number: nothing
// downstream overflows) and one past it (one clear message, code "limit", and no exception).
const D = MAX_EXPR_DEPTH;
const nestedMinus = (n: number): string => `${"-".repeat(n)}day`;
const parens = (n: number): string => `${"(".repeat(n)}day${")".repeat(n)}`;
const calls = (n: number): string => `${"abs(".repeat(n)}day${")".repeat(n)}`;
const nots = (n: number): string => `${"not ".repeat(n)}day`;
/** `n` conditionals nested in the else branch; each test `day == k` is 2 deeper, so depth = n + 1. */
const conds = (n: number): string => `${Array.from({ length: n }, (_, k) => `day == ${k} ? ${k} :`).join(" ")} -1`;
/** A flat sum of `n` terms: mathjs nests it one level per operator, so depth = n - 1. */
const sum = (n: number): string => Array.from({ length: n }, () => "day").join(" + ");
const sumConst = (n: number): string => Array.from({ length: n }, () => "1").join(" + ");
const powers = (n: number): string => Array.from({ length: n + 1 }, () => "1").join("^");

describe("expressions at and past MAX_EXPR_DEPTH", () => {
  it.each([
    ["nested unary minus", nestedMinus(D), 150],
    ["nested parentheses", parens(D), 150],
    ["nested calls", calls(D), 150],
    ["nested not", nots(D), 1], // an even number of nots: the truth of 150
    ["nested ? :", conds(D - 1), D - 1 > 150 ? 150 : -1],
    ["a flat sum", sum(D + 1), 150 * (D + 1)],
    ["a flat sum of constants (folded)", sumConst(D + 1), D + 1],
    ["a power tower", powers(D), 1],
  ])("%s exactly at the limit parses, compiles and evaluates", (_, text, want) => {
    expect(evaluate(text, { day: 150 })).toBe(want);
  });

  it.each([
    ["nested unary minus", nestedMinus(D + 1), `expression nests ${D + 1} deep; the limit is ${D}`],
    ["nested parentheses", parens(D + 1), `expression nests ${D + 1} brackets deep; the limit is ${D}`],
    ["nested calls", calls(D + 1), `expression nests ${D + 1} brackets deep; the limit is ${D}`],
    ["nested not", nots(D + 1), `expression nests ${D + 1} deep; the limit is ${D}`],
    ["nested ? :", conds(D), `expression nests ${D + 1} deep; the limit is ${D}`],
    ["a flat sum", sum(D + 2), `expression nests ${D + 1} deep; the limit is ${D}`],
    ["a power tower", powers(D + 1), `expression nests ${D + 1} deep; the limit is ${D}`],
  ])("%s one past the limit gives one clear message", (_, text, message) => {
    const e = parseError(text);
    expect(e.code).toBe("limit");
    expect(e.message).toContain(message);
  });

  it("the issue's hostile inputs: 2,000 terms, 2,000 minus signs, 4,998 parentheses", () => {
    expect(parseError(sumConst(2000)).message).toContain(`expression nests 1999 deep; the limit is ${D} (each operator`);
    expect(parseError(nestedMinus(2000)).message).toContain(`expression nests 2000 deep; the limit is ${D}`);
    expect(parseError(parens(4998)).message).toContain(`expression nests 4998 brackets deep; the limit is ${D}`);
  });

  // Chains mathjs parses recursively without brackets, as long as the length limit allows: each is
  // either measured (nests N deep) or, should mathjs's parser overflow first, caught (too deeply to parse).
  it.each([
    ["unary minus", `${"-".repeat(MAX_EXPR_LENGTH - 1)}1`],
    ["unary plus and minus", `${"+-".repeat(MAX_EXPR_LENGTH / 2 - 1)}1`],
    ["not", `${"not ".repeat(MAX_EXPR_LENGTH / 4 - 1)}1`],
    ["a power tower", powers(MAX_EXPR_LENGTH / 2 - 1)],
    ["conditionals", `${"day ? 1 : ".repeat(MAX_EXPR_LENGTH / 10 - 1)}0`],
    ["a flat sum", sumConst(MAX_EXPR_LENGTH / 4)],
  ])("a chain of %s as long as the length limit allows gives a limit message", (_, text) => {
    expect(text.length).toBeLessThanOrEqual(MAX_EXPR_LENGTH);
    const e = parseError(text);
    expect(e.code).toBe("limit");
    expect(e.message).toMatch(new RegExp(`: expression nests (\\d+ deep; the limit is ${D} \\(each|too deeply to parse; the limit is ${D}$)`));
  });

  it("counts a chained comparison's and a block's levels like any other", () => {
    expect(parseError(`${"(".repeat(D)}1 < 2 < 3${")".repeat(D)}`).message).toContain(`nests ${D + 1} deep`);
    expect(evaluate(`${parens(D)}\n`, { day: 3 })).toBe(3); // a trailing new line (YAML's |) adds no level
  });

  it("returns trees that a recursive walk can visit at the limit", () => {
    const r = parseExpression(nestedMinus(D));
    if (!r.ok) throw new Error(r.message);
    let n = 0;
    walkExpr(r.expr, () => { n++; });
    expect(n).toBe(D + 1);
  });
});

describe("MAX_EXPR_LENGTH, MAX_EXPR_NODES and MAX_CALL_ARGS", () => {
  it("takes an expression of exactly MAX_EXPR_LENGTH characters, not one more", () => {
    const padded = (n: number): string => `day + 1${" ".repeat(n - 7)}`;
    expect(padded(MAX_EXPR_LENGTH)).toHaveLength(MAX_EXPR_LENGTH);
    expect(evaluate(padded(MAX_EXPR_LENGTH), { day: 4 })).toBe(5);
    const e = parseError(padded(MAX_EXPR_LENGTH + 1));
    expect(e.code).toBe("limit");
    expect(e.message).toMatch(/^in "day \+ 1 {72}…": expression is 10001 characters long; the limit is 10000$/);
  });

  // `-----day` is 6 nodes; max(a₁, …, aₖ) adds the call and its name: 6k + 2 nodes.
  const wide = (k: number): string => `max(${Array.from({ length: k }, () => "-----day").join(",")})`;
  it("takes exactly MAX_EXPR_NODES nodes, not more", () => {
    const k = (MAX_EXPR_NODES - 2) / 6;
    expect(Number.isInteger(k)).toBe(true);
    expect(evaluate(wide(k), { day: 2 })).toBe(-2);
    const e = parseError(wide(k + 1));
    expect(e.code).toBe("limit");
    expect(e.message).toContain(`expression has ${MAX_EXPR_NODES + 6} parts (numbers, names, operators, calls); the limit is ${MAX_EXPR_NODES}`);
  });

  const args = (n: number): string => `max(${Array.from({ length: n }, (_, i) => (i === 7 ? "day" : "1")).join(",")})`;
  it("takes exactly MAX_CALL_ARGS arguments, not more", () => {
    expect(evaluate(args(MAX_CALL_ARGS), { day: 9 })).toBe(9);
    const e = parseError(args(MAX_CALL_ARGS + 1));
    expect(e.code).toBe("limit");
    expect(e.message).toBe(`in "${args(MAX_CALL_ARGS + 1).slice(0, 79)}…": max() takes at most 1000 arguments, not 1001`);
  });

  it("rejects the issue's max() of 70,000 arguments by its length, before parsing", () => {
    const text = args(70_000);
    const t0 = performance.now();
    const e = parseError(text);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(e.message).toContain(`expression is ${text.length} characters long; the limit is 10000`);
  });

  it("echoes at most 80 characters of a long expression, so the message stays one line", () => {
    const e = parseError(`${"x + ".repeat(2000)}`);
    expect(e.message.startsWith(`cannot parse "${"x + ".repeat(20).slice(0, 79)}…": `)).toBe(true);
    expect(e.message.length).toBeLessThan(300);
  });
});

describe("a stack overflow inside mathjs's parser", () => {
  // mathjs's parser needs about 25 frames per bracket; with the bracket limit it fits in Node's default
  // stack with room to spare, so overflowing it needs a caller that has used most of the stack already.
  it("gives the limit message, not an exception, when the parser runs out of stack", () => {
    const deep = (n: number, f: () => unknown): unknown => (n === 0 ? f() : deep(n - 1, f));
    const seen = new Set<string>();
    for (let n = 0; n < 100_000; n += 100) {
      try {
        const r = deep(n, () => parseExpression(parens(D)));
        if (r !== null && typeof r === "object" && "message" in r && typeof r.message === "string") seen.add(r.message.replace(/^in "[^"]*": /, ""));
      } catch {
        break; // `deep` itself (or the first frames of parseExpression) ran out of stack: far enough
      }
    }
    expect(seen).toContain(`expression nests too deeply to parse; the limit is ${D}`);
  });
});
