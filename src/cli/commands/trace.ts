/**
 * `tariffsim trace [scenario] --outcome ID --count N`: dated narratives of
 * the first runs (by index, so reproducible) that end in an outcome, in
 * sentences built from the scenario's state labels and descriptions.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_TRACE_SEARCH, sampleRuns } from "../../analysis/paths.js";
import type { CompiledModel } from "../../model/model.js";
import { traceJson, traceText, traceTidy } from "../../report/paths.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy } from "../../report/tidy.js";
import { suggest } from "../../scenario/suggest.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { resolveValuesOrFail } from "../overlays.js";
import { compileOrFail, loadOrFail, withScenario } from "../scenario.js";
import { DEFAULT_SEED } from "./run.js";

/** The most sample runs one `trace` may tell. */
export const MAX_TRACE_COUNT = 1_000;

/**
 * The index of outcome `id`, or a {@link CliError} (exit 2) naming the file,
 * with a "did you mean" and the outcomes there are.
 */
export function outcomeIndexOrFail(file: string, model: CompiledModel, id: string): number {
  const i = model.outcomes.findIndex((o) => o.id === id);
  if (i >= 0) return i;
  const ids = model.outcomes.map((o) => o.id);
  throw new CliError([`${file}: --outcome: no outcome "${id}"${suggest(id, ids)}; the outcomes are ${ids.join(", ")}`]);
}

/** The index of machine `id`, or a {@link CliError} (exit 2) naming the file, with a "did you mean" and the machines there are. */
export function machineIndexOrFail(file: string, model: CompiledModel, id: string): number {
  const i = model.machineIds.indexOf(id);
  if (i >= 0) return i;
  throw new CliError([`${file}: --machine: no machine "${id}"${suggest(id, model.machineIds)}; the machines are ${model.machineIds.join(", ")}`]);
}

/** Adds the `trace` command. */
export function addTraceCommand(program: Command, ctx: CliContext): void {
  program
    .command("trace")
    .description("dated stories of sample runs ending in an outcome: the first runs by index, in sentences")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("--outcome <id>", "tell runs ending in this outcome (default: any outcome)")
    .option("-c, --count <n>", `how many runs to tell, at most ${MAX_TRACE_COUNT}`, wholeNumber(1, MAX_TRACE_COUNT), 3)
    .option("-n, --runs <n>", "search at most this many runs (from run 0) for them", parseRuns, DEFAULT_TRACE_SEARCH)
    .option("-s, --seed <seed>", "master seed (whole number)", parseSeed, DEFAULT_SEED)
    .option("--params <file>", "apply a parameter overlay file (repeatable; in the order given, before --set)", collectPath, [])
    .option("--set <name=value>", "override a parameter (repeatable; applied last)", collect, [])
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", "lines at full length (default: wrapped to fit the terminal)")
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const loaded = loadOrFail(ctx, file ?? defaultScenario());
      const values = resolveValuesOrFail(loaded, opts.params, opts.set);
      const model = compileOrFail(ctx, loaded, values.values);
      const outcome = opts.outcome === undefined ? undefined : outcomeIndexOrFail(loaded.file, model, opts.outcome);
      const samples = withScenario(loaded, () => sampleRuns(model, { seed: opts.seed, outcome, count: opts.count, maxRuns: opts.runs }));
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
