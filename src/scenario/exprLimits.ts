/**
 * The size of a parsed mathjs expression tree, measured without recursion.
 * Why: every later pass over an expression (the conversion to tariffsim's
 * tree, `walkExpr`, the compiler, constant folding, and V8 parsing the
 * generated JavaScript) recurses, so the depth must be known to be within
 * MAX_EXPR_DEPTH before any of them runs. A flat sum `a + b + c + …` is a
 * left-nested tree in mathjs, one level per operator, so 2,000 terms would
 * overflow a recursive measure too. Pure.
 * @module
 */
import type { MathNode } from "mathjs";
import { MAX_EXPR_DEPTH, MAX_EXPR_NODES } from "./limits.js";

/** How deep and how large a tree is. */
export interface TreeSize {
  /**
   * The most operators, calls and parentheses around any one number, name or
   * string: `x` is 0 deep, `-x` and `(x)` are 1, `a + b + c` is 2.
   */
  readonly depth: number;
  /** Every node, leaves included: `max(a, 1)` has 4 (the call, its name, `a`, `1`). */
  readonly nodes: number;
}

/**
 * Measures a mathjs tree with an explicit stack (never recursing). A block of
 * one statement (text ending in a new line) adds no level. Pure.
 */
export function measureTree(root: MathNode): TreeSize {
  let depth = 0;
  let nodes = 0;
  const stack: { node: MathNode; level: number }[] = [{ node: root, level: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, level } = top;
    nodes++;
    if (level > depth) depth = level;
    const childLevel = node.type === "BlockNode" ? level : level + 1;
    node.forEach((child) => {
      stack.push({ node: child, level: childLevel });
    });
  }
  return { depth, nodes };
}

/** Why a tree is over a limit, or undefined when it is within them. Pure. */
export function treeLimitMessage(size: TreeSize): string | undefined {
  if (size.depth > MAX_EXPR_DEPTH) {
    return `expression nests ${size.depth} deep; the limit is ${MAX_EXPR_DEPTH} (each operator, call or parenthesis around a value is one level, so a + b + c is 2 deep)`;
  }
  if (size.nodes > MAX_EXPR_NODES) {
    return `expression has ${size.nodes} parts (numbers, names, operators, calls); the limit is ${MAX_EXPR_NODES}`;
  }
  return undefined;
}
