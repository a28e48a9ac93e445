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
import { jsonDuplicateKeys, jsonErrorOffset, lineColumn } from "../jsonOffset.js";
import { readBoundedFile } from "../../io.js";
import { version, type CliContext } from "../context.js";
import { CliError, formatIssue } from "../errors.js";
import { parseText, type Locator } from "../../scenario/load.js";
import { formatOption, resolveFormat } from "../format.js";
import { checkOut } from "../output.js";
import type { ResolvedValues } from "../overlays.js";
import { compileOrFail, loadOrFail } from "../scenario.js";
import { scenarioProblems, selfProblems, setProblems, type Part } from "../mergeChecks.js";
import { fileSha256 } from "../shard.js";
import { parsePartial, type Partial } from "../shardFile.js";
import { parseInPath, parseOutPath } from "../options.js";
import { report } from "./run.js";

/** The largest partial result read (its counts grow with the states, not the runs). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

/**
 * The largest part whose problems are positioned by the YAML reader (a
 * superset of JSON that keeps positions). Why a cap: its memory grows with
 * the lines, and a 60 MB part of one number per line took a minute and ran
 * out of memory; past it the problems are named by path alone.
 */
const POSITIONS_BYTES = 4 * 1024 * 1024;

/** One line for JSON that does not parse, at its line:column (JSON.parse's position where it gives one). */
function jsonSyntaxLine(file: string, text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  const what = `not a tariffsim partial result (invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, "")})`;
  // A file cut short ends where its text ends.
  // Else (an unexpected token: NaN, Infinity, a bare word) found by scanning the text.
  const position = m !== null ? Number(m[1]) : /Unexpected end of JSON input/.test(message) ? text.length : jsonErrorOffset(text);
  if (position === undefined) return `${file}: ${what}`;
  const { line, col } = lineColumn(text, position);
  return `${file}:${line}:${col}: ${what}`;
}

function readPart(file: string, lines: string[]): Part | undefined {
  const r = readBoundedFile(file, MAX_PART_BYTES);
  if (!r.ok) {
    lines.push(`${file}: cannot read the partial result: ${r.why}`);
    return undefined;
  }
  // A byte-order mark, as scenarios and overlays may have.
  const text = r.text.startsWith("\uFEFF") ? r.text.slice(1) : r.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    lines.push(jsonSyntaxLine(file, text, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  // JSON.parse keeps a repeated key's last value: every check would then pass on a value the file also contradicts.
  const repeated = jsonDuplicateKeys(text);
  if (repeated.length > 0) {
    for (const { key, offset } of repeated) {
      const { line, col } = lineColumn(text, offset);
      const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
      lines.push(`${file}:${line}:${col}: not a tariffsim partial result (key "${shown}" is given twice in this object)`);
    }
    return undefined;
  }
  const p = parsePartial(json);
  const locate = locator(text);
  if (!p.ok) {
    lines.push(...p.issues.map((i) => formatIssue(file, { ...i, message: `not a tariffsim partial result (${i.message})` }, locate)));
    return undefined;
  }
  return { file, p: p.partial, locate };
}

/**
 * Where the fields of a part are, worked out the first time a problem asks
 * (most merges have none), and only for a part small enough to position
 * cheaply (see POSITIONS_BYTES; a larger part's problems name no position).
 */
function locator(text: string): Locator {
  if (text.length > POSITIONS_BYTES) return () => undefined;
  let known: Locator | undefined;
  return (path) => {
    // The whole part (not an object at all, such as `null`): where its text starts.
    if (path.length === 0) return { line: 1, col: 1 };
    if (known === undefined) {
      // A part YAML refuses (a `__proto__` key) is still positioned: the locator comes either way.
      const located = parseText(text);
      known = located.ok ? located.value.locate : located.locate;
    }
    return known(path);
  };
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
    .option("--scenario <file>", "the scenario file, when it is no longer where the shards read it (its bytes must be the same)", parseInPath)
    .option("--wide", "tables at full width, as `run --wide` prints them (default: fit the terminal)")
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
      const model = compileOrFail(ctx, loaded, values.values, false, values);
      if (JSON.stringify(first.p.names) !== JSON.stringify({ outcomes: model.outcomes.map((o) => o.id), states: model.stateNames })) {
        throw new CliError([`${first.file}: the outcome and state names do not match ${file}`]);
      }
      const against = parts.flatMap((part) => scenarioProblems(part, loaded.scenario, model));
      if (against.length > 0) throw new CliError(against);
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
        set: [], params: [], given: [], evidence: [], at: [], format, out: opts.out, states: first.p.options.states ? true : undefined, wide: opts.wide,
        runs: first.p.runs, seed: first.p.seed, tally,
      }, format);
    });
}
