/**
 * Checks that the outcomes are exhaustive and mutually exclusive over every
 * combination of final states and visited history that the transition graph
 * can reach, ignoring guards and probabilities (an over-approximation: see
 * docs/semantics.md). Pure.
 * @module
 */
import { issue, warning, type Issue } from "../scenario/issues.js";
import type { EvalFrame } from "./frame.js";
import type { CompiledModel } from "./model.js";

/** The most combinations enumerated; past it the check is left to run time, with a warning. */
export const MAX_COVERAGE_COMBINATIONS = 1_000_000;
/** How many failing combinations are reported per kind of problem. */
const MAX_REPORTED = 5;

/** One machine's reachable (current state, visited flags) pairs, as global indices. */
interface Reach {
  readonly state: number;
  readonly visited: readonly number[];
}

function reachable(model: CompiledModel, m: number, relevant: ReadonlySet<number>): Reach[] {
  const start = model.initial[m] ?? -1;
  const key = (s: number, v: readonly number[]): string => `${s}|${v.join(",")}`;
  const init: Reach = { state: start, visited: relevant.has(start) ? [start] : [] };
  const seen = new Map<string, Reach>([[key(init.state, init.visited), init]]);
  const queue: Reach[] = [init];
  for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
    for (const t of [...(model.timed[r.state] ?? []), ...(model.immediate[r.state] ?? [])]) {
      for (const to of t.targets) {
        const v = relevant.has(to) && !r.visited.includes(to) ? [...r.visited, to].sort((a, b) => a - b) : r.visited;
        const k = key(to, v);
        if (!seen.has(k)) {
          const next = { state: to, visited: v };
          seen.set(k, next);
          queue.push(next);
        }
      }
    }
  }
  return [...seen.values()];
}

function describe(model: CompiledModel, picks: readonly Reach[]): string {
  const states = picks.map((p) => model.stateNames[p.state]).join(", ");
  const visited = picks.flatMap((p) => p.visited.filter((v) => v !== p.state).map((v) => model.stateNames[v]));
  return visited.length > 0 ? `${states} (also visited: ${visited.join(", ")})` : states;
}

/** Returns the coverage issues of a compiled model (errors, or a warning when too large to check). Pure. */
export function checkOutcomeCoverage(model: CompiledModel): Issue[] {
  const M = model.machineIds.length;
  const nStates = model.stateNames.length;
  // Only visited flags that some outcome reads make combinations differ.
  const relevant = new Set<number>();
  for (const o of model.outcomes) for (const s of o.when.visitedStates) relevant.add(s);
  const perMachine: Reach[][] = [];
  let total = 1;
  for (let m = 0; m < M; m++) {
    const r = reachable(model, m, relevant);
    perMachine.push(r);
    total *= r.length;
  }
  if (total > MAX_COVERAGE_COMBINATIONS) {
    return [warning("limit", ["outcomes"],
      `${total} combinations of end states are too many to check outcomes against (limit ${MAX_COVERAGE_COMBINATIONS}); each run is still checked`)];
  }
  const frame: EvalFrame = {
    state: new Int32Array(M), visited: new Uint8Array(nStates), entry: new Int32Array(M), day: model.days,
  };
  const issues: Issue[] = [];
  let none = 0;
  let many = 0;
  const idx = new Array<number>(M).fill(0);
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
    const matched = model.outcomes.filter((o) => o.when.fn(frame) !== 0);
    if (matched.length === 0 && none++ < MAX_REPORTED) {
      issues.push(issue("outcomes", ["outcomes"], `no outcome matches the end state ${describe(model, picks)}`));
    } else if (matched.length > 1 && many++ < MAX_REPORTED) {
      const second = matched[1];
      issues.push(issue("outcomes", ["outcomes", second === undefined ? 0 : model.outcomes.indexOf(second)], `outcomes ${matched.map((o) => `"${o.id}"`).join(" and ")} both match the end state ${describe(model, picks)}`));
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
