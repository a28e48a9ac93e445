/**
 * `tariffsim score [scenario] --resolutions FILE`: the scenario's forecast
 * of each settled event (exact solver; as of the scenario's start, or as of
 * `--asof` given `--evidence`/`--given`), scored against what happened
 * (Brier and log scores, their means, a reliability table from 10 events),
 * optionally beside a comparison: `--against` another scenario,
 * `--against-params` an overlay, or `--base-rate P`. Exit 0 with a report,
 * 2 for bad input (one line per problem: file:line:col: path: message).
 * @module
 */
import { InvalidArgumentError, type Command } from "@commander-js/extra-typings";
import { summarizeEvidence } from "../../evidence/summary.js";
import { readBoundedFile } from "../../io.js";
import type { CompiledModel } from "../../model/model.js";
import { scoreMeta, scoreReportJson, scoreTable, scoreTidy, type ScoreMeta } from "../../report/score.js";
import { renderTidy } from "../../report/tidy.js";
import { issue, type Issue } from "../../scenario/issues.js";
import type { Locator } from "../../scenario/load.js";
import { MAX_RESOLUTIONS_BYTES, parseResolutionsText, type Resolution } from "../../scoring/file.js";
import { forecastEvents, type EventForecast } from "../../scoring/forecast.js";
import { resolveEvents } from "../../scoring/resolve.js";
import { scoreForecasts, type Against } from "../../scoring/score.js";
import { dateOfDay } from "../../scenario/dates.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssue, formatIssues } from "../errors.js";
import { conditionedExactOrFail, conditioningOrFail, type Conditioning, type EvidenceOptions } from "../evidence.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { checkWide, collect, collectPath, parseInPath, parseOutPath, tableWidth, WIDE_HELP } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { overlaySeedReader, resolveValuesOrFail, type ResolvedValues } from "../overlays.js";
import { compileOrFail, loadOrFail, withScenario, type Loaded } from "../scenario.js";

