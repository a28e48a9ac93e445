/**
 * Text → validated, normalized scenario: YAML/JSON syntax, the zod schema,
 * normalization and the meaning rules, every problem an {@link Issue} with a
 * path and, through {@link Locator}, a line:column. Pure: file reading is the
 * caller's (see `src/io.ts`).
 * @module
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, visit, type Document, type Pair } from "yaml";
import type { z } from "zod";
import { issue, hasErrors, type Issue, type Path, type PathSegment } from "./issues.js";
import { MAX_SCENARIO_BYTES, MAX_YAML_ALIASES } from "./limits.js";
import { normalizeScenario } from "./normalize.js";
import { checkRules, type SeedText } from "./rules.js";
import type { PositionTree } from "./positions.js";
import type { Scenario } from "./scenario.js";
import { ScenarioFileSchema } from "./schema.js";
import { checkSizeLimits } from "./sizeLimits.js";
import { checkKeys } from "./yamlKeys.js";
import { unknownKeyIssues } from "./schemaKeys.js";

export type { SeedProblem, SeedText } from "./rules.js";

/** A 1-based line and column in the file. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Finds where a path points in the file (the nearest existing ancestor when the path itself is missing). */
export type Locator = (path: Path) => Position | undefined;

/** A scenario text parsed into data and a locator. */
export interface ParsedText {
  readonly data: unknown;
  readonly locate: Locator;
}

/**
 * Parses YAML or JSON text (JSON through the YAML parser, so both get
 * positions). Duplicate keys and reserved names (`__proto__`, …) as keys are
 * errors, found in one linear walk before the text becomes data; alias
 * expansion is capped at {@link MAX_YAML_ALIASES}. When the text parses,
 * `positions` (if given) receives a function that makes its position tree
 * from this parse (the scenario cache stores it). Pure.
 */
export function parseText(text: string, positions?: PositionsWatcher): { ok: true; value: ParsedText } | { ok: false; issues: Issue[]; locate: Locator } {
  const lineCounter = new LineCounter();
  // uniqueKeys off: yaml's check is quadratic; checkKeys does it in linear time.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = new Map<string, Position>();
  const locate = makeLocator(doc, lineCounter, at);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      // yaml fills linePos only with prettyErrors; the offset is always there.
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      const firstLine = e.message.split("\n")[0] ?? e.message;
      // A syntax error has no path into the data; the position carries it.
      const where = pos === undefined ? [] : [`@${pos.line}:${pos.col}`];
      // yaml turns its own stack overflow (lists and maps nested ~1,000 deep) into an error: say what it means.
      if (firstLine === STACK_OVERFLOW) return issue("limit", where, TOO_DEEP);
      return issue("syntax", where, YAML_MESSAGES[e.code] ?? firstLine);
    });
    return { ok: false, issues, locate };
  }
  const keyProblems = checkKeys(doc, lineCounter);
  if (keyProblems.length > 0) {
    // The issue names the key's path; its position is the key itself, not the value the locator would find.
    for (const k of keyProblems) at.set(pathKey(k.issue.path), { line: k.line, col: k.col });
    return { ok: false, issues: keyProblems.map((k) => k.issue), locate };
  }
  // Nothing but comments or white space: say so, rather than a schema's "expected object, received null".
  if (doc.contents === null) return { ok: false, issues: [issue("shape", [], EMPTY_FILE)], locate };
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    // The same for a document with no value (a lone `---`, or `null`).
    if (data === null || data === undefined) return { ok: false, issues: [issue("shape", [], EMPTY_FILE)], locate };
    positions?.(() => treeOf(doc.contents, lineCounter));
    return { ok: true, value: { data, locate } };
  } catch (e) {
    // A stack overflow converting a deeply nested document (the parser usually stops it first).
    if (e instanceof RangeError) return { ok: false, issues: [issue("limit", [], TOO_DEEP)], locate };
    // yaml throws a ReferenceError when aliases expand past maxAliasCount ("billion laughs"), or for an alias it cannot resolve.
    if (e instanceof ReferenceError) {
      const pos = firstAlias(doc, lineCounter);
      const where = pos === undefined ? [] : [`@${pos.line}:${pos.col}`];
      const bomb = /alias count/i.test(e.message);
      const message = bomb
        ? `YAML aliases expand too much (more than ${MAX_YAML_ALIASES} alias uses, counting nested ones); the limit is ${MAX_YAML_ALIASES}`
        : (e.message.split("\n")[0] ?? e.message);
      return { ok: false, issues: [issue(bomb ? "limit" : "syntax", where, message)], locate };
    }
    throw e;
  }
}

