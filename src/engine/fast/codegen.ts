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
import type { CompiledModel } from "../../model/model.js";
import type { Plan } from "../plan.js";
import { finalKeys, type FinalKeys } from "./finals.js";
import { Gen, NotSpecialisable } from "./gen.js";
import { immediatePhase, quietStart, reschedule, scheduleFull, timedPhase, timedReadsStates } from "./phases.js";

/** What the generator hands the factory: the source and the values it names. */
export interface Generated {
  readonly source: string;
  readonly values: readonly unknown[];
  /** The final keys the source counts runs by (their counts are empty when it tallies each run at once). */
  readonly finals: FinalKeys;
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
 * shipped scenario's source is about 16,000 characters).
 */
export const MAX_SOURCE = 80_000;

/**
 * A run's end: one more count of its final key (./finals.ts) when the key
 * space is small, else its outcome (remembered by final state when it can
 * be) and its final states tallied at once.
 */
function outcomeCode(g: Gen, keys: FinalKeys): string {
  const parts: string[] = [];
  keys.machines.forEach((m, i) => parts.push(`(s${i} - ${m.first}) * ${m.stride}`));
  for (const fl of keys.flags) parts.push(`V[${fl.state}] * ${fl.stride}`);
  const key = parts.join(" + ");
  if (keys.counts.length > 0) return `${g.ref(keys.counts)}[${key}]++;`;
  const finals = Array.from({ length: g.M }, (_, m) => `FIN[s${m}]++;`).join(" ");
  // A call with the machines' states and entry days: the frame is set in batch.ts, out of this
  // function, so that a key first met after V8 optimised it costs no deoptimisation.
  const se = Array.from({ length: g.M }, (_, m) => `s${m}, e${m}`).join(", ");
  if (keys.size > 1 << 20) return `o = OUTCOME(NOMEMO, 0, ${se}); OUT[o]++; ${finals}`;
  const memo = g.ref(new Int32Array(keys.size).fill(-1));
  return `ix = ${key}; o = ${memo}[ix]; if (o < 0) o = OUTCOME(${memo}, ix, ${se}); OUT[o]++; ${finals}`;
}

/** The source of the batch function of a model, or why it is not specialised. Pure. */
export function generate(model: CompiledModel, plan: Plan): Generated | NotSpecialised {
  const M = model.machineIds.length;
  if (M > MAX_MACHINES) return { reason: `more than ${MAX_MACHINES} machines` };
  if (model.stateNames.length > MAX_STATES) return { reason: `more than ${MAX_STATES} states` };
  const g = new Gen(model, plan);
  const keys = finalKeys(model);
  let body: string;
  try {
    body = runBody(g, keys);
  } catch (e) {
    if (e instanceof NotSpecialisable) return { reason: e.message };
    throw e;
  }
  // Values become constants of the factory's scope, which the batch function closes over. Measured
  // against copying them into the batch function on each call (90 more locals for the register
  // allocator): 27% less compile time for the shipped scenario (183 -> 133 ms) and 3-5% faster runs.
  const hoist = g.values.map((_, i) => `const q${i} = C[${i}];`).join("\n");
  const source = `"use strict";\n${hoist}\nreturn function batch(k, kA, kB, from, to, OUT, FIN, VIS, FDS) {\n` +
    `const V = F.visited, S = F.state, E = F.entry, VL = VL0, DL = DL0;\n${body}\n};`;
  if (source.length > MAX_SOURCE) return { reason: "the generated code would be too long" };
  return { source, values: g.values, finals: keys };
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
function runBody(g: Gen, keys: FinalKeys): string {
  const { model, plan, M, H } = g;
  const decl: string[] = ["let a0 = 0, a1 = 0, a2 = 0, ac = 1, tq = 0;", "let dc = 0, vc = 0, day = 0, cm = 0, any = false, all = false;",
    "let x = 0, h = 0, g = 0, ix = 0, ea = 0, o = 0, next = 0, kk = 0, tb = 0, tg = 0, fr = 0;"];
  for (let m = 0; m < M; m++) {
    decl.push(`let s${m} = 0, e${m} = 0, n${m} = Infinity, p${m} = -1;`);
    let slots = 0;
    for (const s of g.states(m)) slots = Math.max(slots, (plan.timedStart[s + 1] ?? 0) - (plan.timedStart[s] ?? 0));
    for (let k = 0; k < slots; k++) decl.push(`let d${m}_${k} = Infinity, w${m}_${k} = NaN;`);
  }
  const initialStates = new Set(model.initial);
  const clearVisited = g.clearsAll
    ? model.stateNames.map((_, s) => s).filter((s) => !initialStates.has(s)).map((s) => `V[${s}] = 0;`).join(" ")
    : "for (let i = 0; i < vc; i++) V[VL[i]] = 0;";
  const immediate = immediatePhase(g);
  const quiet = quietStart(g);
  const init: string[] = [];
  let dc0 = 0;
  for (let m = 0; m < M; m++) {
    const s = model.initial[m] ?? 0;
    dc0 += plan.daily[s] ?? 0;
    // (A quiet day 0 sets every due day itself.)
    init.push(`s${m} = ${s}; e${m} = 0;${quiet ? "" : ` n${m} = Infinity;`}`);
  }
  // (Day 0's first pass counts every machine as changed.)
  if (!quiet) init.push(`cm = ${2 ** M - 1};`);
  // Initial states are flagged visited once per call: no run clears their flags (only states it entered).
  const visitInitial = Array.from({ length: M }, (_, m) => `V[${model.initial[m] ?? 0}] = 1;`).join(" ");
  const settleStates = immediate === "" ? "" : `if ((cm & ${immediateWatch(plan)}) !== 0${g.anyDaily ? " || dc > 0" : ""}) { ${immediate} }`;
  const drawAgain = `if (cm !== 0) { ${reschedule(g)} }`;
  // On the horizon's day the states settle, and nothing is drawn: no due day can fall within the horizon.
  const settle = `${settleStates}\n    if (day >= ${H}) break;\n    ${drawAgain}`;
  // Day 0 is the first pass: every machine counts as changed, so all draw their due days (in machine
  // order). When no `when` transition can fire in the initial states, that is the same straight-line
  // code for every run: each machine's initial state's draws, with no phase, switch or check around them.
  // (Draws made on day 0 when the horizon is day 0 give due days past it, as no draw at all would.)
  const day0 = quiet
    ? Array.from({ length: M }, (_, m) => scheduleFull(g, m, model.initial[m] ?? 0)).join("\n  ")
    : `${settleStates}\n  ${drawAgain}`;
  // Every machine's next due day is after today here (a machine due today fired and drew anew), so
  // the next day is their least, taken without branches; were one not, the check below bails out.
  const nextDay = M === 1 ? "next = n0;" : `next = Math.min(${Array.from({ length: M }, (_, m) => `n${m}`).join(", ")});`;
  const timed: string[] = [];
  const apply: string[] = [];
  const now = !timedReadsStates(g);
  for (let m = 0; m < M; m++) {
    timed.push(timedPhase(g, m, now));
    if (!now) apply.push(`if (p${m} >= 0) { ${g.enter(m, `p${m}`)} }`);
  }
  // Every run visits each initial state on day 0 (first visit day 0): the batch adds its run count once.
  const initial = Array.from({ length: M }, (_, m) => `if (to > from) VIS[${model.initial[m] ?? 0}] += to - from;`);
  return `${decl.join("\n")}
${visitInitial}
let hi = Math.floor(from / 4294967296), hk = FMIX((hi >>> 0) ^ k), lim = (hi + 1) * 4294967296;
for (let run = from; run < to; run++) {
  // The arithmetic of runState (src/engine/rng.ts), dividing by 2^32 as multiplying by 2^-32 (the same
  // number: a power of two); the hash of the high word of the run index is made once per 2^32 runs.
  if (run >= lim) { hi = Math.floor(run / 4294967296); hk = FMIX((hi >>> 0) ^ k); lim = (hi + 1) * 4294967296; }
  tq = FMIX((run >>> 0) ^ hk);
  a0 = FMIX(tq ^ 0x85a308d3 ^ k) * 2.3283064365386963e-10; a1 = FMIX(tq ^ kA) * 2.3283064365386963e-10; a2 = FMIX(tq ^ kB) * 2.3283064365386963e-10; ac = 1;
  vc = 0; day = 0;${g.anyDaily ? ` dc = ${dc0};` : ""}
  // Initial states are visited on day 0 by every run: counted once per batch below, not listed.
  ${init.join("\n  ")}
  ${day0}
  for (;;) {
    ${g.anyDaily ? "if (dc > 0) next = day + 1; else " : ""}{ ${nextDay} }
    if (next > ${H}) break;
    // Days only move forward (so a run takes at most H steps); were one not to, the run bails out.
    if (!(next > day)) bail();
    day = next;
    cm = 0;
    ${g.anyDaily ? "all = dc > 0;" : ""}
    ${timed.join("\n    ")}
    ${apply.join("\n    ")}
    ${settle}
  }
  ${outcomeCode(g, keys)}
  ${clearVisited}
}
${initial.join(" ")}`;
}