/** Parses `--base-rate`: a probability written as a decimal number in [0, 1]. */
function parseBaseRate(value: string): number {
  const n = Number(value);
  if (!/^(0|1|0?\.\d+|[01]\.\d*)$/.test(value) || !(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a probability from 0 to 1, e.g. 0.3");
  return n;
}

/** One forecaster: a scenario with its values, conditioned on the evidence. */
interface Side {
  readonly loaded: Loaded;
  readonly values: ResolvedValues;
  readonly model: CompiledModel;
  readonly cond: Conditioning;
  readonly forecasts: readonly EventForecast[];
  readonly evidenceProbability: number;
}

/** Reads and checks the resolutions file (seeds relative to it, inside its folder or the scenario's). */
function resolutionsOrFail(file: string, loaded: Loaded): { name: string; resolutions: readonly Resolution[]; locate: Locator } {
  const read = readBoundedFile(file, MAX_RESOLUTIONS_BYTES);
  if (!read.ok) throw new CliError(formatIssues(file, [issue(read.code, [], read.why)], () => undefined));
  const r = parseResolutionsText(read.text, loaded.scenario, overlaySeedReader(file, loaded.file, "resolutions file"));
  if (!r.ok) throw new CliError(formatIssues(file, r.issues, r.locate));
  return { name: r.file.name, resolutions: r.file.resolutions, locate: r.locate };
}

/**
 * One side's forecasts: events resolved against its model (problems
 * reported in the resolutions file, `label` saying which side), the evidence
 * planned and checked (evidence of probability zero names its observation),
 * then the exact forecasts; a solver limit is exit 2, saying why.
 */
function forecastSide(ctx: CliContext, loaded: Loaded, values: ResolvedValues, ev: EvidenceOptions,
  res: { file: string; resolutions: readonly Resolution[]; locate: Locator }, label: string): Side {
  const model = compileOrFail(ctx, loaded, values.values, false, values);
  const resolved = resolveEvents(model, res.resolutions);
  if (!resolved.ok) {
    const relabel = (i: Issue): Issue => (label === "" ? i : { ...i, message: `${label}: ${i.message}` });
    throw new CliError(formatIssues(res.file, resolved.issues.map(relabel), res.locate));
  }
  const cond = conditioningOrFail(loaded, model, ev);
  // Checks the evidence (its probability, or which observation cannot hold) with the messages of `run`.
  conditionedExactOrFail(loaded, model, false, cond);
  const f = withScenario(loaded, () => forecastEvents(model, resolved.events, { evidence: cond.plan.checks, asOfDay: cond.plan.asOfDay }));
  if (!f.ok) {
    throw new CliError([formatIssue(loaded.file, { ...f.issue, message: `score needs the exact solver, which cannot solve this scenario: ${f.issue.message}` }, () => undefined)]);
  }
  return { loaded, values, model, cond, forecasts: f.forecasts, evidenceProbability: f.evidenceProbability };
}

/** Adds the `score` command. */
export function addScoreCommand(program: Command, ctx: CliContext): void {
  program
    .command("score")
    .description("score the scenario's forecasts against a file of resolved events (Brier and log scores), optionally beside another scenario, an overlay or a base rate")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .requiredOption("--resolutions <file>", "the resolved events (docs/format.md, Resolutions and scoring)", parseInPath)
    .option("--params <file>", "apply a parameter overlay file to the scenario (repeatable; before --set)", collectPath, [])
    .option("--set <name=value>", "override a parameter of the scenario (repeatable; applied last)", collect, [])
    .option("--given <observation>", "condition on an observation (repeatable); with --asof, forecasts are as of that date", collect, [])
    .option("--evidence <file>", "condition on a file of sourced observations (repeatable)", collectPath, [])
    .option("--asof <date>", "forecast as of DATE (YYYY-MM-DD): observations after it are ignored; events dated on or before it are not scored")
    .option("--against <scenario>", "compare with another scenario (at its defaults, then --against-params)", parseInPath)
    .option("--against-params <file>", "compare with an overlay applied to the --against scenario, or to this scenario's defaults (repeatable)", collectPath, [])
    .option("--base-rate <p>", "compare with the same probability P for every event", parseBaseRate)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", WIDE_HELP)
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const againstSide = opts.against !== undefined || opts.againstParams.length > 0;
      if (againstSide && opts.baseRate !== undefined) throw new CliError(["--base-rate: give one comparison: --base-rate, or --against/--against-params"]);
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      const res = { file: opts.resolutions, ...resolutionsOrFail(opts.resolutions, loaded) };
      const ev: EvidenceOptions = { given: opts.given, evidence: opts.evidence, asof: opts.asof, at: [] };
      const main = forecastSide(ctx, loaded, values, ev, res, "");
      const asOf = dateOfDay(loaded.scenario.start, main.cond.plan.asOfDay);
      let against: Against | undefined;
      let againstMeta: ScoreMeta["against"];
      if (opts.baseRate !== undefined) {
        against = { kind: "baseRate", probability: opts.baseRate };
        againstMeta = { kind: "baseRate" };
      } else if (againstSide) {
        const loadedB = opts.against === undefined ? loaded : await loadOrFail(ctx, opts.against);
        const valuesB = await resolveValuesOrFail(loadedB, opts.againstParams, []);
        const label = opts.against === undefined ? "--against-params" : `--against ${opts.against}`;
        const B = forecastSide(ctx, loadedB, valuesB, ev, res, `for the comparison (${label})`);
        const asOfB = dateOfDay(loadedB.scenario.start, B.cond.plan.asOfDay);
        if (asOfB !== asOf) {
          throw new CliError([`${loadedB.file}: the comparison's forecasts would be as of ${asOfB}, the scenario's as of ${asOf} (their starts differ); give --asof DATE to score both as of one date`]);
        }
        const params = opts.againstParams.length === 0 ? "" : ` with ${opts.againstParams.join(", ")}`;
        against = { kind: "forecasts", name: `${loadedB.scenario.id} (${loadedB.file})${params}`, forecasts: B.forecasts };
        againstMeta = { kind: "scenario", scenario: loadedB.scenario.id, overrides: valuesB.overrides };
      }
      const summary = scoreForecasts(main.forecasts, against);
      const sc = loaded.scenario;
      const meta: ScoreMeta = {
        scenario: sc.id, title: sc.title, asOf, resolutions: res.name, resolutionsFile: res.file, overrides: values.overrides,
        evidence: main.cond.active ? summarizeEvidence(main.model, main.cond.plan, main.evidenceProbability) : undefined,
        against: againstMeta,
      };
      const tidy = scoreTidy(summary);
      const text = format === "json" ? JSON.stringify(scoreReportJson(summary, meta), null, 2) + "\n"
        : format === "table" ? scoreTable(summary, meta, tableWidth(ctx, opts))
        : renderTidy(format, provenance(ctx, scoreMeta(summary, meta)), tidy);
      // CSV and Markdown: events, the means and the reliability bins; a table: the events scored.
      await emit(ctx, text, opts.out, reportWhat(format, format === "table" ? summary.events.length : tidy.rows.length));
    });
}
