/**
 * `run --method mc|both` with evidence: Monte Carlo conditioned by guided
 * proposals (src/conditioned/), each run importance-weighted, with the exact
 * conditional probabilities beside it for `--method both`. Runs on the
 * threads `run` started (conditionedParallel.ts): the weighted sums merge
 * exactly, so the numbers are the same for any `--workers`.
 * @module
 */
import { summarizeConditioned } from "../conditioned/summary.js";
import { summarizeEvidence } from "../evidence/summary.js";
import type { CompiledModel } from "../model/model.js";
import { conditionedJson, conditionedTable, conditionedTidy, exactValues } from "../report/conditioned.js";
import { evidenceMeta } from "../report/evidenceLines.js";
import { overrideMeta } from "../report/overrides.js";
import { renderTidy, type Format } from "../report/tidy.js";
import type { CliContext } from "./context.js";
import { CliError, formatIssues } from "./errors.js";
import type { Issue } from "../scenario/issues.js";
import { conditionedExactOrFail, type Conditioning } from "./evidence.js";
import { provenance } from "./format.js";
import type { ResolvedValues } from "./overlays.js";
import { emit, reportWhat } from "./output.js";
import { tableWidth } from "./options.js";
import { simulateConditionedParallel } from "./conditionedParallel.js";
import type { WorkerPool } from "./parallel.js";
import { withProgress } from "./progress.js";
import { withScenarioAsync, type Loaded } from "./scenario.js";

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
  /** The threads `run` started (this one alone when none). */
  readonly pool?: WorkerPool | undefined;
}

/**
 * No run was consistent with the evidence. When the exact solver applies (and
 * has not been asked already), it tells whether the evidence is impossible
 * and names the first observation that cannot hold, as `--method exact`
 * does; else (too large to solve, or possible but too unlikely for these
 * runs) the sampler's own line.
 */
function noConsistentRun(loaded: Loaded, model: CompiledModel, cond: Conditioning, solved: boolean, issue: Issue): CliError {
  const sampler = new CliError(formatIssues(loaded.file, [issue], loaded.locate));
  if (solved) return sampler;
  try {
    conditionedExactOrFail(loaded, model, false, cond);
  } catch (e) {
    // Only the solver's verdict of probability 0 is meant here; a limit of its own leaves the sampler's line.
    if (e instanceof CliError && e.lines.some((l) => l.includes("the evidence has probability 0"))) return e;
  }
  return sampler;
}

/** Computes and writes the conditioned Monte Carlo report; throws a {@link CliError} on bad combinations or impossible evidence. */
export async function conditionedMonteCarlo(
  ctx: CliContext, loaded: Loaded, model: CompiledModel, values: ResolvedValues, method: "mc" | "both",
  opts: ConditionedRunOptions, format: Format, cond: Conditioning,
): Promise<void> {
  // Options this path cannot honour are refused, not dropped.
  if (opts.timeline === true) throw new CliError([`${loaded.file}: --timeline with evidence is exact only: use --method exact (or tariffsim exact)`]);
  if (opts.precision !== undefined) throw new CliError([`${loaded.file}: --precision with evidence is not available: give --runs`]);
  const exact = method === "both" ? conditionedExactOrFail(loaded, model, false, cond) : undefined;
  const tally = await withScenarioAsync(loaded, () => withProgress(ctx, opts.runs, "runs", (p) => simulateConditionedParallel({
    model, scenario: loaded.scenario, overrides: values.values, checks: cond.plan.checks, seed: opts.seed, runs: opts.runs,
    atDays: cond.plan.atDays, pool: opts.pool, onProgress: p.update,
  })));
  const r = summarizeConditioned(model, tally, opts.seed);
  if (!r.ok) throw noConsistentRun(loaded, model, cond, exact !== undefined, r.issue);
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
