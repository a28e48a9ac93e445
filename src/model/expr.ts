/**
 * Compiles the expression syntax tree to a function of an {@link EvalFrame},
 * folding whatever reads nothing that changes during a run. Why generated
 * code rather than a tree of closures: one compiled function evaluates the
 * shipped scenario's hazards several times faster (see README, Performance),
 * and the generator only ever emits whitelisted forms. Pure.
 * @module
 */
import { dayNumber } from "../scenario/dates.js";
import type { Expr } from "../scenario/expression.js";
import type { ExprSource } from "../scenario/scenario.js";
import type { Path } from "../scenario/issues.js";
import type { ExprFn } from "./frame.js";

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

/** Truthiness of a number: non-zero and not NaN. */
const T = (x: number): boolean => x !== 0 && x === x;

/** Helpers the generated code calls; folding uses the same ones, so folded and run-time values agree. */
const H = {
  /** mathjs's `mod`: the remainder with the sign of the divisor. */
  mod: (x: number, y: number): number => (y === 0 ? x : x - y * Math.floor(x / y)),
  /** Rounds half away from zero, as mathjs does (Math.round rounds -2.5 to -2). */
  round: (x: number): number => Math.sign(x) * Math.round(Math.abs(x)),
  clamp: (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi),
};

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

/** Evaluates generated code with no frame: only for folding constants. */
function fold(code: string): number {
  const v: unknown = new Function("T", "H", `"use strict"; return ${code};`)(T, H);
  return typeof v === "number" ? v : NaN;
}

const ARITHMETIC: Readonly<Record<string, string>> = {
  add: "+", subtract: "-", multiply: "*", divide: "/",
};
const COMPARISON: Readonly<Record<string, string>> = {
  equal: "===", unequal: "!==", smaller: "<", smallerEq: "<=", larger: ">", largerEq: ">=",
};

function binaryCode(op: string, l: string, r: string): string {
  const a = ARITHMETIC[op];
  if (a !== undefined) return `(${l} ${a} ${r})`;
  const c = COMPARISON[op];
  if (c !== undefined) return `(${l} ${c} ${r} ? 1 : 0)`;
  switch (op) {
    case "pow": return `Math.pow(${l}, ${r})`;
    case "mod": return `H.mod(${l}, ${r})`;
    case "and": return `(T(${l}) && T(${r}) ? 1 : 0)`;
    case "or": return `(T(${l}) || T(${r}) ? 1 : 0)`;
    case "xor": return `(T(${l}) !== T(${r}) ? 1 : 0)`;
    default: throw new Error(`internal: binary operator ${op}`);
  }
}

function callCode(fn: string, args: readonly string[]): string {
  switch (fn) {
    case "min": case "max": case "abs": case "exp": case "log": case "sqrt": case "floor": case "ceil":
      return `Math.${fn}(${args.join(", ")})`;
    case "round": case "clamp":
      return `H.${fn}(${args.join(", ")})`;
    default: throw new Error(`internal: function ${fn}`);
  }
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
        return this.combine([e.arg], ([a]) => `(-${a})`);
      case "not":
        return this.combine([e.arg], ([a]) => `(T(${a}) ? 0 : 1)`);
      case "binary":
        return this.combine([e.left, e.right], ([l, r]) => binaryCode(e.op, l ?? "NaN", r ?? "NaN"));
      case "cond": {
        const t = this.node(e.test);
        const a = this.node(e.then);
        const b = this.node(e.else);
        if (t.constant !== undefined) return T(t.constant) ? a : b;
        return dyn(`(T(${t.code}) ? ${a.code} : ${b.code})`);
      }
      case "call":
        return this.combine(e.args, (args) => callCode(e.fn, args));
      default:
        return e satisfies never;
    }
  }

  /** Builds a node from its children's code, folding it when every child is constant. */
  combine(children: readonly Expr[], code: (parts: string[]) => string): Node {
    const nodes = children.map((c) => this.node(c));
    const src = code(nodes.map((n) => n.code));
    return nodes.every((n) => n.constant !== undefined) ? konst(fold(src)) : dyn(src);
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
