/**
 * The source generator's state and its smallest pieces (see ./codegen.ts and
 * ./phases.ts): the values passed in, table lookups, guards, picks, entering
 * a state, and the draws of a geometric wait (by thresholds, not a logarithm)
 * and of a day of a window or delay (by a guide, not a binary search), written over
 * local variables `s{m}` (state), `e{m}` (entry day), `n{m}` (next due day),
 * `p{m}` (pending target), `cm` (the machines changed today, a bit each), `d{m}_{k}` and `w{m}_{k}`
 * (due day and drawing hazard of slot k). Built from numbers and indices
 * only; values are named `qN` and passed in. Pure.
 * @module
 */
import type { DayDist } from "../../model/distributions.js";
import type { CompiledExpr } from "../../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../../model/model.js";
import type { Plan } from "../plan.js";
import { DAY_GUIDE, dayGuide } from "./dayGuide.js";
import { GUIDE, guardTable, hazardTable, tableIndex, type HazardTable, type TableIndex } from "./tables.js";

/** One uniform of the inlined Alea (seedrandom's `next`, same arithmetic, same order). */
export const DRAW = "(tq = 2091639 * a0 + ac * 2.3283064365386963e-10, a0 = a1, a1 = a2, a2 = tq - (ac = tq | 0))";

/** The most states whose visited flags a run's end clears one by one (see {@link Gen.clearsAll}). */
const MAX_CLEARED = 64;

