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

/** Builds the page from a scenario and its seeds' texts (as read by the caller). Pure. */
export function sourcesPage(sc: Scenario, seedTexts: ReadonlyMap<string, SeedText>): SourcesPage {
  const indexes = new Map<string, SeedIndex>();
  for (const [file, t] of seedTexts) if (typeof t === "string") indexes.set(file, indexSeed(t));
  const entries = sourcedItems(sc).map(({ kind, name, path, source }): SourceEntry => {
    const rationale = source.rationale ?? null;
    const placeholder = rationale === null ? undefined : placeholderReason(rationale);
    if (!("seed" in source)) {
      return { kind, name, path: toDotPath(path), seed: null, line: null, quote: null, rationale,
        problem: placeholder === undefined ? null : `rationale ${placeholder}` };
    }
    const index = indexes.get(source.seed);
    const line = index === undefined ? undefined : locateQuote(index, source.quote);
    const problem = index === undefined ? "seed not readable" : line === undefined ? "quote not found in the seed"
      : placeholder === undefined ? null : `rationale ${placeholder}`;
    return { kind, name, path: toDotPath(path), seed: source.seed, line: line ?? null, quote: source.quote, rationale, problem };
  });
  return {
    scenario: sc.id, title: sc.title,
    seeds: sc.seeds.map((s) => ({ file: s.file, title: s.title, readable: indexes.has(s.file) })),
    entries,
  };
}
