/**
 * `tariffsim paths [scenario]`: the most common sequences of state changes
 * across Monte Carlo runs, with their share and 95% interval, optionally
 * among the runs ending in one outcome (src/analysis/paths.ts).
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_MAX_PATHS, topPaths } from "../../analysis/paths.js";
import { pathsJson, pathsTable, pathsTidy } from "../../report/paths.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy } from "../../report/tidy.js";
import type { CliContext } from "../context.js";
import { provenance } from "../format.js";
import { collect, parseRuns, tableWidth, wholeNumber, WIDE_HELP } from "../options.js";
import { emit, reportWhat } from "../output.js";
import { addPathsOptions, machineIndexOrFail, pathsInputsOrFail } from "../pathsOptions.js";
import { parseWorkers } from "../parallel.js";
import { pathsOnThreads, STORY_RUNS } from "../stories.js";
import { DEFAULT_RUNS } from "./run.js";

/** The default number of paths shown. */
export const DEFAULT_TOP = 10;

/** Adds the `paths` command. */
export function addPathsCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("paths")
    .description("the most common sequences of state changes (Monte Carlo), with their share and 95% interval")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario");
  addPathsOptions(cmd, WIDE_HELP)
    .option("--outcome <id>", "only the runs ending in this outcome (shares are then of those runs)")
    .option("--machine <id>", "paths of this machine's changes only (repeatable; default every machine)", collect, [])
    .option("--top <n>", "how many paths to show (the rest are one \"other paths\" row)", wholeNumber(1, 10_000), DEFAULT_TOP)
    .option("-n, --runs <n>", "number of Monte Carlo runs (1e6 and 1_000_000 accepted)", parseRuns, DEFAULT_RUNS)
    .option("-w, --workers <n>", `threads, or auto: the cores, one per ${STORY_RUNS.autoPerThread.toLocaleString("en-US")} runs (the same paths for any count; a number is capped at the cores and at one per ${STORY_RUNS.minPerWorker.toLocaleString("en-US")} runs)`, parseWorkers, "auto" as const)
    .action(async (file, opts) => {
      const { format, loaded, values, model, outcome } = await pathsInputsOrFail(ctx, file, opts);
      const machines = opts.machine.length === 0 ? undefined : opts.machine.map((id) => machineIndexOrFail(loaded.file, model, id));
      const tally = await pathsOnThreads(ctx, { format, loaded, values, model, outcome },
        { seed: opts.seed, runs: opts.runs, machines, maxPaths: DEFAULT_MAX_PATHS, workers: opts.workers });
      const top = topPaths(tally, opts.top);
      const meta = { seed: opts.seed, runs: opts.runs, outcome, overrides: values.overrides, machines: opts.machine };
      if (format === "json") {
        await emit(ctx, JSON.stringify(pathsJson(model, tally, top, meta, DEFAULT_MAX_PATHS), null, 2) + "\n", opts.out, reportWhat(format));
      } else if (format === "table") {
        await emit(ctx, pathsTable(model, tally, top, meta, tableWidth(ctx, opts)), opts.out, reportWhat(format, top.top.length + 1));
      } else {
        const sc = model.scenario;
        const t = pathsTidy(model, top);
        const text = renderTidy(format, provenance(ctx, [
          ["scenario", sc.id], ["title", sc.title], ["start", sc.start], ["horizon", sc.horizon], ["method", "mc"],
          ["seed", String(opts.seed)], ["runs", String(opts.runs)],
          ["outcome", outcome === undefined ? "all" : (model.outcomes[outcome]?.id ?? "?")], ["counted", String(tally.counted)],
          ["machines", opts.machine.length === 0 ? "all" : opts.machine.join(" ")],
          ["paths", `${tally.paths.length} distinct counted (at most ${DEFAULT_MAX_PATHS}), ${tally.untracked} runs untracked, ${tally.truncated} cut`],
          ...overrideMeta(values.overrides),
        ]), t);
        await emit(ctx, text, opts.out, reportWhat(format, t.rows.length));
      }
    });
}