/** The table kept for `e` in `tables`, made by `make` the first time. */
function tabulated<T>(tables: Map<CompiledExpr, T>, e: CompiledExpr, make: () => T): T {
  const known = tables.get(e);
  if (known !== undefined) return known;
  const made = make();
  tables.set(e, made);
  return made;
}

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
  /**
   * Whether a run's end clears every state's visited flag but the initial
   * states' (a few stores, no branch) rather than those of a list it kept of
   * the states it entered: when there are few states.
   */
  readonly clearsAll: boolean;

  /** Tables by expression: one per expression however many sites read it (fewer constants, less cache). */
  private readonly hazards = new Map<CompiledExpr, { readonly ix: TableIndex; readonly tab: HazardTable }>();
  private readonly guards = new Map<CompiledExpr, { readonly ix: TableIndex; readonly tab: Float64Array }>();

  constructor(readonly model: CompiledModel, readonly plan: Plan) {
    this.M = model.machineIds.length;
    this.H = model.days;
    this.first = Array.from({ length: this.M }, (_, m) => model.stateOffset[m] ?? 0);
    this.last = Array.from({ length: this.M }, (_, m) => (model.stateOffset[m + 1] ?? 0) - 1);
    this.anyDaily = plan.daily.some((d) => d === 1);
    this.clearsAll = model.stateNames.length <= MAX_CLEARED;
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
    const known = tabulated(this.guards, e, () => {
      const ix = tableIndex(this.model, e);
      if (ix === undefined) throw new NotSpecialisable("a guard reads too many states");
      return { ix, tab: guardTable(this.model, e, ix) };
    });
    const lookup = `${this.ref(known.tab)}[${this.index(known.ix)}]`;
    // A table without an error needs no check: the value is 0 or 1.
    return known.tab.some((v) => v !== v) ? `((g = ${lookup}) !== 0 && (g === g || bail()))` : `${lookup} !== 0`;
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
    for (let i = cdf.length - 1; i >= 0; i--) {
      const to = num(targets[i] ?? -1);
      // A comparison whose two sides give the same state is left out (the last weight's, most often).
      if (to !== chain) chain = `x < ${c}[${i}] ? ${to} : ${chain}`;
    }
    return `(x = ${DRAW}, ${chain})`;
  }

  /** Statements: machine `m` enters the state in variable or literal `to` today. */
  enter(m: number, to: string): string {
    const daily = this.anyDaily ? `dc += DL[${to}] - DL[s${m}]; ` : "";
    // A first visit is tallied at once (one per run and state, so the sums are the same as at the run's end).
    const list = this.clearsAll ? "" : ` VL[vc++] = ${to};`;
    return `${daily}s${m} = ${to}; e${m} = day; if (V[${to}] === 0) { V[${to}] = 1; VIS[${to}]++; FDS[${to}] += day;${list} } cm |= ${2 ** m};`;
  }

  /** The table of timed transition `t`'s geometric hazard (one per expression), and what its values allow to skip. */
  private hazardOf(t: number): { readonly ix: TableIndex; readonly tab: HazardTable; readonly nan: boolean; readonly inside: boolean } {
    const e = this.plan.hazardExpr[t];
    if (e === undefined) throw new Error("internal: a geometric hazard with no expression");
    const known = tabulated(this.hazards, e, () => {
      const ix = tableIndex(this.model, e);
      if (ix === undefined) throw new NotSpecialisable("a hazard reads too many states");
      return { ix, tab: hazardTable(this.model, e, ix) };
    });
    const h = known.tab.h;
    return { ...known, nan: h.some((v) => v !== v), inside: h.every((v) => v > 0 && v < 1) };
  }

  /** Statements: `ix` and `h` become the index and value of timed transition `t`'s geometric hazard now. */
  hazardValue(t: number): string {
    const { ix, tab, nan } = this.hazardOf(t);
    return `ix = ${this.index(ix)}; h = ${this.ref(tab.h)}[ix];${nan ? " if (h !== h) bail();" : ""}`;
  }

  /**
   * Statements: a geometric wait of timed transition `t` in slot `k` of
   * machine `m` (sets `h`, `w`, `d`); with `looked`, `ix` and `h` already hold
   * its hazard (a watcher's redraw). Checks a table cannot fail are left out.
   */
  geometric(m: number, k: number, t: number, looked = false): string {
    const { tab, inside } = this.hazardOf(t);
    const H = this.H;
    // The logarithm is a call: its rare path then holds no arithmetic that V8 would have to learn
    // the types of after optimising (it deoptimises the whole function for that, and recompiles it).
    const log = `WAIT(day, x, ${this.ref(tab.logSurvival)}, ix)`;
    // With thresholds: the wait found among them from the guide's start, the logarithm taken only
    // when 1 - u falls in the thin band where they cannot decide. A wait of H days or more is only
    // found to be that (the search stops at H): from any day it lands past the horizon, as far as a
    // run can tell the same as the exact wait, and no branch asks which of the two it is.
    const draw = tab.threshold.length === 0
      ? `x = 1 - ${DRAW}; d${m}_${k} = ${log};`
      : `x = 1 - ${DRAW}; tb = ix * ${H + 2}; ` +
        `kk = ${this.ref(tab.guide)}[ix * ${GUIDE + 1} + ((x * ${GUIDE}) | 0)] - 1; ` +
        `do kk++; while (x < ${this.ref(tab.threshold)}[tb + kk + 1]); ` +
        `d${m}_${k} = x >= ${this.ref(tab.above)}[tb + kk + 1] ? day + 1 + kk : ${log};`;
    const set = `${looked ? "" : this.hazardValue(t)} w${m}_${k} = h; `;
    return inside ? `${set}${draw}` : `${set}if (h <= 0) d${m}_${k} = Infinity; else if (h >= 1) d${m}_${k} = day + 1; else { ${draw} }`;
  }

  /** Statements: the earliest due day of state `s` of machine `m` becomes `n{m}` (checked after today). */
  earliest(m: number, s: number): string {
    const p = this.plan;
    const t0 = p.timedStart[s] ?? 0;
    const t1 = p.timedStart[s + 1] ?? 0;
    if (t1 === t0) return `n${m} = Infinity;`;
    const slots = Array.from({ length: t1 - t0 }, (_, k) => `d${m}_${k}`);
    const least = slots.length === 1 ? slots[0] : `Math.min(${slots.join(", ")})`;
    return `ea = ${least}; if (!(ea > day)) bail(); n${m} = ea;`;
  }

  /**
   * Statements: slot `k` of machine `m` becomes `shift` plus a day of `dist`
   * drawn from day `from` on (as `sampleDayFrom` draws it): through the
   * distribution's guide when `from` is not past its first day, else by the call.
   */
  sampleDay(m: number, k: number, dist: DayDist, from: string, shift: string): string {
    const gd = dayGuide(dist);
    // The first day is worked out before the branch, so the rarely taken call holds no arithmetic.
    const start = from === "first" ? "" : `fr = ${from}; `;
    const call = `${shift}SD(${this.ref(dist)}, ${from === "first" ? `${this.ref(dist)}.first` : "fr"}, x)`;
    if (gd === undefined) return `x = ${DRAW}; ${start}d${m}_${k} = ${call};`;
    const q = this.ref(gd);
    // A do-while: its step runs on every draw, so V8 has seen it before it optimises (see WAIT above).
    const guided = `tg = ${q}.top - x * ${q}.top; kk = ${q}.guide[(x * ${DAY_GUIDE}) | 0] - 1; ` +
      `do kk++; while (kk < ${q}.last && !(${q}.tail[kk + 1] < tg)); d${m}_${k} = ${shift}${q}.first + kk;`;
    return from === "first" ? `x = ${DRAW}; ${guided}` : `x = ${DRAW}; ${start}if (fr <= ${q}.first) { ${guided} } else d${m}_${k} = ${call};`;
  }

  /** The states of machine `m`. */
  states(m: number): number[] {
    const out: number[] = [];
    for (let s = this.first[m] ?? 0; s <= (this.last[m] ?? -1); s++) out.push(s);
    return out;
  }

  /**
   * A switch over machine `m`'s state, with a case for each state `body`
   * gives code for. With `exhaustive`, the caller knows the machine is in one
   * of those states: the last case is the default (one comparison fewer), and
   * a single case needs no switch at all.
   */
  switchOn(m: number, body: (s: number) => string | undefined, exhaustive = false): string {
    const cases: { readonly s: number; readonly code: string }[] = [];
    for (const s of this.states(m)) {
      const code = body(s);
      if (code !== undefined && code !== "") cases.push({ s, code });
    }
    if (cases.length === 0) return "";
    if (exhaustive && cases.length === 1) return `{ ${cases[0]?.code ?? ""} }`;
    const arms = cases.map((c, i) => `${exhaustive && i === cases.length - 1 ? "default" : `case ${c.s}`}: { ${c.code} break; }`);
    return `switch (s${m}) { ${arms.join(" ")} }`;
  }

}

/** Thrown while generating when a model cannot be specialised (caught by {@link generate}). */
export class NotSpecialisable extends Error {}
