/**
 * `run --shard K/N`: one slice of the run indices, written as a partial
 * result (shardFile.ts) that `tariffsim merge` adds up with the others into
 * the report the unsharded run prints. The shard may also come from the
 * scheduler that started the process (`--shard env`): a Slurm job array
 * (`SLURM_ARRAY_TASK_ID` from `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`)
 * or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, with the completions
 * count passed as `TARIFFSIM_SHARD_COUNT`); both count from 0.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import type { CompiledModel } from "../model/model.js";
import type { Format } from "../report/tidy.js";
import { buildId } from "./cache.js";
import { version, type CliContext } from "./context.js";
import { CliError } from "./errors.js";
import { EXTENSION_FORMATS } from "./format.js";
import { emit } from "./output.js";
import type { ResolvedValues } from "./overlays.js";
import { simulateParallel, type WorkerPool } from "./parallel.js";
import { withScenarioAsync, type Loaded } from "./scenario.js";
import { MAX_SHARDS, PARTIAL_FORMAT } from "./shardFormat.js";
import type { Partial } from "./shardFile.js";

/** Shard `index` of `count`, from 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `--shard`: `K/N`, or `env` (read from the scheduler's environment when the command runs). */
export type ShardOption = Shard | "env";

/** Parses `--shard K/N` (1 ≤ K ≤ N ≤ {@link MAX_SHARDS}) or `--shard env`. */
export function parseShard(value: string): ShardOption {
  if (value === "env") return "env";
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(index >= 1 && index <= count && count <= MAX_SHARDS)) {
    throw new InvalidArgumentError(`expected K/N with 1 <= K <= N <= ${MAX_SHARDS} (e.g. 2/8), or env`);
  }
  return { index, count };
}

/** A whole number from an environment variable, or undefined when unset; a malformed value is a problem line. */
function envInt(env: NodeJS.ProcessEnv, name: string, lines: string[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    lines.push(`--shard env: ${name}=${raw} is not a whole number`);
    return undefined;
  }
  return Number(raw);
}

/**
 * The shard named by a scheduler's environment: Slurm's job array first,
 * then a Kubernetes Indexed Job. Throws a {@link CliError} (exit 2) when
 * neither is there, or the values do not make a shard. Pure in `env`.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): Shard {
  const lines: string[] = [];
  const slurmId = envInt(env, "SLURM_ARRAY_TASK_ID", lines);
  const k8sIndex = envInt(env, "JOB_COMPLETION_INDEX", lines);
  let shard: Shard | undefined;
  if (slurmId !== undefined) {
    const min = envInt(env, "SLURM_ARRAY_TASK_MIN", lines) ?? 0;
    const max = envInt(env, "SLURM_ARRAY_TASK_MAX", lines);
    const count = envInt(env, "SLURM_ARRAY_TASK_COUNT", lines);
    if (count === undefined) lines.push("--shard env: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
    // A stepped or sparse array (--array=0-9:2, --array=1,5) does not number the shards 0..N-1.
    else if (max !== undefined && max - min + 1 !== count) {
      lines.push(`--shard env: the Slurm array ${min}-${max} has ${count} tasks: submit a contiguous array, e.g. --array=0-${count - 1}`);
    } else shard = { index: slurmId - min + 1, count };
  } else if (k8sIndex !== undefined) {
    const count = envInt(env, "TARIFFSIM_SHARD_COUNT", lines);
    if (count === undefined) lines.push("--shard env: JOB_COMPLETION_INDEX is set but TARIFFSIM_SHARD_COUNT (the Job's completions) is not");
    else shard = { index: k8sIndex + 1, count };
  } else if (lines.length === 0) {
    lines.push("--shard env: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set");
  }
  if (lines.length > 0) throw new CliError(lines);
  if (shard === undefined || !(shard.index >= 1 && shard.index <= shard.count && shard.count <= MAX_SHARDS)) {
    throw new CliError([`--shard env: task ${(shard?.index ?? 0) - 1} of ${shard?.count ?? 0} is not a shard (0 <= index < count <= ${MAX_SHARDS})`]);
  }
  return shard;
}

/**
 * The run indices `[from, to)` of shard K of N over `runs` runs: the same
 * contiguous slices as slice.ts's `slices` (the first `runs mod N` shards
 * one run longer). Pure.
 */
