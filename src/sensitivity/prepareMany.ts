/**
 * `prepareModel` for many parameter sets of one scenario: the same models,
 * the same issues, with the outcome coverage check remembered. Why: the
 * check (model/coverage.ts) walks the transition graph, which the scenario
 * fixes, and evaluates the outcome predicates, whose compiled code a
 * parameter may change; so its issues depend on that code alone, and the
 * analyses' points (tornado, sweep, sensitivity, uncertainty) mostly share
 * it. The check costs about as much as a third of a re-solve from a tape
 * (exact/tape.ts). Mutable (the cache); one scenario per instance.
 * @module
 */
import { compileModel } from "../model/compile.js";
import { checkOutcomeCoverage } from "../model/coverage.js";
import type { CompiledModel } from "../model/model.js";
import { resolveParams } from "../model/params.js";
import type { PrepareResult } from "../model/prepare.js";
import { hasErrors, type Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";

/** Coverage results kept (distinct outcome codes); past it the cache starts afresh. */
const KEPT = 64;

/** What an outcome predicate computes, as text: equal text, equal value in every frame. */
function outcomeCode(model: CompiledModel): string {
  return model.outcomes.map((o) => (o.when.constant !== undefined ? `=${o.when.constant}` : o.when.fn.toString())).join("\n");
}

/** Prepares models of one scenario at many parameter sets. */
export class PointPreparer {
  private readonly coverage = new Map<string, readonly Issue[]>();

  constructor(private readonly sc: Scenario) {}

  /** Exactly `prepareModel(sc, overrides)`. */
  prepare(overrides: ReadonlyMap<string, number>): PrepareResult {
    const params = resolveParams(this.sc, overrides);
    if (!params.ok) return { ok: false, issues: params.issues };
    const compiled = compileModel(this.sc, params.params);
    if (!compiled.ok) return { ok: false, issues: compiled.issues };
    const key = outcomeCode(compiled.model);
    let issues = this.coverage.get(key);
    if (issues === undefined) {
      issues = checkOutcomeCoverage(compiled.model);
      if (this.coverage.size >= KEPT) this.coverage.clear();
      this.coverage.set(key, issues);
    }
    if (hasErrors(issues)) return { ok: false, issues };
    return { ok: true, model: compiled.model, warnings: issues };
  }
}
