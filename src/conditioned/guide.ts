/**
 * The evidence (a list of {@link Check}s) as what the conditioned sampler
 * needs day by day: which states a day's moves must not enter (`not S by D`
 * for every day up to D), which must be visited by the end of the day (the
 * deadline of `S by D`), which machines are pinned to a state at the end of
 * the day (`M.S at D`); which moves leave a pending goal (`S by D`, or
 * `M.S at D`, on a later day) out of reach in the days left (dropped at once
 * rather than carried to a weight of 0); and which pending goal leads the
 * proposal's lean (simulate.ts), with the moves that bring it closer. All
 * "reach" is by the transition graph alone (reach.ts), a bound that never
 * drops a move that could still meet a check. A day needs the full list of
 * its moves only when one of these can bite. Mutable (the lists of the day
 * being worked on).
 * @module
 */
import type { Check } from "../evidence/check.js";
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import { NEVER, Reach } from "./reach.js";

/** A leaf's class for the sampler: not allowed, allowed, or allowed and reaching a pending goal. */
export const REJECTED = -1;
export const ALLOWED = 0;
export const GOAL = 1;

/**
 * How hard the proposal leans towards a pending `S by D` (or `M.S at D`)
 * before its deadline: on day t, the moves that bring it closer (by the
 * transition graph: fewer moves still needed, or S visited) are drawn with
 * probability at least GOAL_LEAN × k / (D − t + 1), k being the moves still
 * needed. With k = 1 and a lean of 1 the visit day would be drawn about
 * evenly over the days left: ideal when the evidence's own law is about
 * even, but costing up to a factor D in effective sample size when the visit
 * truly comes at the deadline; 1/2 bounds that cost to about √D and keeps
 * about 3/4 of the runs' worth in the even case.
 */
export const GOAL_LEAN = 0.5;

/**
 * The problems of a list of checks against a model: a day outside 0 … H, a
 * state or machine index out of range, a check `in` naming a state of
 * another machine. Paths are `["evidence", index]`. Pure.
 */
export function checkEvidence(model: CompiledModel, checks: readonly Check[]): Issue[] {
  const n = model.stateNames.length;
  const M = model.machineIds.length;
  const out: Issue[] = [];
  checks.forEach((c, i) => {
    const path = ["evidence", i];
    if (!Number.isInteger(c.day) || c.day < 0 || c.day > model.days) out.push(issue("range", path, `check ${i}: day ${c.day} is outside 0 … ${model.days}`));
    if (!Number.isInteger(c.state) || c.state < 0 || c.state >= n) {
      out.push(issue("range", path, `check ${i}: state index ${c.state} is outside 0 … ${n - 1}`));
      return;
    }
    switch (c.kind) {
      case "visited": break;
      case "in":
        if (!Number.isInteger(c.machine) || c.machine < 0 || c.machine >= M) out.push(issue("range", path, `check ${i}: machine index ${c.machine} is outside 0 … ${M - 1}`));
        else if (model.stateMachine[c.state] !== c.machine) {
          out.push(issue("range", path, `check ${i}: state "${model.stateNames[c.state] ?? "?"}" is not a state of machine "${model.machineIds[c.machine] ?? "?"}"`));
        }
        break;
      default: c satisfies never;
    }
  });
  return out;
}

/** The checks of one model, arranged by day, with the lists of the day being worked on. Mutable buffers. */
export class Guide {
  /** Per global state: the last day it must not have been entered by (-1: none). */
  private readonly forbiddenUntil: Int32Array;
  /** States with a `not … by` check, sorted. */
  private readonly forbiddenStates: Int32Array;
  /** Per day: states that must be visited by its end. */
  private readonly requiredAt: Int32Array[];
  /** Per day: pinned (machine, state) pairs, flattened. */
  private readonly pinsAt: Int32Array[];
  /** `S by D` checks (want true) as pairs (state, day), flattened. */
  private readonly goalChecks: Int32Array;
  /** `M.S at D` checks as triples (machine, state, day), flattened. */
  private readonly pinChecks: Int32Array;
  private readonly reach: Reach;
  private readonly n: number;
  /** True when there are no checks at all (every day is sampled plainly). */
  readonly empty: boolean;

