/**
 * `tariffsim tornado [scenario]`: each parameter at its low and high end,
 * the swing of each target, sorted (src/sensitivity/tornado.ts).
 * @module
 */
import { InvalidArgumentError, Option, type Command } from "@commander-js/extra-typings";
import { tornadoJson, tornadoTable, tornadoMeta, tornadoTidy } from "../../report/tornado.js";
import { DEFAULT_ANALYSIS_RUNS } from "../../sensitivity/estimate.js";
import { DEFAULT_RANGE, parseRange, rangeText, type Range } from "../../sensitivity/ranges.js";
import { planTornado } from "../../sensitivity/tornado.js";
import { parseWorkers } from "../parallel.js";
import { POINT_WORKERS_HELP, solvePointsOrFail } from "../pointsParallel.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, WIDE_HELP, refuseMonteCarloOptions } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { renderTidy } from "../../report/tidy.js";
import { resolveValuesOrFail } from "../overlays.js";
import { compileOrFail, loadOrFail } from "../scenario.js";
import { analysisEvidenceOrFail, ASOF_HELP, EVIDENCE_HELP, GIVEN_HELP } from "../analysisEvidence.js";
import { analysisEvidence } from "../../report/evidenceLines.js";
import { DEFAULT_SEED } from "./run.js";

/** Parses `--range`: `N%` or `bounds`. */
function parseRangeOption(value: string): Range {
  const r = parseRange(value);
  if (!r.ok) throw new InvalidArgumentError(r.message);
  return r.range;
}

/** Adds the `tornado` command. */
export function addTornadoCommand(program: Command, ctx: CliContext): void {
  program
    .command("tornado")
    .description("one parameter at a time at its low and high end: the swing of each group or outcome, largest first")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("--target <group:ID|outcome:ID>", "a group or outcome to report (repeatable; default every group, or every outcome without groups)", collect, [])
    .addOption(new Option("--range <N%|bounds>", "ends of parameters without a declared uncertainty: ±N% of the default within bounds, or the bounds")
      .argParser(parseRangeOption).default(DEFAULT_RANGE, rangeText(DEFAULT_RANGE)))
    .option("--params <file>", "apply a parameter overlay file (repeatable; its parameters are held, not varied)", collectPath, [])
    .option("--set <name=value>", "hold a parameter at a value (repeatable; it is then not varied)", collect, [])
    .addOption(new Option("-m, --method <method>", "auto (exact unless over the solver's limits, then Monte Carlo), exact, or mc").choices(["auto", "exact", "mc"] as const).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo runs per end (common random numbers: the same runs at every end)", parseRuns, DEFAULT_ANALYSIS_RUNS)
    .option("-s, --seed <seed>", "Monte Carlo master seed", parseSeed, DEFAULT_SEED)
    .option("--skip-invalid", "report an end that makes an invalid model as a row with its problem, instead of failing")
    .option("--given <observation>", GIVEN_HELP, collect, [])
    .option("--evidence <file>", EVIDENCE_HELP, collectPath, [])
    .option("--asof <date>", ASOF_HELP)
    .option("-w, --workers <n>", POINT_WORKERS_HELP, parseWorkers, 1)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", WIDE_HELP)
    .action(async (file, opts, cmd) => {
      checkOut(opts.out);
      // With the exact solver there is no Monte Carlo: its options would be ignored.
      refuseMonteCarloOptions(opts.method, ["runs", "seed"], (name) => cmd.getOptionValueSource(name));
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      // The base point: its problems (and warnings) located in the file, as `run` shows them.
      const model = compileOrFail(ctx, loaded, values.values, false, values);
      const ev = await analysisEvidenceOrFail(loaded, () => model, opts, "point");
      const plan = planTornado(loaded.scenario, {
        overrides: values.values, targets: opts.target, range: opts.range, method: opts.method,
        runs: opts.runs, seed: opts.seed, skipInvalid: opts.skipInvalid === true, evidence: ev.checks,
      });
      if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues, loaded.locate));
      const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.value.points, estimator: plan.value.estimator, workers: opts.workers });
      const r = plan.value.finish(estimates);
      if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
      for (const line of formatIssues(loaded.file, r.warnings, loaded.locate)) ctx.err(`${line}\n`);
      const text = format === "json"
        ? JSON.stringify(analysisEvidence.json(tornadoJson(r.value, values.overrides), ev.summary), null, 2) + "\n"
        : format === "table"
          ? analysisEvidence.table(tornadoTable(r.value, values.overrides, tableWidth(ctx, opts)), ev.summary)
          : renderTidy(format, provenance(ctx, analysisEvidence.meta(tornadoMeta(r.value, values.overrides), ev.summary)), tornadoTidy(r.value));
      // A row per target × parameter, in every format but JSON.
      await emit(ctx, text, opts.out, reportWhat(format, r.value.targets.reduce((n, t) => n + t.rows.length, 0)));
    });
}
