/**
 * `tariffsim run [scenario]` (Monte Carlo, exact or both) and
 * `tariffsim exact [scenario]`; `--replay` shows one run's trajectory.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "@commander-js/extra-typings";
import { compare, type ExactSummary } from "../../analysis/exact.js";
import { summarizeAt } from "../../analysis/at.js";
import { summarize } from "../../analysis/summary.js";
import { summarizeEvidence } from "../../evidence/summary.js";
import { replayRun } from "../../engine/simulate.js";
import type { CompiledModel } from "../../model/model.js";
import { dateOfDay } from "../../scenario/dates.js";
import { bothTable, exactTable, timelineTable } from "../../report/exactTable.js";
import { replayTable, summaryTable } from "../../report/table.js";
import { bothTidy, exactTidy, replayTidy, summaryTidy, timelineTidy } from "../../report/runTidy.js";
import { exactAtRows, exactAtTables, mcAtRows, mcAtTables, withAtRows } from "../../report/evidence.js";
import { evidenceMeta } from "../../report/evidenceLines.js";
import { count } from "../../report/numbers.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy, type Format, type Provenance, type Tidy } from "../../report/tidy.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { defaultScenario, type CliContext } from "../context.js";
import { compileOrFail, loadOrFail, withScenario, withScenarioAsync, type Loaded } from "../scenario.js";
import { resolveValuesOrFail, type ResolvedValues } from "../overlays.js";
import { AUTO_RUNS_PER_THREAD, MAX_WORKERS, MIN_RUNS_PER_WORKER, parseWorkers, planThreads, simulateParallel, startWorkers, type WorkerPool } from "../parallel.js";
import { CONDITIONED_RUNS, PLAIN_RUNS } from "../threads.js";
import { parseShard, resolveShard, shardRange, writeShard } from "../shard.js";
import type { Tally } from "../../engine/tally.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber, MAX_RUNS, WIDE_HELP } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { CliError } from "../errors.js";
import type { PrecisionReport } from "../../analysis/precision.js";
import { precisionJson, precisionLine, precisionMeta } from "../../report/precision.js";
import { checkPrecisionFlags, parsePrecision, runToPrecision } from "../precision.js";
import { DEFAULT_PRECISION_MAX_RUNS } from "../../analysis/precision.js";
import { conditioningOf } from "../conditioning.js";
import { withProgress } from "../progress.js";

/** The default number of runs. */
export const DEFAULT_RUNS = 100_000;
/** The default master seed: fixed, so that two plain runs agree. */
export const DEFAULT_SEED = 20260203;

const METHODS = ["mc", "exact", "both"] as const;
type Method = (typeof METHODS)[number];

interface Common {
  set: string[];
  params: string[];
  format?: Format | undefined;
  out?: string | undefined;
  states?: true | undefined;
  timeline?: true | undefined;
  every?: number | undefined;
  given: string[];
  evidence: string[];
  asof?: string | undefined;
  at: string[];
  wide?: true | undefined;
}

/** The options `run` and `exact` share. */
function addCommon(cmd: Command<[string | undefined]>) {
  return cmd
    .option("--params <file>", "apply a parameter overlay file (repeatable; in the order given, after the defaults and before --set)", collectPath, [])
    .option("--set <name=value>", "override a parameter (repeatable; checked against its bounds; applied last)", collect, [])
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all; a new path or a regular file) instead of stdout", parseOutPath)
    .option("--states", "also show the probability of each machine state")
    .option("--timeline", "exact probability of each outcome and state on every date (exact solver)")
    .option("--every <days>", "with --timeline in a table: one row every N days (default 1)", wholeNumber(1, 36_600))
    .option("--given <observation>", "condition on an observation, e.g. \"not washington.raised by 2026-03-01\" (repeatable; docs/format.md, Observations)", collect, [])
    .option("--evidence <file>", "condition on a file of sourced observations (repeatable)", collectPath, [])
    .option("--asof <date>", "forecast as of DATE (YYYY-MM-DD): observations dated after it are ignored; the timeline starts there")
    .option("--at <date>", "also give group, outcome and state probabilities at the end of DATE (repeatable)", collect, [])
    .option("--wide", WIDE_HELP);
}

/**
 * Computes and writes the report of `run` or `exact`. Monte Carlo runs on
 * `opts.pool`'s threads, or `opts.tally` is the counts already computed
 * (`tariffsim merge`: the shards' counts added up, so the same report).
 */
