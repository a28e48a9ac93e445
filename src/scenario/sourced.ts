/**
 * Every place a scenario says where a number or a statement comes from:
 * parameters, their uncertainties, joint uncertainties and correlations (and
 * claims, where present), each with its path and its source. Why one list:
 * `validate` checks every source the same way (quotes verbatim, no
 * placeholder rationale) and `sources` shows them all on one page, so
 * neither can miss a kind of source the other sees. Pure.
 * @module
 */
import type { Source } from "./idSchema.js";
import type { Path } from "./issues.js";
import type { Scenario } from "./scenario.js";

/** What a source is attached to. */
export type SourcedKind = "parameter" | "uncertainty" | "joint-uncertainty" | "correlation" | "claim";

/** One source, with what it belongs to and where it is written. */
export interface Sourced {
  readonly kind: SourcedKind;
  /** The parameter's name, the joined parameter names of a group or correlation, or the claim's id. */
  readonly name: string;
  /** Path of the `source` field itself. */
  readonly path: Path;
  readonly source: Source;
}

/** Every source of `sc`, in file order by kind. Pure. */
export function sourcedItems(sc: Scenario): Sourced[] {
  const out: Sourced[] = [];
  for (const p of sc.parameters) {
    out.push({ kind: "parameter", name: p.name, path: [...p.path, "source"], source: p.source });
    if (p.uncertainty !== undefined) {
      out.push({ kind: "uncertainty", name: p.name, path: [...p.path, "uncertainty", "source"], source: p.uncertainty.source });
    }
  }
  sc.uncertainties.forEach((g, i) =>
    out.push({ kind: "joint-uncertainty", name: g.parameters.join(", "), path: ["uncertainties", i, "source"], source: g.source }));
  sc.correlations.forEach((c, i) => {
    if (c.source !== undefined) out.push({ kind: "correlation", name: c.between.join(", "), path: ["correlations", i, "source"], source: c.source });
  });
  for (const c of sc.claims) out.push({ kind: "claim", name: c.id, path: [...c.path, "source"], source: c.source });
  return out;
}

/**
 * Why a rationale reads as a placeholder, or undefined when it does not:
 * blank, or naming itself a placeholder ("Placeholder", "TODO", "TBD",
 * "FIXME", "lorem ipsum"; the shipped template's rationales all start with
 * "Placeholder"). Pure.
 */
export function placeholderReason(rationale: string): string | undefined {
  if (rationale.trim() === "") return "is blank";
  const m = /\b(placeholder|todo|tbd|fixme|xxx|lorem ipsum)\b/i.exec(rationale);
  return m === null ? undefined : `reads as a placeholder ("${m[0]}")`;
}
