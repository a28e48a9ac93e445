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

/** Solves exactly or throws a {@link CliError}. */
export function exactOrFail(loaded: Loaded, model: CompiledModel, timeline: boolean): ExactSummary {
  const r = withScenario(loaded, () => solveExact(model, { timeline }));
  if (!r.ok) throw new CliError(formatIssues(loaded.file, [r.issue], () => undefined));
  return summarizeExact(model, r.result);
}
