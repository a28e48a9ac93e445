/**
 * One day of one run under the daily definition of docs/semantics.md, the
 * law the exact solver computes: every machine's timed options against the
 * start-of-day snapshot (a window's `w(t) / W(t)`, a delay's conditional
 * probability at its days in state, a hazard evaluated and checked every
 * day), the first firing with `q_j × Π_{i<j} (1 − q_i)`, then rounds of
 * `when` transitions until none fires. Entering a state (the source itself
 * included) sets its entry day and visited flag, so a state passed through
 * in an immediate chain counts as visited, as in the exact solver.
 *
 * Two ways through a day, with one set of option (timed.ts) and round builders so
 * their law cannot drift apart: {@link DayStepper.sampleTimed} and
 * {@link DayStepper.sampleImmediate} draw one move; {@link DayStepper.enumerate}
 * lists every end-of-day joint state with its probability (the exact
 * solver's successor list for this joint state), keeping those a judge
 * allows, for the conditioned sampler to choose from. Mutable buffers; one
 * instance per batch.
 * @module
 */
import type { EvalFrame } from "../model/frame.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import { nanError, runContext } from "../model/runtime.js";
import { ScenarioError, issue } from "../scenario/issues.js";
import type { Rng } from "../engine/rng.js";
import { isQuiet, quietOf, type Quiet } from "../engine/fast/quiet.js";
import { LeafPool } from "./leaves.js";
import { TimedOptions } from "./timed.js";
import { branchProbs } from "./values.js";

/**
 * The most combinations one day of one run may multiply out (a documented
 * limit of the conditioned sampler). Why 2^14: the shipped Korea scenario
 * lists at most 96 on a day (5 machines); each machine that can move on a
 * listed day multiplies the count, so n independent two-way machines list
 * 2^n. At 10^6 (the limit before) 19 such machines were allowed: 1.7 s a
 * run, about 47 hours for the default 100,000 runs, a hang to the user. At
 * 2^14 a listed day costs at most a few milliseconds.
 */
export const MAX_DAY_MOVES = 16_384;

/** The moves of one day of one run, drawn or listed. */
export class DayStepper {
  /** The model (for the value checks of values.ts). */
  readonly model: CompiledModel;
  /** The run's joint state: states, entry days, visited flags and the day; the snapshot every expression reads. */
  readonly frame: EvalFrame;
  /** Where messages say a value arose, e.g. `run 12`. */
  where = "run 0";
  /** The listed end-of-day joint states a judge allowed (after {@link enumerate}). */
  readonly leaves: LeafPool;
  private readonly M: number;
  private readonly n: number;
  /** Today's timed options of every machine. */
  private readonly options: TimedOptions;
  /** Per machine: the target its option drawn today leads to (-1: stays). */
  private readonly pending: Int32Array;
  /** Per round depth × machine slot: the firing machine, its transition, its branches' probabilities. */
  private readonly width: number;
  private readonly firedMachine: Int32Array;
  private readonly firedTransition: (CompiledTransition | undefined)[];
  private readonly branchProb: Float64Array;
  private readonly branch: Int32Array;
  /** Per depth × slot (or per machine in the timed phase): what applying a move overwrote. */
  private readonly savedState: Int32Array;
  private readonly savedEntry: Int32Array;
  private readonly savedFresh: Uint8Array;
  private readonly timedState: Int32Array;
  private readonly timedEntry: Int32Array;
  private readonly timedFresh: Uint8Array;
  /** The states whose visited flags the moves being listed have set, in the order set (undone in reverse). */
  private readonly freshSet: Int32Array;
  private freshTop = 0;
  private judge: (f: EvalFrame) => number = () => 0;
  private work = 0;
  /** Where no `when` transition can fire, by table (engine/fast/quiet.ts); undefined when the guards read the time. */
  private readonly quiet: Quiet | undefined;

