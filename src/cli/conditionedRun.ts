/**
 * `run --method mc|both` with evidence: Monte Carlo conditioned by guided
 * proposals (src/conditioned/), each run importance-weighted, with the exact
 * conditional probabilities beside it for `--method both`. Runs on this
 * thread: the weighted sums merge exactly, but no worker job carries them
 * yet (said on stderr when more threads were asked for).
 * @module
 */
import { simulateConditioned } from "../conditioned/simulate.js";
import { summarizeConditioned } from "../conditioned/summary.js";
import { summarizeEvidence } from "../evidence/summary.js";
import type { CompiledModel } from "../model/model.js";
import { conditionedJson, conditionedTable, conditionedTidy, exactValues } from "../report/conditioned.js";
import { evidenceMeta } from "../report/evidenceLines.js";
import { overrideMeta } from "../report/overrides.js";
import { renderTidy, type Format } from "../report/tidy.js";
import type { CliContext } from "./context.js";
import { CliError, formatIssues } from "./errors.js";
import { conditionedExactOrFail, type Conditioning } from "./evidence.js";
import { provenance } from "./format.js";
import type { ResolvedValues } from "./overlays.js";
import { emit, reportWhat } from "./output.js";
import { tableWidth } from "./options.js";
import { withScenario, type Loaded } from "./scenario.js";

/** What a conditioned Monte Carlo report needs from `run`'s options. */
export interface ConditionedRunOptions {
  readonly runs: number;
  readonly seed: number;
  readonly states?: true | undefined;
  readonly timeline?: true | undefined;
  readonly precision?: number | undefined;
  readonly out?: string | undefined;
  /** `--wide`: tables at full width (checked against the format by `run`). */
  readonly wide?: true | undefined;
  /** Threads `run` started (more than one: a note that this path uses one). */
  readonly threads: number;
}

/** Computes and writes the conditioned Monte Carlo report; throws a {@link CliError} on bad combinations or impossible evidence. */
export async function conditionedMonteCarlo(
  ctx: CliContext, loaded: Loaded, model: CompiledModel, values: ResolvedValues, method: "mc" | "both",
  opts: ConditionedRunOptions, format: Format, cond: Conditioning,
): Promise<void> {
  // Options this path cannot honour are refused, not dropped.
  if (opts.timeline === true) throw new CliError([`${loaded.file}: --timeline with evidence is exact only: use --method exact (or tariffsim exact)`]);
  if (opts.precision !== undefined) throw new CliError([`${loaded.file}: --precision with evidence is not available: give --runs`]);
  if (opts.threads > 1) ctx.err(`note: conditioned Monte Carlo runs on one thread (${opts.threads} were planned)\n`);
  const exact = method === "both" ? conditionedExactOrFail(loaded, model, false, cond) : undefined;
  const tally = withScenario(loaded, () =>
    simulateConditioned(model, cond.plan.checks, { seed: opts.seed, from: 0, to: opts.runs, atDays: cond.plan.atDays }));
  const r = summarizeConditioned(model, tally, opts.seed);
  if (!r.ok) throw new CliError(formatIssues(loaded.file, [r.issue], loaded.locate));
  const s = r.summary;
  const ev = summarizeEvidence(model, cond.plan, exact?.evidenceProbability);
  const ex = exactValues(exact);
  let text: string;
  let rows: number | undefined;
  switch (format) {
    case "json":
      text = JSON.stringify({ ...conditionedJson(s, ev, method, ex), overrides: values.overrides }, null, 2) + "\n";
      break;
    case "csv":
    case "md":
      text = renderTidy(format, provenance(ctx, [
        ["scenario", s.scenario], ["title", s.title], ["start", s.start], ["horizon", s.horizon], ["method", `${method} (importance-weighted)`],
        ["seed", String(s.seed)], ["runs", String(s.runs)], ["evidence probability (Monte Carlo)", String(s.evidence.probability)],
        ["effective sample size", String(s.ess)], ...overrideMeta(values.overrides), ...evidenceMeta(ev),
      ]), conditionedTidy(s, ex));
      rows = conditionedTidy(s, ex).rows.length;
      break;
    case "table":
      text = conditionedTable(s, ev, { overrides: values.overrides, states: opts.states === true, exact: ex, width: tableWidth(ctx, opts) });
      break;
    default:
      text = format satisfies never;
  }
  await emit(ctx, text, opts.out, reportWhat(format, rows));
}
