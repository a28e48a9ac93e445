/**
 * What to tell an author who writes a mathjs form that scenario expressions do
 * not admit: one message per form, each naming the form and, where there is
 * one, what to write instead. Pure.
 * @module
 */
import type { MathNode } from "mathjs";
import { clip } from "./exprText.js";

/** A form of the expression that is not admitted; `limit` when a documented limit is exceeded. */
export class Rejected extends Error {
  constructor(message: string, readonly limit = false) {
    super(message);
    this.name = "Rejected";
  }
}

/** mathjs operators (by their `fn`) that are not admitted: what each is, and what to write instead. */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  bitAnd: "bitwise and; for logic write and",
  bitOr: "bitwise or; for logic write or",
  bitXor: "bitwise xor; for logic write xor",
  bitNot: "bitwise not; for logic write not",
  leftShift: "bit shift",
  rightArithShift: "bit shift",
  rightLogShift: "bit shift",
  factorial: "factorial; for logic write not",
  ctranspose: "transpose",
  transpose: "transpose",
  to: "unit conversion; expressions are plain numbers",
  nullish: "nullish coalescing",
  dotMultiply: "element-wise; write *",
  dotDivide: "element-wise; write /",
  dotPow: "element-wise; write ^",
};

/** The text of a node for a message, cut to one line. Only for trees already within the limits (toString recurses). */
export function show(node: MathNode): string {
  return clip(node.toString(), 40);
}

/** The message for an operator node that is not admitted. Pure. */
export function operatorMessage(node: MathNode & { readonly op: string; readonly fn: string }): string {
  const what = Object.prototype.hasOwnProperty.call(OPERATOR_NAMES, node.fn) ? OPERATOR_NAMES[node.fn] : undefined;
  return `operator "${node.op}"${what === undefined ? "" : ` (${what})`} is not allowed`;
}

/** The message for `a b`, mathjs's implicit multiplication. Pure. */
export function implicitMessage(left: MathNode, right: MathNode): string {
  return `"${show(left)} ${show(right)}" multiplies without an operator, which is not allowed: write ${show(left)} * ${show(right)} (units such as 5 cm are not supported)`;
}

/** The message for a node type that is never admitted. Pure. */
export function formMessage(node: MathNode): string {
  switch (node.type) {
    case "AccessorNode": return "property or index access is not allowed";
    case "AssignmentNode": return "assignment is not allowed";
    case "FunctionAssignmentNode": return "a function definition is not allowed";
    case "ArrayNode": return "a matrix is not allowed";
    case "ObjectNode": return "an object is not allowed";
    case "BlockNode": return 'more than one statement is not allowed (a new line or ";" ends a statement; to go on over several lines, end each line with an operator or open a parenthesis)';
    case "RangeNode": return "a range is not allowed";
    case "IndexNode": return "an index is not allowed";
    case "RelationalNode": return `a chained comparison ("${show(node)}") is not allowed: write each comparison and join them with and`;
    default: return `"${show(node)}" is not allowed`;
  }
}
