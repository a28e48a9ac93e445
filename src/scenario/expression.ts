/**
 * Scenario expressions: parsed by mathjs into tariffsim's own small syntax tree,
 * which admits only what docs/format.md lists. The text is checked and
 * prepared first (`exprText.ts`: length, bracket nesting, number literals,
 * `%`), the mathjs tree is measured without recursion (`exprLimits.ts`), and
 * only then converted here; forms that are not admitted get the messages of
 * `exprForms.ts`. Pure.
 * @module
 */
import type { FunctionNode, MathNode, OperatorNode, OperatorNodeFn, OperatorNodeOp } from "mathjs";
import { math } from "./mathjs.js";
import { MAX_CALL_ARGS, MAX_EXPR_DEPTH, MAX_EXPR_LENGTH } from "./limits.js";
import { checkText, clip, ECHO_LENGTH } from "./exprText.js";
import { measureTree, treeLimitMessage } from "./exprLimits.js";
import { formMessage, implicitMessage, operatorMessage, Rejected, show } from "./exprForms.js";

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

function isMathFunction(name: string): name is MathFunction {
  return Object.prototype.hasOwnProperty.call(MATH_FUNCTIONS, name);
}

function stringArg(node: MathNode, fn: string): string {
  if (math.isConstantNode(node) && typeof node.value === "string") return node.value;
  throw new Rejected(`${fn}() takes one quoted string, e.g. ${fn}("${fn === "date" ? "2026-03-01" : "machine.state"}")`);
}

/** A `YYYY-MM-DD` date that exists (2026-02-30 does not), checked as the schema's DateSchema checks it. */
function isCalendarDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

function constant(value: unknown): Expr {
  if (typeof value === "boolean") return { kind: "num", value: value ? 1 : 0 };
  if (typeof value === "number") {
    // Literals that overflow were rejected with the text; these are the names Infinity and NaN.
    if (!Number.isFinite(value)) throw new Rejected(`${String(value)} is not allowed: every number must be finite`);
    return { kind: "num", value };
  }
  if (typeof value === "string") {
    throw new Rejected(`a string ("${clip(value, 40)}") can only be the argument of in(), visited() or date()`);
  }
  throw new Rejected(`${String(value)} is not allowed: write a number`);
}

function call(node: FunctionNode): Expr {
  // `a.b.min(x)` is a FunctionNode whose fn is an AccessorNode named "min": the name alone is not enough.
  const fnNode: MathNode = node.fn;
  if (!math.isSymbolNode(fnNode)) {
    throw new Rejected(`property or index access ("${show(fnNode)}") is not allowed; call a function by its name alone`);
  }
  const name = fnNode.name;
  const args = node.args;
  if (args.length > MAX_CALL_ARGS) {
    throw new Rejected(`${clip(name, 40)}() takes at most ${MAX_CALL_ARGS} arguments, not ${args.length}`, true);
  }
  if (name === "in" || name === "visited") {
    const [arg] = args;
    if (args.length !== 1 || arg === undefined) throw new Rejected(`${name}() takes exactly one argument`);
    const ref = stringArg(arg, name);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
    if (m === null || m[1] === undefined || m[2] === undefined) {
      throw new Rejected(`${name}("${clip(ref, 40)}"): write "machine.state"`);
    }
    return { kind: name, machine: m[1], state: m[2] };
  }
  if (name === "date") {
    const [arg] = args;
    if (args.length !== 1 || arg === undefined) throw new Rejected("date() takes exactly one argument");
    const d = stringArg(arg, "date");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Rejected(`date("${clip(d, 40)}"): write a date as YYYY-MM-DD`);
    if (!isCalendarDate(d)) throw new Rejected(`date("${d}") is not a real calendar date`);
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
    `unknown function "${clip(name, 40)}"; allowed: in, visited, date, ${Object.keys(MATH_FUNCTIONS).join(", ")}`,
  );
}

const MOD_ALONE = '"%" or "mod" needs an operand on each side';

/** mathjs reads the operator keyword `mod` with no left operand as a name (and `%` is rewritten to mod). */
function isModName(node: MathNode): boolean {
  return math.isSymbolNode(node) && node.name === "mod";
}

function operator(node: OperatorNode<OperatorNodeOp, OperatorNodeFn>): Expr {
  const args = node.args;
  const [first, second] = args;
  if (node.implicit && first !== undefined && second !== undefined) {
    if (isModName(first)) throw new Rejected(MOD_ALONE); // `1 + % 2`: mathjs reads "mod" as a name times 2
    throw new Rejected(implicitMessage(first, second));
  }
  if (args.length === 1 && first !== undefined) {
    if (node.fn === "unaryMinus") return { kind: "neg", arg: convert(first) };
    if (node.fn === "unaryPlus") return convert(first);
    if (node.fn === "not") return { kind: "not", arg: convert(first) };
  } else if (args.length === 2 && first !== undefined && second !== undefined) {
    const op = Object.prototype.hasOwnProperty.call(BINARY, node.fn) ? BINARY[node.fn] : undefined;
    if (op !== undefined) return { kind: "binary", op, left: convert(first), right: convert(second) };
  }
  throw new Rejected(operatorMessage(node));
}

/**
 * mathjs's tree → tariffsim's, admitting only the forms docs/format.md lists.
 * Recursive: only for trees already measured within MAX_EXPR_DEPTH.
 */
