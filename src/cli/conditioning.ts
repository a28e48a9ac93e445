/**
 * The evidence plan of `run` and `exact` (src/evidence/plan.ts): observations
 * resolved against the compiled model, `--asof` and `--at`, every problem
 * named where its observation was written. Why a module apart from
 * evidence.ts (which reads evidence files and `--given`, and solves): a
 * command without observations plans here alone, without loading the
 * readers of evidence files (YAML, their schema) or the exact solver.
 * @module
 */
import { planEvidence, type EvidencePlan } from "../evidence/plan.js";
import { resolveObservations, type EvidenceItem } from "../evidence/resolve.js";
import type { CompiledModel } from "../model/model.js";
import type { Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { CliError, formatIssue } from "./errors.js";
import type { Loaded } from "./scenario.js";

/** The evidence options of `run` and `exact`. */
export interface EvidenceOptions {
  readonly given: readonly string[];
  readonly evidence: readonly string[];
  readonly asof?: string | undefined;
  readonly at: readonly string[];
}

/** A plan with what is needed to name where each observation was written. */
export interface Conditioning {
  readonly plan: EvidencePlan;
  /** Whether any observation, `--asof` or `--at` was given (else reports are as before). */
  readonly active: boolean;
  /** Formats an issue about item `it` (undefined: an option, reported against the scenario file) as one line. */
  readonly where: (it: EvidenceItem | undefined, i: Issue) => string;
}

/** Per item origin (`evidence:FILE`): the file as given and its locator, to name where a later problem was written. */
export type EvidenceOrigins = ReadonlyMap<string, { file: string; locate: Locator }>;

/**
 * Resolves `items` against `model` and plans the forecast (`asof`, `at`
 * dates); throws a {@link CliError} with every problem named where its
 * observation was written (`files`: from {@link readEvidenceFiles}; any
 * other observation is reported against the scenario file).
 */
export function planOrFail(loaded: Loaded, model: CompiledModel, items: readonly EvidenceItem[], files: EvidenceOrigins,
  asof: string | undefined, at: readonly string[]): Omit<Conditioning, "active"> {
  const where = (it: EvidenceItem | undefined, i: Issue): string => {
    const f = it === undefined ? undefined : files.get(it.from);
    return f === undefined ? formatIssue(loaded.file, i, () => undefined) : formatIssue(f.file, i, f.locate);
  };
  const resolved = resolveObservations(model, items);
  if (!resolved.ok) throw new CliError(resolved.issues.map((x) => where(x.item, x.issue)));
  const planned = planEvidence(model, resolved.resolved, asof, at);
  if (!planned.ok) throw new CliError(planned.issues.map((x) => where(x.item, x.issue)));
  return { plan: planned.plan, where };
}

/**
 * The conditioning on `items` (read from evidence files, whose origins are
 * `files`, and `--given`) with `o.asof` and `o.at`; throws a {@link CliError}
 * listing every problem. With no items, what `run` and `exact` plan when no
 * observation is given.
 */
export function conditioningOf(loaded: Loaded, model: CompiledModel, items: readonly EvidenceItem[], files: EvidenceOrigins, o: EvidenceOptions): Conditioning {
  const { plan, where } = planOrFail(loaded, model, items, files, o.asof, o.at);
  const active = items.length > 0 || o.asof !== undefined || o.at.length > 0;
  return { plan, active, where };
}
