/**
 * What `tariffsim merge` checks before adding partial results up: each part
 * on its own (its range is its shard's, and its counts are counts some set
 * of runs could have given), the parts together (the same run, every shard
 * once), and a part against the scenario it names (parameter values and
 * overrides as a run would have recorded them, first-visit days inside the
 * horizon). Why so much: a part is a file anyone can edit, and a count that
 * cannot be (a state visited by more runs than ran) would otherwise print
 * impossible probabilities with exit 0, or fail later on a date beyond the
 * calendar as an internal error. Every problem is one line naming the file,
 * and the field at its line:column when the part is small enough to position.
 * Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { issue, type Path } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import type { Scenario } from "../scenario/scenario.js";
import { formatIssue } from "../report/issues.js";
import { shardRange } from "./shard.js";
import type { Partial } from "./shardFile.js";

/** A partial result, the file it was read from, and where its fields are in that file (none for a large part). */
export interface Part {
  readonly file: string;
  readonly p: Partial;
  readonly locate: Locator;
}

/** One problem of `part` at the field `path`: `file:line:col: path: message` (or `file: path: message`). */
function at(part: Pick<Part, "file" | "locate">, path: Path, message: string): string {
  return formatIssue(part.file, issue("range", path, message), part.locate);
}

function runsText(from: number, to: number): string {
  return `runs ${from.toLocaleString("en-US")}–${(to - 1).toLocaleString("en-US")}`;
}

function short(s: string): string {
  return s.length <= 80 ? s : `${s.slice(0, 77)}...`;
}

/** The machine of each state name (`machine.state`), in order. */
function machinesOf(states: readonly string[]): string[] {
  return states.map((s) => s.slice(0, Math.max(0, s.lastIndexOf("."))));
}

/**
 * Why a part's counts cannot come from its runs, or undefined: lengths that
 * are not the names', outcome counts not summing to the runs, a machine's
 * final states not summing to them, a state ending more runs than visited
 * it, or visited by more runs than ran.
 */
function countProblem(p: Partial): string | undefined {
  const t = p.tally;
  const nS = p.names.states.length;
  if (t.outcomes.length !== p.names.outcomes.length || [t.finalStates, t.visited, t.firstDaySum].some((a) => a.length !== nS)) {
    return `${t.outcomes.length} outcome and ${t.finalStates.length} state counts for ${p.names.outcomes.length} outcomes and ${nS} states`;
  }
  const sum = t.outcomes.reduce((a, b) => a + b, 0);
  if (t.runs !== p.to - p.from || sum !== t.runs) return `${t.runs} runs, outcome counts summing to ${sum}`;
  const finals = new Map<string, number>();
  machinesOf(p.names.states).forEach((m, s) => finals.set(m, (finals.get(m) ?? 0) + (t.finalStates[s] ?? 0)));
  for (const [m, n] of finals) if (n !== t.runs) return `${t.runs} runs, but ${n} ended in a state of machine ${m}`;
  for (let s = 0; s < nS; s++) {
    const fin = t.finalStates[s] ?? 0;
    const vis = t.visited[s] ?? 0;
    if (vis > t.runs || fin > vis) return `${t.runs} runs, but state ${p.names.states[s] ?? "?"} visited by ${vis} and ended in by ${fin}`;
  }
  return undefined;
}

/** The problems of one part on its own: a range that is not its shard's, counts that cannot be. */
export function selfProblems(part: Part): string[] {
  const { p } = part;
  const lines: string[] = [];
  const want = shardRange(p.runs, p.shard);
  const k = `shard ${p.shard.index}/${p.shard.count}`;
  if (p.shard.index > p.shard.count) lines.push(at(part, ["shard", "index"], `${k} does not exist`));
  else if (p.from !== want.from || p.to !== want.to) {
    lines.push(at(part, ["from"], `${k} covers ${runsText(p.from, p.to)}, but ${k} of ${p.runs.toLocaleString("en-US")} runs should cover ${runsText(want.from, want.to)}`));
  }
  const why = countProblem(p);
  if (why !== undefined) lines.push(at(part, ["tally"], `the counts do not add up (${why}, for ${runsText(p.from, p.to)})`));
  return lines;
}

/** `values` with its names in order: parts whose `--set`s came in another order ran with the same values. */
function sortedValues(values: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What must be equal in every part: where it is in a part (the line names it), and how to show it. */
const SAME: readonly (readonly [Path, (p: Partial) => unknown])[] = [
  [["tool"], (p) => p.tool],
  [["build"], (p) => p.build],
  [["scenario", "sha256"], (p) => p.scenario.sha256],
  [["values"], (p) => ({ values: sortedValues(p.values), overrides: p.overrides })],
  [["seed"], (p) => p.seed],
  [["runs"], (p) => p.runs],
  [["shard", "count"], (p) => p.shard.count],
  [["options"], (p) => p.options],
  [["names"], (p) => p.names],
];

/** The problems of the parts together: differences from the first part, duplicates, missing shards. */
export function setProblems(parts: readonly Part[]): string[] {
  const first = parts[0];
  if (first === undefined) return ["merge: no partial result given"];
  const lines: string[] = [];
  for (const part of parts.slice(1)) {
    for (const [path, get] of SAME) {
      const a = JSON.stringify(get(first.p));
      const b = JSON.stringify(get(part.p));
      if (a !== b) lines.push(at(part, path, `not from the same run as ${first.file}: ${short(b)} vs ${short(a)}`));
    }
  }
  if (lines.length > 0) return lines;
  const byIndex = new Map<number, string>();
  for (const part of parts) {
    const { file, p } = part;
    const other = byIndex.get(p.shard.index);
    if (other !== undefined) lines.push(at(part, ["shard", "index"], `shard ${p.shard.index}/${p.shard.count} is also in ${other} (its runs would count twice)`));
    else byIndex.set(p.shard.index, file);
  }
  const { runs, shard } = first.p;
  for (let k = 1; k <= shard.count; k++) {
    if (byIndex.has(k)) continue;
    const r = shardRange(runs, { index: k, count: shard.count });
    lines.push(`merge: shard ${k}/${shard.count} (${runsText(r.from, r.to)}) is missing`);
  }
  return lines;
}

/**
 * The problems of a part against the scenario and the model compiled with
 * its values: overrides that are not what a run with those values records
 * (each value that differs from its parameter's default, with that default,
 * and no other), and first-visit days past the horizon.
 */
export function scenarioProblems(part: Part, sc: Scenario, model: CompiledModel): string[] {
  const { p } = part;
  const lines: string[] = [];
  const expected = sc.parameters.flatMap((q) => {
    const v = p.values[q.name];
    return v === undefined || v === q.default ? [] : [{ name: q.name, value: v, default: q.default }];
  });
  const recorded = p.overrides.map((o) => ({ name: o.name, value: o.value, default: o.default }));
  if (JSON.stringify(recorded) !== JSON.stringify(expected)) {
    lines.push(at(part, ["overrides"], `the overrides ${short(JSON.stringify(recorded))} are not those of the parameter values, which are ${short(JSON.stringify(expected))}`));
  }
  const t = p.tally;
  const late = t.firstDaySum.findIndex((d, s) => d > (t.visited[s] ?? 0) * model.days);
  if (late >= 0) {
    lines.push(at(part, ["tally", "firstDaySum", late], `the counts do not add up (the first visits of ${p.names.states[late] ?? "?"} sum to day ${t.firstDaySum[late] ?? 0}, past ${t.visited[late] ?? 0} visits × ${model.days} days)`));
  }
  return lines;
}
