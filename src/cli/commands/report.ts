/**
 * `tariffsim report [scenario] --out report.html`: one self-contained HTML
 * page (src/report/html/) with the headline, outcome bars, group and state
 * probabilities over time, the tornado and (with `--sensitivity N`) the
 * Sobol indices, the parameters with their sources, the evidence used, the
 * claims, and the provenance. This file gathers the numbers (exact solve
 * with its timeline, Monte Carlo, tornado, sensitivity); the page is built
 * by `renderReport`, which loads vega only when a report is made.
 * @module
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { Option, type Command } from "@commander-js/extra-typings";
import { summarizeExact, type ExactSummary } from "../../analysis/exact.js";
import { summarize, type Summary } from "../../analysis/summary.js";
import { solveExact } from "../../exact/solver.js";
import type { CompiledModel } from "../../model/model.js";
import { DEFAULT_ANALYSIS_RUNS } from "../../sensitivity/estimate.js";
import { DEFAULT_RANGE } from "../../sensitivity/ranges.js";
import { CORRELATED_WARNING, finishSensitivity, INDEPENDENCE_NOTE, MAX_SENSITIVITY_SOLVES, planSensitivity, type SensitivityPlan, type SensitivityReport } from "../../sensitivity/sobol.js";
import { warning, type Issue } from "../../scenario/issues.js";
import { planTornado, type TornadoReport } from "../../sensitivity/tornado.js";
import type { ReportData } from "../../report/html/data.js";
import { defaultScenario, version, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { provenance } from "../format.js";
import { collect, collectPath, parseOutPath, parseRuns, parseSeed, refuseMonteCarloOptions, wholeNumber } from "../options.js";
import { checkOut, emit } from "../output.js";
import { resolveValuesOrFail, type ResolvedValues } from "../overlays.js";
import { parseWorkers, planAnalysis, planWorkers, MAX_WORKERS, simulateParallel, type WorkersOption } from "../parallel.js";
import { solvePointsOrFail } from "../pointsParallel.js";
import { withProgress } from "../progress.js";
import { compileOrFail, loadOrFail, withScenario, withScenarioAsync, type Loaded } from "../scenario.js";
import { MAX_TIMELINE_CELLS } from "../solve.js";
import { DEFAULT_RUNS, DEFAULT_SEED } from "./run.js";
import type { EvidenceOptions } from "../evidence.js";
import { claimsPart, evidencePart } from "../reportExtras.js";
import type { Check } from "../../evidence/check.js";

const METHODS = ["both", "exact", "mc"] as const;
type Method = (typeof METHODS)[number];

/** The extensions `--out` may have: the report is HTML. */
const HTML_EXTENSIONS: ReadonlySet<string> = new Set([".html", ".htm"]);

interface ReportOptions extends EvidenceOptions {
  /** The report's date (see reportDate). */
  readonly date: string;
  readonly claims?: number | undefined;
  readonly file: string | undefined;
  readonly runs: number;
  readonly seed: number;
  readonly method: Method;
  readonly tornado: boolean;
  readonly sensitivity?: number | undefined;
  readonly workers: WorkersOption;
}

/** The exact summary with its timeline, or why there is none (a solver limit; fatal with `--method exact`). */
function exactPart(loaded: Loaded, model: CompiledModel, method: Method): { exact?: ExactSummary; note?: string } {
  if (method === "mc") return {};
  const cells = (model.days + 1) * (model.outcomes.length + model.groups.length + model.stateNames.length);
  const timeline = cells <= MAX_TIMELINE_CELLS;
  const r = withScenario(loaded, () => solveExact(model, { timeline }));
  if (!r.ok) {
    if (method === "exact") throw new CliError(formatIssues(loaded.file, [r.issue], () => undefined));
    return { note: r.issue.message };
  }
  return { exact: summarizeExact(model, r.result), ...(timeline ? {} : { note: `the timeline would hold ${cells} probabilities, more than ${MAX_TIMELINE_CELLS}` }) };
}