  // The lists of the day being worked on (set by `prepare`).
  private readonly activeForbidden: Int32Array;
  private forbiddenCount = 0;
  private required: Int32Array = new Int32Array(0);
  private pins: Int32Array = new Int32Array(0);
  /**
   * Today's lead goal, the pending `S by D` or `M.S at D` most pressed for
   * time (the most moves still needed by the graph per day left): its
   * machine, state, moves needed, and whether visiting S meets it (`S by D`).
   */
  private leadMachine = -1;
  private leadState = 0;
  private leadMoves = 0;
  private leadVisit = false;
  /**
   * The least probability with which the proposal draws the moves that bring
   * the lead goal closer today: GOAL_LEAN × moves needed / (days left + 1)
   * (0: no lead goal).
   */
  leanFloor = 0;
  /**
   * Today's checks that a move could put out of reach: per entry (machine,
   * state, days left after today, 1 for `S by D` (met once S is visited) or
   * 0 for `M.S at D`), flattened.
   */
  private readonly doom: Int32Array;
  private doomCount = 0;

  /** `checks` must be free of the problems {@link checkEvidence} reports. */
  constructor(private readonly model: CompiledModel, checks: readonly Check[]) {
    const n = model.stateNames.length;
    const H = model.days;
    this.n = n;
    this.empty = checks.length === 0;
    this.forbiddenUntil = new Int32Array(n).fill(-1);
    const required: number[][] = Array.from({ length: H + 1 }, () => []);
    const pins: number[][] = Array.from({ length: H + 1 }, () => []);
    const goals: number[] = [];
    const pinList: number[] = [];
    for (const c of checks) {
      switch (c.kind) {
        case "visited":
          if (c.want) {
            required[c.day]?.push(c.state);
            goals.push(c.state, c.day);
          } else this.forbiddenUntil[c.state] = Math.max(this.forbiddenUntil[c.state] ?? -1, c.day);
          break;
        case "in":
          pins[c.day]?.push(c.machine, c.state);
          pinList.push(c.machine, c.state, c.day);
          break;
        default: c satisfies never;
      }
    }
    const fs: number[] = [];
    this.forbiddenUntil.forEach((d, s) => { if (d >= 0) fs.push(s); });
    this.forbiddenStates = Int32Array.from(fs);
    this.requiredAt = required.map((r) => Int32Array.from(r));
    this.pinsAt = pins.map((p) => Int32Array.from(p));
    this.goalChecks = Int32Array.from(goals);
    this.pinChecks = Int32Array.from(pinList);
    this.reach = new Reach(model);
    this.doom = new Int32Array((goals.length / 2 + pinList.length / 3) * 4);
    this.activeForbidden = new Int32Array(fs.length);
  }

  /** Whether machine-of-`s`'s current state (in `f`) can lead to `s` within one day. */
  private reachable(f: EvalFrame, s: number): boolean {
    const m = this.model.stateMachine[s] ?? 0;
    return this.reach.one[(f.state[m] ?? 0) * this.n + s] === 1;
  }

  /** Whether some move of today could leave machine-of-`s` more than `left` days from `s` (by the graph). */
  private mayDoom(f: EvalFrame, s: number, left: number): boolean {
    const m = this.model.stateMachine[s] ?? 0;
    return (this.reach.worst[(f.state[m] ?? 0) * this.n + s] ?? 0) > left;
  }

