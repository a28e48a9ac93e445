/**
 * What a paired comparison compares: the groups and outcomes two compiled
 * models share, matched by id (two parameter sets of one scenario share all
 * of them; two scenarios may not). Ids only one side has are listed as
 * unmatched, not compared. Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";

/** A group or outcome both sides have. */
export interface PairTarget {
  readonly kind: "group" | "outcome";
  readonly id: string;
  /** The label on side A (the first scenario). */
  readonly label: string;
}

/** Ids only one side has, by kind. */
export interface Unmatched {
  readonly groups: { readonly a: readonly string[]; readonly b: readonly string[] };
  readonly outcomes: { readonly a: readonly string[]; readonly b: readonly string[] };
}

/** The shared targets (groups first, then outcomes, each in A's order) and, per outcome of each side, the targets a run ending in it hits. */
export interface PairTargets {
  readonly targets: readonly PairTarget[];
  /** Per outcome index of A: the indices into `targets` of that outcome and of its group, when shared. */
  readonly hitsA: readonly (readonly number[])[];
  /** The same for B. */
  readonly hitsB: readonly (readonly number[])[];
  /** Per target: its index among A's groups (kind group) or A's outcomes (kind outcome). */
  readonly indexA: readonly number[];
  /** The same for B. */
  readonly indexB: readonly number[];
  readonly unmatched: Unmatched;
}

/** True when nothing is unmatched. Pure. */
export function allMatched(u: Unmatched): boolean {
  return u.groups.a.length + u.groups.b.length + u.outcomes.a.length + u.outcomes.b.length === 0;
}

function hits(model: CompiledModel, groupIndex: ReadonlyMap<string, number>, outcomeIndex: ReadonlyMap<string, number>): number[][] {
  return model.outcomes.map((o) => {
    const h: number[] = [];
    const g = model.groups[o.group];
    const gi = g === undefined ? undefined : groupIndex.get(g.id);
    if (gi !== undefined) h.push(gi);
    const oi = outcomeIndex.get(o.id);
    if (oi !== undefined) h.push(oi);
    return h;
  });
}

/**
 * Matches the groups and outcomes of `a` and `b` by id. A target is hit by
 * a run when the run ends in that outcome (or in an outcome of that group)
 * on that side; the ids are compared, not the conditions (two scenarios may
 * define "hold" differently, and the comparison is then of their answers to
 * their own questions). Pure.
 */
export function pairTargets(a: CompiledModel, b: CompiledModel): PairTargets {
  const bGroups = new Set(b.groups.map((g) => g.id));
  const bOutcomes = new Set(b.outcomes.map((o) => o.id));
  const aGroups = new Set(a.groups.map((g) => g.id));
  const aOutcomes = new Set(a.outcomes.map((o) => o.id));
  const targets: PairTarget[] = [];
  const groupIndex = new Map<string, number>();
  const outcomeIndex = new Map<string, number>();
  for (const g of a.groups) {
    if (!bGroups.has(g.id)) continue;
    groupIndex.set(g.id, targets.length);
    targets.push({ kind: "group", id: g.id, label: g.label });
  }
  for (const o of a.outcomes) {
    if (!bOutcomes.has(o.id)) continue;
    outcomeIndex.set(o.id, targets.length);
    targets.push({ kind: "outcome", id: o.id, label: o.label });
  }
  const indexIn = (m: CompiledModel) => targets.map((x) => (x.kind === "group" ? m.groups : m.outcomes).findIndex((y) => y.id === x.id));
  return {
    targets,
    indexA: indexIn(a),
    indexB: indexIn(b),
    hitsA: hits(a, groupIndex, outcomeIndex),
    hitsB: hits(b, groupIndex, outcomeIndex),
    unmatched: {
      groups: { a: a.groups.filter((g) => !bGroups.has(g.id)).map((g) => g.id), b: b.groups.filter((g) => !aGroups.has(g.id)).map((g) => g.id) },
      outcomes: { a: a.outcomes.filter((o) => !bOutcomes.has(o.id)).map((o) => o.id), b: b.outcomes.filter((o) => !aOutcomes.has(o.id)).map((o) => o.id) },
    },
  };
}
