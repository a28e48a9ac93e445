/**
 * Generates the source of one batch function specialised to a compiled model:
 * the reference engine's run (src/engine/run.ts) unrolled over this model's
 * machines and states, with every machine's state, entry day, next due day
 * and due days as local variables, one `switch` per machine, the generator
 * (seedrandom's Alea, bit for bit) inlined, and expressions that do not read
 * the time looked up in tables (./tables.ts). It draws the same uniforms in
 * the same order as the reference engine, so its tallies are bit-identical.
 *
 * Safe by construction: the source is built from numbers and indices only.
 * No identifier, label or expression text of the scenario reaches it; values
 * (tables, day distributions, the few expressions that read the time) are
 * passed in as the elements of one array `C` and named `qN` by position.
 * Anything unusual (a value the reference engine would reject, a step bound)
 * calls `bail()`, and the caller reruns the batch with the reference engine,
 * which reports it in its own words.
 * Pure.
 * @module
 */
import type { CompiledExpr } from "../../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../../model/model.js";
import { KIND_DAILY, KIND_DELAY, KIND_GEOMETRIC, KIND_WINDOW, type Plan } from "../plan.js";
import { guardTable, hazardTable, tableIndex, type TableIndex } from "./tables.js";

/** What the generator hands the factory: the source and the values it names. */
export interface Generated {
  readonly source: string;
  readonly values: readonly unknown[];
}

/** Why a model is not specialised (then the reference engine runs it). */
export type NotSpecialised = { readonly reason: string };

/** The most machines (the watch masks are 31-bit) and states a specialised model may have. */
export const MAX_MACHINES = 30;
export const MAX_STATES = 2_000;
/**
 * The longest generated source accepted, in characters. Why so short: V8
 * never optimises a function of more than 61,440 bytes of bytecode, and an
 * unoptimised batch function is slower than the reference engine (the
 * shipped scenario's 23,000 characters make 13,000 bytes of bytecode).
 */
export const MAX_SOURCE = 80_000;

/** One uniform of the inlined Alea (seedrandom's `next`, same arithmetic, same order). */
const DRAW = "(tq = 2091639 * a0 + ac * 2.3283064365386963e-10, a0 = a1, a1 = a2, a2 = tq - (ac = tq | 0))";

