/**
 * The meaning rules that walk each machine's state graph: cycles of
 * immediate (`when`) transitions, and states that can never be reached.
 *
 * Why a module of their own: both must stay linear in states + transitions
 * and must not recurse (a machine may have thousands of states in a chain,
 * and a recursive search overflows the stack at 5,000–10,000). States are
 * numbered once; adjacency lists, colour arrays and explicit stacks do the
 * rest. Pure.
 * @module
 */
import { issue, warning, type Issue } from "./issues.js";
import type { Machine } from "./scenario.js";

/** Numbers state names on first sight (declared or only referenced: unknown names are reported elsewhere). */
class Names {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  of(name: string): number {
    let i = this.ids.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.ids.set(name, i);
      this.names.push(name);
    }
    return i;
  }
}

/**
 * The first cycle of immediate transitions in machine `m`, as state names
 * with the first repeated at the end (`a → b → a`), or undefined. The search
 * is depth-first from each state with an immediate transition, in name
 * order, neighbours in file order: the same cycle a recursive search would
 * report first. Linear in states + transitions; iterative.
 */
export function immediateCycle(m: Machine): string[] | undefined {
  const names = new Names();
  const edges: number[][] = [];
  for (const t of m.transitions) {
    if (t.trigger.kind !== "when") continue;
    for (const f of t.from) {
      const fi = names.of(f);
      const list = edges[fi] ?? (edges[fi] = []);
      for (const b of t.branches) list.push(names.of(b.to));
    }
  }
  const starts = [...names.ids.keys()].filter((s) => edges[names.of(s)] !== undefined).sort();
  // 0: not seen, 1: on the current path, 2: done.
  const colour = new Uint8Array(names.names.length);
  const path: number[] = [];
  const nextEdge: number[] = []; // per entry of `path`: the next neighbour to try
  for (const s of starts) {
    const si = names.of(s);
    if (colour[si] !== 0) continue;
    colour[si] = 1;
    path.push(si);
    nextEdge.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const v = path[top] ?? 0;
      const out = edges[v] ?? [];
      const k = nextEdge[top] ?? 0;
      if (k >= out.length) {
        colour[v] = 2;
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[top] = k + 1;
      const n = out[k] ?? 0;
      if (colour[n] === 1) return [...path.slice(path.indexOf(n)), n].map((i) => names.names[i] ?? "");
      if (colour[n] === 0) {
        colour[n] = 1;
        path.push(n);
        nextEdge.push(0);
      }
    }
  }
  return undefined;
}

/** Rule: no machine may have a cycle of immediate transitions (it would never settle). */
export function immediateCycles(machines: readonly Machine[], report: (i: Issue) => void): void {
  for (const m of machines) {
    const found = immediateCycle(m);
    if (found === undefined) continue;
    const first = found[0];
    const t = m.transitions.find((x) => x.trigger.kind === "when" && first !== undefined && x.from.includes(first));
    report(issue("cycle", t?.path ?? [...m.path, "transitions"],
      `immediate (when) transitions of machine "${m.id}" form a cycle: ${found.join(" → ")}`));
  }
}

/** The names of the states of `m` reachable from its initial state, by breadth-first search. Linear. */
export function reachableStates(m: Machine): Set<string> {
  const names = new Names();
  const out: number[][] = []; // state → indices of transitions out of it
  m.transitions.forEach((t, ti) => {
    for (const f of t.from) {
      const fi = names.of(f);
      (out[fi] ?? (out[fi] = [])).push(ti);
    }
  });
  const reached = new Set([m.initial]);
  const fired = new Uint8Array(m.transitions.length);
  const queue = [m.initial];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] ?? "";
    const id = names.ids.get(s);
    if (id === undefined) continue;
    for (const ti of out[id] ?? []) {
      if (fired[ti] === 1) continue;
      fired[ti] = 1;
      for (const b of m.transitions[ti]?.branches ?? []) {
        if (!reached.has(b.to)) {
          reached.add(b.to);
          queue.push(b.to);
        }
      }
    }
  }
  return reached;
}

/** Rule (warning): a state no chain of transitions reaches from the initial state. */
export function unreachableStates(machines: readonly Machine[], report: (i: Issue) => void): void {
  for (const m of machines) {
    const reached = reachableStates(m);
    for (const s of m.states) {
      if (!reached.has(s.id)) report(warning("unused", [...m.path, "states", s.id], `state "${s.id}" can never be reached from "${m.initial}"`));
    }
  }
}
