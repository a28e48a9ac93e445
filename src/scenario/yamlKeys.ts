/**
 * Checks of a parsed YAML document before it becomes data: duplicate keys
 * and reserved JavaScript names among its map keys, and numbers written with
 * digits that become 0 (`1e-400` underflows, as `--set` already refuses).
 *
 * Why here and not in yaml or zod: yaml's own `uniqueKeys` check compares
 * every key with every earlier one (quadratic: seconds for a 1 MB map), and
 * `toJS` turns a `__proto__` key into a prototype assignment, so the key,
 * and every error inside it, would vanish before zod sees it. One iterative
 * walk (no recursion: nesting depth is the file's to choose) with a Set per
 * map does both in linear time. Pure.
 * @module
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { issue, type Issue, type PathSegment } from "./issues.js";

/** Names that would reach JavaScript's object machinery if used as keys or ids. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "prototype", "constructor"]);

/** The message for a reserved name, shared by the key walk and the id schema. */
export function reservedMessage(name: string): string {
  return `${JSON.stringify(name)} is a reserved name; choose another`;
}

const ALIAS_KEY = "an alias (*name) cannot be used as a map key; write the key itself";

/** Whether a scalar is a number written with a non-zero digit before any exponent that became 0 (an underflow). */
function underflows(node: Node): node is Node & { source: string } {
  if (!isScalar(node) || node.value !== 0 || typeof node.source !== "string") return false;
  // Hex, octal and binary literals have no exponent; only a decimal mantissa can underflow.
  return /^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(node.source) && /[1-9]/.test(node.source.split(/[eE]/)[0] ?? "");
}
const COLLECTION_KEY = "a list or map cannot be used as a map key; write a name or a number";

/** A key problem found by {@link checkKeys}: the issue, and the position of the key it is about. */
export interface KeyProblem {
  readonly issue: Issue;
  readonly line: number;
  readonly col: number;
}

/** A node still to visit, with how to rebuild its path (parent links, so the walk stays linear). */
interface Visit {
  readonly node: unknown;
  readonly parent: number; // index into `visits`, -1 for the root
  readonly seg: PathSegment | undefined;
}

/**
 * Finds every duplicate key (reported at the second key, as yaml did:
 * "Map keys must be unique") and every key that is a reserved name (reported
 * with its path, at the key). Keys are compared as the text they become in
 * the data, since `toJS` makes `1:` and `"1":` the same property. An alias
 * used as a key (`*k: …`) is an error of its own; aliases are otherwise not
 * followed (their target is walked where it is written). Linear in the size
 * of the document. Pure.
 */
export function checkKeys(doc: Document, lc: LineCounter): KeyProblem[] {
  const out: KeyProblem[] = [];
  const visits: Visit[] = [{ node: doc.contents, parent: -1, seg: undefined }];
  const pathOf = (at: number, last: PathSegment): PathSegment[] => {
    const rev: PathSegment[] = [last];
    for (let i = at; i > 0; i = visits[i]?.parent ?? 0) {
      const seg = visits[i]?.seg;
      if (seg !== undefined) rev.push(seg);
    }
    return rev.reverse();
  };
  const posOf = (node: Node): { line: number; col: number } => {
    const p = lc.linePos(node.range?.[0] ?? 0);
    return { line: p.line, col: p.col };
  };
  // `visits` doubles as the work list: entries are only appended, `next` walks it.
  for (let next = 0; next < visits.length; next++) {
    const node = visits[next]?.node;
    if (isAlias(node)) continue;
    if (isNode(node) && underflows(node)) {
      const seg = visits[next]?.seg;
      const pos = posOf(node);
      const path = seg === undefined ? [`@${pos.line}:${pos.col}`] : pathOf(visits[next]?.parent ?? 0, seg);
      out.push({ issue: issue("range", path, `${node.source} underflows to 0; write 0 if 0 is meant`), ...pos });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visits.push({ node: item, parent: next, seg: i }));
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isAlias(key)) {
          // `*k: …` would become its anchor's text only in toJS (past these checks: a way to smuggle in
          // `__proto__` or a duplicate), and resolving it here costs a walk of the whole document per alias.
          const pos = posOf(key);
          out.push({ issue: issue("syntax", [`@${pos.line}:${pos.col}`], ALIAS_KEY), ...pos });
          visits.push({ node: pair.value, parent: next, seg: undefined });
        } else if (isScalar(key)) {
          const text = String(key.value);
          if (seen.has(text)) {
            const pos = posOf(key);
            // A position-only path: the key path would point at the first occurrence.
            const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
            out.push({ issue: issue("duplicate", [`@${pos.line}:${pos.col}`], `key "${shown}" is given twice in this mapping (map keys must be unique)`), ...pos });
          }
          seen.add(text);
          if (RESERVED_NAMES.has(text)) out.push({ issue: issue("shape", pathOf(next, text), reservedMessage(text)), ...posOf(key) });
          visits.push({ node: pair.value, parent: next, seg: text });
        } else if (isNode(key)) {
          // A collection as a key (`? [a, b]`): no scenario key is one, and toJS would turn it into text
          // with a Node warning on stderr (outside the one-line-per-problem format). Its value is still walked.
          const pos = posOf(key);
          out.push({ issue: issue("syntax", [`@${pos.line}:${pos.col}`], COLLECTION_KEY), ...pos });
          visits.push({ node: pair.value, parent: next, seg: undefined });
        } else {
          visits.push({ node: pair.value, parent: next, seg: undefined });
        }
      }
    }
  }
  return out;
}