/** A number as a source literal (finite numbers only: String round-trips them exactly). */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal: non-finite literal ${v}`);
  return Object.is(v, -0) ? "0" : String(v);
}

class Gen {
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
class NotSpecialisable extends Error {}

/** The outcome lookup: a memo by final state when the key space is small, else a call every run. */
function outcomeCode(g: Gen): string {
  const model = g.model;
  const flags = new Set<number>();
  for (const o of model.outcomes) for (const v of o.when.visitedStates) flags.add(v);
  let size = 1;
  const parts: string[] = [];
  for (let m = 0; m < g.M; m++) {
    parts.push(`(s${m} - ${g.first[m] ?? 0}) * ${size}`);
    size *= (g.last[m] ?? 0) - (g.first[m] ?? 0) + 1;
  }
  for (const s of [...flags].sort((a, b) => a - b)) {
    parts.push(`V[${s}] * ${size}`);
    size *= 2;
  }
  const call = `(${g.sync()}, F.day = ${g.H}, MATCH(F))`;
  if (size > 1 << 20) return `o = ${call};`;
  const memo = g.ref(new Int32Array(size).fill(-1));
  return `ix = ${parts.join(" + ")}; o = ${memo}[ix]; if (o < 0) { o = ${call}; ${memo}[ix] = o; }`;
}

/** The source of the batch function of a model, or why it is not specialised. Pure. */
export function generate(model: CompiledModel, plan: Plan): Generated | NotSpecialised {
  const M = model.machineIds.length;
  if (M > MAX_MACHINES) return { reason: `more than ${MAX_MACHINES} machines` };
  if (model.stateNames.length > MAX_STATES) return { reason: `more than ${MAX_STATES} states` };
  const g = new Gen(model, plan);
  let body: string;
  try {
    body = runBody(g);
  } catch (e) {
    if (e instanceof NotSpecialisable) return { reason: e.message };
    throw e;
  }
  // Values are copied into the batch function's own constants on entry (once per call), so the
  // optimiser sees each as one loop-invariant value rather than a load from the enclosing context.
  const hoist = g.values.map((_, i) => `const q${i} = C[${i}];`).join("\n");
  const source = `"use strict";\nreturn function batch(k, kA, kB, from, to, OUT, FIN, VIS, FDS) {\n` +
    `const V = F.visited, S = F.state, E = F.entry, FD = FD0, VL = VL0, DL = DL0;\n${hoist}\n${body}\n};`;
  if (source.length > MAX_SOURCE) return { reason: "the generated code would be too long" };
  return { source, values: g.values };
}

/** The changed flags of all machines as a bit mask (machine m is bit m). */
function bitsOf(M: number): string {
  return `(${Array.from({ length: M }, (_, m) => `(c${m} << ${m})`).join(" | ")})`;
}

/**
 * The machines whose change can make a `when` transition fire: those that
 * have one, and those a guard reads (a visited flag changes only when its
 * machine does). When none of them changed today and no machine steps day by
 * day, every guard has the value it had when the last immediate phase ended,
 * with nothing firing, so the phase would change nothing and is skipped.
 */
function immediateWatch(plan: Plan): number {
  let mask = 0;
  for (const t of plan.when) {
    mask |= 1 << t.machine;
    if (t.trigger.kind === "when") for (const m of t.trigger.guard.machines) mask |= 1 << m;
  }
  return mask;
}

/** The body of the batch function: every run of `[from, to)`, tallied. */
function runBody(g: Gen): string {
  const { model, plan, M, H } = g;
  const decl: string[] = ["let a0 = 0, a1 = 0, a2 = 0, ac = 1, tq = 0;", "let dc = 0, vc = 0, day = 0, cm = 0, any = false, all = false;",
    "let x = 0, h = 0, g = 0, ix = 0, ea = 0, o = 0, next = 0;"];
  for (let m = 0; m < M; m++) {
    decl.push(`let s${m} = 0, e${m} = 0, n${m} = Infinity, p${m} = -1, c${m} = 0;`);
    let slots = 0;
    for (const s of g.states(m)) slots = Math.max(slots, (plan.timedStart[s + 1] ?? 0) - (plan.timedStart[s] ?? 0));
    for (let k = 0; k < slots; k++) decl.push(`let d${m}_${k} = Infinity, w${m}_${k} = NaN;`);
  }
  const init: string[] = [];
  let dc0 = 0;
  for (let m = 0; m < M; m++) {
    const s = model.initial[m] ?? 0;
    dc0 += plan.daily[s] ?? 0;
    init.push(`s${m} = ${s}; e${m} = 0; n${m} = Infinity; c${m} = 1; V[${s}] = 1;`);
  }
  const immediate = g.immediatePhase();
  const nextDay: string[] = [];
  for (let m = 0; m < M; m++) nextDay.push(`if (n${m} > day && n${m} < next) next = n${m};`);
  const timed: string[] = [];
  const apply: string[] = [];
  for (let m = 0; m < M; m++) {
    timed.push(g.timedPhase(m));
    apply.push(`if (p${m} >= 0) { ${g.enter(m, `p${m}`)} }`);
  }
  const clear: string[] = [];
  for (let m = 0; m < M; m++) clear.push(`c${m} = 0;`);
  // Every run visits each initial state on day 0 (first visit day 0): the batch adds its run count once.
  const initial = Array.from({ length: M }, (_, m) => `if (to > from) VIS[${model.initial[m] ?? 0}] += to - from;`);
  const finals: string[] = [];
  for (let m = 0; m < M; m++) finals.push(`FIN[s${m}]++;`);
  const anyChanged = Array.from({ length: M }, (_, m) => `c${m}`).join(" | ");
  return `${decl.join("\n")}
for (let run = from; run < to; run++) {
  tq = FMIX((run >>> 0) ^ FMIX((Math.floor(run / 4294967296) >>> 0) ^ k));
  a0 = FMIX(tq ^ 0x85a308d3 ^ k) / 4294967296; a1 = FMIX(tq ^ kA) / 4294967296; a2 = FMIX(tq ^ kB) / 4294967296; ac = 1;
  vc = 0; day = 0; dc = ${dc0};
  // Initial states are visited on day 0 by every run: counted once per batch below, not listed.
  ${init.join("\n  ")}
  // Day 0 is the first pass: every machine counts as changed, so all draw their due days (in machine order).
  for (let steps = 0; ; steps++) {
    ${immediate === "" ? "" : `if ((${bitsOf(M)} & ${immediateWatch(plan)}) !== 0${g.anyDaily ? " || dc > 0" : ""}) { ${immediate} }`}
    if ((${anyChanged}) !== 0) { ${g.reschedule()} }
    ${g.anyDaily ? "if (dc > 0) next = day + 1; else " : ""}{ next = Infinity; ${nextDay.join(" ")} }
    if (next > ${H}) break;
    if (!(next > day) || steps >= ${H}) bail();
    day = next;
    ${clear.join(" ")}
    ${g.anyDaily ? "all = dc > 0;" : ""}
    ${timed.join("\n    ")}
    ${apply.join("\n    ")}
  }
  ${outcomeCode(g)}
  OUT[o]++;
  ${finals.join(" ")}
  for (let i = 0; i < vc; i++) { const st = VL[i]; VIS[st]++; FDS[st] += FD[st]; V[st] = 0; }
}
${initial.join(" ")}`;
}
