/**
 * Compiles the expression syntax tree to closures over an {@link EvalFrame},
 * folding whatever reads nothing that changes during a run. Pure.
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
  fn: ExprFn;
  constant: number | undefined;
}

const truth = (x: number): boolean => x !== 0 && !Number.isNaN(x);

function konst(v: number): Node {
  return { fn: () => v, constant: v };
}

/** Rounds half away from zero, as mathjs does (Math.round rounds -2.5 to -2). */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** mathjs's `mod`: the remainder with the sign of the divisor. */
function floorMod(x: number, y: number): number {
  return y === 0 ? x : x - y * Math.floor(x / y);
}

function binaryFn(op: string): (a: number, b: number) => number {
  switch (op) {
    case "add": return (a, b) => a + b;
    case "subtract": return (a, b) => a - b;
    case "multiply": return (a, b) => a * b;
    case "divide": return (a, b) => a / b;
    case "pow": return (a, b) => Math.pow(a, b);
    case "mod": return floorMod;
    case "equal": return (a, b) => (a === b ? 1 : 0);
    case "unequal": return (a, b) => (a !== b ? 1 : 0);
    case "smaller": return (a, b) => (a < b ? 1 : 0);
    case "smallerEq": return (a, b) => (a <= b ? 1 : 0);
    case "larger": return (a, b) => (a > b ? 1 : 0);
    case "largerEq": return (a, b) => (a >= b ? 1 : 0);
    case "xor": return (a, b) => (truth(a) !== truth(b) ? 1 : 0);
    default: throw new Error(`internal: binary operator ${op}`);
  }
}

function callFn(fn: string): (args: number[]) => number {
  switch (fn) {
    case "min": return (a) => { let m = Infinity; for (const x of a) m = x < m ? x : m; return m; };
    case "max": return (a) => { let m = -Infinity; for (const x of a) m = x > m ? x : m; return m; };
    case "abs": return (a) => Math.abs(a[0] ?? NaN);
    case "exp": return (a) => Math.exp(a[0] ?? NaN);
    case "log": return (a) => Math.log(a[0] ?? NaN);
    case "sqrt": return (a) => Math.sqrt(a[0] ?? NaN);
    case "floor": return (a) => Math.floor(a[0] ?? NaN);
    case "ceil": return (a) => Math.ceil(a[0] ?? NaN);
    case "round": return (a) => roundHalfAway(a[0] ?? NaN);
    case "clamp": return (a) => Math.min(Math.max(a[0] ?? NaN, a[1] ?? NaN), a[2] ?? NaN);
    default: throw new Error(`internal: function ${fn}`);
  }
}

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
          return { fn: (f) => f.day, constant: undefined };
        }
        if (e.name === "daysInState") {
          const m = env.machine;
          if (m === undefined) throw new Error("internal: daysInState outside a transition");
          this.readsTime = true;
          this.readsDaysInState = true;
          return { fn: (f) => f.day - (f.entry[m] ?? 0), constant: undefined };
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
        return e.kind === "in"
          ? { fn: (f) => (f.state[m] === s ? 1 : 0), constant: undefined }
          : { fn: (f) => f.visited[s] ?? 0, constant: undefined };
      }
      case "neg": {
        const a = this.node(e.arg);
        if (a.constant !== undefined) return konst(-a.constant);
        const af = a.fn;
        return { fn: (f) => -af(f), constant: undefined };
      }
      case "not": {
        const a = this.node(e.arg);
        if (a.constant !== undefined) return konst(truth(a.constant) ? 0 : 1);
        const af = a.fn;
        return { fn: (f) => (truth(af(f)) ? 0 : 1), constant: undefined };
      }
      case "binary": {
        const l = this.node(e.left);
        const r = this.node(e.right);
        const lf = l.fn;
        const rf = r.fn;
        // and/or short-circuit, so they are not folded through binaryFn.
        if (e.op === "and" || e.op === "or") {
          const isAnd = e.op === "and";
          if (l.constant !== undefined && r.constant !== undefined) {
            return konst((isAnd ? truth(l.constant) && truth(r.constant) : truth(l.constant) || truth(r.constant)) ? 1 : 0);
          }
          return isAnd
            ? { fn: (f) => (truth(lf(f)) && truth(rf(f)) ? 1 : 0), constant: undefined }
            : { fn: (f) => (truth(lf(f)) || truth(rf(f)) ? 1 : 0), constant: undefined };
        }
        const op = binaryFn(e.op);
        if (l.constant !== undefined && r.constant !== undefined) return konst(op(l.constant, r.constant));
        return { fn: (f) => op(lf(f), rf(f)), constant: undefined };
      }
      case "cond": {
        const t = this.node(e.test);
        const a = this.node(e.then);
        const b = this.node(e.else);
        if (t.constant !== undefined) return truth(t.constant) ? a : b;
        const tf = t.fn;
        const af = a.fn;
        const bf = b.fn;
        return { fn: (f) => (truth(tf(f)) ? af(f) : bf(f)), constant: undefined };
      }
      case "call": {
        const args = e.args.map((x) => this.node(x));
        const g = callFn(e.fn);
        if (args.every((x) => x.constant !== undefined)) return konst(g(args.map((x) => x.constant ?? NaN)));
        const fns = args.map((x) => x.fn);
        const buf: number[] = new Array<number>(fns.length).fill(0);
        return {
          fn: (f) => {
            for (let i = 0; i < fns.length; i++) buf[i] = (fns[i] ?? konst(NaN).fn)(f);
            return g(buf);
          },
          constant: undefined,
        };
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
  return {
    fn: n.fn,
    constant: n.constant,
    machines: [...c.machines].sort((a, b) => a - b),
    visitedStates: [...c.visited].sort((a, b) => a - b),
    readsTime: c.readsTime,
    readsDaysInState: c.readsDaysInState,
    path: src.path,
    text: String(src.text),
  };
}