  /**
   * Works out the lists for `day` from the start-of-day state in `f` (for day
   * 0, the initial states, before they count as entered) and says whether
   * the day needs its moves listed: some forbidden state is within one day's
   * reach, some goal is pending (to lean towards, or to drop the moves that
   * leave it out of reach), or the day has a deadline or a pin.
   */
  prepare(day: number, f: EvalFrame): boolean {
    let k = 0;
    for (const s of this.forbiddenStates) {
      if ((this.forbiddenUntil[s] ?? -1) < day) continue;
      if (day === 0 || this.reachable(f, s)) this.activeForbidden[k++] = s;
    }
    this.forbiddenCount = k;
    this.required = this.requiredAt[day] ?? new Int32Array(0);
    this.pins = this.pinsAt[day] ?? new Int32Array(0);
    let z = 0;
    const doom = this.doom;
    this.leadMachine = -1;
    let urgency = 0;
    // A pending goal: doomed moves are listed to be dropped; the most pressed one leads the lean.
    const pending = (m: number, s: number, d: number, visit: boolean): void => {
      const left = d - day;
      if (this.mayDoom(f, s, left)) {
        doom[z++] = m;
        doom[z++] = s;
        doom[z++] = left;
        doom[z++] = visit ? 1 : 0;
      }
      const moves = this.reach.days[(f.state[m] ?? 0) * this.n + s] ?? NEVER;
      if (moves < 1 || moves > left) return;
      const u = moves / (left + 1);
      if (u > urgency) {
        urgency = u;
        this.leadMachine = m;
        this.leadState = s;
        this.leadMoves = moves;
        this.leadVisit = visit;
      }
    };
    const gc = this.goalChecks;
    for (let i = 0; i < gc.length; i += 2) {
      const s = gc[i] ?? 0;
      const d = gc[i + 1] ?? 0;
      if (d > day && f.visited[s] !== 1) pending(this.model.stateMachine[s] ?? 0, s, d, true);
    }
    const pc = this.pinChecks;
    for (let i = 0; i < pc.length; i += 3) {
      const d = pc[i + 2] ?? 0;
      if (d > day) pending(pc[i] ?? 0, pc[i + 1] ?? 0, d, false);
    }
    this.doomCount = z;
    this.leanFloor = GOAL_LEAN * urgency;
    return k > 0 || this.required.length > 0 || this.pins.length > 0 || z > 0 || this.leadMachine >= 0;
  }

  /**
   * The class of an end-of-day joint state (in `f`) under the lists of the
   * day last {@link prepare}d: {@link REJECTED} when it breaks a check or
   * leaves a pending goal more moves away (by the graph) than days are left
   * before its deadline (such a run could only end with weight 0), else
   * {@link GOAL} when it brings the lead goal closer (S visited, or fewer
   * moves still needed), else {@link ALLOWED}.
   */
  judge(f: EvalFrame): number {
    const v = f.visited;
    for (let i = 0; i < this.forbiddenCount; i++) if (v[this.activeForbidden[i] ?? 0] === 1) return REJECTED;
    for (const s of this.required) if (v[s] !== 1) return REJECTED;
    const pins = this.pins;
    for (let i = 0; i < pins.length; i += 2) if (f.state[pins[i] ?? 0] !== pins[i + 1]) return REJECTED;
    const doom = this.doom;
    const days = this.reach.days;
    for (let i = 0; i < this.doomCount; i += 4) {
      const s = doom[i + 1] ?? 0;
      if (doom[i + 3] === 1 && v[s] === 1) continue;
      if ((days[(f.state[doom[i] ?? 0] ?? 0) * this.n + s] ?? 0) > (doom[i + 2] ?? 0)) return REJECTED;
    }
    const lead = this.leadMachine;
    if (lead < 0) return ALLOWED;
    if (this.leadVisit && v[this.leadState] === 1) return GOAL;
    return (days[(f.state[lead] ?? 0) * this.n + this.leadState] ?? NEVER) < this.leadMoves ? GOAL : ALLOWED;
  }

  /**
   * The proposal's probability of drawing the {@link GOAL} class of today's
   * listed leaves, from the allowed mass of that class (`goal`) and of the
   * other allowed leaves (`rest`), `goal + rest > 0`: the goal's share,
   * raised to {@link leanFloor} when both classes have mass. Pure given the
   * day {@link prepare}d. Shared by the single and the paired conditioned
   * samplers, so that both draw from the same proposal.
   */
  lean(goal: number, rest: number): number {
    const lean = goal / (goal + rest);
    return goal > 0 && rest > 0 ? Math.max(lean, this.leanFloor) : lean;
  }
}

/**
 * The weight factor of drawing the goal class (`toGoal`) or the other
 * allowed class of a day's leaves with probability `lean` ({@link
 * Guide.lean}): P(class) / Q(class), i.e. `goal / lean` or
 * `rest / (1 − lean)`; `goal + rest` when only one class has mass (drawn
 * for sure; what is lost is the mass not allowed). Pure.
 */
export function drawFactor(goal: number, rest: number, lean: number, toGoal: boolean): number {
  return rest === 0 || goal === 0 ? goal + rest : toGoal ? goal / lean : rest / (1 - lean);
}