export function shardRange(runs: number, shard: Shard): { from: number; to: number } {
  const base = Math.floor(runs / shard.count);
  const extra = runs % shard.count;
  const i = shard.index - 1;
  const from = i * base + Math.min(i, extra);
  return { from, to: from + base + (i < extra ? 1 : 0) };
}

/**
 * Resolves `--shard` (reading the environment for `env`) and checks it
 * against the other options: Monte Carlo only, at most one shard per run,
 * and a JSON partial result (the report's format is chosen when merging).
 */
export function resolveShard(
  option: ShardOption, opts: { runs: number; method: string; format?: Format | undefined; out?: string | undefined; timeline?: true | undefined },
): Shard {
  const shard = option === "env" ? shardFromEnv(process.env) : option;
  const lines: string[] = [];
  if (opts.method !== "mc" || opts.timeline === true) lines.push("--shard: only Monte Carlo runs are sharded (--method mc, no --timeline)");
  if (shard.count > opts.runs) lines.push(`--shard: ${shard.count} shards of ${opts.runs} runs; use at most one shard per run`);
  const implied = opts.out === undefined ? undefined : EXTENSION_FORMATS[extname(opts.out).toLowerCase()];
  if ((opts.format ?? implied ?? "json") !== "json") {
    lines.push("--shard: a shard writes a partial result in JSON; choose the report's format when merging (tariffsim merge --format)");
  }
  if (lines.length > 0) throw new CliError(lines);
  return shard;
}

/** The hex SHA-256 of a file's bytes, or a {@link CliError}. */
export function fileSha256(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch (e) {
    throw new CliError([`${file}: cannot read the scenario to hash it (${e instanceof Error && "code" in e ? String(e.code) : "error"})`]);
  }
}

/** What {@link writeShard} computes and records. */
export interface ShardJob {
  readonly loaded: Loaded;
  readonly values: ResolvedValues;
  readonly model: CompiledModel;
  readonly shard: Shard;
  readonly seed: number;
  readonly runs: number;
  readonly states: boolean;
  readonly pool: WorkerPool;
  readonly out: string | undefined;
}

/** Simulates the shard's runs (on the pool's threads) and writes its partial result to `out` or stdout. */
export async function writeShard(ctx: CliContext, job: ShardJob): Promise<void> {
  const { model, shard } = job;
  const { from, to } = shardRange(job.runs, shard);
  // Hashed before simulating: as close as possible to when the scenario was read.
  const sha256 = fileSha256(job.loaded.file);
  const tally = await withScenarioAsync(job.loaded, () => simulateParallel({
    model, scenario: job.loaded.scenario, overrides: job.values.values, seed: job.seed, from, runs: to - from, workers: 1, pool: job.pool,
  }));
  const partial: Partial = {
    format: PARTIAL_FORMAT,
    tool: `tariffsim ${version()}`,
    build: buildId(),
    scenario: { file: resolve(job.loaded.file), id: model.scenario.id, sha256 },
    // By name: the same values given in another order are the same run.
    values: Object.fromEntries([...job.values.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    overrides: job.values.overrides.map((o) => ({ ...o })),
    seed: job.seed,
    runs: job.runs,
    shard: { index: shard.index, count: shard.count },
    from,
    to,
    options: { method: "mc", states: job.states },
    args: [...(ctx.args ?? [])],
    names: { outcomes: model.outcomes.map((o) => o.id), states: [...model.stateNames] },
    tally: {
      runs: tally.runs, outcomes: Array.from(tally.outcomes), finalStates: Array.from(tally.finalStates),
      visited: Array.from(tally.visited), firstDaySum: Array.from(tally.firstDaySum),
    },
  };
  await emit(ctx, JSON.stringify(partial, null, 1) + "\n", job.out);
}
