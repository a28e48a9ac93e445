/**
 * `tariffsim uncertainty [scenario]`: probabilistic sensitivity analysis.
 * Parameter sets drawn from the declared uncertainty, each solved; per
 * target the mean, median, 5–95% interval and a histogram
 * (src/sensitivity/psa.ts); `--draws FILE.csv` writes every draw. The solves
 * split over `--workers`.
 * @module
 */
import { dirname, extname, resolve } from "node:path";
import { statSync } from "node:fs";
import { Option, type Command } from "@commander-js/extra-typings";
import { drawsCsv, uncertaintyJson, uncertaintyTable, uncertaintyMeta, uncertaintyTidy } from "../../report/uncertainty.js";
import { DEFAULT_ANALYSIS_RUNS, DEFAULT_ANALYSIS_SEED } from "../../sensitivity/estimate.js";
import { DEFAULT_UNCERTAINTY_SAMPLES, finishUncertainty, MAX_UNCERTAINTY_SAMPLES, planUncertainty } from "../../sensitivity/psa.js";
import { SAMPLINGS } from "../../uncertainty/designs.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, EXIT_BAD_INPUT, EXIT_IO, formatIssues } from "../errors.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, wholeNumber, WIDE_HELP, refuseMonteCarloOptions } from "../options.js";
import { refuseToReplace, stageFile, type StagedFile } from "../outfile.js";
import { checkOut, emit, reportWhat, wroteLine } from "../output.js";
import { escapeText } from "../../report/escape.js";
import { EXTENSION_FORMATS, formatOption, provenance, resolveFormat } from "../format.js";
import { renderTidy } from "../../report/tidy.js";
import { resolveValuesOrFail } from "../overlays.js";
import { parseWorkers } from "../parallel.js";
import { POINT_WORKERS_HELP, solvePointsOrFail } from "../pointsParallel.js";
import { compileOrFail, loadOrFail } from "../scenario.js";
import { analysisEvidenceOrFail, ASOF_HELP, EVIDENCE_HELP, GIVEN_HELP } from "../analysisEvidence.js";
import { analysisEvidence } from "../../report/evidenceLines.js";
import { count } from "../../report/numbers.js";
import type { EvidenceSummary } from "../../evidence/summary.js";

/** System errors that mean the device failed or is full: exit {@link EXIT_IO} (as for `--out`). */
const IO_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EIO", "EDQUOT", "EFBIG"]);

function codeOf(e: unknown): string {
  return e instanceof Error && "code" in e ? String(e.code) : "error";
}

/** Refuses a `--draws` path before any work: a name that says another format, a symlink, directory or special file, or a missing folder (exit 2). */
function checkDraws(path: string | undefined): void {
  if (path === undefined) return;
  // As for --out: a file whose name says another format would be read wrongly.
  const implied = EXTENSION_FORMATS[extname(path).toLowerCase()];
  if (implied !== undefined && implied !== "csv") throw new CliError([`${path}: --draws: the draws are CSV, but the name says ${implied}; name the file .csv`]);
  const why = refuseToReplace(path);
  if (why !== undefined) throw new CliError([`${path}: --draws: ${why}`]);
  let dir: ReturnType<typeof statSync> | undefined;
  try {
    dir = statSync(dirname(resolve(path)));
  } catch (e) {
    throw new CliError([`${path}: cannot write the draws (${codeOf(e)})`]);
  }
  if (!dir.isDirectory()) throw new CliError([`${path}: cannot write the draws (ENOTDIR)`]);
}

/** Whether two output paths name one file (the same path, or two names of one file: a hard link). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist yet: two different files
  }
}

/** The exit-2 or exit-74 error for a draws file that cannot be written. */
function drawsError(path: string, e: unknown): CliError {
  const code = codeOf(e);
  return new CliError([`${path}: cannot write the draws (${code})`], IO_CODES.has(code) ? EXIT_IO : EXIT_BAD_INPUT);
}

/**
 * Writes the draws' CSV whole or not at all, and only once the report is
 * written too (`report` writes it): written beside the target first, renamed
 * over it after the report, removed if the report fails. Why: a failed
 * command (a full disk for `--out`) must leave the old draws in place.
 */
async function writeDrawsWith(ctx: CliContext, path: string, csv: string, rows: number, report: () => Promise<void>): Promise<void> {
  const why = refuseToReplace(path);
  if (why !== undefined) throw new CliError([`${path}: --draws: ${why}`]);
  let staged: StagedFile;
  try {
    staged = await stageFile(path, csv);
  } catch (e) {
    throw drawsError(path, e);
  }
  try {
    await report();
  } catch (e) {
    await staged.abort();
    throw e;
  }
  try {
    await staged.commit();
  } catch (e) {
    throw drawsError(path, e);
  }
  ctx.err(`${escapeText(wroteLine(path, csv, `${rows.toLocaleString("en-US")} draws, csv`))}\n`);
}

/**
 * What conditioning means here, said under the evidence header. Why: an
 * analyst may expect the draws to be reweighted by how well each explains
 * the evidence (a posterior over the parameters); they are, only with
 * `--posterior`.
 */
const DRAWS_NOT_UPDATED = "The parameter sets are drawn from the declared uncertainty as without evidence (not reweighted by it; --posterior does); each draw's probabilities are conditional on it.";
const DRAWS_WEIGHTED = "Each draw's probabilities are conditional on the evidence, and each draw is weighted by the probability it gives the evidence (--posterior).";

/**
 * Fewer effective draws than this (Kish's, of the posterior weights) earn a
 * warning. Why 100: the 5% and 95% points then rest on about five draws
 * each; fewer, and they move with the seed.
 */
