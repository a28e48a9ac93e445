/**
 * `tariffsim merge PARTS…`: adds up the partial results of `run --shard K/N`
 * into the report the unsharded `run` prints with the same options. The
 * parts must belong together (same tool version, scenario bytes, parameter
 * values, seed, total runs, shard count and options), and cover every run
 * exactly once (each shard K of N once, with the runs shard K/N has): any
 * other case is exit 2, one line per problem naming the file.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import type { Override } from "../../model/params.js";
import { emptyTally, addTally, type Tally } from "../../engine/tally.js";
import { readBoundedFile } from "../../io.js";
import { version, type CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { formatOption, resolveFormat } from "../format.js";
import { checkOut } from "../output.js";
import type { ResolvedValues } from "../overlays.js";
import { compileOrFail, loadOrFail } from "../scenario.js";
import { fileSha256, shardRange } from "../shard.js";
import { parsePartial, type Partial } from "../shardFile.js";
import { parseOutPath } from "../options.js";
import { report } from "./run.js";

/** The largest partial result read (its counts grow with the states, not the runs). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

interface Part {
  readonly file: string;
  readonly p: Partial;
}

function readPart(file: string, lines: string[]): Part | undefined {
  const r = readBoundedFile(file, MAX_PART_BYTES);
  if (!r.ok) {
    lines.push(`${file}: cannot read the partial result: ${r.why}`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(r.text);
  } catch (e) {
    lines.push(`${file}: not a tariffsim partial result (invalid JSON: ${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  const p = parsePartial(json);
  if (!p.ok) {
    lines.push(`${file}: not a tariffsim partial result (${p.why})`);
    return undefined;
  }
  return { file, p: p.partial };
}

function runsText(from: number, to: number): string {
  return `runs ${from.toLocaleString("en-US")}–${(to - 1).toLocaleString("en-US")}`;
}

/** The problems of one part on its own: counts that do not add up, a range that is not its shard's. Pure. */
function selfProblems({ file, p }: Part): string[] {
  const lines: string[] = [];
  const want = shardRange(p.runs, p.shard);
  const k = `shard ${p.shard.index}/${p.shard.count}`;
  if (p.shard.index > p.shard.count) lines.push(`${file}: ${k} does not exist`);
  else if (p.from !== want.from || p.to !== want.to) {
    lines.push(`${file}: ${k} covers ${runsText(p.from, p.to)}, but ${k} of ${p.runs.toLocaleString("en-US")} runs should cover ${runsText(want.from, want.to)}`);
  }
  const t = p.tally;
  const nO = p.names.outcomes.length;
  const nS = p.names.states.length;
  const sum = t.outcomes.reduce((a, b) => a + b, 0);
  if (t.runs !== p.to - p.from || sum !== t.runs || t.outcomes.length !== nO
    || [t.finalStates, t.visited, t.firstDaySum].some((a) => a.length !== nS)) {
    lines.push(`${file}: the counts do not add up (${t.runs} runs, outcome counts summing to ${sum}, for ${runsText(p.from, p.to)})`);
  }
  return lines;
}

/** What must be equal in every part, each with how to show it. */
const SAME: readonly (readonly [string, (p: Partial) => unknown])[] = [
  ["tool version", (p) => p.tool],
  ["scenario (sha256 of the file)", (p) => p.scenario.sha256],
  ["parameter values", (p) => ({ values: p.values, overrides: p.overrides })],
  ["seed", (p) => p.seed],
  ["total runs", (p) => p.runs],
  ["shard count", (p) => p.shard.count],
  ["options", (p) => p.options],
  ["outcome and state names", (p) => p.names],
];