/** The Monte Carlo summary (with a progress bar), unless `--method exact`. */
async function mcPart(ctx: CliContext, loaded: Loaded, model: CompiledModel, values: ResolvedValues, o: ReportOptions): Promise<Summary | undefined> {
  if (o.method === "exact") return undefined;
  return withScenarioAsync(loaded, async () => {
    const plan = planAnalysis(o.workers, (n) => planWorkers(n, o.runs, availableParallelism()));
    if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
    const tally = await withProgress(ctx, o.runs, "runs", (p) => simulateParallel({
      model, scenario: loaded.scenario, overrides: values.values, seed: o.seed, runs: o.runs, workers: plan.workers, onProgress: p.update,
    }));
    return summarize(model, tally, o.seed);
  });
}

/** The tornado (exact where the solver allows, else Monte Carlo); an end that makes an invalid model is left out of the chart. */
async function tornadoPart(ctx: CliContext, loaded: Loaded, values: ResolvedValues, o: ReportOptions, evidence: readonly Check[]): Promise<TornadoReport | undefined> {
  if (!o.tornado) return undefined;
  const plan = planTornado(loaded.scenario, {
    overrides: values.values, range: DEFAULT_RANGE, method: "auto", runs: DEFAULT_ANALYSIS_RUNS, seed: o.seed, skipInvalid: true, evidence,
  });
  if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues, loaded.locate));
  const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.value.points, estimator: plan.value.estimator, workers: o.workers });
  const r = plan.value.finish(estimates);
  if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
  return r.value;
}

/** The Sobol indices' plan with `--sensitivity N` base samples: made before any solve, so that a scenario without uncertainties fails at once. */
function planSensitivityOrFail(ctx: CliContext, loaded: Loaded, values: ResolvedValues, o: ReportOptions): SensitivityPlan | undefined {
  if (o.sensitivity === undefined) return undefined;
  const plan = planSensitivity(loaded.scenario, { overrides: values.values, samples: o.sensitivity, seed: o.seed, method: "auto", runs: DEFAULT_ANALYSIS_RUNS });
  // The planner names `sensitivity`'s option; here the samples come from --sensitivity.
  const named = (i: Issue): Issue => (i.path[0] === "--samples" ? { ...i, path: ["--sensitivity", ...i.path.slice(1)] } : i);
  if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues.map(named), loaded.locate));
  const notes = plan.value.correlated ? [warning("option", ["--sensitivity"], CORRELATED_WARNING)] : [];
  for (const line of formatIssues(loaded.file, [...plan.warnings.map(named), ...notes], loaded.locate)) ctx.err(`${line}\n`);
  return plan.value;
}

/** The Sobol indices of a plan, conditioned on `evidence` (the plan is made before the evidence is read: see planSensitivityOrFail). */
async function sensitivityPart(ctx: CliContext, loaded: Loaded, plan: SensitivityPlan | undefined, workers: WorkersOption,
  evidence: readonly Check[]): Promise<SensitivityReport | undefined> {
  if (plan === undefined) return undefined;
  const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.points, estimator: { ...plan.estimator, evidence }, workers });
  const r = finishSensitivity(plan, estimates);
  if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
  return r.value;
}

/** The most seconds `SOURCE_DATE_EPOCH` may give: JavaScript dates end at 8.64e15 ms after 1970. */
const MAX_EPOCH_SECONDS = 8_640_000_000_000;

/**
 * The report's date: `SOURCE_DATE_EPOCH` (whole seconds since 1970) when
 * set, for reproducible builds; else now. A malformed value is exit 2, as
 * the reproducible-builds specification asks: ignoring it would silently
 * make the report unreproducible.
 */
function reportDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date().toISOString();
  if (!/^\d{1,16}$/.test(epoch) || Number(epoch) > MAX_EPOCH_SECONDS) {
    throw new CliError([`SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, from 0 to ${MAX_EPOCH_SECONDS}, got "${epoch.slice(0, 40)}"`]);
  }
  return new Date(Number(epoch) * 1000).toISOString();
}