export const MIN_EFFECTIVE_DRAWS = 100;
/** ... and fewer than this share of the draws kept: below it, the weighting, not the number of draws, made them few. */
const WEIGHTING_COST = 0.9;

/**
 * Why `--posterior` has nothing to weight by: no evidence given, or every
 * observation given dated after `--asof` (so none in effect). Pure.
 */
function noEvidenceWhy(summary: EvidenceSummary | undefined): string {
  const ignored = summary?.ignored.length ?? 0;
  if (summary !== undefined && ignored > 0) {
    return `needs evidence to weight the draws by, and --asof ${summary.asOf} leaves none of the ${ignored} observation${ignored === 1 ? "" : "s"} in effect (${ignored === 1 ? "it is" : "each is"} dated after that)`;
  }
  return "needs evidence to weight the draws by (--given or --evidence)";
}

/** Adds the `uncertainty` command. */
export function addUncertaintyCommand(program: Command, ctx: CliContext): void {
  program
    .command("uncertainty")
    .description("parameter sets drawn from the declared uncertainty, each solved: mean, median, 5–95% interval and histogram of each group or outcome")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("--samples <n>", "parameter sets to draw and solve", wholeNumber(1, MAX_UNCERTAINTY_SAMPLES), DEFAULT_UNCERTAINTY_SAMPLES)
    .addOption(new Option("--sampling <design>", "sampling design of the draws").choices(SAMPLINGS).default("sobol" as const))
    .option("-s, --seed <seed>", "seed of the design and of any Monte Carlo", parseSeed, DEFAULT_ANALYSIS_SEED)
    .option("--draws <file.csv>", "write every draw (its parameters, group and outcome probabilities) as CSV, whole or not at all", parseOutPath)
    .option("--target <group:ID|outcome:ID>", "a group or outcome to report (repeatable; default every group, or every outcome without groups)", collect, [])
    .option("--params <file>", "apply a parameter overlay file (repeatable; its parameters are held, not drawn)", collectPath, [])
    .option("--set <name=value>", "hold a parameter at a value (repeatable; it is then not drawn)", collect, [])
    .addOption(new Option("-m, --method <method>", "auto (exact unless over the solver's limits, then Monte Carlo), exact, or mc").choices(["auto", "exact", "mc"] as const).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo runs per draw (common random numbers: the same runs at every draw)", parseRuns, DEFAULT_ANALYSIS_RUNS)
    .option("--given <observation>", GIVEN_HELP, collect, [])
    .option("--evidence <file>", EVIDENCE_HELP, collectPath, [])
    .option("--asof <date>", ASOF_HELP)
    .option("--posterior", "weight each draw by the probability it gives the evidence, P(evidence | draw): the parameters as the evidence leaves them (needs evidence)")
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
      checkDraws(opts.draws);
      // Each is written whole, one after the other: the report would silently replace the draws (exit 0).
      if (opts.draws !== undefined && opts.out !== undefined && sameFile(opts.draws, opts.out)) {
        throw new CliError([`${opts.draws}: --draws and --out name the same file; give each its own`]);
      }
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      const model = compileOrFail(ctx, loaded, values.values, false, values);
      const ev = await analysisEvidenceOrFail(loaded, () => model, opts, "names");
      if (opts.posterior === true && ev.checks.length === 0) throw new CliError([`${loaded.file}: --posterior: ${noEvidenceWhy(ev.summary)}`]);
      const plan = planUncertainty(loaded.scenario, {
        overrides: values.values, targets: opts.target, samples: opts.samples, sampling: opts.sampling,
        seed: opts.seed, method: opts.method, runs: opts.runs, evidence: ev.checks, posterior: opts.posterior === true,
      });
      if (!plan.ok) throw new CliError(formatIssues(loaded.file, plan.issues, loaded.locate));
      for (const line of formatIssues(loaded.file, plan.warnings, loaded.locate)) ctx.err(`${line}\n`);
      const estimates = await solvePointsOrFail(ctx, { loaded, points: plan.value.points, estimator: plan.value.estimator, workers: opts.workers });
      const r = finishUncertainty(plan.value, estimates);
      if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
      const post = r.value.posterior;
      // Only when the weighting itself cost draws: as many equal draws unweighted earn no warning either.
      if (post !== undefined && post.effectiveDraws < MIN_EFFECTIVE_DRAWS && post.effectiveDraws < WEIGHTING_COST * post.drawsKept) {
        ctx.err(`warning: weighted by the evidence, the ${count(post.drawsKept)} draw${post.drawsKept === 1 ? " is" : "s are"} worth ` +
          `${post.effectiveDraws.toFixed(1)} equally weighted ones: the posterior's percentiles are rough; draw more (--samples)\n`);
      }
      const text = format === "json"
        ? JSON.stringify(analysisEvidence.json(uncertaintyJson(r.value, values.overrides), ev.summary), null, 2) + "\n"
        : format === "table"
          ? analysisEvidence.table(uncertaintyTable(r.value, values.overrides, tableWidth(ctx, opts)), ev.summary, post === undefined ? DRAWS_NOT_UPDATED : DRAWS_WEIGHTED)
          : renderTidy(format, provenance(ctx, analysisEvidence.meta(uncertaintyMeta(r.value, values.overrides), ev.summary)), uncertaintyTidy(r.value));
      const report = (): Promise<void> => emit(ctx, text, opts.out, reportWhat(format, r.value.targets.length));
      if (opts.draws === undefined) await report();
      else await writeDrawsWith(ctx, opts.draws, drawsCsv(r.value, loaded.scenario.parameters.map((p) => p.name)), r.value.points.length, report);
    });
}
