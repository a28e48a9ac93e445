/**
 * Checks that the outcomes are exhaustive and mutually exclusive over every
 * combination of final states and visited history that the transition graph
 * can reach, ignoring guards and probabilities (an over-approximation: see
 * docs/semantics.md). Pure.
 *
 * Why the enumeration is counted as it goes: the reachable (state, visited
 * set) pairs of one machine grow as 2^(flags read), so enumerating them
 * before applying the limit let a 4 KB file (20 fully connected states whose
 * visited flags the outcomes read) run for ever. Each machine's search stops
 * as soon as the product of the counts so far exceeds
 * {@link MAX_COVERAGE_COMBINATIONS}.
 * @module
 */
import { issue, warning, type Issue } from "../scenario/issues.js";
import { MAX_COVERAGE_COMBINATIONS } from "../scenario/limits.js";
import type { EvalFrame } from "./frame.js";
import type { CompiledModel } from "./model.js";
import { DENSE_PAIR_KEYS, PairSet } from "./pairs.js";
import { nanError } from "./runtime.js";

export { MAX_COVERAGE_COMBINATIONS };

/** How many failing combinations are reported per kind of problem. */
const MAX_REPORTED = 5;

/** One machine's reachable (current state, visited flags) pairs, as global indices. */
interface Reach {
  readonly state: number;
  /** The relevant visited states (sorted), the current one included when relevant. */
  readonly visited: readonly number[];
}

/** Why a work budget besides the limit: a state may have up to thousands of targets, so pairs × targets can be far above the pairs. */
const WORK_PER_COMBINATION = 4;

/** Why the enumeration stopped early. */
type Stop = "combinations" | "work";

/** Counts the work of the whole check against its budget. */
interface Budget {
  steps: number;
  readonly max: number;
}

/**
 * Machine `m`'s reachable pairs, breadth first, or why it stopped: as soon
 * as `before ×` their number exceeds `limit`, or the edges examined exceed
 * the budget. Linear in the edges examined: an index-walked queue (no
 * `shift`), each pair's visited set a bit mask of `W` 32-bit words over the
 * machine's relevant states in one typed pool, and an open-addressing hash
 * set of pair indices (O(1) membership, no strings).
 */
function reachable(
  model: CompiledModel, m: number, relevant: ReadonlySet<number>, before: number, limit: number, budget: Budget,
): Reach[] | Stop {
  const lo = model.stateOffset[m] ?? 0;
  const hi = model.stateOffset[m + 1] ?? 0;
  const n = hi - lo;
  // Local bit of each relevant state of this machine (-1: not relevant).
  const bitOf = new Int32Array(n).fill(-1);
  const bitState: number[] = [];
  for (let s = lo; s < hi; s++) {
    if (relevant.has(s)) {
      bitOf[s - lo] = bitState.length;
      bitState.push(s);
    }
  }
  // Successor targets per local state (local indices), deduplicated once.
  const targetsOf: Int32Array[] = [];
  for (let s = lo; s < hi; s++) {
    const ts = new Set<number>();
    for (const t of model.timed[s] ?? []) for (const to of t.targets) ts.add(to - lo);
    for (const t of model.immediate[s] ?? []) for (const to of t.targets) ts.add(to - lo);
    targetsOf.push(Int32Array.from(ts));
  }
  const W = Math.max(1, Math.ceil(bitState.length / 32));
  // At most n × 2^bits pairs exist, and more than limit / before are never stored.
  const most = Math.min(n * 2 ** bitState.length, Math.floor(limit / before) + 1);
  const pairs = new PairSet(W, n, n * 2 ** bitState.length <= DENSE_PAIR_KEYS ? n * 2 ** bitState.length : 0, most);
  const start = (model.initial[m] ?? lo) - lo;
  pairs.stage(start, -1, bitOf[start] ?? -1);
  pairs.commit();
  for (let head = 0; head < pairs.size; head++) {
    const s = pairs.state[head] ?? 0;
    const ts = targetsOf[s] ?? EMPTY;
    budget.steps += ts.length;
    if (budget.steps > budget.max) return "work";
    for (let i = 0; i < ts.length; i++) {
      const to = ts[i] ?? 0;
      pairs.stage(to, head, bitOf[to] ?? -1);
      if (pairs.has()) continue;
      pairs.commit();
      if (before * pairs.size > limit) return "combinations";
    }
  }
  const out: Reach[] = [];
  for (let i = 0; i < pairs.size; i++) {
    const visited: number[] = [];
    for (let b = 0; b < bitState.length; b++) {
      if ((((pairs.masks[i * W + (b >>> 5)] ?? 0) >>> (b & 31)) & 1) === 1) visited.push(bitState[b] ?? 0);
    }
    out.push({ state: (pairs.state[i] ?? 0) + lo, visited });
  }
  return out;
}