function methodText(exact: ExactSummary | undefined, mc: Summary | undefined): string {
  const parts = [exact === undefined ? undefined : "exact solver", mc === undefined ? undefined : `Monte Carlo (${mc.runs.toLocaleString("en-US")} runs)`];
  return parts.filter((x) => x !== undefined).join(" and ");
}

/** Everything the page shows, gathered. */
async function gather(ctx: CliContext, loaded: Loaded, values: ResolvedValues, o: ReportOptions): Promise<ReportData> {
  const date = o.date;
  const sc = loaded.scenario;
  const model = compileOrFail(ctx, loaded, values.values, false, values);
  const sensitivityPlan = planSensitivityOrFail(ctx, loaded, values, o);
  // With evidence the forecast is the exact conditional one, and Monte Carlo is left out (said in the notes).
  const cells = (model.days + 1) * (model.outcomes.length + model.groups.length + model.stateNames.length);
  const ev = evidencePart(loaded, model, { ...o, timeline: cells <= MAX_TIMELINE_CELLS });
  const { exact, note } = ev === undefined ? exactPart(loaded, model, o.method) : { exact: ev.exact, note: undefined };
  const mc = ev === undefined ? await mcPart(ctx, loaded, model, values, o) : undefined;
  const claims = claimsPart(loaded, o.claims, o.file);
  // The analyses are conditioned on the same evidence as the headline, so that their base values are its values.
  const checks = ev?.checks ?? [];
  const tornado = await tornadoPart(ctx, loaded, values, o, checks);
  const sensitivity = await sensitivityPart(ctx, loaded, sensitivityPlan, o.workers, checks);
  const command = provenance(ctx, []).find(([k]) => k === "command")?.[1];
  const notes = [
    ...values.overlays.map((x) => `overlay read: ${x.file}`),
    ...(ev === undefined ? [] : [ev.checks.length > 0 ? "with evidence the forecast is exact and conditional; Monte Carlo is left out"
      : `as of ${ev.asOf}, with no observation used, the forecast is the exact one from that date; Monte Carlo is left out`]),
    ...(tornado === undefined ? [] : [`tornado: ${tornado.method === "exact" ? "exact" : `Monte Carlo, ${tornado.runs ?? 0} runs per end`}, ends ±${DEFAULT_RANGE.kind === "percent" ? DEFAULT_RANGE.percent : 0}% where no uncertainty is declared`]),
    ...(sensitivity === undefined ? [] : [`sensitivity: ${sensitivity.samples} base samples (${sensitivity.sampling}), ${sensitivity.solves} ${sensitivity.method} solves, ${sensitivity.bootstrap} bootstrap replicates`]),
    ...(sensitivityPlan?.correlated === true ? [`sensitivity: ${INDEPENDENCE_NOTE}`] : []),
    ...(ev !== undefined && ev.checks.length > 0 && (tornado !== undefined || sensitivity !== undefined)
      ? [`${tornado !== undefined && sensitivity !== undefined ? "tornado and sensitivity are" : tornado !== undefined ? "the tornado is" : "sensitivity is"} conditioned on the same evidence, at each point's parameter values`] : []),
  ];
  return {
    title: sc.title, scenarioId: sc.id, description: sc.description, asOf: ev?.asOf ?? sc.asOf, start: sc.start, horizon: sc.horizon,
    mc, exact, exactNote: note, tornado, sensitivity, overrides: values.overrides, evidence: ev?.section, claims,
    parameters: sc.parameters.map((p) => {
      const e = tornado?.ends.find((x) => x.parameter === p.name);
      return {
        parameter: p, value: values.values.get(p.name) ?? p.default,
        override: values.overrides.find((x) => x.name === p.name),
        ends: e === undefined ? undefined : { low: e.low, high: e.high, basis: e.basis },
      };
    }),
    provenance: {
      tool: `tariffsim ${version()}`, scenarioFile: loaded.file, scenarioSha256: loaded.sha256 ?? "unknown",
      method: methodText(exact, mc), seed: mc?.seed, runs: mc?.runs, command, date, notes,
    },
  };
}