export async function report(
  ctx: CliContext, loaded: Loaded, model: CompiledModel, values: ResolvedValues, method: Method,
  opts: Common & { runs: number; seed: number; pool?: WorkerPool | undefined; tally?: Tally | undefined; precision?: number | undefined; maxRuns?: number | undefined },
  format: Format,
): Promise<void> {
  const json = format === "json";
  // An option that would be silently ignored is refused instead.
  if (opts.every !== undefined && opts.timeline !== true) throw new CliError(["--every: only applies with --timeline"]);
  if (opts.every !== undefined && json) throw new CliError(["--every: the JSON timeline has every date; use --format table, csv or md"]);
  if (opts.states === true && method === "both") throw new CliError(["--states: not shown beside the exact solver; use --method mc or --method exact"]);
  checkWide(opts.wide, format);
  const width = tableWidth(ctx, opts);
  // The readers of evidence files and `--given` (and the exact solver, below) are loaded only when used.
  const cond = opts.given.length > 0 || opts.evidence.length > 0
    ? (await import("../evidence.js")).conditioningOrFail(loaded, model, opts)
    : conditioningOf(loaded, model, [], new Map(), opts);
  const conditioned = cond.plan.used.length > 0;
  if (conditioned && method !== "exact") {
    if (opts.tally !== undefined) throw new CliError([`${loaded.file}: merged shards carry no evidence`]);
    await (await import("../conditionedRun.js")).conditionedMonteCarlo(ctx, loaded, model, values, method, opts, format, cond);
    return;
  }
  const wantExact = method !== "mc" || opts.timeline === true;
  if (opts.timeline === true) (await import("../solve.js")).checkTimelineSize(loaded, model);
  const exact: ExactSummary | undefined = wantExact ? (await import("../evidence.js")).conditionedExactOrFail(loaded, model, opts.timeline === true, cond) : undefined;
  const atDays = cond.plan.atDays;
  let precision: PrecisionReport | undefined; // --precision: how the batches ended
  const mcRun = method === "exact" ? undefined : await withScenarioAsync(loaded, async () => {
    if (opts.precision !== undefined) {
      if (atDays.length > 0) throw new CliError(["--precision: not available with --at yet; give --runs instead"]);
      const r = await runToPrecision({ model, scenario: loaded.scenario, overrides: values.values, seed: opts.seed, precision: opts.precision, maxRuns: opts.maxRuns, pool: opts.pool });
      precision = r.precision;
      return { summary: r.summary, at: undefined };
    }
    const tally = opts.tally ?? await withProgress(ctx, opts.runs, "runs", (p) => simulateParallel({
      model, scenario: loaded.scenario, overrides: values.values, seed: opts.seed, runs: opts.runs, workers: 1, pool: opts.pool, at: atDays,
      onProgress: p.update,
    }));
    return { summary: summarize(model, tally, opts.seed), at: summarizeAt(model, tally) };
  });
  const mc = mcRun?.summary;
  const evidence = cond.active ? summarizeEvidence(model, cond.plan, exact?.evidenceProbability) : undefined;
  const states = opts.states === true;
  const overrides = values.overrides;
  let text: string;
  let rows: number | undefined;
  if (json) {
    const base = mc ?? { scenario: model.scenario.id, title: model.scenario.title, start: model.scenario.start, horizon: model.scenario.horizon };
    const body: Record<string, unknown> = { ...base, method };
    if (method === "exact" && exact !== undefined) {
      Object.assign(body, { ...exact, method, timeline: undefined, evidenceProbability: undefined, at: undefined });
    }
    if (method === "both" && mc !== undefined && exact !== undefined) {
      const c = compare(mc, exact);
      Object.assign(body, {
        outcomes: mc.outcomes.map((o, i) => ({ ...o, exact: c.outcomes[i]?.exact, diffSE: c.outcomes[i]?.diffSE })),
        groups: mc.groups.map((g, i) => ({ ...g, exact: c.groups[i]?.exact, diffSE: c.groups[i]?.diffSE })),
      });
    }
    if (evidence !== undefined) {
      body.asOf = evidence.asOf;
      body.evidence = { probability: evidence.probability, observations: evidence.observations, ignored: evidence.ignored };
    }
    if (atDays.length > 0) body.at = jsonAt(method, exact, mcRun?.at);
    if (opts.timeline === true) body.timeline = exact?.timeline;
    if (precision !== undefined) body.precision = precisionJson(precision);
    body.overrides = values.overrides;
    text = JSON.stringify(body, null, 2) + "\n";
  } else if (format === "csv" || format === "md") {
    const sc = model.scenario;
    const meta: Provenance = [
      ["scenario", sc.id], ["title", sc.title], ["start", sc.start], ["horizon", sc.horizon], ["method", method],
      ...(mc === undefined ? [] : [["seed", String(mc.seed)], ["runs", String(mc.runs)]] as const),
      ...(precision === undefined ? [] : precisionMeta(precision)),
      ...(opts.timeline === true ? [["timeline", `every ${opts.every ?? 1} day(s) and the horizon`]] as const : []),
      ...overrideMeta(overrides),
      ...(evidence === undefined ? [] : evidenceMeta(evidence)),
    ];
    let t: Tidy | undefined;
    if (opts.timeline === true && exact !== undefined) t = timelineTidy(exact, opts.every ?? 1);
    else if (method === "mc" && mc !== undefined) t = summaryTidy(mc, { states });
    else if (method === "exact" && exact !== undefined) t = exactTidy(exact, { states });
    else if (method === "both" && mc !== undefined && exact !== undefined) t = bothTidy(compare(mc, exact));
    if (t === undefined) throw new Error("internal: no result to report");
    // `--at` rows (not with --timeline, whose rows already hold every date): Monte Carlo's when it ran, else exact.
    if (atDays.length > 0 && opts.timeline !== true) {
      t = withAtRows(t, mcRun?.at !== undefined ? mcAtRows(mcRun.at) : exactAtRows(exact?.at ?? []));
    }
    text = renderTidy(format, provenance(ctx, meta), t);
    rows = t.rows.length;
  } else {
    const parts: string[] = [];
    const head = { states, overrides, evidence, width };
    if (method === "mc" && mc !== undefined) parts.push(summaryTable(mc, head));
    if (method === "exact" && exact !== undefined) parts.push(exactTable(exact, head));
    if (method === "both" && mc !== undefined && exact !== undefined) parts.push(bothTable(mc, compare(mc, exact), head));
    if (atDays.length > 0) parts.push(mcRun?.at !== undefined ? mcAtTables(mcRun.at, exact?.at) : exactAtTables(exact?.at ?? [], { states }));
    if (opts.timeline === true && exact !== undefined) parts.push(timelineTable(exact, opts.every ?? 1, { states, width }));
    if (precision !== undefined) parts.push(precisionLine(precision));
    text = parts.join("\n");
  }
  await emit(ctx, text, opts.out, reportWhat(format, rows));
}

