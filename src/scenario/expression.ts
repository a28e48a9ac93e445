/**
 * Scenario expressions: parsed by mathjs into tariffsim's own small syntax tree,
 * which admits only what docs/format.md lists. Pure.
 * @module
 */
import type { MathNode } from "mathjs";
import { math } from "./mathjs.js";

/** Binary operators an expression may use. */
export type BinaryOp =
  | "add" | "subtract" | "multiply" | "divide" | "pow" | "mod"
  | "equal" | "unequal" | "smaller" | "smallerEq" | "larger" | "largerEq"
  | "and" | "or" | "xor";

/** Functions an expression may call (besides `in`, `visited` and `date`). */
export const MATH_FUNCTIONS = {
  min: [2, Infinity],
  max: [2, Infinity],
  abs: [1, 1],
  exp: [1, 1],
  log: [1, 1],
  sqrt: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  round: [1, 1],
  clamp: [3, 3],
} as const satisfies Record<string, readonly [number, number]>;

/** The name of a whitelisted math function. */
export type MathFunction = keyof typeof MATH_FUNCTIONS;

/** tariffsim's expression syntax tree. */
export type Expr =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "in" | "visited"; readonly machine: string; readonly state: string }
  | { readonly kind: "date"; readonly date: string }
  | { readonly kind: "neg" | "not"; readonly arg: Expr }
  | { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "cond"; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "call"; readonly fn: MathFunction; readonly args: readonly Expr[] };

const BINARY: Readonly<Record<string, BinaryOp>> = {
  add: "add", subtract: "subtract", multiply: "multiply", divide: "divide", pow: "pow", mod: "mod",
  equal: "equal", unequal: "unequal", smaller: "smaller", smallerEq: "smallerEq",
  larger: "larger", largerEq: "largerEq", and: "and", or: "or", xor: "xor",
};

/** The outcome of parsing: a tree, or one message saying what is wrong. */
export type ParseResult = { readonly ok: true; readonly expr: Expr } | { readonly ok: false; readonly message: string };

class Rejected extends Error {}

function isMathFunction(name: string): name is MathFunction {
  return Object.prototype.hasOwnProperty.call(MATH_FUNCTIONS, name);
}

function stringArg(node: MathNode, fn: string): string {
  if (math.isConstantNode(node) && typeof node.value === "string") return node.value;
  throw new Rejected(`${fn}() takes one quoted string, e.g. ${fn}("${fn === "date" ? "2026-03-01" : "machine.state"}")`);
}

function convert(node: MathNode): Expr {
  if (math.isParenthesisNode(node)) return convert(node.content);
  if (math.isConstantNode(node)) {
    const v: unknown = node.value;
    if (typeof v === "number") return { kind: "num", value: v };
    if (typeof v === "boolean") return { kind: "num", value: v ? 1 : 0 };
    throw new Rejected(`a ${typeof v} constant (${node.toString()}) can only be an argument of in(), visited() or date()`);
  }
  if (math.isSymbolNode(node)) return { kind: "name", name: node.name };
  if (math.isConditionalNode(node)) {
    return { kind: "cond", test: convert(node.condition), then: convert(node.trueExpr), else: convert(node.falseExpr) };
  }
  if (math.isOperatorNode(node)) {
    const args = node.args;
    if (args.length === 1) {
      const [arg] = args;
      if (arg === undefined) throw new Rejected("malformed operator");
      if (node.fn === "unaryMinus") return { kind: "neg", arg: convert(arg) };
      if (node.fn === "unaryPlus") return convert(arg);
      if (node.fn === "not") return { kind: "not", arg: convert(arg) };
    } else if (args.length === 2) {
      const op = BINARY[node.fn];
      const [left, right] = args;
      if (op !== undefined && left !== undefined && right !== undefined) {
        return { kind: "binary", op, left: convert(left), right: convert(right) };
      }
    }
    throw new Rejected(`operator "${node.op}" is not allowed`);
  }
  if (math.isFunctionNode(node)) {
    const name = node.fn.name;
    const args = node.args;
    if (name === "in" || name === "visited") {
      const [arg] = args;
      if (args.length !== 1 || arg === undefined) throw new Rejected(`${name}() takes exactly one argument`);
      const ref = stringArg(arg, name);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
      if (m === null || m[1] === undefined || m[2] === undefined) {
        throw new Rejected(`${name}("${ref}"): write "machine.state"`);
      }
      return { kind: name, machine: m[1], state: m[2] };
    }
    if (name === "date") {
      const [arg] = args;
      if (args.length !== 1 || arg === undefined) throw new Rejected("date() takes exactly one argument");
      const d = stringArg(arg, "date");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
        throw new Rejected(`date("${d}"): write a date as YYYY-MM-DD`);
      }
      return { kind: "date", date: d };
    }
    if (isMathFunction(name)) {
      const [lo, hi] = MATH_FUNCTIONS[name];
      if (args.length < lo || args.length > hi) {
        const want = lo === hi ? `${lo}` : hi === Infinity ? `${lo} or more` : `${lo} to ${hi}`;
        throw new Rejected(`${name}() takes ${want} arguments, not ${args.length}`);
      }
      return { kind: "call", fn: name, args: args.map(convert) };
    }
    throw new Rejected(
      `unknown function "${name}"; allowed: in, visited, date, ${Object.keys(MATH_FUNCTIONS).join(", ")}`,
    );
  }
  throw new Rejected(`${describeNode(node)} is not allowed in a scenario expression`);
}

function describeNode(node: MathNode): string {
  switch (node.type) {
    case "AccessorNode": return "property or index access";
    case "AssignmentNode": return "assignment";
    case "FunctionAssignmentNode": return "a function definition";
    case "ArrayNode": return "a matrix";
    case "ObjectNode": return "an object";
    case "BlockNode": return "more than one statement";
    case "RangeNode": return "a range";
    case "IndexNode": return "an index";
    default: return `"${node.toString()}"`;
  }
}

/**
 * Parses one expression. A number or boolean written directly in YAML is a
 * constant. Pure.
 */
export function parseExpression(source: string | number | boolean): ParseResult {
  if (typeof source === "number") return { ok: true, expr: { kind: "num", value: source } };
  if (typeof source === "boolean") return { ok: true, expr: { kind: "num", value: source ? 1 : 0 } };
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (e) {
    return { ok: false, message: `cannot parse "${source}": ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    return { ok: true, expr: convert(node) };
  } catch (e) {
    if (e instanceof Rejected) return { ok: false, message: `in "${source}": ${e.message}` };
    throw e;
  }
}

/** Calls `visit` on every node of `expr`, parents first. Pure if `visit` is. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case "num": case "name": case "in": case "visited": case "date":
      return;
    case "neg": case "not":
      walkExpr(expr.arg, visit);
      return;
    case "binary":
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      return;
    case "cond":
      walkExpr(expr.test, visit);
      walkExpr(expr.then, visit);
      walkExpr(expr.else, visit);
      return;
    case "call":
      for (const a of expr.args) walkExpr(a, visit);
      return;
    default:
      expr satisfies never;
  }
}
