/**
 * Parameter values for one compilation: the defaults, with overrides
 * (`--set name=value`) checked against each parameter's bounds. Pure.
 * @module
 */
import { issue, type Issue } from "../scenario/issues.js";
import { suggest } from "../scenario/rules.js";
import type { Scenario } from "../scenario/scenario.js";

/** Resolves parameter values; unknown names and out-of-bounds values are issues (path `--set name`). Pure. */
export function resolveParams(
  sc: Scenario,
  overrides: ReadonlyMap<string, number> = new Map(),
): { ok: true; params: Map<string, number> } | { ok: false; issues: Issue[] } {
  const params = new Map<string, number>();
  for (const p of sc.parameters) params.set(p.name, p.default);
  const issues: Issue[] = [];
  for (const [name, value] of overrides) {
    const p = sc.parameters.find((x) => x.name === name);
    if (p === undefined) {
      issues.push(issue("option", ["--set", name], `unknown parameter "${name}"${suggest(name, sc.parameters.map((x) => x.name))}`));
    } else if (!Number.isFinite(value) || value < p.min || value > p.max) {
      issues.push(issue("option", ["--set", name], `${value} is outside the bounds [${p.min}, ${p.max}] of "${name}"`));
    } else {
      params.set(name, value);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, params };
}

/** Parses `name=value` (value a finite number); an issue on a malformed pair. Pure. */
export function parseAssignment(text: string): { ok: true; name: string; value: number } | { ok: false; issue: Issue } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(text.trim());
  const value = m?.[2] === undefined ? NaN : Number(m[2]);
  if (m === null || m[1] === undefined || !Number.isFinite(value)) {
    return { ok: false, issue: issue("option", ["--set", text], `expected name=number, e.g. --set p_raise=0.3`) };
  }
  return { ok: true, name: m[1], value };
}
