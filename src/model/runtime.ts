/**
 * Checks of values met while a model runs (by the Monte Carlo engine or the
 * exact solver), and the one wording of their errors, so that both engines
 * report a bad value the same way. Pure.
 * @module
 */
import { ScenarioError, issue, type Path } from "../scenario/issues.js";
import { WEIGHT_TOLERANCE } from "./compile.js";
import type { EvalFrame } from "./frame.js";
import type { CompiledModel, CompiledTransition } from "./model.js";

/** The machines' current states, for messages, e.g. `assembly.passed, washington.threat`. */
export function describeStates(model: CompiledModel, f: EvalFrame): string {
  return Array.from(f.state, (s) => model.stateNames[s] ?? "?").join(", ");
}

/** `v` as a probability: itself in [0, 1], rounded onto the edge within the tolerance, or NaN outside. */
export function asProbability(v: number): number {
  if (v >= 0 && v <= 1) return v;
  if (v > -WEIGHT_TOLERANCE && v < 1 + WEIGHT_TOLERANCE) return v < 0 ? 0 : 1;
  return NaN;
}

/** Whether branch weights summing to `sum` are acceptable (with an `otherwise` branch: at most 1). */
export function weightsSumOk(sum: number, otherwise: boolean): boolean {
  return otherwise ? sum <= 1 + WEIGHT_TOLERANCE : Math.abs(sum - 1) <= WEIGHT_TOLERANCE;
}

/** The error for an expression that gave `v`, not a probability; `where` is e.g. `run 12` or `exact solver`. */
export function probabilityError(
  model: CompiledModel, expr: { readonly path: Path; readonly text: string } | undefined, v: number, f: EvalFrame, where: string,
): ScenarioError {
  return new ScenarioError([issue("range", expr?.path ?? [],
    `"${expr?.text ?? "?"}" gives ${v}, not a probability in [0, 1] (scenario "${model.scenario.id}", ${where}, day ${f.day}, states ${describeStates(model, f)})`)]);
}

/** The error for branch weights of `t` that sum to `sum`. */
export function weightsError(
  model: CompiledModel, t: CompiledTransition, f: EvalFrame, sum: number, otherwise: boolean, where: string,
): ScenarioError {
  return new ScenarioError([issue("weights", [...t.path, "to"],
    `branch weights sum to ${sum}${otherwise ? ", leaving nothing for `otherwise`" : ", not 1"} (scenario "${model.scenario.id}", ${where}, day ${f.day}, states ${describeStates(model, f)})`)]);
}

/**
 * The error for an expression that gave NaN where a truth value is needed
 * (`what`: "a guard", "an outcome"). The one NaN rule of both engines, the
 * coverage check and compilation: NaN is neither true nor false, so it is an
 * error wherever it arises, never a silent "does not hold". `context` says
 * where, e.g. `run 12, day 5, states a.x, b.y` (see {@link runContext}).
 */
export function nanError(
  model: CompiledModel, expr: { readonly path: Path; readonly text: string }, what: string, context: string,
): ScenarioError {
  return new ScenarioError([issue("range", expr.path,
    `"${expr.text}" gives NaN as ${what}, which is neither true nor false (scenario "${model.scenario.id}", ${context})`)]);
}

/** Where a run-time value arose, for messages: `run 12, day 5, states a.x, b.y` (`where` is `run 12` or `exact solver`). */
export function runContext(model: CompiledModel, f: EvalFrame, where: string): string {
  return `${where}, day ${f.day}, states ${describeStates(model, f)}`;
}
