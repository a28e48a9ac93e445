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
import { givenItem } from "../evidence/file.js";
import type { CompiledModel } from "../model/model.js";
import { issue, type Issue } from "../scenario/issues.js";
import { CliError, formatIssue } from "./errors.js";
import { impossibleEvidenceError, planOrFail, readEvidenceFiles, type Conditioning } from "./evidence.js";
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
  const { items, lines, files } = readEvidenceFiles(loaded, [...shared.evidence, ...own.evidence]);
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
  const { plan, where } = planOrFail(loaded, model, items, files, asof, []);
  return { plan, active: items.length > 0 || asof !== undefined, where };
}

/**
 * The exit-2 line for a side's evidence of probability 0 under the exact
 * solver: the first check no path meets (`impossible`, an index into the
 * plan's checks) named by its observation, as `run` and `exact` name it
 * (a shared observation also names the side).
 */
export function impossibleEvidence(loaded: Loaded, side: Side, c: Conditioning, impossible: number, fallback: Issue): CliError {
  // A shared observation says which side it cannot hold on; a side's own option already does.
  return impossibleEvidenceError(loaded, c, impossible, fallback,
    (owner) => (owner.item.from === givenFlag(side) ? "the scenario" : `the scenario of side ${side.toUpperCase()}`));
}
