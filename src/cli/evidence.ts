/**
 * The evidence of `run` and `exact`: `--evidence FILE` (read with the
 * scenario loader's guards, seeds as for overlays), `--given "OBS"`,
 * `--asof DATE` and `--at DATE`, resolved against the compiled model and
 * planned (src/evidence/plan.ts); then the conditioned exact solve, with
 * evidence of probability zero named by its observation. Every problem
 * becomes one line of a {@link CliError} (exit 2): `file:line:col: path:
 * column N: message` for an evidence file, `scenario: --given "…": …` for
 * an option. The reading of evidence files, the planning and the naming of
 * evidence of probability zero are shared with each side of `compare`
 * (compareEvidence.ts), so both name problems the same way. Planning
 * without files or `--given` is conditioning.ts's (re-exported here), which
 * `run` uses alone when none is given, so as not to load this module.
 * @module
 */
import { summarizeExact, type ExactSummary } from "../analysis/exact.js";
import { givenItem, MAX_EVIDENCE_BYTES, parseEvidenceText } from "../evidence/file.js";
import { itemIssue, type EvidenceItem, type ResolvedObservation } from "../evidence/resolve.js";
import { solveExact } from "../exact/solver.js";
import { readBoundedFile } from "../boundedRead.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { conditioningOf, type Conditioning, type EvidenceOptions, type EvidenceOrigins } from "./conditioning.js";
import { CliError, formatIssue, formatIssues } from "./errors.js";
import { overlaySeedReader } from "./overlays.js";
import { withScenario, type Loaded } from "./scenario.js";

export { planOrFail, type Conditioning, type EvidenceOptions, type EvidenceOrigins } from "./conditioning.js";

/** What {@link readEvidenceFiles} read: the observations, the problems, and where each file's observations were written. */
export interface EvidenceFilesRead {
  /** The files' observations, in the order written (file by file). */
  readonly items: EvidenceItem[];
  /** One formatted line per problem (an unreadable file, a bad shape, a bad source, …). */
  readonly lines: string[];
  /** Per item origin (`evidence:FILE`): the file as given and its locator, to name where a later problem was written. */
  readonly files: EvidenceOrigins;
}

/**
 * Reads evidence files in the order given (at most
 * {@link MAX_EVIDENCE_BYTES} each, with the scenario loader's guards; seeds
 * read relative to the file, as for overlays) and checks them against the
 * scenario; collects every file's observations and every problem as a
 * line, and goes on past a bad file (so all problems are listed at once).
 * Shared by `run`/`exact` and each side of `compare`.
 */
export function readEvidenceFiles(loaded: Loaded, paths: readonly string[]): EvidenceFilesRead {
  const lines: string[] = [];
  const items: EvidenceItem[] = [];
  const files = new Map<string, { file: string; locate: Locator }>();
  for (const file of paths) {
    const read = readBoundedFile(file, MAX_EVIDENCE_BYTES);
    if (!read.ok) {
      lines.push(...formatIssues(file, [issue(read.code, [], read.why)], () => undefined));
      continue;
    }
    const from = `evidence:${file}`;
    const r = parseEvidenceText(read.text, loaded.scenario, from, overlaySeedReader(file, loaded.file, "evidence file"));
    if (!r.ok) {
      lines.push(...formatIssues(file, r.issues, r.locate));
      continue;
    }
    files.set(from, { file, locate: r.locate });
    items.push(...r.evidence.items);
  }
  return { items, lines, files };
}

/**
 * The exit-2 error for evidence of probability 0 under the exact solver:
 * the first check no path meets (`impossible`, an index into the plan's
 * checks) named by its observation, which cannot hold under
 * `scenario(owner)` (default "the scenario"), given the observations before
 * it (earlier date, or same date and written earlier); `fallback` against
 * the scenario file when the check is not known. Shared by `run`/`exact`
 * and `compare`.
 */
export function impossibleEvidenceError(loaded: Loaded, c: Conditioning, impossible: number | undefined, fallback: Issue,
  scenario: (owner: ResolvedObservation) => string = () => "the scenario"): CliError {
  const { plan } = c;
  const owner = impossible === undefined ? undefined : plan.used[plan.checkOwner[impossible] ?? -1];
  if (owner === undefined) return new CliError(formatIssues(loaded.file, [fallback], () => undefined));
  const before = plan.used.filter((u) => u !== owner && (u.day < owner.day || (u.day === owner.day && u.order < owner.order))).length;
  const sc = scenario(owner);
  const given = before === 0 ? `under ${sc}` : `under ${sc}, given the ${before} observation${before === 1 ? "" : "s"} before it`;
  const x = itemIssue(owner.item, "outcomes", undefined, `cannot hold ${given}: the evidence has probability 0`);
  return new CliError([c.where(x.item, x.issue)]);
}

/**
 * Reads the evidence files (in the order given, then the `--given`
 * options: that is the order written), resolves every observation against
 * `model` and plans the forecast; throws a {@link CliError} listing every
 * problem.
 */
export function conditioningOrFail(loaded: Loaded, model: CompiledModel, o: EvidenceOptions): Conditioning {
  const { items, lines, files } = readEvidenceFiles(loaded, o.evidence);
  for (const g of o.given) {
    const r = givenItem(g);
    if (r.ok) items.push(r.item);
    else lines.push(formatIssue(loaded.file, r.issue, () => undefined));
  }
  if (lines.length > 0) throw new CliError(lines);
  return conditioningOf(loaded, model, items, files, o);
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
  if (!r.ok) throw impossibleEvidenceError(loaded, c, r.impossible, r.issue);
  return summarizeExact(model, r.result, plan.asOfDay);
}