/** Adds the `report` command. */
export function addReportCommand(program: Command, ctx: CliContext): void {
  program
    .command("report")
    .description("one self-contained HTML report (charts, parameters and sources, provenance) that makes no network request and prints well")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("-o, --out <file.html>", "write the report to this file (whole or not at all) instead of stdout", parseOutPath)
    .option("--params <file>", "apply a parameter overlay file (repeatable; in the order given, before --set)", collectPath, [])
    .option("--set <name=value>", "override a parameter (repeatable; applied last)", collect, [])
    .addOption(new Option("-m, --method <method>", "both (exact solver with its timeline, and Monte Carlo for the intervals), exact, or mc").choices(METHODS).default("both" as const))
    .option("-n, --runs <n>", "Monte Carlo runs", parseRuns, DEFAULT_RUNS)
    .option("-s, --seed <seed>", "master seed of the Monte Carlo runs (and of the analyses' Monte Carlo and designs)", parseSeed, DEFAULT_SEED)
    .option("--no-tornado", "leave out the tornado (one parameter at a time at its low and high end)")
    .option("--sensitivity <samples>", "add the Sobol indices with this many base samples ((factors + 2) × samples exact solves: expensive)", wholeNumber(2, MAX_SENSITIVITY_SOLVES))
    .option("-w, --workers <n>", `worker threads for Monte Carlo and the analyses' solves, at most ${MAX_WORKERS}, or auto for the cores (same numbers for any count)`, parseWorkers, 1)
    .option("--given <observation>", "condition the forecast on an observation (repeatable; as for run)", collect, [])
    .option("--evidence <file>", "condition the forecast on a file of sourced observations (repeatable)", collectPath, [])
    .option("--asof <date>", "forecast as of DATE: observations dated after it are ignored")
    .option("--claims <points>", "check the scenario's claims with this many points each (as tariffsim check) and show whether they hold; without it they are listed unchecked", wholeNumber(1, 100_000))
    .action(async (file, opts, cmd) => {
      checkOut(opts.out);
      // Under --method exact nothing is sampled, but --sensitivity's design, which --seed seeds.
      refuseMonteCarloOptions(opts.method, opts.sensitivity === undefined ? ["runs", "seed"] : ["runs"], (o) => cmd.getOptionValueSource(o));
      // Threads serve the Monte Carlo runs and the analyses' solves: with neither, --workers would be ignored.
      if (opts.method === "exact" && opts.tornado === false && opts.sensitivity === undefined && cmd.getOptionValueSource("workers") === "cli") {
        throw new CliError(["--method exact --no-tornado: --workers only applies to Monte Carlo, the tornado and --sensitivity"]);
      }
      const ext = opts.out === undefined ? ".html" : extname(opts.out).toLowerCase();
      if (!HTML_EXTENSIONS.has(ext)) throw new CliError([`${opts.out ?? ""}: --out: a report is HTML; name the file .html`]);
      // A malformed SOURCE_DATE_EPOCH is refused before anything is read.
      const date = reportDate();
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      const data = await gather(ctx, loaded, values, {
        runs: opts.runs, seed: opts.seed, method: opts.method, tornado: opts.tornado, sensitivity: opts.sensitivity, workers: opts.workers,
        given: opts.given, evidence: opts.evidence, asof: opts.asof, at: [], claims: opts.claims, file, date,
      });
      // Loaded here, not at the top: vega and vega-lite cost other commands nothing.
      const { renderReport } = await import("../../report/html/page.js");
      const page = await renderReport(data, loaded.scenario);
      for (const w of page.warnings) ctx.err(`tariffsim: chart warning: ${w}\n`);
      await emit(ctx, page.html, opts.out);
    });
}
