/**
 * The exact solver: carries the probability distribution over reachable joint
 * states forward day by day, under exactly the rules of docs/semantics.md
 * (the daily definition, with conditional hazards for windows and delays).
 * No randomness; the same model gives the same numbers bit for bit. Pure.
 * @module
 */
import { ScenarioError, issue } from "../scenario/issues.js";
import { WEIGHT_TOLERANCE } from "../model/compile.js";
import { conditionalHazard } from "../model/distributions.js";
import type { CompiledExpr } from "../model/expr.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import { describeStates } from "../engine/run.js";
import { layoutOf, type Layout } from "./layout.js";

/** The most joint states the solver holds on one day (a documented limit). */
export const MAX_EXACT_STATES = 2_000_000;
/** The most visited flags the solver tracks (they are bits of a 32-bit mask). */
export const MAX_VISITED_FLAGS = 30;

/** Options of {@link solveExact}. */
export interface ExactOptions {
  /** Record the probability of every outcome and state at the end of every day. */
  readonly timeline?: boolean;
  /** Override {@link MAX_EXACT_STATES} (for tests of the limit). */
  readonly maxStates?: number;
}

/** The solver's answer. */
export interface ExactResult {
  /** Per outcome: its exact probability. */
  readonly outcomes: Float64Array;
  /** Per group: the sum of its outcomes. */
  readonly groups: Float64Array;
  /** Per global state: the probability of ending in it. */
  readonly finalStates: Float64Array;
  /** When asked: per day 0 … H, outcome (evaluated with `day` = that day) and state probabilities at the end of the day. */
  readonly timeline: { readonly outcomes: Float64Array[]; readonly states: Float64Array[] } | undefined;
  /** The most joint states held on one day. */
  readonly peakStates: number;
  /** The number of distinct keys of the layout. */
  readonly keySpace: number;
}

/** A probability distribution over joint-state keys. */
type Dist = Map<number, number>;

/** The outcome of solving: a result, or the issue that stopped it (a limit). */
export type ExactOutcome = { readonly ok: true; readonly result: ExactResult } | { readonly ok: false; readonly issue: ReturnType<typeof issue> };

class Solver {
  readonly M: number;
  readonly n: number;
  readonly frame: EvalFrame;
  /** Decoded joint state being worked on. */
  readonly state: Int32Array;
  readonly clock: Int32Array;
  mask = 0;

  constructor(readonly model: CompiledModel, readonly L: Layout, readonly maxStates: number) {
    this.M = model.machineIds.length;
    this.n = model.stateNames.length;
    this.frame = { state: new Int32Array(this.M), visited: new Uint8Array(this.n), entry: new Int32Array(this.M), day: 0 };
    this.state = new Int32Array(this.M);
    this.clock = new Int32Array(this.M);
  }

  encode(state: Int32Array, clock: Int32Array, mask: number): number {
    const { model, L } = this;
    let key = mask * L.maskPlace;
    for (let m = 0; m < this.M; m++) {
      const local = (state[m] ?? 0) - (model.stateOffset[m] ?? 0);
      key += (L.place[m] ?? 0) * (local * (L.clockBase[m] ?? 1) + (clock[m] ?? 0));
    }
    return key;
  }

  decode(key: number): void {
    const { model, L } = this;
    let rest = key;
    const mask = Math.floor(rest / L.maskPlace);
    rest -= mask * L.maskPlace;
    for (let m = this.M - 1; m >= 0; m--) {
      const place = L.place[m] ?? 1;
      const digit = Math.floor(rest / place);
      rest -= digit * place;
      const base = L.clockBase[m] ?? 1;
      const local = Math.floor(digit / base);
      this.state[m] = (model.stateOffset[m] ?? 0) + local;
      this.clock[m] = digit - local * base;
    }
    this.mask = mask;
  }

  /** Loads the decoded joint state into the frame, as of `day` with the clocks as days in state. */
  load(day: number, clockOffset: number): void {
    const f = this.frame;
    f.day = day;
    for (let m = 0; m < this.M; m++) {
      f.state[m] = this.state[m] ?? 0;
      f.entry[m] = day - ((this.clock[m] ?? 0) + clockOffset);
    }
    const vs = this.L.visitedStates;
    for (let i = 0; i < vs.length; i++) f.visited[vs[i] ?? 0] = (this.mask >>> i) & 1;
  }

