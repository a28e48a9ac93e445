/**
 * The pieces of a specialised batch function's source (see ./codegen.ts):
 * per machine and state, the timed phase, the immediate rounds, the drawing
 * of due days and the redrawing of watched geometric waits, written over
 * local variables `s{m}` (state), `e{m}` (entry day), `n{m}` (next due day),
 * `p{m}` (pending target), `c{m}` (changed today), `d{m}_{k}` and `w{m}_{k}`
 * (due day and drawing hazard of slot k). Built from numbers and indices
 * only; values are named `qN` and passed in. Pure.
 * @module
 */
import type { CompiledExpr } from "../../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../../model/model.js";
import { KIND_DAILY, KIND_DELAY, KIND_GEOMETRIC, KIND_WINDOW, type Plan } from "../plan.js";
import { guardTable, hazardTable, tableIndex, type TableIndex } from "./tables.js";

/** One uniform of the inlined Alea (seedrandom's `next`, same arithmetic, same order). */
const DRAW = "(tq = 2091639 * a0 + ac * 2.3283064365386963e-10, a0 = a1, a1 = a2, a2 = tq - (ac = tq | 0))";

/** A number as a source literal (finite numbers only: String round-trips them exactly). */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal: non-finite literal ${v}`);
  return Object.is(v, -0) ? "0" : String(v);
}

/** The source generator of one model: the values it names and the code of each piece. */
export class Gen {
  readonly values: unknown[] = [];
  private readonly named = new Map<unknown, string>();
  readonly M: number;
  readonly H: number;
  /** Per machine: its global state range. */
  readonly first: number[];
  readonly last: number[];
  /** Whether some state steps day by day, and whether some expression is called (so the frame must be kept). */
  readonly anyDaily: boolean;

  constructor(readonly model: CompiledModel, readonly plan: Plan) {
    this.M = model.machineIds.length;
    this.H = model.days;
    this.first = Array.from({ length: this.M }, (_, m) => model.stateOffset[m] ?? 0);
    this.last = Array.from({ length: this.M }, (_, m) => (model.stateOffset[m + 1] ?? 0) - 1);
    this.anyDaily = plan.daily.some((d) => d === 1);
  }

  /** The name of a value passed in (each distinct object once). */
  ref(v: unknown): string {
    const known = this.named.get(v);
    if (known !== undefined) return known;
    const name = `q${this.values.length}`;
    this.values.push(v);
    this.named.set(v, name);
    return name;
  }

  /** The index expression of a table. */
  index(ix: TableIndex): string {
    const parts: string[] = [];
    for (const m of ix.machines) parts.push(`(s${m.machine} - ${m.first}) * ${m.stride}`);
    for (const f of ix.flags) parts.push(`V[${f.state}] * ${f.stride}`);
    return parts.length === 0 ? "0" : parts.join(" + ");
  }

  /** Writes the machines' states, entry days and today into the frame, before calling an expression. */
  sync(): string {
    const parts: string[] = [];
    for (let m = 0; m < this.M; m++) parts.push(`S[${m}] = s${m}`, `E[${m}] = e${m}`);
    parts.push("F.day = day");
    return parts.join(", ");
  }

  /** An expression giving a checked probability of a time-reading expression, today (NaN bails). */
  calledProbability(e: CompiledExpr): string {
    return `(${this.sync()}, h = AP(${this.ref(e.fn)}(F)), h === h ? h : bail())`;
  }

  /** A condition: guard `e` holds now (NaN bails). */
  guard(e: CompiledExpr): string {
    if (e.constant !== undefined) return e.constant !== e.constant ? "bail()" : e.constant !== 0 ? "true" : "false";
    if (e.readsTime) return `(${this.sync()}, g = ${this.ref(e.fn)}(F), g !== 0 && (g === g || bail()))`;
    const ix = tableIndex(this.model, e);
    if (ix === undefined) throw new NotSpecialisable("a guard reads too many states");
    return `((g = ${this.ref(guardTable(this.model, e, ix))}[${this.index(ix)}]) !== 0 && (g === g || bail()))`;
  }

  /** An expression drawing the target of transition `t` (as pickTarget does). */
  pick(t: CompiledTransition): string {
    const targets = t.targets;
    if (targets.length === 1) return num(targets[0] ?? -1);
    const cdf = t.constCdf;
    if (cdf === undefined) return `(x = ${DRAW}, ${this.sync()}, PICK(${this.ref(t)}, F, x))`;
    // The cumulative weights are values (C), not literals, so that a model that differs only in its
    // numbers generates the same source and reuses its compiled code (see batch.ts).
    const c = this.ref(cdf);
    let chain = num(targets[targets.length - 1] ?? -1);
    for (let i = cdf.length - 1; i >= 0; i--) chain = `x < ${c}[${i}] ? ${num(targets[i] ?? -1)} : ${chain}`;
    return `(x = ${DRAW}, ${chain})`;
  }

  /** Statements: machine `m` enters the state in variable or literal `to` today. */
  enter(m: number, to: string): string {
    const daily = this.anyDaily ? `dc += DL[${to}] - DL[s${m}]; ` : "";
    return `${daily}s${m} = ${to}; e${m} = day; if (V[${to}] === 0) { V[${to}] = 1; FD[${to}] = day; VL[vc++] = ${to}; } c${m} = 1;`;
  }

  /** Statements: a geometric wait of timed transition `t` in slot `k` of machine `m` (sets `h`, `w`, `d`). */
  geometric(m: number, k: number, t: number): string {
    const e = this.plan.hazardExpr[t];
    if (e === undefined) throw new Error("internal: a geometric hazard with no expression");
    const ix = tableIndex(this.model, e);
    if (ix === undefined) throw new NotSpecialisable("a hazard reads too many states");
    const tab = hazardTable(this.model, e, ix);
    const H = this.H;
    const past = tab.threshold.length > 0
      ? `x < ${this.ref(tab.threshold)}[ix * ${H + 1} + ${H} - day] ? Infinity : `
      : "";
    return `ix = ${this.index(ix)}; h = ${this.ref(tab.h)}[ix]; if (h !== h) bail(); w${m}_${k} = h; ` +
      `if (h <= 0) d${m}_${k} = Infinity; else if (h >= 1) d${m}_${k} = day + 1; ` +
      `else { x = 1 - ${DRAW}; d${m}_${k} = ${past}day + 1 + Math.floor(Math.log(x) / ${this.ref(tab.logSurvival)}[ix]); }`;
  }

  /** The geometric hazard's value only (for a redraw check); sets `h`. */
  hazardValue(t: number): string {
    const e = this.plan.hazardExpr[t];
    if (e === undefined) throw new Error("internal: a geometric hazard with no expression");
    const ix = tableIndex(this.model, e);
    if (ix === undefined) throw new NotSpecialisable("a hazard reads too many states");
    return `ix = ${this.index(ix)}; h = ${this.ref(hazardTable(this.model, e, ix).h)}[ix]; if (h !== h) bail();`;
  }

  /** Statements: the earliest due day of state `s` of machine `m` becomes `n{m}` (checked after today). */
  earliest(m: number, s: number): string {
    const p = this.plan;
    const t0 = p.timedStart[s] ?? 0;
    const t1 = p.timedStart[s + 1] ?? 0;
    if (t1 === t0) return `n${m} = Infinity;`;
    let code = `ea = d${m}_0;`;
    for (let k = 1; k < t1 - t0; k++) code += ` if (d${m}_${k} < ea) ea = d${m}_${k};`;
    return `${code} if (!(ea > day)) bail(); n${m} = ea;`;
  }

  /** Statements: machine `m` (in state `s`) draws all its due days from `day` (after an entry). */
  scheduleFull(m: number, s: number): string {
    const p = this.plan;
    const t0 = p.timedStart[s] ?? 0;
    const t1 = p.timedStart[s + 1] ?? 0;
    if (t1 === t0) return `n${m} = Infinity;`;
    const body: string[] = [];
    for (let t = t0; t < t1; t++) {
      const k = t - t0;
      switch (p.kind[t]) {
        case KIND_WINDOW:
          body.push(`d${m}_${k} = SD(${this.ref(p.dist[t])}, day + 1, ${DRAW});`);
          break;
        case KIND_DELAY: {
          const d = p.dist[t];
          if (d === undefined) throw new Error("internal: a delay with no distribution");
          body.push(`d${m}_${k} = day + SD(${this.ref(d)}, ${this.ref(d)}.first, ${DRAW});`);
          break;
        }
        case KIND_GEOMETRIC:
          body.push(this.geometric(m, k, t));
          break;
        default:
          body.push(`d${m}_${k} = day + 1;`);
      }
    }
    return `if (day >= ${this.H}) n${m} = Infinity; else { ${body.join(" ")} ${this.earliest(m, s)} }`;
  }

  /** Statements: machine `m` (state `s`, unchanged today) redraws the geometric waits that read a machine in `cm`. */
  scheduleWatch(m: number, s: number): string {
    const p = this.plan;
    const t0 = p.timedStart[s] ?? 0;
    const t1 = p.timedStart[s + 1] ?? 0;
    const body: string[] = [];
    for (let t = t0; t < t1; t++) {
      const k = t - t0;
      if (p.kind[t] === KIND_GEOMETRIC) {
        const mask = p.depMask[t] ?? 0;
        if (mask === 0) continue;
        body.push(`if ((${mask} & cm) !== 0) { ${this.hazardValue(t)} if (h !== w${m}_${k}) { ${this.geometric(m, k, t)} } }`);
      } else if (p.kind[t] === KIND_DAILY) {
        body.push(`d${m}_${k} = day + 1;`);
      }
    }
    return `if (day >= ${this.H}) n${m} = Infinity; else { ${body.join(" ")} ${this.earliest(m, s)} }`;
  }

  /** The states of machine `m`. */
  states(m: number): number[] {
    const out: number[] = [];
    for (let s = this.first[m] ?? 0; s <= (this.last[m] ?? -1); s++) out.push(s);
    return out;
  }

  /** A switch over machine `m`'s state, with a case for each state `body` gives code for. */
  switchOn(m: number, body: (s: number) => string | undefined): string {
    const cases: string[] = [];
    for (const s of this.states(m)) {
      const b = body(s);
      if (b !== undefined && b !== "") cases.push(`case ${s}: { ${b} break; }`);
    }
    return cases.length === 0 ? "" : `switch (s${m}) { ${cases.join(" ")} }`;
  }

  /** Statements: today's timed phase for machine `m` (sets `p{m}`). */
  timedPhase(m: number): string {
    const p = this.plan;
    const sw = this.switchOn(m, (s) => {
      const t0 = p.timedStart[s] ?? 0;
      const t1 = p.timedStart[s + 1] ?? 0;
      if (t1 === t0) return undefined;
      const arms: string[] = [];
      for (let t = t0; t < t1; t++) {
        const k = t - t0;
        const tr = p.timed[t];
        if (tr === undefined) throw new Error("internal: a timed transition missing");
        let fires: string;
        if (p.kind[t] === KIND_DAILY) {
          const e = p.hazardExpr[t];
          if (e === undefined) throw new Error("internal: a daily hazard with no expression");
          fires = `(x = ${DRAW}, ${this.calledProbability(e)}, x < h)`;
        } else {
          fires = `d${m}_${k} === day`;
        }
        // Every hazard of the state is defined today, fired or pre-empted: the rest are checked, drawing nothing.
        const rest: string[] = [];
        for (let u = t + 1; u < t1; u++) {
          const e = p.hazardExpr[u];
          if (p.kind[u] === KIND_DAILY && e !== undefined) rest.push(`${this.calledProbability(e)};`);
        }
        arms.push(`if (${fires}) { p${m} = ${this.pick(tr)}; ${rest.join(" ")} }`);
      }
      return arms.join(" else ");
    });
    return sw === "" ? `p${m} = -1;` : `p${m} = -1; if (${this.anyDaily ? "all || " : ""}n${m} === day) { ${sw} }`;
  }

  /** Statements: machine `m`'s part of one immediate round (sets `p{m}` and `any`), or "" when it has no `when` transitions. */
  immediateOf(m: number): string {
    const p = this.plan;
    return this.switchOn(m, (s) => {
      const i0 = p.whenStart[s] ?? 0;
      const i1 = p.whenStart[s + 1] ?? 0;
      if (i1 === i0) return undefined;
      const arms: string[] = [];
      for (let i = i0; i < i1; i++) {
        const tr = p.when[i];
        if (tr === undefined || tr.trigger.kind !== "when") throw new Error("internal: a when transition missing");
        arms.push(`if (${this.guard(tr.trigger.guard)}) { p${m} = ${this.pick(tr)}; any = true; }`);
      }
      return arms.join(" else ");
    });
  }

  /** Statements: the immediate phase (rounds until none fires), or "" when no state has a `when` transition. */
  immediatePhase(): string {
    const parts: string[] = [];
    const apply: string[] = [];
    for (let m = 0; m < this.M; m++) {
      const sw = this.immediateOf(m);
      if (sw === "") continue;
      parts.push(`p${m} = -1; ${sw}`);
      apply.push(`if (p${m} >= 0) { ${this.enter(m, `p${m}`)} }`);
    }
    if (parts.length === 0) return "";
    const limit = this.model.stateNames.length + 1;
    return `for (let round = 0; ; round++) { if (round > ${limit}) bail(); any = false; ${parts.join(" ")} if (!any) break; ${apply.join(" ")} }`;
  }

  /** Statements: after today's changes, draws anew for changed machines, then redraws watchers' waits. */
  reschedule(): string {
    const p = this.plan;
    const code: string[] = [];
    const bits: string[] = [];
    for (let m = 0; m < this.M; m++) bits.push(`(c${m} << ${m})`);
    code.push(`cm = ${bits.join(" | ")};`);
    for (let m = 0; m < this.M; m++) code.push(`if (c${m} === 1) { ${this.switchOn(m, (s) => this.scheduleFull(m, s))} }`);
    for (let m = 0; m < this.M; m++) {
      const sw = this.switchOn(m, (s) => {
        const mask = p.stateDepMask[s] ?? 0;
        return mask === 0 ? undefined : `if ((${mask} & cm) !== 0) { ${this.scheduleWatch(m, s)} }`;
      });
      if (sw !== "") code.push(`if (c${m} === 0) { ${sw} }`);
    }
    return code.join(" ");
  }
}

/** Thrown while generating when a model cannot be specialised (caught by {@link generate}). */
export class NotSpecialisable extends Error {}
