/**
 * What a sensitivity analysis reports on: a group's or an outcome's
 * probability, written `group:ID` or `outcome:ID` (as `--target` takes
 * them), checked against the scenario with "did you mean" hints. Pure.
 * @module
 */
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { suggest } from "../scenario/suggest.js";

/** A checked target: a group or an outcome of the scenario, by id. */
export interface Target {
  readonly kind: "group" | "outcome";
  readonly id: string;
  /** Its label in the scenario (for tables). */
  readonly label: string;
}

/** The written form of a target, e.g. `group:rise`. */
export function targetText(t: Pick<Target, "kind" | "id">): string {
  return `${t.kind}:${t.id}`;
}

/** The default targets: every group, or every outcome when the scenario has no groups. Pure. */
export function defaultTargets(sc: Scenario): Target[] {
  const groups = sc.groups ?? [];
  if (groups.length > 0) return groups.map((g) => ({ kind: "group", id: g.id, label: g.label }));
  return sc.outcomes.map((o) => ({ kind: "outcome", id: o.id, label: o.label }));
}

/** Most ids listed when no close match is found. */
const MAX_LISTED = 12;

/** A "did you mean" for `id` among `ids`, else the ids themselves when they are few. */
function hintFor(id: string, ids: readonly string[], what: string): string {
  const near = suggest(id, ids);
  if (near !== "" || ids.length > MAX_LISTED) return near;
  return ` (${what}: ${ids.join(", ")})`;
}

/** Every target the scenario offers, written out (for hints). */
function allTexts(sc: Scenario): string[] {
  return [...(sc.groups ?? []).map((g) => `group:${g.id}`), ...sc.outcomes.map((o) => `outcome:${o.id}`)];
}

/**
 * Checks one written target against the scenario. An issue (code `option`,
 * path `--target TEXT`) for a missing `group:`/`outcome:` prefix, an unknown
 * id (with "did you mean"), or `group:` in a scenario without groups. Pure.
 */
export function parseTarget(sc: Scenario, text: string): { ok: true; target: Target } | { ok: false; issue: Issue } {
  const bad = (message: string): { ok: false; issue: Issue } => ({ ok: false, issue: issue("option", ["--target", text], message) });
  const colon = text.indexOf(":");
  const kind = colon < 0 ? "" : text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (kind !== "group" && kind !== "outcome") {
    return bad(`expected group:ID or outcome:ID${suggest(text, allTexts(sc)) || suggest(`group:${text}`, allTexts(sc)) || suggest(`outcome:${text}`, allTexts(sc))}`);
  }
  if (kind === "group") {
    const groups = sc.groups ?? [];
    if (groups.length === 0) return bad(`scenario "${sc.id}" has no groups; use outcome:ID`);
    const g = groups.find((x) => x.id === id);
    if (g === undefined) return bad(`no group "${id}"${hintFor(id, groups.map((x) => x.id), "its groups are")}`);
    return { ok: true, target: { kind, id, label: g.label } };
  }
  const o = sc.outcomes.find((x) => x.id === id);
  if (o === undefined) return bad(`no outcome "${id}"${hintFor(id, sc.outcomes.map((x) => x.id), "its outcomes are")}`);
  return { ok: true, target: { kind, id, label: o.label } };
}

/**
 * Checks written targets (none: {@link defaultTargets}); every problem is
 * reported, and a target given twice is an issue too. Pure.
 */
export function parseTargets(sc: Scenario, texts: readonly string[]): Result<Target[]> {
  if (texts.length === 0) return { ok: true, value: defaultTargets(sc), warnings: [] };
  const issues: Issue[] = [];
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const r = parseTarget(sc, text);
    if (!r.ok) {
      issues.push(r.issue);
      continue;
    }
    const key = targetText(r.target);
    if (seen.has(key)) {
      issues.push(issue("option", ["--target", text], "given twice"));
      continue;
    }
    seen.add(key);
    out.push(r.target);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: out, warnings: [] };
}