  probability(e: CompiledExpr): number {
    const v = e.constant ?? e.fn(this.frame);
    if (v >= 0 && v <= 1) return v;
    if (v > -WEIGHT_TOLERANCE && v < 1 + WEIGHT_TOLERANCE) return v < 0 ? 0 : 1;
    throw new ScenarioError([issue("range", e.path,
      `"${e.text}" gives ${v}, not a probability in [0, 1] (scenario "${this.model.scenario.id}", exact solver, day ${this.frame.day}, states ${describeStates(this.model, this.frame)})`)]);
  }

  /** Branch probabilities of transitions whose weights are all constant, computed once. */
  readonly constProbs = new Map<CompiledTransition, Float64Array>();

  /** The branch probabilities of `t` against the frame (checked to sum to 1). */
  branchProbs(t: CompiledTransition): Float64Array {
    if (!t.weightsDynamic) {
      const cached = this.constProbs.get(t);
      if (cached !== undefined) return cached;
    }
    const w = t.weights;
    const out = new Float64Array(w.length);
    if (w.length === 1) { out[0] = 1; return out; }
    let sum = 0;
    let other = -1;
    for (let i = 0; i < w.length; i++) {
      const e = w[i];
      if (e === undefined) { other = i; continue; }
      const v = this.probability(e);
      out[i] = v;
      sum += v;
    }
    if (other >= 0 ? sum > 1 + WEIGHT_TOLERANCE : Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
      throw new ScenarioError([issue("weights", [...t.path, "to"],
        `branch weights sum to ${sum}${other >= 0 ? ", leaving nothing for `otherwise`" : ", not 1"} (scenario "${this.model.scenario.id}", exact solver, day ${this.frame.day}, states ${describeStates(this.model, this.frame)})`)]);
    }
    if (other >= 0) out[other] = Math.max(0, 1 - sum);
    if (!t.weightsDynamic) this.constProbs.set(t, out);
    return out;
  }

  visitBit(mask: number, s: number): number {
    const b = this.L.visitedBit[s] ?? -1;
    return b < 0 ? mask : (mask | (1 << b)) >>> 0;
  }

  add(out: Dist, key: number, p: number): void {
    if (p === 0) return;
    out.set(key, (out.get(key) ?? 0) + p);
    if (out.size > this.maxStates) {
      throw new LimitReached(out.size);
    }
  }

  /**
   * The immediate phase from the joint state (`state`, `clock` as days in
   * state today, `mask`) with probability `p`: rounds of `when` transitions,
   * each round's branches multiplied out; settled states are added to `out`.
   */
  settle(day: number, state: Int32Array, clock: Int32Array, mask: number, p: number, out: Dist, depth: number): void {
    const { model, M } = this;
    if (depth > this.n + 1) throw new Error("internal: immediate transitions did not settle");
    // Load the frame: today's day, the clocks as days in state, the visited flags.
    const f = this.frame;
    f.day = day;
    let guarded = false;
    for (let m = 0; m < M; m++) {
      const s = state[m] ?? 0;
      f.state[m] = s;
      f.entry[m] = day - (clock[m] ?? 0);
      if ((model.immediate[s]?.length ?? 0) > 0) guarded = true;
    }
    if (!guarded) {
      this.add(out, this.encode(state, clock, mask), p);
      return;
    }
    const vs = this.L.visitedStates;
    for (let i = 0; i < vs.length; i++) f.visited[vs[i] ?? 0] = (mask >>> i) & 1;
    // Per machine: the firing transition's targets and their probabilities, or none.
    let fired: { m: number; targets: Int32Array; probs: Float64Array }[] | undefined;
    for (let m = 0; m < M; m++) {
      for (const t of model.immediate[state[m] ?? 0] ?? []) {
        if (t.trigger.kind !== "when") continue;
        const g = t.trigger.guard;
        const v = g.constant ?? g.fn(f);
        if (v !== 0 && !Number.isNaN(v)) {
          (fired ??= []).push({ m, targets: t.targets, probs: this.branchProbs(t) });
          break;
        }
      }
    }
    if (fired === undefined) {
      this.add(out, this.encode(state, clock, mask), p);
      return;
    }
    // Multiply out the branches of every machine that fires this round.
    const idx = new Array<number>(fired.length).fill(0);
    for (;;) {
      let q = p;
      const ns = Int32Array.from(state);
      const nc = Int32Array.from(clock);
      let nm = mask;
      for (let i = 0; i < fired.length; i++) {
        const f = fired[i];
        if (f === undefined) continue;
        const k = idx[i] ?? 0;
        q *= f.probs[k] ?? 0;
        const to = f.targets[k] ?? 0;
        ns[f.m] = to;
        nc[f.m] = 0;
        nm = this.visitBit(nm, to);
      }
      if (q > 0) this.settle(day, ns, nc, nm, q, out, depth + 1);
      let i = 0;
      for (; i < fired.length; i++) {
        idx[i] = (idx[i] ?? 0) + 1;
        if ((idx[i] ?? 0) < (fired[i]?.targets.length ?? 0)) break;
        idx[i] = 0;
      }
      if (i === fired.length) return;
    }
  }

