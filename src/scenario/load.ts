/**
 * Text → validated, normalized scenario: YAML/JSON syntax, the zod schema,
 * normalization and the meaning rules, every problem an {@link Issue} with a
 * path and, through {@link Locator}, a line:column. Pure: file reading is the
 * caller's (see `src/io.ts`).
 * @module
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from "yaml";
import type { z } from "zod";
import { issue, hasErrors, type Issue, type Path, type PathSegment } from "./issues.js";
import { normalizeScenario } from "./normalize.js";
import { checkRules } from "./rules.js";
import type { Scenario } from "./scenario.js";
import { ScenarioFileSchema } from "./schema.js";

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

/** Parses YAML or JSON text (JSON through the YAML parser, so both get positions). Pure. */
export function parseText(text: string): { ok: true; value: ParsedText } | { ok: false; issues: Issue[]; locate: Locator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = makeLocator(doc, lineCounter);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      // yaml fills linePos only with prettyErrors; the offset is always there.
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      const firstLine = e.message.split("\n")[0] ?? e.message;
      // A syntax error has no path into the data; the position carries it.
      return issue("syntax", pos === undefined ? [] : [`@${pos.line}:${pos.col}`], firstLine);
    });
    return { ok: false, issues, locate };
  }
  return { ok: true, value: { data: doc.toJS({ maxAliasCount: 100 }), locate } };
}

function makeLocator(doc: Document, lc: LineCounter): Locator {
  return (path) => {
    const first = path[0];
    if (typeof first === "string" && first.startsWith("@")) {
      const m = /^@(\d+):(\d+)$/.exec(first);
      if (m !== null) return { line: Number(m[1]), col: Number(m[2]) };
    }
    // Walk down as far as the path exists; the deepest node found is the position.
    let node: unknown = doc.contents;
    let found = isNode(node) ? node : undefined;
    for (const seg of path) {
      const next = child(node, seg);
      if (next === undefined) break;
      node = next;
      if (isNode(node)) found = node;
    }
    const range = found?.range;
    return range === undefined || range === null ? undefined : lc.linePos(range[0]);
  };
}

/**
 * One step down a YAML node. Keys are compared as text, since issue paths
 * carry `"5"` where YAML read the number 5 (e.g. weighted delay days).
 */
function child(node: unknown, seg: PathSegment): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
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
 */
function zodIssues(issues: readonly z.core.$ZodIssue[], base: PathSegment[] = []): Issue[] {
  const out: Issue[] = [];
  for (const zi of issues) {
    const path = [...base, ...zodPath(zi.path)];
    if (zi.code === "invalid_union" && zi.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]): number =>
        Math.max(...branch.map((b) => b.path.length + (b.code === "invalid_type" && b.path.length === 0 ? -1 : 0)));
      let best = zi.errors[0] ?? [];
      for (const b of zi.errors) if (depth(b) > depth(best)) best = b;
      if (depth(best) > 0) {
        out.push(...zodIssues(best, path));
        continue;
      }
    }
    out.push(issue("shape", path, zi.message));
  }
  return out;
}

/** The outcome of loading: a scenario with its warnings, or the issues; the locator either way. */
export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly Issue[]; readonly locate: Locator }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly locate: Locator };

/** Reads a seed file named in a scenario; undefined when it cannot be read. */
export type SeedReader = (file: string) => string | undefined;

/**
 * Loads a scenario from its text: syntax, shape, normalization, rules.
 * `seeds` gives the text of each seed file the scenario names (a map, or a
 * reader called once per seed after the shape check), so that parameter quotes
 * can be checked; the default reads none and skips quote checks. Pure when
 * `seeds` is.
 */
export function loadScenarioText(text: string, seeds: ReadonlyMap<string, string | undefined> | SeedReader = new Map()): LoadResult {
  const parsed = parseText(text);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, locate: parsed.locate };
  const { data, locate } = parsed.value;
  const shaped = ScenarioFileSchema.safeParse(data);
  if (!shaped.success) return { ok: false, issues: zodIssues(shaped.error.issues), locate };
  const seedTexts = typeof seeds === "function"
    ? new Map(shaped.data.seeds.map((s) => [s.file, seeds(s.file)] as const))
    : seeds;
  const issues: Issue[] = [];
  const scenario = normalizeScenario(shaped.data, issues);
  issues.push(...checkRules({ scenario, seedTexts }));
  if (hasErrors(issues)) return { ok: false, issues, locate };
  return { ok: true, scenario, warnings: issues, locate };
}