/** The problems of the parts together: differences from the first part, duplicates, missing shards. Pure. */
export function setProblems(parts: readonly Part[]): string[] {
  const first = parts[0];
  if (first === undefined) return ["merge: no partial result given"];
  const lines: string[] = [];
  for (const part of parts.slice(1)) {
    for (const [what, get] of SAME) {
      const a = JSON.stringify(get(first.p));
      const b = JSON.stringify(get(part.p));
      if (a !== b) lines.push(`${part.file}: not from the same run as ${first.file}: ${what} ${short(b)} vs ${short(a)}`);
    }
  }
  if (lines.length > 0) return lines;
  const byIndex = new Map<number, string>();
  for (const { file, p } of parts) {
    const other = byIndex.get(p.shard.index);
    if (other !== undefined) lines.push(`${file}: shard ${p.shard.index}/${p.shard.count} is also in ${other} (its runs would count twice)`);
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

function short(s: string): string {
  return s.length <= 80 ? s : `${s.slice(0, 77)}...`;
}

/** The parameter values the shards ran with, as the run's reports show them. */
function valuesOf(p: Partial): ResolvedValues {
  const overrides: Override[] = p.overrides.map((o) => ({ ...o }));
  return {
    values: new Map(Object.entries(p.values)),
    from: new Map(overrides.map((o) => [o.name, o.from])),
    overrides,
    overlays: [],
  };
}

/** Options that take a value and belong to a shard's own output, not to the report: dropped from its command line. */
const SHARD_ONLY = new Set(["--shard", "--out", "-o", "--format", "-f"]);

/**
 * The command line of the unsharded run a merge stands for, for the
 * provenance of CSV and Markdown reports: a shard's arguments without
 * `--shard`, `--out` and `--format` (in any of commander's spellings), then
 * the merge's own `--format` and `--out`. Pure.
 */
export function unshardedArgs(shardArgs: readonly string[], merge: { format?: string | undefined; out?: string | undefined }): string[] {
  const out: string[] = [];
  for (let i = 0; i < shardArgs.length; i++) {
    const a = shardArgs[i] ?? "";
    if (a === "--") {
      out.push(...shardArgs.slice(i));
      break;
    }
    if (SHARD_ONLY.has(a)) i++;
    else if (!/^--(shard|out|format)=/.test(a) && !/^-[of]./.test(a)) out.push(a);
  }
  if (merge.format !== undefined) out.push("--format", merge.format);
  if (merge.out !== undefined) out.push("--out", merge.out);
  return out;
}

/** Adds the `merge` command. */
export function addMergeCommand(program: Command, ctx: CliContext): void {
  program
    .command("merge")
    .description("add up the partial results of `run --shard K/N` into the report of the unsharded run (see docs/scale.md)")
    .argument("<parts...>", "partial results (JSON), one per shard, in any order")
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--scenario <file>", "the scenario file, when it is no longer where the shards read it (its bytes must be the same)", parseOutPath)
    .action(async (files, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      const lines: string[] = [];
      const parts = files.map((f) => readPart(f, lines)).filter((p): p is Part => p !== undefined);
      if (lines.length > 0) throw new CliError(lines);
      lines.push(...parts.flatMap(selfProblems));
      if (lines.length === 0) lines.push(...setProblems(parts));
      const first = parts[0];
      if (first === undefined) throw new CliError(["merge: no partial result given"]);
      const tool = `tariffsim ${version()}`;
      if (lines.length === 0 && first.p.tool !== tool) lines.push(`${first.file}: written by ${first.p.tool}; this is ${tool}: merge with the version that ran the shards`);
      if (lines.length > 0) throw new CliError(lines);
      const file = opts.scenario ?? first.p.scenario.file;
      const loaded = await loadOrFail(ctx, file);
      const sha = fileSha256(file);
      if (sha !== first.p.scenario.sha256) {
        throw new CliError([`${file}: the scenario is not the one the shards ran (sha256 ${sha.slice(0, 12)}…, the parts have ${first.p.scenario.sha256.slice(0, 12)}…)`]);
      }
      const values = valuesOf(first.p);
      const model = compileOrFail(ctx, loaded, values.values);
      if (JSON.stringify(first.p.names) !== JSON.stringify({ outcomes: model.outcomes.map((o) => o.id), states: model.stateNames })) {
        throw new CliError([`${first.file}: the outcome and state names do not match ${file}`]);
      }
      const tally: Tally = emptyTally(model);
      for (const { p } of parts) {
        const t = p.tally;
        addTally(tally, {
          runs: t.runs, outcomes: Float64Array.from(t.outcomes), finalStates: Float64Array.from(t.finalStates),
          visited: Float64Array.from(t.visited), firstDaySum: Float64Array.from(t.firstDaySum), at: [],
        });
      }
      // CSV and Markdown name the command line of the unsharded run this report is identical to.
      const as = { ...ctx, args: unshardedArgs(first.p.args, opts) };
      await report(as, loaded, model, values, "mc", {
        set: [], params: [], given: [], evidence: [], at: [], format, out: opts.out, states: first.p.options.states ? true : undefined,
        runs: first.p.runs, seed: first.p.seed, tally,
      }, format);
    });
}
