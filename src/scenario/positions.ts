/**
 * Where each node of a scenario file is, as plain data: a
 * {@link PositionTree} (made by `positionTreeOf` in load.ts from the parsed
 * document) and a {@link Locator} over it that answers exactly as the
 * loader's own locator does on the same text (the same walk: down the path
 * as far as it exists, the deepest node's start; `@line:col` segments; keys
 * compared as text; only numbers index lists).
 *
 * Why: the scenario cache (src/cli/cache.ts) stores the tree with the
 * scenario, so that a command served from the cache names line:column in
 * its messages without parsing the YAML again, and without loading the YAML
 * parser at all. Pure.
 * @module
 */
import type { Path } from "./issues.js";
import type { Locator, Position } from "./load.js";

/**
 * One node of the file: its start (`p`, line and column, 1-based; absent
 * when the node has none), whether it is a YAML node (`n`; a value that is
 * not, e.g. a key-value pair inside a flow list, ends a walk without being
 * found), a map's values by key text (`k`, the first pair of a key; a pair
 * without a value gives its key), or a list's items (`i`).
 */
export interface PositionTree {
  readonly p?: readonly [line: number, col: number];
  readonly n: boolean;
  readonly k?: readonly (readonly [key: string, node: PositionTree])[];
  readonly i?: readonly PositionTree[];
}

function child(node: PositionTree, seg: string | number, maps: WeakMap<PositionTree, Map<string, PositionTree>>): PositionTree | undefined {
  if (node.k !== undefined) {
    let byKey = maps.get(node);
    if (byKey === undefined) {
      byKey = new Map(node.k);
      maps.set(node, byKey);
    }
    return byKey.get(String(seg));
  }
  if (node.i !== undefined && typeof seg === "number") return node.i[seg];
  return undefined;
}

/** The locator of a file whose nodes are `tree` (undefined: an empty document). Pure. */
export function treeLocator(tree: PositionTree | undefined): Locator {
  const maps = new WeakMap<PositionTree, Map<string, PositionTree>>();
  return (path: Path): Position | undefined => {
    const first = path[0];
    if (typeof first === "string" && first.startsWith("@")) {
      const m = /^@(\d+):(\d+)$/.exec(first);
      if (m !== null) return { line: Number(m[1]), col: Number(m[2]) };
    }
    let node = tree;
    let found = node?.n === true ? node : undefined;
    for (const seg of path) {
      const next = node === undefined ? undefined : child(node, seg, maps);
      if (next === undefined) break;
      node = next;
      if (node.n) found = node;
    }
    const p = found?.p;
    return p === undefined ? undefined : { line: p[0], col: p[1] };
  };
}

/** Whether `x` is a {@link PositionTree} (a cache entry's, read back from disk). Pure. */
export function isPositionTree(x: unknown, depth = 0): x is PositionTree {
  if (typeof x !== "object" || x === null || depth > 1_000 || !("n" in x) || typeof x.n !== "boolean") return false;
  if ("p" in x && x.p !== undefined && !(Array.isArray(x.p) && x.p.length === 2 && x.p.every((v) => Number.isSafeInteger(v)))) return false;
  if ("k" in x && x.k !== undefined
    && !(Array.isArray(x.k) && x.k.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && isPositionTree(e[1], depth + 1)))) return false;
  if ("i" in x && x.i !== undefined && !(Array.isArray(x.i) && x.i.every((e) => isPositionTree(e, depth + 1)))) return false;
  return true;
}
