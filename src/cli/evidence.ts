/**
 * The evidence of `run` and `exact`: `--evidence FILE` (read with the
 * scenario loader's guards, seeds as for overlays), `--given "OBS"`,
 * `--asof DATE` and `--at DATE`, resolved against the compiled model and
 * planned (src/evidence/plan.ts); then the conditioned exact solve, with
 * evidence of probability zero named by its observation. Every problem
 * becomes one line of a {@link CliError} (exit 2): `file:line:col: path:
 * column N: message` for an evidence file, `scenario: --given "…": …` for
 * an option.
 * @module
 */
import { summarizeExact, type ExactSummary } from "../analysis/exact.js";
import { givenItem, MAX_EVIDENCE_BYTES, parseEvidenceText } from "../evidence/file.js";
import { planEvidence, type EvidencePlan } from "../evidence/plan.js";
import { itemIssue, resolveObservations, type EvidenceItem } from "../evidence/resolve.js";
import { solveExact } from "../exact/solver.js";
import { readBoundedFile } from "../io.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { CliError, formatIssue, formatIssues } from "./errors.js";
import { overlaySeedReader } from "./overlays.js";
import { withScenario, type Loaded } from "./scenario.js";

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

/**
 * Reads the evidence files (in the order given, then the `--given`
 * options: that is the order written), resolves every observation against
 * `model` and plans the forecast; throws a {@link CliError} listing every
 * problem.
 */
export function conditioningOrFail(loaded: Loaded, model: CompiledModel, o: EvidenceOptions): Conditioning {
  const lines: string[] = [];
  const items: EvidenceItem[] = [];
  const files = new Map<string, { file: string; locate: Locator }>();
  for (const file of o.evidence) {
    const read = readBoundedFile(file, MAX_EVIDENCE_BYTES);
    if (!read.ok) {
      lines.push(...formatIssues(file, [issue(read.code, [], read.why)], () => undefined));
      continue;
    }
    const from = `evidence:${file}`;
    const r = parseEvidenceText(read.text, loaded.scenario, from, overlaySeedReader(file, loaded.file));
    if (!r.ok) {
      lines.push(...formatIssues(file, r.issues, r.locate));
      continue;
    }
    files.set(from, { file, locate: r.locate });
    items.push(...r.evidence.items);
  }
  for (const g of o.given) {
    const r = givenItem(g);
    if (r.ok) items.push(r.item);
    else lines.push(formatIssue(loaded.file, r.issue, () => undefined));
  }
  if (lines.length > 0) throw new CliError(lines);
  const where = (it: EvidenceItem | undefined, i: Issue): string => {
    const f = it === undefined ? undefined : files.get(it.from);
    return f === undefined ? formatIssue(loaded.file, i, () => undefined) : formatIssue(f.file, i, f.locate);
  };
  const resolved = resolveObservations(model, items);
  if (!resolved.ok) throw new CliError(resolved.issues.map((x) => where(x.item, x.issue)));
  const planned = planEvidence(model, resolved.resolved, o.asof, o.at);
  if (!planned.ok) throw new CliError(planned.issues.map((x) => where(x.item, x.issue)));
  const active = items.length > 0 || o.asof !== undefined || o.at.length > 0;
  return { plan: planned.plan, active, where };
}

/**
 * Solves exactly, conditioned on the plan's evidence and recording its
 * `--at` days; the timeline (when asked) starts at the as-of date. A limit
 * is a {@link CliError}; so is evidence of probability zero, naming the
 * first observation (by date, then order written) that cannot hold.
 */
export function conditionedExactOrFail(loaded: Loaded, model: CompiledModel, timeline: boolean, c: Conditioning): ExactSummary {
  const { plan } = c;
  const r = withScenario(loaded, () => solveExact(model, { timeline, evidence: plan.checks, at: plan.atDays }));
  if (!r.ok) {
    const k = r.impossible;
    const owner = k === undefined ? undefined : plan.used[plan.checkOwner[k] ?? -1];
    if (owner === undefined) throw new CliError(formatIssues(loaded.file, [r.issue], () => undefined));
    const before = plan.used.filter((u) => u !== owner && (u.day < owner.day || (u.day === owner.day && u.order < owner.order))).length;
    const given = before === 0 ? "under the scenario" : `under the scenario, given the ${before} observation${before === 1 ? "" : "s"} before it`;
    const x = itemIssue(owner.item, "outcomes", undefined, `cannot hold ${given}: the evidence has probability 0`);
    throw new CliError([c.where(x.item, x.issue)]);
  }
  return summarizeExact(model, r.result, plan.asOfDay);
}
