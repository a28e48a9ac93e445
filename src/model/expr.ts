/**
 * Compiles the expression syntax tree to a function of an {@link EvalFrame},
 * folding whatever reads nothing that changes during a run. Why generated
 * code rather than a tree of closures: one compiled function evaluates the
 * shipped scenario's hazards several times faster (see README, Performance),
 * and the generator only ever emits whitelisted forms. Constants are folded
 * with the same operations the code is generated from (`exprOps.ts`).
 * Recursive over the tree and the generated code nests a few levels per
 * node: safe because parseExpression returns trees at most MAX_EXPR_DEPTH
 * (200) deep, tested at that depth in test/scenario/expression-limits.test.ts.
 * Pure.
 * @module
 */
import { dayNumber } from "../scenario/dates.js";
import type { Expr } from "../scenario/expression.js";
import type { ExprSource } from "../scenario/scenario.js";
import type { Path } from "../scenario/issues.js";
import type { ExprFn } from "./frame.js";
import { BINARY_OPS, CALLS, H, T, UNARY_OPS } from "./exprOps.js";

/** A compiled expression and what it reads. */
export interface CompiledExpr {
  readonly fn: ExprFn;
  /** Its value when it reads no state, visited flag, day or daysInState. */
  readonly constant: number | undefined;
  /** Compiled indices of the machines whose state or visited flags it reads (sorted, unique). */
  readonly machines: readonly number[];
  /** Global indices of the states whose visited flag it reads (sorted, unique). */
  readonly visitedStates: readonly number[];
  /** It reads `day` or `daysInState`, so its value can change from one day to the next. */
  readonly readsTime: boolean;
  /** It reads `daysInState`. */
  readonly readsDaysInState: boolean;
  readonly path: Path;
  readonly text: string;
}

/** The names an expression resolves against. */
export interface ExprEnv {
  readonly params: ReadonlyMap<string, number>;
  readonly machineIndex: ReadonlyMap<string, number>;
  /** `"machine.state"` → global state index. */
  readonly stateIndex: ReadonlyMap<string, number>;
  readonly start: string;
  readonly days: number;
  /** The machine whose transition this is (for `daysInState`); undefined in outcomes and constants. */
  readonly machine: number | undefined;
}

interface Node {
  /** JavaScript source of the value, over `s` (states), `v` (visited), `e` (entry days) and `f` (the frame). */
  code: string;
  constant: number | undefined;
}

/** A number as a JavaScript literal (keeping -0, NaN and the infinities). */
function lit(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  if (Object.is(v, -0)) return "(-0)";
  return v < 0 ? `(${String(v)})` : String(v);
}

function konst(v: number): Node {
  return { code: lit(v), constant: v };
}

function dyn(code: string): Node {
  return { code, constant: undefined };
}

/** Turns generated code into a function of the frame (one V8-compiled function, not a tree of closures). */
function makeFn(code: string): ExprFn {
  const factory = new Function("T", "H", `"use strict"; return function (f) { const s = f.state, v = f.visited, e = f.entry; return ${code}; };`);
  const fn: ExprFn = factory(T, H);
  return fn;
}

/**
 * Generates JavaScript for an expression tree. Safe by construction: the
 * tree admits only whitelisted forms (src/scenario/expression.ts), names are
 * resolved here to numeric literals and integer indices, and no text from the
 * scenario is ever copied into the generated source.
 */
class Compiler {
  readonly machines = new Set<number>();
  readonly visited = new Set<number>();
  readsTime = false;
  readsDaysInState = false;
  constructor(private readonly env: ExprEnv) {}

  node(e: Expr): Node {
    const env = this.env;
    switch (e.kind) {
      case "num":
        return konst(e.value);
      case "date":
        return konst(dayNumber(env.start, e.date));
      case "name": {
        if (e.name === "horizon") return konst(env.days);
        if (e.name === "day") {
          this.readsTime = true;
          return dyn("f.day");
        }
        if (e.name === "daysInState") {
          const m = env.machine;
          if (m === undefined) throw new Error("internal: daysInState outside a transition");
          this.readsTime = true;
          this.readsDaysInState = true;
          return dyn(`(f.day - e[${m}])`);
        }
        const v = env.params.get(e.name);
        if (v === undefined) throw new Error(`internal: unresolved name ${e.name}`);
        return konst(v);
      }
      case "in":
      case "visited": {
        const m = env.machineIndex.get(e.machine);
        const s = env.stateIndex.get(`${e.machine}.${e.state}`);
        if (m === undefined || s === undefined) throw new Error(`internal: unresolved ${e.machine}.${e.state}`);
        this.machines.add(m);
        if (e.kind === "visited") this.visited.add(s);
        return dyn(e.kind === "in" ? `(s[${m}] === ${s} ? 1 : 0)` : `v[${s}]`);
      }
      case "neg":
      case "not": {
        const op = UNARY_OPS[e.kind];
        const a = this.node(e.arg);
        return a.constant !== undefined ? konst(op.value(a.constant)) : dyn(op.code(a.code));
      }
      case "binary": {
        const op = BINARY_OPS[e.op];
        const l = this.node(e.left);
        const r = this.node(e.right);
        return l.constant !== undefined && r.constant !== undefined
          ? konst(op.value(l.constant, r.constant))
          : dyn(op.code(l.code, r.code));
      }
      case "cond": {
        const t = this.node(e.test);
        const a = this.node(e.then);
        const b = this.node(e.else);
        if (t.constant !== undefined) return T(t.constant) ? a : b;
        return dyn(`(T(${t.code}) ? ${a.code} : ${b.code})`);
      }
      case "call": {
        const op = CALLS[e.fn];
        const args = e.args.map((a) => this.node(a));
        const values = args.flatMap((a) => (a.constant === undefined ? [] : [a.constant]));
        return values.length === args.length ? konst(op.value(values)) : dyn(op.code(args.map((a) => a.code)));
      }
      default:
        return e satisfies never;
    }
  }
}

/**
 * Compiles one expression that the rules have already checked (every name
 * resolves). Throws only on an internal error. Pure.
 */
export function compileExpr(src: ExprSource, env: ExprEnv): CompiledExpr {
  if (src.expr === undefined) throw new Error(`internal: compiling an expression that did not parse (${String(src.text)})`);
  const c = new Compiler(env);
  const n = c.node(src.expr);
  const value = n.constant;
  return {
    fn: value === undefined ? makeFn(n.code) : () => value,
    constant: n.constant,
    machines: [...c.machines].sort((a, b) => a - b),
    visitedStates: [...c.visited].sort((a, b) => a - b),
    readsTime: c.readsTime,
    readsDaysInState: c.readsDaysInState,
    path: src.path,
    text: String(src.text),
  };
}