  constructor(model: CompiledModel) {
    this.model = model;
    const M = model.machineIds.length;
    const n = model.stateNames.length;
    this.M = M;
    this.n = n;
    this.frame = { state: new Int32Array(M), visited: new Uint8Array(n), entry: new Int32Array(M), day: 0 };
    let width = 1;
    for (let s = 0; s < n; s++) for (const t of model.immediate[s] ?? []) width = Math.max(width, t.targets.length);
    this.width = width;
    this.options = new TimedOptions(model);
    this.pending = new Int32Array(M);
    // A machine moves at most n - 1 times in one immediate phase (no cycles), so rounds nest at most n deep.
    const slots = (n + 2) * M;
    this.firedMachine = new Int32Array(slots);
    this.firedTransition = new Array<CompiledTransition | undefined>(slots).fill(undefined);
    this.branchProb = new Float64Array(slots * width);
    this.branch = new Int32Array(slots);
    this.savedState = new Int32Array(slots);
    this.savedEntry = new Int32Array(slots);
    this.savedFresh = new Uint8Array(slots);
    this.timedState = new Int32Array(M);
    this.timedEntry = new Int32Array(M);
    this.timedFresh = new Uint8Array(M);
    // Each flag is set at most once on a path (a set flag is not set again): at most n.
    this.freshSet = new Int32Array(n);
    this.leaves = new LeafPool(M);
    this.quiet = quietOf(model);
  }

  /** Day 0 before its immediate phase: every machine in its initial state, entered (and visited) on day 0. */
  start(): void {
    const f = this.frame;
    f.day = 0;
    f.visited.fill(0);
    for (let m = 0; m < this.M; m++) {
      const s = this.model.initial[m] ?? 0;
      f.state[m] = s;
      f.entry[m] = 0;
      f.visited[s] = 1;
    }
  }

  /**
   * Moves the frame to `day` (≥ 1) and builds every machine's timed options
   * against it, the start-of-day snapshot (timed.ts).
   */
  buildTimed(day: number): void {
    this.frame.day = day;
    this.options.build(this, day);
  }

  /** Machine `m` enters `to` today; returns 1 when that set its visited flag (0 when it was set). */
  private enter(m: number, to: number): number {
    const f = this.frame;
    f.state[m] = to;
    f.entry[m] = f.day;
    if (f.visited[to] === 1) return 0;
    f.visited[to] = 1;
    return 1;
  }

  /** Draws one timed option per machine (one uniform each) and applies them together. */
  sampleTimed(rng: Rng): void {
    for (let m = 0; m < this.M; m++) this.pending[m] = this.options.pick(m, rng());
    for (let m = 0; m < this.M; m++) {
      const to = this.pending[m] ?? -1;
      if (to >= 0) this.enter(m, to);
    }
  }

  /**
   * One round's firings against the frame: per machine the first `when`
   * transition whose guard holds, its branch probabilities, at slots from
   * `depth × M`. Returns how many machines fire. A NaN guard is an error.
   */
  private fire(depth: number): number {
    const { model, frame: f, width } = this;
    if (this.quiet !== undefined && isQuiet(this.quiet, f)) return 0;
    let fired = 0;
    for (let m = 0; m < this.M; m++) {
      for (const t of model.immediate[f.state[m] ?? 0] ?? []) {
        if (t.trigger.kind !== "when") continue;
        const g = t.trigger.guard;
        const v = g.constant ?? g.fn(f);
        if (v !== v) throw nanError(model, g, "a guard", runContext(model, f, this.where));
        if (v === 0) continue;
        const slot = depth * this.M + fired++;
        this.firedMachine[slot] = m;
        this.firedTransition[slot] = t;
        branchProbs(this, t, this.branchProb, slot * width);
        break;
      }
    }
    return fired;
  }

  /** The immediate phase of the frame's day, each firing's branch drawn with one uniform. */
  sampleImmediate(rng: Rng): void {
    const limit = this.n + 1;
    for (let round = 0; ; round++) {
      if (round > limit) throw new Error(`internal: ${this.where} exceeded its step bound (${limit} immediate rounds on day ${this.frame.day})`);
      const fired = this.fire(0);
      if (fired === 0) return;
      for (let i = 0; i < fired; i++) {
        const t = this.firedTransition[i];
        const at = i * this.width;
        const k = t?.targets.length ?? 0;
        let b = k - 1;
        if (k > 1) {
          const u = rng();
          let acc = 0;
          for (let j = 0; j < k; j++) {
            acc += this.branchProb[at + j] ?? 0;
            if (u < acc) { b = j; break; }
          }
        }
        this.pending[i] = t?.targets[b] ?? 0;
      }
      for (let i = 0; i < fired; i++) this.enter(this.firedMachine[i] ?? 0, this.pending[i] ?? 0);
    }
  }