  /** One day's timed phase and immediate phase, from distribution `cur`. */
  step(day: number, cur: Dist): Dist {
    const { model, M, L } = this;
    const next: Dist = new Map();
    // Per machine: options (probability, target or -1 to stay), rebuilt for each joint state.
    const optP: Float64Array[] = [];
    const optT: Int32Array[] = [];
    const optN = new Int32Array(M);
    for (let m = 0; m < M; m++) {
      let most = 1;
      for (let s = model.stateOffset[m] ?? 0; s < (model.stateOffset[m + 1] ?? 0); s++) {
        let k = 1;
        for (const t of model.timed[s] ?? []) k += t.targets.length;
        most = Math.max(most, k);
      }
      optP.push(new Float64Array(most));
      optT.push(new Int32Array(most));
    }
    const baseState = new Int32Array(M);
    const baseClock = new Int32Array(M);
    const ns = new Int32Array(M);
    const nc = new Int32Array(M);
    const idx = new Int32Array(M);
    for (const [key, p] of cur) {
      this.decode(key);
      // Timed phase: the snapshot is the start of the day; daysInState is the stored clock + 1.
      this.load(day, 1);
      baseState.set(this.state);
      const mask = this.mask;
      for (let m = 0; m < M; m++) {
        const s = this.state[m] ?? 0;
        baseClock[m] = Math.min((this.clock[m] ?? 0) + 1, L.clockCap[s] ?? 0);
        const P = optP[m] ?? new Float64Array(1);
        const T = optT[m] ?? new Int32Array(1);
        let n = 0;
        let survive = 1;
        for (const t of model.timed[s] ?? []) {
          const trig = t.trigger;
          let q: number;
          switch (trig.kind) {
            case "window": q = conditionalHazard(trig.dist, day); break;
            case "delay": q = conditionalHazard(trig.dist, (this.clock[m] ?? 0) + 1); break;
            case "hazard": q = this.probability(trig.hazard); break;
            case "when": q = 0; break;
            default: q = trig satisfies never;
          }
          if (q <= 0) continue;
          const fire = survive * q;
          survive *= 1 - q;
          const bp = this.branchProbs(t);
          for (let b = 0; b < t.targets.length; b++) {
            const pb = fire * (bp[b] ?? 0);
            if (pb > 0) { P[n] = pb; T[n] = t.targets[b] ?? 0; n++; }
          }
          if (survive <= 0) break;
        }
        if (survive > 0) { P[n] = survive; T[n] = -1; n++; }
        optN[m] = n;
      }
      // Multiply out the machines' options; each combination then goes through the immediate phase.
      idx.fill(0);
      for (;;) {
        let q = p;
        let nm = mask;
        for (let m = 0; m < M; m++) {
          const k = idx[m] ?? 0;
          q *= optP[m]?.[k] ?? 0;
          const to = optT[m]?.[k] ?? -1;
          if (to < 0) {
            ns[m] = baseState[m] ?? 0;
            nc[m] = baseClock[m] ?? 0;
          } else {
            ns[m] = to;
            nc[m] = 0;
            nm = this.visitBit(nm, to);
          }
        }
        if (q > 0) this.settle(day, ns, nc, nm, q, next, 0);
        let m = 0;
        for (; m < M; m++) {
          idx[m] = (idx[m] ?? 0) + 1;
          if ((idx[m] ?? 0) < (optN[m] ?? 0)) break;
          idx[m] = 0;
        }
        if (m === M) break;
      }
    }
    return next;
  }

