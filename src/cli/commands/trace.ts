/**
 * `tariffsim trace [scenario] --outcome ID --count N`: dated narratives of
 * the first runs (by index, so reproducible) that end in an outcome, in
 * sentences built from the scenario's state labels and descriptions.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_TRACE_SEARCH } from "../../analysis/paths.js";
import { traceJson, traceText, traceTidy } from "../../report/paths.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy } from "../../report/tidy.js";
import type { CliContext } from "../context.js";
import { provenance } from "../format.js";
import { parseRuns, tableWidth, wholeNumber } from "../options.js";
import { emit, reportWhat } from "../output.js";
import { addPathsOptions, pathsInputsOrFail } from "../pathsOptions.js";
import { parseWorkers } from "../parallel.js";
import { samplesOnThreads, STORY_RUNS } from "../stories.js";

/** The most sample runs one `trace` may tell. */
export const MAX_TRACE_COUNT = 1_000;

/** Adds the `trace` command. */
export function addTraceCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("trace")
    .description("dated stories of sample runs ending in an outcome: the first runs by index, in sentences")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario");
  addPathsOptions(cmd, "lines at full length (default: wrapped to fit the terminal)")
    .option("--outcome <id>", "tell runs ending in this outcome (default: any outcome)")
    .option("-c, --count <n>", `how many runs to tell, at most ${MAX_TRACE_COUNT}`, wholeNumber(1, MAX_TRACE_COUNT), 3)
    .option("-n, --runs <n>", "search at most this many runs (from run 0) for them", parseRuns, DEFAULT_TRACE_SEARCH)
    .option("-w, --workers <n>", `threads searching, or auto for the cores (the same runs for any count; capped at the cores and at one per ${STORY_RUNS.minPerWorker.toLocaleString("en-US")} runs; worth it for rare outcomes)`, parseWorkers, 1)
    .action(async (file, opts) => {
      const { format, loaded, values, model, outcome } = await pathsInputsOrFail(ctx, file, opts);
      const samples = await samplesOnThreads(ctx, { format, loaded, values, model, outcome },
        { seed: opts.seed, count: opts.count, maxRuns: opts.runs, workers: opts.workers });
      const meta = { seed: opts.seed, runs: opts.runs, outcome, overrides: values.overrides, count: opts.count };
      if (samples.runs.length < opts.count) {
        ctx.err(`${loaded.file}: note: found ${samples.runs.length} of the ${opts.count} runs asked for among ${opts.runs.toLocaleString("en-US")} runs; raise --runs to search further\n`);
      }
      if (format === "json") {
        await emit(ctx, JSON.stringify(traceJson(model, samples, meta), null, 2) + "\n", opts.out, reportWhat(format));
      } else if (format === "table") {
        await emit(ctx, traceText(model, samples, meta, tableWidth(ctx, opts)), opts.out, `${samples.runs.length} runs, table`);
      } else {
        const sc = model.scenario;
        const t = traceTidy(model, samples);
        const text = renderTidy(format, provenance(ctx, [
          ["scenario", sc.id], ["title", sc.title], ["start", sc.start], ["horizon", sc.horizon],
          ["seed", String(opts.seed)], ["outcome", outcome === undefined ? "any" : (model.outcomes[outcome]?.id ?? "?")],
          ["runs", samples.runs.map((r) => String(r.run)).join(" ")], ["searched", String(samples.searched)],
          ...overrideMeta(values.overrides),
        ]), t);
        await emit(ctx, text, opts.out, reportWhat(format, t.rows.length));
      }
    });
}