  /**
   * Lists every end-of-day joint state of the frame's day with its
   * probability (day ≥ 1: after {@link buildTimed}; day 0: the immediate
   * phase only) and keeps in {@link leaves} those `judge` does not reject,
   * with their class. The frame is left as it was. Throws a limit error past
   * {@link MAX_DAY_MOVES} combinations.
   */
  enumerate(judge: (f: EvalFrame) => number): void {
    this.judge = judge;
    this.work = 0;
    this.freshTop = 0;
    this.leaves.clear();
    if (this.frame.day === 0) this.settle(1, 0);
    else this.timedLevel(0, 1);
  }

  /** Multiplies out machine `m`'s timed options (and the later machines'), each combination then settled. */
  private timedLevel(m: number, p: number): void {
    if (m === this.M) {
      this.settle(p, 0);
      return;
    }
    const f = this.frame;
    const { prob, target, stride, count } = this.options;
    const base = m * stride;
    const end = base + (count[m] ?? 0);
    for (let k = base; k < end; k++) {
      const q = p * (prob[k] ?? 0);
      if (!(q > 0)) continue;
      const to = target[k] ?? -1;
      if (to < 0) {
        this.timedLevel(m + 1, q);
        continue;
      }
      this.timedState[m] = f.state[m] ?? 0;
      this.timedEntry[m] = f.entry[m] ?? 0;
      this.timedFresh[m] = this.enter(m, to);
      if (this.timedFresh[m] === 1) this.freshSet[this.freshTop++] = to;
      this.timedLevel(m + 1, q);
      if (this.timedFresh[m] === 1) {
        f.visited[to] = 0;
        this.freshTop--;
      }
      f.state[m] = this.timedState[m] ?? 0;
      f.entry[m] = this.timedEntry[m] ?? 0;
    }
  }

  /** The immediate phase from the frame (probability `p`, round `depth`), every firing's branches multiplied out. */
  private settle(p: number, depth: number): void {
    if (depth > this.n + 1) throw new Error(`internal: ${this.where} exceeded its step bound (${this.n + 1} immediate rounds on day ${this.frame.day})`);
    if (++this.work > MAX_DAY_MOVES) {
      throw new ScenarioError([issue("limit", ["machines"],
        `scenario "${this.model.scenario.id}": one day of the conditioned sampler (${this.where}, day ${this.frame.day}) has more than ${MAX_DAY_MOVES.toLocaleString("en-US")} combinations of moves, its limit`)]);
    }
    const fired = this.fire(depth);
    if (fired === 0) {
      const cls = this.judge(this.frame);
      if (cls >= 0) this.leaves.push(p, cls, this.frame, this.freshSet, this.freshTop);
      return;
    }
    const { frame: f, width } = this;
    const at = depth * this.M;
    for (let i = 0; i < fired; i++) this.branch[at + i] = 0;
    for (;;) {
      let q = p;
      for (let i = 0; i < fired; i++) q *= this.branchProb[(at + i) * width + (this.branch[at + i] ?? 0)] ?? 0;
      if (q > 0) {
        for (let i = 0; i < fired; i++) {
          const slot = at + i;
          const m = this.firedMachine[slot] ?? 0;
          this.savedState[slot] = f.state[m] ?? 0;
          this.savedEntry[slot] = f.entry[m] ?? 0;
          const to = this.firedTransition[slot]?.targets[this.branch[slot] ?? 0] ?? 0;
          this.savedFresh[slot] = this.enter(m, to);
          if (this.savedFresh[slot] === 1) this.freshSet[this.freshTop++] = to;
        }
        this.settle(q, depth + 1);
        for (let i = fired - 1; i >= 0; i--) {
          const slot = at + i;
          const m = this.firedMachine[slot] ?? 0;
          if (this.savedFresh[slot] === 1) {
            f.visited[f.state[m] ?? 0] = 0;
            this.freshTop--;
          }
          f.state[m] = this.savedState[slot] ?? 0;
          f.entry[m] = this.savedEntry[slot] ?? 0;
        }
      }
      // Next combination of branches (the first machine's varying fastest).
      let i = 0;
      for (; i < fired; i++) {
        const slot = at + i;
        const next = (this.branch[slot] ?? 0) + 1;
        if (next < (this.firedTransition[slot]?.targets.length ?? 0)) { this.branch[slot] = next; break; }
        this.branch[slot] = 0;
      }
      if (i === fired) break;
    }
  }
}