  /** Adds, for distribution `d` at the end of `day`, outcome and state probabilities. */
  observe(day: number, d: Dist, outcomes: Float64Array, states: Float64Array, strict: boolean): void {
    const { model } = this;
    for (const [key, p] of d) {
      this.decode(key);
      this.load(day, 0);
      for (let m = 0; m < this.M; m++) {
        const s = this.state[m] ?? 0;
        states[s] = (states[s] ?? 0) + p;
      }
      let found = -1;
      let count = 0;
      model.outcomes.forEach((o, i) => {
        const v = o.when.constant ?? o.when.fn(this.frame);
        if (v !== 0 && !Number.isNaN(v)) { if (count === 0) found = i; count++; }
      });
      if (count === 1) outcomes[found] = (outcomes[found] ?? 0) + p;
      else if (strict) {
        throw new ScenarioError([issue("outcomes", ["outcomes"],
          `scenario "${model.scenario.id}", exact solver: ${count === 0 ? "no outcome matches" : `${count} outcomes match`} the final state ${describeStates(model, this.frame)}`)]);
      }
    }
  }
}

class LimitReached extends Error {
  constructor(readonly size: number) {
    super(`limit reached at ${size} states`);
  }
}

/**
 * Solves a model exactly. Returns an issue (not an exception) when the joint
 * state space exceeds a documented limit; throws a ScenarioError for values
 * out of range or a final state that matches no outcome or several. Pure.
 */
export function solveExact(model: CompiledModel, opts: ExactOptions = {}): ExactOutcome {
  const lay = layoutOf(model);
  if (!lay.ok) return { ok: false, issue: lay.issue };
  const L = lay.layout;
  if (L.visitedStates.length > MAX_VISITED_FLAGS) {
    return { ok: false, issue: issue("limit", ["outcomes"],
      `scenario "${model.scenario.id}": expressions read ${L.visitedStates.length} visited flags; the exact solver tracks at most ${MAX_VISITED_FLAGS}; use Monte Carlo (tariffsim run --method mc)`) };
  }
  const maxStates = opts.maxStates ?? MAX_EXACT_STATES;
  const S = new Solver(model, L, maxStates);
  const M = S.M;
  const H = model.days;
  const timeline = opts.timeline === true ? { outcomes: [] as Float64Array[], states: [] as Float64Array[] } : undefined;
  let peak = 1;
  try {
    // Day 0: the initial states, then the immediate phase.
    const init = Int32Array.from(model.initial);
    let mask = 0;
    for (const s of init) mask = S.visitBit(mask, s);
    let cur: Dist = new Map();
    S.settle(0, init, new Int32Array(M), mask, 1, cur, 0);
    const record = (day: number): void => {
      if (timeline === undefined) return;
      const o = new Float64Array(model.outcomes.length);
      const st = new Float64Array(model.stateNames.length);
      S.observe(day, cur, o, st, false);
      timeline.outcomes.push(o);
      timeline.states.push(st);
    };
    record(0);
    for (let day = 1; day <= H; day++) {
      cur = S.step(day, cur);
      peak = Math.max(peak, cur.size);
      record(day);
    }
    const outcomes = new Float64Array(model.outcomes.length);
    const finalStates = new Float64Array(model.stateNames.length);
    S.observe(H, cur, outcomes, finalStates, true);
    const groups = new Float64Array(model.groups.length);
    model.outcomes.forEach((o, i) => { if (o.group >= 0) groups[o.group] = (groups[o.group] ?? 0) + (outcomes[i] ?? 0); });
    return { ok: true, result: { outcomes, groups, finalStates, timeline, peakStates: peak, keySpace: L.keySpace } };
  } catch (e) {
    if (e instanceof LimitReached) {
      return { ok: false, issue: issue("limit", ["machines"],
        `scenario "${model.scenario.id}": the exact solver reached ${e.size} joint states on one day, over its limit of ${maxStates}; use Monte Carlo (tariffsim run --method mc)`) };
    }
    throw e;
  }
}
