/**
 * A scenario file's positions as plain data, so that a cached scenario can
 * still say where in the file a problem is (`file:line:col`) without parsing
 * the file again. {@link positionTree} takes every node's position from the
 * YAML document once; {@link treeLocator} answers exactly as the locator of
 * `src/scenario/load.ts` answers for a file that loaded without problems
 * (test/cli/cache.test.ts holds them equal on every path of the shipped
 * scenarios): `@line:col` paths, then the deepest existing node along the
 * path, keys compared as text, the first of duplicate keys winning.
 * @module
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } from "yaml";
import type { Locator } from "../scenario/load.js";

/** One YAML node: its position (undefined when the parser gave it no range), and its children. */
export interface PosNode {
  readonly at: readonly [line: number, col: number] | undefined;
  /** A map's children by key text (the first pair with each key). */
  readonly keys?: ReadonlyMap<string, PosNode | null>;
  /** A sequence's items (null where an item is not a node). */
  readonly items?: readonly (PosNode | null)[];
}

/** The position tree of a scenario text, parsed as load.ts parses it; undefined when it has no document node. Pure. */
export function positionTree(text: string): PosNode | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const snap = (v: unknown): PosNode | null => {
    if (!isNode(v)) return null;
    const r = v.range;
    const p = r === undefined || r === null ? undefined : lc.linePos(r[0]);
    const at = p === undefined ? undefined : ([p.line, p.col] as const);
    if (isMap(v)) {
      const keys = new Map<string, PosNode | null>();
      for (const pair of v.items) {
        if (!isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        if (!keys.has(k)) keys.set(k, snap(pair.value ?? pair.key));
      }
      return { at, keys };
    }
    if (isSeq(v)) return { at, items: v.items.map(snap) };
    return { at };
  };
  return snap(doc.contents) ?? undefined;
}

/** A {@link Locator} over a position tree. Pure. */
export function treeLocator(root: PosNode | undefined): Locator {
  return (path) => {
    const first = path[0];
    if (typeof first === "string" && first.startsWith("@")) {
      const m = /^@(\d+):(\d+)$/.exec(first);
      if (m !== null) return { line: Number(m[1]), col: Number(m[2]) };
    }
    // `node` is where the walk is; null is a value that is not a node (the walk may not go below it).
    let node: PosNode | null | undefined = root;
    let found = root;
    for (const seg of path) {
      let next: PosNode | null | undefined;
      if (node?.keys !== undefined) next = node.keys.get(String(seg));
      else if (node?.items !== undefined && typeof seg === "number") next = node.items[seg];
      if (next === undefined) break;
      node = next;
      if (node !== null) found = node;
    }
    const at = found?.at;
    return at === undefined ? undefined : { line: at[0], col: at[1] };
  };
}
