/**
 * `tariffsim sweep NAME=FROM..TO [NAME2=FROM..TO]`: group and outcome
 * probabilities on a one- or two-way grid (src/sensitivity/sweep.ts). The
 * scenario comes from `--scenario FILE` (default the shipped one), since
 * the positional arguments are the axes.
 * @module
 */
import { Option, type Command } from "@commander-js/extra-typings";
import { sweepJson, sweepTable, sweepMeta, sweepTidy } from "../../report/sweep.js";
import { DEFAULT_ANALYSIS_RUNS } from "../../sensitivity/estimate.js";
import { DEFAULT_STEPS, MAX_POINTS, MAX_STEPS, parseAxis, type AxisSpec } from "../../sensitivity/grid.js";
import { planSweep } from "../../sensitivity/sweep.js";
import { parseWorkers } from "../parallel.js";
import { POINT_WORKERS_HELP, solvePointsOrFail } from "../pointsParallel.js";
import type { Issue } from "../../scenario/issues.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { checkWide, collect, collectPath, parseInPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber, WIDE_HELP, refuseMonteCarloOptions } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { renderTidy } from "../../report/tidy.js";
import { resolveValuesOrFail } from "../overlays.js";
import { compileOrFail, loadOrFail, type Loaded } from "../scenario.js";
import { prepareModel } from "../../model/prepare.js";
import type { CompiledModel } from "../../model/model.js";
import type { ResolvedValues } from "../overlays.js";
import { analysisEvidenceOrFail, ASOF_HELP, EVIDENCE_HELP, GIVEN_HELP } from "../analysisEvidence.js";
import { analysisEvidence } from "../../report/evidenceLines.js";
import { DEFAULT_SEED } from "./run.js";

/**
 * A model to resolve observations against: at the values held, else at the
 * first grid point that makes a valid model. Why not always the values held:
 * a swept parameter's default is no grid point, and may make an invalid
 * model with the values held (a weight whose partner is raised by `--set`)
 * where every grid point is valid.
 */
function namesModel(ctx: CliContext, loaded: Loaded, values: ResolvedValues, specs: readonly AxisSpec[], steps: number): CompiledModel {
  const held = prepareModel(loaded.scenario, values.values);
  if (held.ok) return held.model;
  const grid = planSweep(loaded.scenario, specs, { overrides: values.values, steps, skipInvalid: true });
  for (const point of grid.ok ? grid.value.points : []) {
    const r = prepareModel(loaded.scenario, point);
    if (r.ok) return r.model;
  }
  return compileOrFail(ctx, loaded, values.values, true, values);
}

/** Adds the `sweep` command. */
export function addSweepCommand(program: Command, ctx: CliContext): void {
  program
    .command("sweep")
    .description("group and outcome probabilities on a one- or two-way grid of parameter values")
    .argument("<axes...>", "one or two axes NAME=FROM..TO (inside the parameter's bounds; FROM above TO runs downward)")
    .option("--scenario <file>", "scenario file (YAML or JSON); default: the shipped Korea–US scenario", parseInPath)
    .option("--steps <n>", `points per axis, ends included (2 to ${MAX_STEPS}; at most ${MAX_POINTS.toLocaleString("en-US")} points in all)`, wholeNumber(2, MAX_STEPS), DEFAULT_STEPS)
    .option("--params <file>", "apply a parameter overlay file at every point (repeatable; may not give a swept parameter)", collectPath, [])
    .option("--set <name=value>", "hold a parameter at a value at every point (repeatable; may not name a swept parameter)", collect, [])
    .addOption(new Option("-m, --method <method>", "auto (exact unless over the solver's limits, then Monte Carlo), exact, or mc").choices(["auto", "exact", "mc"] as const).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo runs per point (common random numbers: the same runs at every point)", parseRuns, DEFAULT_ANALYSIS_RUNS)
    .option("-s, --seed <seed>", "Monte Carlo master seed", parseSeed, DEFAULT_SEED)
    .option("--skip-invalid", "report a point whose parameters make an invalid model with its problem and null probabilities, instead of failing")
    .option("--given <observation>", GIVEN_HELP, collect, [])
    .option("--evidence <file>", EVIDENCE_HELP, collectPath, [])
    .option("--asof <date>", ASOF_HELP)
    .option("-w, --workers <n>", POINT_WORKERS_HELP, parseWorkers, 1)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", WIDE_HELP)
    .action(async (texts, opts, cmd) => {
      checkOut(opts.out);
      // With the exact solver there is no Monte Carlo: its options would be ignored.
      refuseMonteCarloOptions(opts.method, ["runs", "seed"], (name) => cmd.getOptionValueSource(name));
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const loaded = await loadOrFail(ctx, opts.scenario ?? defaultScenario());
      const specs: AxisSpec[] = [];
      const bad: Issue[] = [];
      for (const t of texts) {
        const a = parseAxis(t);
        if (a.ok) specs.push(a.value);
        else bad.push(...a.issues);
      }
      if (bad.length > 0) throw new CliError(formatIssues(loaded.file, bad, loaded.locate));
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      // The evidence is resolved against a model of the scenario (its states and days are every point's); each
      // grid point is then judged alone, as without evidence.
      const ev = await analysisEvidenceOrFail(loaded, () => namesModel(ctx, loaded, values, specs, opts.steps), opts, "grid");
      const plan = planSweep(loaded.scenario, specs, {
        overrides: values.values, steps: opts.steps, method: opts.method,
        runs: opts.runs, seed: opts.seed, skipInvalid: opts.skipInvalid === true, evidence: ev.checks,
      });
      if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues, loaded.locate));
      const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.value.points, estimator: plan.value.estimator, workers: opts.workers });
      const r = plan.value.finish(estimates);
      if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
      const text = format === "json"
        ? JSON.stringify(analysisEvidence.json(sweepJson(r.value, values.overrides), ev.summary), null, 2) + "\n"
        : format === "table"
          ? analysisEvidence.table(sweepTable(r.value, values.overrides, tableWidth(ctx, opts)), ev.summary)
          : renderTidy(format, provenance(ctx, analysisEvidence.meta(sweepMeta(r.value, values.overrides), ev.summary)), sweepTidy(r.value));
      // A row per point (the table's matrices hold the same points).
      await emit(ctx, text, opts.out, reportWhat(format, r.value.points.length));
    });
}
