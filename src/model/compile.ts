/**
 * Compiles a normalized scenario, with parameter values, into a
 * {@link CompiledModel}: names to indices (sorted, so file key order never
 * matters), distributions tabulated, expressions compiled, and every check
 * that depends on parameter values (ranges, weights summing to 1). Pure.
 * @module
 */
import { dayNumber } from "../scenario/dates.js";
import { issue, type Issue, type Path } from "../scenario/issues.js";
import type { DelaySpec, ExprSource, Scenario, Transition, WindowSpec } from "../scenario/scenario.js";
import { dayDist, triangularWeights, uniformWeights, type DayDist } from "./distributions.js";
import { compileExpr, type CompiledExpr, type ExprEnv } from "./expr.js";
import type { CompiledModel, CompiledTransition, CompiledTrigger } from "./model.js";

/** Tolerance for weights summing to 1 and probabilities at the edges of [0, 1]. */
export const WEIGHT_TOLERANCE = 1e-9;
/** The longest window or delay, in days: a documented limit on tabulated distributions. */
export const MAX_SPAN_DAYS = 36_600; // = 100 years

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class ModelCompiler {
  readonly issues: Issue[] = [];
  readonly machineIndex = new Map<string, number>();
  readonly stateIndex = new Map<string, number>();

  constructor(readonly sc: Scenario, readonly params: ReadonlyMap<string, number>) {}

  env(machine: number | undefined): ExprEnv {
    return {
      params: this.params, machineIndex: this.machineIndex, stateIndex: this.stateIndex,
      start: this.sc.start, days: this.sc.days, machine,
    };
  }

  /** A number that must be known at compile time (parameters only). */
  constant(src: ExprSource, what: string): number | undefined {
    const c = compileExpr(src, this.env(undefined)).constant;
    if (c === undefined || !Number.isFinite(c)) {
      this.issues.push(issue("range", src.path, `${what} must be a finite number; "${String(src.text)}" gives ${String(c)}`));
      return undefined;
    }
    return c;
  }

  wholeDays(src: ExprSource, what: string): number | undefined {
    const v = this.constant(src, what);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < 1) {
      this.issues.push(issue("range", src.path, `${what} must be a whole number of days, 1 or more; got ${v}`));
      return undefined;
    }
    return v;
  }

  weights(entries: readonly { key: number; weight: ExprSource }[], path: Path): DayDist | undefined {
    const ws: { key: number; w: number }[] = [];
    for (const e of entries) {
      const w = this.constant(e.weight, "a weight");
      if (w === undefined) return undefined;
      if (w < 0) {
        this.issues.push(issue("range", e.weight.path, `a weight must not be negative; got ${w}`));
        return undefined;
      }
      ws.push({ key: e.key, w });
    }
    const first = ws[0]?.key;
    const last = ws[ws.length - 1]?.key;
    if (first === undefined || last === undefined || !ws.some((x) => x.w > 0)) {
      this.issues.push(issue("range", path, "needs at least one positive weight"));
      return undefined;
    }
    if (last - first > MAX_SPAN_DAYS) return this.tooLong(path, last - first);
    const dense = new Array<number>(last - first + 1).fill(0);
    for (const x of ws) dense[x.key - first] = x.w;
    return dayDist(first, dense);
  }

  tooLong(path: Path, span: number): undefined {
    this.issues.push(issue("limit", path, `spans ${span} days; the limit is ${MAX_SPAN_DAYS}`));
    return undefined;
  }

  window(w: WindowSpec, path: Path): DayDist | undefined {
    const day = (d: string): number => dayNumber(this.sc.start, d);
    switch (w.shape) {
      case "uniform":
      case "triangular": {
        const lo = day(w.from);
        const hi = day(w.to);
        if (lo > hi) {
          this.issues.push(issue("range", [...path, "to"], `window ends (${w.to}) before it starts (${w.from})`));
          return undefined;
        }
        if (hi - lo > MAX_SPAN_DAYS) return this.tooLong(path, hi - lo);
        if (w.shape === "uniform") return dayDist(lo, uniformWeights(lo, hi));
        const mode = day(w.mode);
        if (mode < lo || mode > hi) {
          this.issues.push(issue("range", [...path, "mode"], `mode ${w.mode} is outside the window ${w.from} … ${w.to}`));
          return undefined;
        }
        return dayDist(lo, triangularWeights(lo, mode, hi));
      }
      case "weighted":
        return this.weights(w.weights.map((x) => ({ key: day(x.date), weight: x.weight })), [...path, "weights"]);
      default:
        return w satisfies never;
    }
  }

  delay(d: DelaySpec, path: Path): DayDist | undefined {
    switch (d.shape) {
      case "fixed": {
        const k = this.wholeDays(d.days, "days");
        return k === undefined ? undefined : dayDist(k, [1]);
      }
      case "uniform":
      case "triangular": {
        const lo = this.wholeDays(d.min, "min");
        const hi = this.wholeDays(d.max, "max");
        const mode = d.shape === "triangular" ? this.wholeDays(d.mode, "mode") : lo;
        if (lo === undefined || hi === undefined || mode === undefined) return undefined;
        if (lo > hi) {
          this.issues.push(issue("range", [...path, "max"], `max ${hi} is below min ${lo}`));
          return undefined;
        }
        if (hi - lo > MAX_SPAN_DAYS) return this.tooLong(path, hi - lo);
        if (mode < lo || mode > hi) {
          this.issues.push(issue("range", [...path, "mode"], `mode ${mode} is outside [${lo}, ${hi}]`));
          return undefined;
        }
        return dayDist(lo, d.shape === "uniform" ? uniformWeights(lo, hi) : triangularWeights(lo, mode, hi));
      }
      case "weighted":
        return this.weights(d.weights.map((x) => ({ key: x.days, weight: x.weight })), [...path, "weights"]);
      default:
        return d satisfies never;
    }
  }

  /** A probability-valued expression: when constant, it must lie in [0, 1]. */
  probability(src: ExprSource, machine: number, what: string): CompiledExpr {
    const c = compileExpr(src, this.env(machine));
    const v = c.constant;
    if (v !== undefined && !(v >= -WEIGHT_TOLERANCE && v <= 1 + WEIGHT_TOLERANCE)) {
      this.issues.push(issue("range", src.path, `${what} must be a probability in [0, 1]; "${String(src.text)}" gives ${v}`));
    }
    return c;
  }

  /**
   * A truth-valued expression (guard, outcome): one that folds to NaN is an
   * error here, the compile-time half of the one NaN rule (runtime.ts,
   * `nanError`: NaN is neither true nor false).
   */
  truth(c: CompiledExpr, what: string): CompiledExpr {
    if (c.constant !== undefined && Number.isNaN(c.constant)) {
      this.issues.push(issue("range", c.path, `"${c.text}" gives NaN as ${what}, which is neither true nor false`));
    }
    return c;
  }

  trigger(t: Transition, machine: number): CompiledTrigger | undefined {
    const tr = t.trigger;
    switch (tr.kind) {
      case "window": {
        const dist = this.window(tr.window, tr.path);
        return dist === undefined ? undefined : { kind: "window", dist };
      }
      case "delay": {
        const dist = this.delay(tr.delay, tr.path);
        return dist === undefined ? undefined : { kind: "delay", dist };
      }
      case "hazard":
        return { kind: "hazard", hazard: this.probability(tr.hazard, machine, "a hazard") };
      case "when":
        return { kind: "when", guard: this.truth(compileExpr(tr.guard, this.env(machine)), "a guard") };
      default:
        return tr satisfies never;
    }
  }

  branches(t: Transition, machine: number): Pick<CompiledTransition, "targets" | "weights" | "constCdf" | "weightsDynamic"> {
    const offset = this.stateIndex;
    const targets = Int32Array.from(t.branches, (b) => offset.get(`${t.machine}.${b.to}`) ?? -1);
    const weights = t.branches.map((b) => (b.weight === "otherwise" ? undefined : this.probability(b.weight, machine, "a branch weight")));
    const weightsDynamic = weights.some((w) => w !== undefined && w.constant === undefined);
    let constCdf: Float64Array | undefined;
    if (!weightsDynamic) {
      let sum = 0;
      for (const w of weights) sum += w?.constant ?? 0;
      const hasOtherwise = weights.includes(undefined);
      if (hasOtherwise ? sum > 1 + WEIGHT_TOLERANCE : Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
        // Each weight with what it is written as, so that the parameters to change are named (a `--set` or an
        // analysis's point makes most such sums; the file's text alone does not show the values).
        const parts = t.branches.flatMap((b, i) => {
          const w = weights[i];
          if (b.weight === "otherwise" || w === undefined) return [];
          const text = String(b.weight.text);
          const value = w.constant ?? Number.NaN;
          return [`${b.to}: ${text === String(value) ? text : `${text} = ${value}`}`];
        });
        this.issues.push(issue("weights", [...t.path, "to"],
          `${hasOtherwise ? `branch weights sum to ${sum}, leaving nothing for \`otherwise\`` : `branch weights sum to ${sum}, not 1`} (${parts.join(", ")})`));
      }
      constCdf = new Float64Array(weights.length);
      let acc = 0;
      weights.forEach((w, i) => {
        acc += w === undefined ? Math.max(0, 1 - sum) : w.constant ?? 0;
        constCdf![i] = acc;
      });
      // The last branch takes whatever rounding left, so a draw below 1 always lands.
      constCdf[weights.length - 1] = 1;
    }
    return { targets, weights, constCdf, weightsDynamic };
  }

  compile(): CompiledModel | undefined {
    const sc = this.sc;
    const machines = [...sc.machines].sort(byId);
    const stateNames: string[] = [];
    const stateMachine: number[] = [];
    const stateOffset = new Int32Array(machines.length + 1);
    machines.forEach((m, mi) => {
      this.machineIndex.set(m.id, mi);
      stateOffset[mi] = stateNames.length;
      for (const s of [...m.states].sort(byId)) {
        this.stateIndex.set(`${m.id}.${s.id}`, stateNames.length);
        stateNames.push(`${m.id}.${s.id}`);
        stateMachine.push(mi);
      }
    });
    stateOffset[machines.length] = stateNames.length;
    const timed: CompiledTransition[][] = stateNames.map(() => []);
    const immediate: CompiledTransition[][] = stateNames.map(() => []);
    machines.forEach((m, mi) => {
      for (const t of m.transitions) {
        const trigger = this.trigger(t, mi);
        const br = this.branches(t, mi);
        if (trigger === undefined) continue;
        for (const from of t.from) {
          const source = this.stateIndex.get(`${m.id}.${from}`) ?? -1;
          const ct: CompiledTransition = { id: t.id, machine: mi, source, trigger, ...br, path: t.path };
          (trigger.kind === "when" ? immediate : timed)[source]?.push(ct);
        }
      }
    });
    const groups = (sc.groups ?? []).map((g) => ({ id: g.id, label: g.label }));
    const outcomes = sc.outcomes.map((o) => ({
      id: o.id,
      label: o.label,
      group: groups.findIndex((g) => g.id === o.group),
      when: this.truth(compileExpr(o.when, this.env(undefined)), "an outcome"),
    }));
    if (this.issues.length > 0) return undefined;
    return {
      scenario: sc,
      params: this.params,
      days: sc.days,
      machineIds: machines.map((m) => m.id),
      stateNames,
      stateMachine: Int32Array.from(stateMachine),
      stateOffset,
      initial: Int32Array.from(machines, (m) => this.stateIndex.get(`${m.id}.${m.initial}`) ?? -1),
      timed,
      immediate,
      outcomes,
      groups,
    };
  }
}

/**
 * Compiles a scenario that passed the rules, with the given parameter values
 * (see `params.ts`: `resolveParams` gives every parameter one). Problems that
 * depend on the values are returned as issues, and so is a parameter given
 * no value (a map that is not `resolveParams`' output), which expressions
 * would otherwise meet as an internal error. Pure.
 */
export function compileModel(
  sc: Scenario,
  params: ReadonlyMap<string, number>,
): { ok: true; model: CompiledModel } | { ok: false; issues: Issue[] } {
  const missing = sc.parameters.filter((p) => typeof params.get(p.name) !== "number");
  if (missing.length > 0) {
    return { ok: false, issues: missing.map((p) => issue("unknown-name", p.path, `parameter "${p.name}" has no value to compile with (resolveParams gives every parameter one)`)) };
  }
  const c = new ModelCompiler(sc, params);
  const model = c.compile();
  return model === undefined ? { ok: false, issues: c.issues } : { ok: true, model };
}
