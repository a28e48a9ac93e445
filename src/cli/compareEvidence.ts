/**
 * The evidence of one side of `compare`: the shared `--evidence` files and
 * `--given` observations, then the side's own `--a-evidence`/`--b-evidence`
 * files and `--a-given`/`--b-given` observations (that is the order
 * written), resolved against that side's compiled model and planned with
 * the shared `--asof` (src/evidence/plan.ts). The side's own observations
 * are reported, and their problems named, under the side's option
 * (`scenario.yaml: --b-given "…": …`), so a bad observation says which side
 * it belongs to. Evidence of probability 0 (exact) is named by its
 * observation, as `run` and `exact` do. Every problem is one line of a
 * {@link CliError} (exit 2).
 * @module
 */
import type { Side } from "../analysis/pairedRuns.js";
import { givenItem, MAX_EVIDENCE_BYTES, parseEvidenceText } from "../evidence/file.js";
import { planEvidence } from "../evidence/plan.js";
import { itemIssue, resolveObservations, type EvidenceItem } from "../evidence/resolve.js";
import { readBoundedFile } from "../io.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import { CliError, formatIssue, formatIssues } from "./errors.js";
import type { Conditioning } from "./evidence.js";
import { overlaySeedReader } from "./overlays.js";
import type { Loaded } from "./scenario.js";

/** Evidence options of one kind: files and observations. */
export interface EvidenceSources {
  readonly evidence: readonly string[];
  readonly given: readonly string[];
}

/** The option a side's own observations are given with. */
export function givenFlag(side: Side): "--a-given" | "--b-given" {
  return side === "a" ? "--a-given" : "--b-given";
}

/**
 * Reads, resolves and plans a side's evidence (shared first, then its own);
 * throws a {@link CliError} listing every problem.
 */
export function sideConditioningOrFail(loaded: Loaded, model: CompiledModel, side: Side, shared: EvidenceSources, own: EvidenceSources,
  asof: string | undefined): Conditioning {
  const lines: string[] = [];
  const items: EvidenceItem[] = [];
  const files = new Map<string, { file: string; locate: Locator }>();
  for (const file of [...shared.evidence, ...own.evidence]) {
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
  const flag = givenFlag(side);
  const add = (text: string, own: boolean): void => {
    const r = givenItem(text);
    if (!r.ok) {
      const i: Issue = own ? issue(r.issue.code, [flag, ...r.issue.path.slice(1)], r.issue.message) : r.issue;
      lines.push(formatIssue(loaded.file, i, () => undefined));
    } else {
      items.push(own ? { ...r.item, from: flag, path: [flag, ...r.item.path.slice(1)] } : r.item);
    }
  };
  for (const g of shared.given) add(g, false);
  for (const g of own.given) add(g, true);
  if (lines.length > 0) throw new CliError(lines);
  const where = (it: EvidenceItem | undefined, i: Issue): string => {
    const f = it === undefined ? undefined : files.get(it.from);
    return f === undefined ? formatIssue(loaded.file, i, () => undefined) : formatIssue(f.file, i, f.locate);
  };
  const resolved = resolveObservations(model, items);
  if (!resolved.ok) throw new CliError(resolved.issues.map((x) => where(x.item, x.issue)));
  const planned = planEvidence(model, resolved.resolved, asof, []);
  if (!planned.ok) throw new CliError(planned.issues.map((x) => where(x.item, x.issue)));
  return { plan: planned.plan, active: items.length > 0 || asof !== undefined, where };
}

/**
 * The exit-2 line for a side's evidence of probability 0 under the exact
 * solver: the first check no path meets (`impossible`, an index into the
 * plan's checks) named by its observation, as `run` and `exact` name it
 * (a shared observation also names the side).
 */
export function impossibleEvidence(loaded: Loaded, side: Side, c: Conditioning, impossible: number, fallback: Issue): CliError {
  const { plan } = c;
  const owner = plan.used[plan.checkOwner[impossible] ?? -1];
  if (owner === undefined) return new CliError(formatIssues(loaded.file, [fallback], () => undefined));
  const before = plan.used.filter((u) => u !== owner && (u.day < owner.day || (u.day === owner.day && u.order < owner.order))).length;
  // A shared observation says which side it cannot hold on; a side's own option already does.
  const scenario = owner.item.from === givenFlag(side) ? "the scenario" : `the scenario of side ${side.toUpperCase()}`;
  const given = before === 0 ? `under ${scenario}` : `under ${scenario}, given the ${before} observation${before === 1 ? "" : "s"} before it`;
  const x = itemIssue(owner.item, "outcomes", undefined, `cannot hold ${given}: the evidence has probability 0`);
  return new CliError([c.where(x.item, x.issue)]);
}
