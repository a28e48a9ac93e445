/**
 * `tariffsim run [scenario]` (Monte Carlo, exact or both) and
 * `tariffsim exact [scenario]`; `--replay` shows one run's trajectory.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "@commander-js/extra-typings";
import { compare } from "../../analysis/exact.js";
import { summarize } from "../../analysis/summary.js";
import { replayRun } from "../../engine/simulate.js";
import type { CompiledModel } from "../../model/model.js";
import { dateOfDay } from "../../scenario/dates.js";
import { bothTable, exactTable, timelineTable } from "../../report/exactTable.js";
import { replayTable, summaryTable } from "../../report/table.js";
import { bothTidy, exactTidy, replayTidy, summaryTidy, timelineTidy } from "../../report/runTidy.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy, type Format, type Provenance, type Tidy } from "../../report/tidy.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { defaultScenario, type CliContext } from "../context.js";
import { compileOrFail, loadOrFail, withScenario, withScenarioAsync, type Loaded } from "../scenario.js";
import { resolveValuesOrFail, type ResolvedValues } from "../overlays.js";
import { MAX_WORKERS, MIN_RUNS_PER_WORKER, planWorkers, simulateParallel } from "../parallel.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber, MAX_RUNS, WIDE_HELP } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { checkTimelineSize, exactOrFail } from "../solve.js";
import { CliError } from "../errors.js";

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
    .option("--wide", WIDE_HELP);
}

async function report(
  ctx: CliContext, loaded: Loaded, model: CompiledModel, values: ResolvedValues, method: Method,
  opts: Common & { runs: number; seed: number; workers: number },
  format: Format,
): Promise<void> {
  const json = format === "json";
  const wantExact = method !== "mc" || opts.timeline === true;
  // An option that would be silently ignored is refused instead.
  if (opts.every !== undefined && opts.timeline !== true) throw new CliError(["--every: only applies with --timeline"]);
  if (opts.every !== undefined && json) throw new CliError(["--every: the JSON timeline has every date; use --format table, csv or md"]);
  if (opts.states === true && method === "both") throw new CliError(["--states: not shown beside the exact solver; use --method mc or --method exact"]);
  checkWide(opts.wide, format);
  const width = tableWidth(ctx, opts);
  if (opts.timeline === true) checkTimelineSize(loaded, model);
  const exact = wantExact ? exactOrFail(loaded, model, opts.timeline === true) : undefined;
  const mc = method === "exact" ? undefined : await withScenarioAsync(loaded, async () => {
    const plan = planWorkers(opts.workers, opts.runs, availableParallelism());
    if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
    const tally = await simulateParallel({
      model, scenario: loaded.scenario, overrides: values.values, seed: opts.seed, runs: opts.runs, workers: plan.workers,
    });
    return summarize(model, tally, opts.seed);
  });
  const states = opts.states === true;
  const overrides = values.overrides;
  let text: string;
  let rows: number | undefined;
  if (json) {
    const base = mc ?? { scenario: model.scenario.id, title: model.scenario.title, start: model.scenario.start, horizon: model.scenario.horizon };
    const body: Record<string, unknown> = { ...base, method };
    if (method === "exact" && exact !== undefined) Object.assign(body, { ...exact, method, timeline: undefined });
    if (method === "both" && mc !== undefined && exact !== undefined) {
      const c = compare(mc, exact);
      Object.assign(body, {
        outcomes: mc.outcomes.map((o, i) => ({ ...o, exact: c.outcomes[i]?.exact, diffSE: c.outcomes[i]?.diffSE })),
        groups: mc.groups.map((g, i) => ({ ...g, exact: c.groups[i]?.exact, diffSE: c.groups[i]?.diffSE })),
      });
    }
    if (opts.timeline === true) body.timeline = exact?.timeline;
    body.overrides = values.overrides;
    text = JSON.stringify(body, null, 2) + "\n";
  } else if (format === "csv" || format === "md") {
    const sc = model.scenario;
    const meta: Provenance = [
      ["scenario", sc.id], ["title", sc.title], ["start", sc.start], ["horizon", sc.horizon], ["method", method],
      ...(mc === undefined ? [] : [["seed", String(mc.seed)], ["runs", String(mc.runs)]] as const),
      ...(opts.timeline === true ? [["timeline", `every ${opts.every ?? 1} day(s) and the horizon`]] as const : []),
      ...overrideMeta(overrides),
    ];
    let t: Tidy | undefined;
    if (opts.timeline === true && exact !== undefined) t = timelineTidy(exact, opts.every ?? 1);
    else if (method === "mc" && mc !== undefined) t = summaryTidy(mc, { states });
    else if (method === "exact" && exact !== undefined) t = exactTidy(exact, { states });
    else if (method === "both" && mc !== undefined && exact !== undefined) t = bothTidy(compare(mc, exact));
    if (t === undefined) throw new Error("internal: no result to report");
    text = renderTidy(format, provenance(ctx, meta), t);
    rows = t.rows.length;
  } else {
    const parts: string[] = [];
    if (method === "mc" && mc !== undefined) parts.push(summaryTable(mc, { states, overrides, width }));
    if (method === "exact" && exact !== undefined) parts.push(exactTable(exact, { states, overrides, width }));
    if (method === "both" && mc !== undefined && exact !== undefined) parts.push(bothTable(mc, compare(mc, exact), { overrides, width }));
    if (opts.timeline === true && exact !== undefined) parts.push(timelineTable(exact, opts.every ?? 1, { states, width }));
    text = parts.join("\n");
  }
  await emit(ctx, text, opts.out, reportWhat(format, rows));
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
      .conflicts(["timeline", "states", "method", "every", "runs", "workers"]))
    .option("-w, --workers <n>", `worker threads for Monte Carlo, at most ${MAX_WORKERS} (same numbers for any count; capped at the cores and at one per ${MIN_RUNS_PER_WORKER.toLocaleString("en-US")} runs)`, wholeNumber(1, MAX_WORKERS), 1)
    .action(async (file, opts, cmd) => {
    checkOut(opts.out);
    const format = resolveFormat(opts.format, opts.out);
    // Sampling options mean nothing to the exact solver: refused rather than ignored.
    const given = (["runs", "seed", "workers"] as const).filter((o) => cmd.getOptionValueSource(o) === "cli");
    if (opts.method === "exact" && given.length > 0) throw new CliError(given.map((o) => `--${o}: does not apply to --method exact (no sampling); use --method mc or both`));
    const loaded = loadOrFail(ctx, file ?? defaultScenario());
    const values = resolveValuesOrFail(loaded, opts.params, opts.set);
    const model = compileOrFail(ctx, loaded, values.values);
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
    await report(ctx, loaded, model, values, opts.method, opts, format);
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
    const loaded = loadOrFail(ctx, file ?? defaultScenario());
    const values = resolveValuesOrFail(loaded, opts.params, opts.set);
    const model = compileOrFail(ctx, loaded, values.values);
    await report(ctx, loaded, model, values, "exact", { ...opts, runs: 0, seed: 0, workers: 1 }, format);
  });
}