/**
 * The yaml library's messages that speak of its own API or leave out what
 * was wrong, by its error code, in words for the file's author.
 */
const YAML_MESSAGES: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: "a second YAML document starts here (after a '---' line); a file holds one document",
  DUPLICATE_KEY: "this key is given twice in the same mapping",
};

/** What an empty document is called (a schema would say "expected object, received null"). */
const EMPTY_FILE = "the file is empty (nothing but comments or white space): expected a mapping of keys";

/** V8's message for a stack overflow (a RangeError). */
const STACK_OVERFLOW = "Maximum call stack size exceeded";
const TOO_DEEP = "lists and maps are nested too deeply to read (hundreds of levels; a scenario needs fewer than ten)";

/** The position of the first alias (`*name`) in the document, where an alias bomb is reported. */
function firstAlias(doc: Document, lc: LineCounter): Position | undefined {
  let found: Position | undefined;
  visit(doc, {
    Alias(_key, node) {
      const start = node.range?.[0];
      if (start !== undefined) found = lc.linePos(start);
      return visit.BREAK;
    },
  });
  return found;
}

function pathKey(path: Path): string {
  return JSON.stringify(path);
}

function makeLocator(doc: Document, lc: LineCounter, at: ReadonlyMap<string, Position>): Locator {
  // Each map's pairs by key text, built on first use: locating many issues stays linear.
  const index = new WeakMap<object, Map<string, Pair>>();
  return (path) => {
    const first = path[0];
    if (typeof first === "string" && first.startsWith("@")) {
      const m = /^@(\d+):(\d+)$/.exec(first);
      if (m !== null) return { line: Number(m[1]), col: Number(m[2]) };
    }
    const known = at.get(pathKey(path));
    if (known !== undefined) return known;
    // Walk down as far as the path exists; the deepest node found is the position.
    let node: unknown = doc.contents;
    let found = isNode(node) ? node : undefined;
    for (const seg of path) {
      const next = child(node, seg, index);
      if (next === undefined) break;
      node = next;
      if (isNode(node)) found = node;
    }
    const range = found?.range;
    return range === undefined || range === null ? undefined : lc.linePos(range[0]);
  };
}

/** Receives, for a text that parsed, a function making its position tree (see {@link parseText}). */
export type PositionsWatcher = (tree: () => PositionTree) => void;

/**
 * Every node of `text`'s document with its start, as plain data: what
 * `treeLocator` (positions.ts) needs to answer as {@link parseText}'s locator
 * does on the same text, without the parser. Parses as parseText does. Pure.
 */
export function positionTreeOf(text: string): PositionTree {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return treeOf(doc.contents, lineCounter);
}

/** The position tree of a parsed document's `root` (the walk {@link makeLocator} makes, written down). Pure. */
function treeOf(root: unknown, lineCounter: LineCounter): PositionTree {
  const walk = (node: unknown): PositionTree => {
    if (!isNode(node)) return { n: false };
    const range = node.range;
    const start = range === undefined || range === null ? undefined : lineCounter.linePos(range[0]);
    const p = start === undefined ? {} : { p: [start.line, start.col] as const };
    if (isMap(node)) {
      // As `child` below: scalar keys only, the first pair of a key, its value or else its key.
      const seen = new Set<string>();
      const k: [string, PositionTree][] = [];
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) continue;
        seen.add(key);
        k.push([key, walk(pair.value ?? pair.key)]);
      }
      return { ...p, n: true, k };
    }
    if (isSeq(node)) return { ...p, n: true, i: node.items.map(walk) };
    return { ...p, n: true };
  };
  return walk(root);
}

/**
 * One step down a YAML node. Keys are compared as text, since issue paths
 * carry `"5"` where YAML read the number 5 (e.g. weighted delay days).
 */
function child(node: unknown, seg: PathSegment, index: WeakMap<object, Map<string, Pair>>): unknown {
  if (isMap(node)) {
    let byKey = index.get(node);
    if (byKey === undefined) {
      byKey = new Map();
      // The first pair with a key wins, as `find` did.
      for (const p of node.items) if (isScalar(p.key) && !byKey.has(String(p.key.value))) byKey.set(String(p.key.value), p);
      index.set(node, byKey);
    }
    const pair = byKey.get(String(seg));
    return pair?.value ?? pair?.key;
  }
  if (isSeq(node) && typeof seg === "number") return node.items[seg];
  return undefined;
}

function zodPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((p): p is string | number => typeof p === "string" || typeof p === "number");
}

/**
 * zod reports a failed union as one "Invalid input" holding every branch's
 * issues; the branch that got furthest into the data says what is wrong.
 * Unknown keys get a "did you mean" from the keys `schema` (the scenario
 * file's by default) allows at their path.
 */
export function zodIssues(issues: readonly z.core.$ZodIssue[], base: PathSegment[] = [], schema: z.core.$ZodType = ScenarioFileSchema): Issue[] {
  const out: Issue[] = [];
  for (const zi of issues) {
    const path = [...base, ...zodPath(zi.path)];
    if (zi.code === "invalid_union" && zi.errors.length > 0) {
      // A loop, not Math.max(...): a branch can hold more issues than a call takes arguments.
      const depth = (branch: readonly z.core.$ZodIssue[]): number => {
        let d = -Infinity;
        for (const b of branch) d = Math.max(d, b.path.length + (b.code === "invalid_type" && b.path.length === 0 ? -1 : 0));
        return d;
      };
      let best = zi.errors[0] ?? [];
      for (const b of zi.errors) if (depth(b) > depth(best)) best = b;
      if (depth(best) > 0) {
        out.push(...zodIssues(best, path, schema));
        continue;
      }
    }
    if (zi.code === "invalid_key") {
      // zod says only "Invalid key in record"; the key's own issue says why (e.g. not an identifier).
      for (const ki of zi.issues) out.push(issue("shape", path, ki.message));
      if (zi.issues.length > 0) continue;
    }
    if (zi.code === "unrecognized_keys") {
      out.push(...unknownKeyIssues(schema, path, zi.keys));
      continue;
    }
    out.push(issue("shape", path, zi.message));
  }
  return out;
}

/** The outcome of loading: a scenario with its warnings, or the issues; the locator either way. */
export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly Issue[]; readonly locate: Locator }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly locate: Locator };

/**
 * Reads a seed file named in a scenario: its text, a {@link SeedProblem}
 * saying why it cannot be used (e.g. outside the scenario's folder, too
 * large), or undefined when it cannot be read for no stated reason.
 */
export type SeedReader = (file: string) => SeedText;

/**
 * Loads a scenario from its text (at most `MAX_SCENARIO_BYTES`): syntax, shape, size limits,
 * normalization, rules. `seeds` gives the text of each seed file the
 * scenario names (a map, or a reader called once per distinct seed after
 * the shape and size checks), so that parameter quotes can be checked; the
 * default reads none and skips quote checks. A file past a size limit gets
 * only those issues: nothing expensive runs on it. Pure when `seeds` is.
 */
export function loadScenarioText(text: string, seeds: ReadonlyMap<string, SeedText> | SeedReader = new Map(), positions?: PositionsWatcher): LoadResult {
  // The same cap as for files (src/io.ts), for text handed in directly: parsing costs ~1 µs a byte.
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SCENARIO_BYTES) {
    return { ok: false, issues: [issue("limit", [], `text is ${bytes} bytes; the limit is ${MAX_SCENARIO_BYTES} bytes`)], locate: () => undefined };
  }
  const parsed = parseText(text, positions);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, locate: parsed.locate };
  const { data, locate } = parsed.value;
  const shaped = ScenarioFileSchema.safeParse(data);
  if (!shaped.success) return { ok: false, issues: zodIssues(shaped.error.issues), locate };
  const limits = checkSizeLimits(shaped.data);
  if (limits.length > 0) return { ok: false, issues: limits, locate };
  let seedTexts: ReadonlyMap<string, SeedText>;
  if (typeof seeds === "function") {
    // Once per distinct file: a scenario listing one large seed many times reads it once.
    const read = new Map<string, SeedText>();
    for (const s of shaped.data.seeds) if (!read.has(s.file)) read.set(s.file, seeds(s.file));
    seedTexts = read;
  } else {
    seedTexts = seeds;
  }
  const issues: Issue[] = [];
  const scenario = normalizeScenario(shaped.data, issues);
  issues.push(...checkRules({ scenario, seedTexts }));
  if (hasErrors(issues)) return { ok: false, issues, locate };
  return { ok: true, scenario, warnings: issues, locate };
}
