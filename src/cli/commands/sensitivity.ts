/**
 * `tariffsim sensitivity [scenario]`: first-order and total Sobol indices of
 * each target over every factor with a declared uncertainty, with bootstrap
 * intervals (src/sensitivity/sobol.ts); the solves split over `--workers`.
 * @module
 */
import { Option, type Command } from "@commander-js/extra-typings";
import { sensitivityJson, sensitivityTable, sensitivityMeta, sensitivityTidy } from "../../report/sensitivity.js";
import { DEFAULT_ANALYSIS_RUNS, DEFAULT_ANALYSIS_SEED } from "../../sensitivity/estimate.js";
import { CORRELATED_WARNING, DEFAULT_SENSITIVITY_SAMPLES, finishSensitivity, MAX_SENSITIVITY_SOLVES, planSensitivity } from "../../sensitivity/sobol.js";
import { warning } from "../../scenario/issues.js";
import { SAMPLINGS } from "../../uncertainty/designs.js";
import { DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP } from "../../uncertainty/sobolIndices.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber, WIDE_HELP, refuseMonteCarloOptions } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { renderTidy } from "../../report/tidy.js";
import { resolveValuesOrFail } from "../overlays.js";
import { parseWorkers } from "../parallel.js";
import { POINT_WORKERS_HELP, solvePointsOrFail } from "../pointsParallel.js";
import { compileOrFail, loadOrFail } from "../scenario.js";
import { analysisEvidenceOrFail, ASOF_HELP, EVIDENCE_HELP, GIVEN_HELP } from "../analysisEvidence.js";
import { analysisEvidence } from "../../report/evidenceLines.js";

/** Adds the `sensitivity` command. */
export function addSensitivityCommand(program: Command, ctx: CliContext): void {
  program
    .command("sensitivity")
    .description("global sensitivity: first-order and total Sobol indices of each group or outcome over every declared uncertainty")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("--samples <n>", "base samples n; (factors + 2) × n solves (a power of two for Sobol points)", wholeNumber(2, MAX_SENSITIVITY_SOLVES), DEFAULT_SENSITIVITY_SAMPLES)
    .addOption(new Option("--sampling <design>", "sampling design of A and B").choices(SAMPLINGS).default("sobol" as const))
    .option("-s, --seed <seed>", "seed of the design, the bootstrap and any Monte Carlo", parseSeed, DEFAULT_ANALYSIS_SEED)
    .option("--bootstrap <b>", "bootstrap replicates of the 95% intervals", wholeNumber(1, MAX_BOOTSTRAP), DEFAULT_BOOTSTRAP)
    .option("--target <group:ID|outcome:ID>", "a group or outcome to report (repeatable; default every group, or every outcome without groups)", collect, [])
    .option("--params <file>", "apply a parameter overlay file (repeatable; its parameters are held, not drawn)", collectPath, [])
    .option("--set <name=value>", "hold a parameter at a value (repeatable; it is then not drawn)", collect, [])
    .addOption(new Option("-m, --method <method>", "auto (exact unless over the solver's limits, then Monte Carlo), exact, or mc").choices(["auto", "exact", "mc"] as const).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo runs per solve (common random numbers: the same runs at every point)", parseRuns, DEFAULT_ANALYSIS_RUNS)
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
      refuseMonteCarloOptions(opts.method, ["runs"], (name) => cmd.getOptionValueSource(name));
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      const model = compileOrFail(ctx, loaded, values.values, false, values);
      const ev = await analysisEvidenceOrFail(loaded, () => model, opts, "names");
      const plan = planSensitivity(loaded.scenario, {
        overrides: values.values, targets: opts.target, samples: opts.samples, sampling: opts.sampling,
        seed: opts.seed, bootstrap: opts.bootstrap, method: opts.method, runs: opts.runs, evidence: ev.checks,
      });
      if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues, loaded.locate));
      const notes = plan.value.correlated ? [warning("option", ["sensitivity"], CORRELATED_WARNING)] : [];
      for (const line of formatIssues(loaded.file, [...plan.warnings, ...notes], loaded.locate)) ctx.err(`${line}\n`);
      const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.value.points, estimator: plan.value.estimator, workers: opts.workers });
      const r = finishSensitivity(plan.value, estimates);
      if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
      const text = format === "json"
        ? JSON.stringify(analysisEvidence.json(sensitivityJson(r.value, values.overrides), ev.summary), null, 2) + "\n"
        : format === "table"
          ? analysisEvidence.table(sensitivityTable(r.value, values.overrides, tableWidth(ctx, opts)), ev.summary)
          : renderTidy(format, provenance(ctx, analysisEvidence.meta(sensitivityMeta(r.value, values.overrides), ev.summary)), sensitivityTidy(r.value));
      await emit(ctx, text, opts.out, reportWhat(format, r.value.targets.reduce((k, t) => k + t.indices.length, 0)));
    });
}
