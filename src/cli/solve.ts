/**
 * The exact solver for a command: a limit or a run-time problem becomes a
 * {@link CliError} (exit code 2) naming the file.
 * @module
 */
import { summarizeExact, type ExactSummary } from "../analysis/exact.js";
import { solveExact } from "../exact/solver.js";
import type { CompiledModel } from "../model/model.js";
import { CliError, formatIssues } from "./errors.js";
import { withScenario, type Loaded } from "./scenario.js";

/**
 * The most probabilities a `--timeline` may hold: (days + 1) × (outcomes +
 * groups + states). Why: every one becomes a field of the report (about 50
 * bytes of JSON each), and past a few hundred million characters a report
 * cannot even be built as one string. 4,000,000 keeps the largest report
 * near 200 MB; the shipped scenario needs about 10,000.
 */
export const MAX_TIMELINE_CELLS = 4_000_000;

/** Refuses a `--timeline` too large to report, before solving: a {@link CliError} (exit 2). */
export function checkTimelineSize(loaded: Loaded, model: CompiledModel): void {
  const columns = model.outcomes.length + model.groups.length + model.stateNames.length;
  const cells = (model.days + 1) * columns;
  if (cells <= MAX_TIMELINE_CELLS) return;
  const n = (x: number): string => x.toLocaleString("en-US");
  throw new CliError([`${loaded.file}: --timeline: ${n(model.days + 1)} days × ${n(columns)} outcomes, groups and states is ${n(cells)} probabilities, more than the ${n(MAX_TIMELINE_CELLS)} a timeline may hold; use the exact solver without --timeline, or a shorter horizon`]);
}

/** Solves exactly or throws a {@link CliError}. */
export function exactOrFail(loaded: Loaded, model: CompiledModel, timeline: boolean): ExactSummary {
  const r = withScenario(loaded, () => solveExact(model, { timeline }));
  if (!r.ok) throw new CliError(formatIssues(loaded.file, [r.issue], () => undefined));
  return summarizeExact(model, r.result);
}
