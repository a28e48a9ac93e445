/**
 * The sources page: every sourced item of a scenario (see
 * scenario/sourced.ts) with its quote located in its seed (line number) or
 * its rationale, and whether the quote was found. Why: a policy team signs a
 * scenario off only when it can see where each number comes from, on one
 * page. Pure: seed texts are passed in.
 * @module
 */
import { toDotPath } from "../scenario/issues.js";
import type { SeedText } from "../scenario/rules.js";
import type { Scenario } from "../scenario/scenario.js";
import { indexSeed, locateQuote, type SeedIndex } from "../scenario/seedSearch.js";
import { placeholderReason, sourcedItems, type SourcedKind } from "../scenario/sourced.js";
import type { Source } from "../scenario/idSchema.js";

/** One row of the sources page. */
export interface SourceEntry {
  readonly kind: SourcedKind | "observation";
  readonly name: string;
  /** Dot path of the `source` field (for observations: the evidence file and its path). */
  readonly path: string;
  readonly seed: string | null;
  /** 1-based line of the quote in its seed; null when there is no quote or it was not found. */
  readonly line: number | null;
  readonly quote: string | null;
  readonly rationale: string | null;
  /** Why the entry needs attention (quote not found, seed unreadable, placeholder rationale); null when fine. */
  readonly problem: string | null;
}

/** The page: the scenario's seeds and every entry. */
export interface SourcesPage {
  readonly scenario: string;
  readonly title: string;
  readonly seeds: readonly { readonly file: string; readonly title: string; readonly readable: boolean }[];
  readonly entries: readonly SourceEntry[];
}

/** Seed files indexed for searching, by name; a seed that could not be read is absent. */
export type SeedIndexes = ReadonlyMap<string, SeedIndex>;

/** Indexes the seeds that were read. Pure. */
export function indexSeeds(texts: ReadonlyMap<string, SeedText>): Map<string, SeedIndex> {
  const out = new Map<string, SeedIndex>();
  for (const [file, t] of texts) if (typeof t === "string") out.set(file, indexSeed(t));
  return out;
}

/** One entry: its quote located in `indexes` (by seed name) or its rationale, and what needs attention. Pure. */
export function sourceEntry(kind: SourceEntry["kind"], name: string, path: string, source: Source, indexes: SeedIndexes): SourceEntry {
  const rationale = source.rationale ?? null;
  const placeholder = rationale === null ? undefined : placeholderReason(rationale);
  if (!("seed" in source)) {
    return { kind, name, path, seed: null, line: null, quote: null, rationale, problem: placeholder === undefined ? null : `rationale ${placeholder}` };
  }
  const index = indexes.get(source.seed);
  const line = index === undefined ? undefined : locateQuote(index, source.quote);
  const problem = index === undefined ? "seed not readable" : line === undefined ? "quote not found in the seed"
    : placeholder === undefined ? null : `rationale ${placeholder}`;
  return { kind, name, path, seed: source.seed, line: line ?? null, quote: source.quote, rationale, problem };
}

/** Builds the page from a scenario and its seeds' texts (as read by the caller); `extra` entries (observations) go last. Pure. */
export function sourcesPage(sc: Scenario, seedTexts: ReadonlyMap<string, SeedText>, extra: readonly SourceEntry[] = []): SourcesPage {
  const indexes = indexSeeds(seedTexts);
  const entries = sourcedItems(sc).map(({ kind, name, path, source }) => sourceEntry(kind, name, toDotPath(path), source, indexes));
  return {
    scenario: sc.id, title: sc.title,
    seeds: sc.seeds.map((s) => ({ file: s.file, title: s.title, readable: indexes.has(s.file) })),
    entries: [...entries, ...extra],
  };
}