/**
 * The JSON `at` rows: exact ones for `--method exact`; Monte Carlo ones
 * otherwise, each group and outcome with its `exact` value beside it for
 * `--method both`.
 */
function jsonAt(method: Method, exact: ExactSummary | undefined, mc: ReturnType<typeof summarizeAt> | undefined): unknown[] {
  if (method === "exact" || mc === undefined) return [...(exact?.at ?? [])];
  if (method === "mc" || exact === undefined) return mc;
  return mc.map((p, k) => {
    const ex = exact.at[k];
    return {
      ...p,
      groups: p.groups.map((g, i) => ({ ...g, exact: ex?.groups[i]?.probability })),
      outcomes: p.outcomes.map((o, i) => ({ ...o, exact: ex?.outcomes[i]?.probability })),
    };
  });
}

/** Adds the `run` command. */
export function addRunCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("run")
    .description("outcome probabilities by Monte Carlo (default), the exact solver, or both side by side")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario");
  addCommon(cmd)
    .option("-n, --runs <n>", "number of Monte Carlo runs", parseRuns, DEFAULT_RUNS)
    .option("-s, --seed <seed>", "master seed (whole number)", parseSeed, DEFAULT_SEED)
    .addOption(new Option("-m, --method <method>", "mc, exact, or both (side by side, difference in standard errors)").choices(METHODS).default("mc" as const))
    // Options that shape a report of many runs would be silently ignored by a replay: say so instead.
    .addOption(new Option("--replay <run>", "replay one run (its index) and show every state change").argParser(wholeNumber(0, MAX_RUNS))
      .conflicts(["timeline", "states", "method", "every", "runs", "workers", "given", "evidence", "asof", "at"]))
    .option("-w, --workers <n>", `threads for Monte Carlo, this one included, at most ${MAX_WORKERS} (same numbers for any count; capped at the cores and at one per ${count(MIN_RUNS_PER_WORKER)} runs, ${count(CONDITIONED_RUNS.minPerWorker)} with evidence); auto: one per ${count(AUTO_RUNS_PER_THREAD)} runs (${count(CONDITIONED_RUNS.autoPerThread)} with evidence) up to the cores`, parseWorkers, "auto" as const)
    .option("--precision <h>", "Monte Carlo until every group's and outcome's 95% half-width is at most H (e.g. 0.005), checked after 10,000, 20,000, 40,000, … runs (doubling; same result for any --workers)", parsePrecision)
    .option("--max-runs <n>", "with --precision: the cap on runs (default 10,000,000)", parseRuns)
    // A partial result holds counts of a fixed set of runs, without evidence or dated snapshots (yet): refused rather than dropped.
    .addOption(new Option("--shard <K/N|env>", "compute shard K of N of the runs and write a partial result (JSON) for `tariffsim merge`; env: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (see docs/scale.md)")
      .argParser(parseShard).conflicts(["replay", "timeline", "every", "precision", "given", "evidence", "asof", "at", "wide"]))
    .action(async (file, opts, cmd) => {
    checkPrecisionFlags({ ...opts, runsGiven: cmd.getOptionValueSource("runs") === "cli" });
    checkOut(opts.out);
    const format = resolveFormat(opts.format, opts.out);
    const shard = opts.shard === undefined ? undefined : resolveShard(opts.shard, opts);
    // Sampling options mean nothing to the exact solver: refused rather than ignored.
    const sampling = (["runs", "seed", "workers"] as const).filter((o) => cmd.getOptionValueSource(o) === "cli");
    if (opts.method === "exact" && sampling.length > 0) throw new CliError(sampling.map((o) => `--${o}: does not apply to --method exact (no sampling); use --method mc or both`));
    const range = shard === undefined ? { from: 0, to: opts.runs } : shardRange(opts.runs, shard);
    // --precision may run up to its cap: plan the threads for that many runs.
    const planned = opts.precision !== undefined ? opts.maxRuns ?? DEFAULT_PRECISION_MAX_RUNS : range.to - range.from;
    // Runs conditioned on evidence cost far more than plain ones: threads pay off at far fewer (threads.ts).
    const cost = opts.given.length > 0 || opts.evidence.length > 0 ? CONDITIONED_RUNS : PLAIN_RUNS;
    const plan = opts.replay !== undefined || opts.method === "exact" ? undefined : planThreads(opts.workers, planned, availableParallelism(), cost);
    if (plan?.note !== undefined) ctx.err(`${plan.note}\n`);
    // Worker threads start now, to load their script while this thread loads the scenario (body below not
    // re-indented to keep this change small for merging; `finally` ends the workers on every path).
    const pool = startWorkers(plan?.workers ?? 1);
    // Never a silent fallback: threads asked for (--workers N) and not started are said (the worker script was not found).
    if (cmd.getOptionValueSource("workers") === "cli" && pool.threads < (plan?.workers ?? 1)) ctx.err(`note: ran on ${pool.threads} thread(s), not ${plan?.workers ?? 1}: the worker script was not found beside the program\n`);
    try {
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      const model = compileOrFail(ctx, loaded, values.values, false, values);
      if (opts.replay !== undefined) {
        checkWide(opts.wide, format);
        const r = withScenario(loaded, () => replayRun(model, opts.seed, opts.replay ?? 0));
        const sc = model.scenario;
        const text = format === "csv" || format === "md"
          ? renderTidy(format, provenance(ctx, [
            ["scenario", model.scenario.id], ["title", model.scenario.title], ["seed", String(opts.seed)], ["run", String(r.run)],
            ["outcome", model.outcomes[r.outcome]?.id ?? "?"], ["final", r.finalStates.map((s) => model.stateNames[s]).join(" ")],
            ...overrideMeta(values.overrides),
          ]), replayTidy(model, r))
          : format === "json"
          ? JSON.stringify({
            scenario: sc.id, seed: opts.seed, run: r.run,
            outcome: model.outcomes[r.outcome]?.id,
            events: r.events.map((e) => ({
              date: dateOfDay(sc.start, e.day), day: e.day, machine: model.machineIds[e.machine],
              from: model.stateNames[e.from], to: model.stateNames[e.to], transition: e.transition.id,
            })),
            final: r.finalStates.map((s) => model.stateNames[s]),
            overrides: values.overrides,
          }, null, 2) + "\n"
          : replayTable(model, opts.seed, r, { overrides: values.overrides, width: tableWidth(ctx, opts) });
        await emit(ctx, text, opts.out, reportWhat(format, format === "csv" || format === "md" ? r.events.length : undefined));
        return;
      }
      if (shard !== undefined) {
        await writeShard(ctx, { loaded, values, model, shard, seed: opts.seed, runs: opts.runs, states: opts.states === true, pool, out: opts.out });
        return;
      }
      await report(ctx, loaded, model, values, opts.method, { ...opts, pool }, format);
    } finally {
      await pool.close();
    }
  });
}

/** Adds the `exact` command (the same as `run --method exact`). */
export function addExactCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("exact")
    .description("exact outcome probabilities (no sampling), optionally by date with --timeline")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario");
  addCommon(cmd).action(async (file, opts) => {
    checkOut(opts.out);
    const format = resolveFormat(opts.format, opts.out);
    const loaded = await loadOrFail(ctx, file ?? defaultScenario());
    const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
    const model = compileOrFail(ctx, loaded, values.values, false, values);
    await report(ctx, loaded, model, values, "exact", { ...opts, runs: 0, seed: 0 }, format);
  });
}
