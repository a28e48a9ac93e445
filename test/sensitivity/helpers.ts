/**
 * Helpers of the sensitivity tests: the vote fixture (two branch weights with
 * an otherwise remainder, a delay read from a parameter, an unused
 * parameter, groups), and direct exact solves to hold results against.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { solveExact } from "../../src/exact/solver.js";
import type { Result } from "../../src/scenario/issues.js";
import type { Scenario } from "../../src/scenario/scenario.js";
import { loadOk, prepareOk } from "../helpers/scenario.js";

/** The vote fixture's path. */
export const VOTE = fileURLToPath(new URL("./fixtures/vote.yaml", import.meta.url));

/** The vote fixture's text. */
export function voteText(): string {
  return readFileSync(VOTE, "utf8");
}

/** The vote fixture, loaded. */
export function vote(): Scenario {
  return loadOk(voteText());
}

/** Group and outcome probabilities by id from a direct `prepareModel` + `solveExact` at `values`. */
export function direct(sc: Scenario, values: Readonly<Record<string, number>>): { groups: Map<string, number>; outcomes: Map<string, number> } {
  const model = prepareOk(sc, new Map(Object.entries(values)));
  const r = solveExact(model);
  if (!r.ok) throw new Error(r.issue.message);
  const groups = new Map(model.groups.map((g, i) => [g.id, r.result.groups[i] ?? Number.NaN]));
  const outcomes = new Map(model.outcomes.map((o, i) => [o.id, r.result.outcomes[i] ?? Number.NaN]));
  return { groups, outcomes };
}

/** The value of a result that must be ok. */
export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got:\n${r.issues.map((i) => i.message).join("\n")}`);
  return r.value;
}

/** The messages of a result that must fail. */
export function messages<T>(r: Result<T>): string[] {
  if (r.ok) throw new Error("expected issues, got a value");
  return r.issues.map((i) => i.message);
}