const EMPTY = new Int32Array(0);

function describe(model: CompiledModel, picks: readonly Reach[]): string {
  const states = picks.map((p) => model.stateNames[p.state]).join(", ");
  const visited = picks.flatMap((p) => p.visited.filter((v) => v !== p.state).map((v) => model.stateNames[v]));
  return visited.length > 0 ? `${states} (also visited: ${visited.join(", ")})` : states;
}

/** The warning that the check was skipped, and why. */
function tooMany(why: Stop, limit: number): Issue {
  return warning("limit", ["outcomes"], why === "combinations"
    ? `more than ${limit} combinations of end states and visited states (the limit); outcome coverage is not checked, each run still is`
    : `checking the outcomes over every combination of end states and visited states would take more than ${WORK_PER_COMBINATION * limit} steps (${WORK_PER_COMBINATION} × the limit of ${limit} combinations); outcome coverage is not checked, each run still is`);
}

/**
 * Returns the coverage issues of a compiled model: errors for end states
 * that match no outcome or several, or for an outcome that gives NaN; a
 * warning (and no check) when there are more than `limit` combinations
 * (a RangeError when `limit` is NaN or negative). Pure.
 */
export function checkOutcomeCoverage(model: CompiledModel, limit: number = MAX_COVERAGE_COMBINATIONS): Issue[] {
  // NaN would pass every comparison with it and skip the check as if it had passed.
  if (!(limit >= 0)) throw new RangeError(`limit: expected a number of at least 0, got ${limit}`);
  const M = model.machineIds.length;
  const nStates = model.stateNames.length;
  // Only visited flags that some outcome reads make combinations differ.
  const relevant = new Set<number>();
  for (const o of model.outcomes) for (const s of o.when.visitedStates) relevant.add(s);
  const perMachine: Reach[][] = [];
  let total = 1;
  const budget: Budget = { steps: 0, max: WORK_PER_COMBINATION * limit };
  for (let m = 0; m < M; m++) {
    const r = reachable(model, m, relevant, total, limit, budget);
    if (r === "combinations" || r === "work") return [tooMany(r, limit)];
    perMachine.push(r);
    total *= r.length;
  }
  // Each combination evaluates every outcome: bounded too.
  if (total * Math.max(1, model.outcomes.length) > budget.max) return [tooMany("work", limit)];
  const frame: EvalFrame = {
    state: new Int32Array(M), visited: new Uint8Array(nStates), entry: new Int32Array(M), day: model.days,
  };
  const issues: Issue[] = [];
  let none = 0;
  let many = 0;
  const idx = new Array<number>(M).fill(0);
  const matched: number[] = [];
  for (let n = 0; n < total; n++) {
    frame.visited.fill(0);
    const picks: Reach[] = [];
    for (let m = 0; m < M; m++) {
      const p = perMachine[m]?.[idx[m] ?? 0];
      if (p === undefined) continue;
      picks.push(p);
      frame.state[m] = p.state;
      frame.visited[p.state] = 1;
      for (const v of p.visited) frame.visited[v] = 1;
    }
    matched.length = 0;
    for (let k = 0; k < model.outcomes.length; k++) {
      const w = model.outcomes[k]?.when;
      if (w === undefined) continue;
      const v = w.constant ?? w.fn(frame);
      // The one NaN rule (runtime.ts): an outcome that gives NaN is an error, not "no match".
      if (v !== v) return [...nanError(model, w, "an outcome", `end state ${describe(model, picks)}`).issues];
      if (v !== 0) matched.push(k);
    }
    if (matched.length === 0 && none++ < MAX_REPORTED) {
      issues.push(issue("outcomes", ["outcomes"], `no outcome matches the end state ${describe(model, picks)}`));
    } else if (matched.length > 1 && many++ < MAX_REPORTED) {
      const ids = matched.map((k) => `"${model.outcomes[k]?.id ?? "?"}"`);
      issues.push(issue("outcomes", ["outcomes", matched[1] ?? 0], `outcomes ${ids.join(" and ")} both match the end state ${describe(model, picks)}`));
    }
    // Next combination, odometer style.
    for (let m = 0; m < M; m++) {
      idx[m] = (idx[m] ?? 0) + 1;
      if ((idx[m] ?? 0) < (perMachine[m]?.length ?? 0)) break;
      idx[m] = 0;
    }
  }
  if (none > MAX_REPORTED) issues.push(issue("outcomes", ["outcomes"], `… and ${none - MAX_REPORTED} more end states that no outcome matches`));
  if (many > MAX_REPORTED) issues.push(issue("outcomes", ["outcomes"], `… and ${many - MAX_REPORTED} more end states that several outcomes match`));
  return issues;
}
