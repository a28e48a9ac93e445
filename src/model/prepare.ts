/**
 * A loaded scenario + parameter overrides → a compiled model whose outcomes
 * have been checked for coverage. Pure.
 * @module
 */
import { hasErrors, type Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { compileModel } from "./compile.js";
import { checkOutcomeCoverage } from "./coverage.js";
import type { CompiledModel } from "./model.js";
import { resolveParams } from "./params.js";

/** A compiled model with its warnings, or the issues that stop it. */
export type PrepareResult =
  | { readonly ok: true; readonly model: CompiledModel; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Resolves parameters, compiles, and checks outcome coverage. Pure. */
export function prepareModel(sc: Scenario, overrides: ReadonlyMap<string, number> = new Map()): PrepareResult {
  const params = resolveParams(sc, overrides);
  if (!params.ok) return { ok: false, issues: params.issues };
  const compiled = compileModel(sc, params.params);
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  const coverage = checkOutcomeCoverage(compiled.model);
  if (hasErrors(coverage)) return { ok: false, issues: coverage };
  return { ok: true, model: compiled.model, warnings: coverage };
}