function convert(node: MathNode): Expr {
  if (math.isParenthesisNode(node)) return convert(node.content);
  if (math.isConstantNode(node)) return constant(node.value);
  if (math.isSymbolNode(node)) {
    if (isModName(node)) throw new Rejected(MOD_ALONE);
    return { kind: "name", name: node.name };
  }
  if (math.isConditionalNode(node)) {
    return { kind: "cond", test: convert(node.condition), then: convert(node.trueExpr), else: convert(node.falseExpr) };
  }
  if (math.isOperatorNode(node)) return operator(node);
  if (math.isFunctionNode(node)) return call(node);
  // Text ending in a new line (as YAML's `|` leaves it) is a block of one statement.
  const [only, ...more] = math.isBlockNode(node) ? node.blocks : [];
  if (only !== undefined && more.length === 0) return convert(only.node);
  throw new Rejected(formMessage(node));
}

/**
 * The outcome of parsing: a tree (with warnings about how it is written), or
 * one message saying what is wrong. `code` is `"limit"` when a documented
 * limit (src/scenario/limits.ts) is exceeded, else `"expression"`.
 */
export type ParseResult =
  | { readonly ok: true; readonly expr: Expr; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly code: "expression" | "limit" };

/** When mathjs's parser or the conversion runs out of stack (only with little stack left: see the bracket check). */
const TOO_DEEP_TO_PARSE = `expression nests too deeply to parse; the limit is ${MAX_EXPR_DEPTH}`;

/**
 * Parses one expression. A number or boolean written directly in YAML is a
 * constant. Every limit is checked before the work it bounds: the length
 * before anything, bracket nesting before mathjs parses (its parser
 * recurses), the depth and size of the tree before anything walks it
 * recursively; a tree this returns is at most MAX_EXPR_DEPTH deep, so every
 * later recursive pass is safe. Messages quote at most {@link ECHO_LENGTH}
 * characters of the text. Throws only on an internal error. Pure.
 */
export function parseExpression(source: string | number | boolean): ParseResult {
  if (typeof source === "boolean") return { ok: true, expr: { kind: "num", value: source ? 1 : 0 }, warnings: [] };
  if (typeof source === "number") {
    if (Number.isFinite(source)) return { ok: true, expr: { kind: "num", value: source }, warnings: [] };
    return fail("expression", `${String(source)} is not a finite number`);
  }
  const echo = clip(source);
  if (source.length > MAX_EXPR_LENGTH) {
    return fail("limit", `in "${echo}": expression is ${source.length} characters long; the limit is ${MAX_EXPR_LENGTH}`);
  }
  if (source.trim() === "") return fail("expression", "the expression is empty");
  const text = checkText(source);
  if (!text.ok) return fail(text.limit ? "limit" : "expression", `in "${echo}": ${text.message}`);
  let node: MathNode;
  try {
    node = math.parse(text.text);
  } catch (e) {
    // mathjs's own recursion, should a form nest deeper than the bracket check foresees.
    if (e instanceof RangeError) return fail("limit", `in "${echo}": ${TOO_DEEP_TO_PARSE}`);
    const why = (e instanceof Error ? e.message : String(e)).replace(/\(char (\d+)\)/g, (_, p: string) => `(char ${text.toSource(Number(p))})`);
    return fail("expression", `cannot parse "${echo}": ${clip(why, 2 * ECHO_LENGTH)}`);
  }
  const tooBig = treeLimitMessage(measureTree(node));
  if (tooBig !== undefined) return fail("limit", `in "${echo}": ${tooBig}`);
  try {
    const expr = convert(node);
    return { ok: true, expr, warnings: exactComparisons(expr).map((w) => `in "${echo}": ${w}`) };
  } catch (e) {
    if (e instanceof Rejected) return fail(e.limit ? "limit" : "expression", `in "${echo}": ${e.message}`);
    // Only when called with almost no stack left: the tree is within MAX_EXPR_DEPTH.
    if (e instanceof RangeError) return fail("limit", `in "${echo}": ${TOO_DEEP_TO_PARSE}`);
    throw e;
  }
}

function fail(code: "expression" | "limit", message: string): ParseResult {
  return { ok: false, code, message };
}

/**
 * Warnings for `==` and `!=` with a non-integer number on either side: they
 * compare exactly, so `0.1 + 0.2 == 0.3` is false. Pure.
 */
function exactComparisons(expr: Expr): string[] {
  const out: string[] = [];
  const fraction = (e: Expr): number | undefined => {
    const v = e.kind === "num" ? e.value : e.kind === "neg" && e.arg.kind === "num" ? -e.arg.value : undefined;
    return v !== undefined && !Number.isInteger(v) ? v : undefined;
  };
  walkExpr(expr, (e) => {
    if (e.kind !== "binary" || (e.op !== "equal" && e.op !== "unequal")) return;
    const v = fraction(e.left) ?? fraction(e.right);
    if (v === undefined) return;
    const op = e.op === "equal" ? "==" : "!=";
    out.push(`${op} compares exactly and ${String(v)} is not an integer (0.1 + 0.2 == 0.3 is false); compare with a tolerance, e.g. abs(x - ${v < 0 ? `(${String(v)})` : String(v)}) < 1e-9`);
  });
  return out;
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
