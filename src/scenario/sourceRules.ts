/**
 * The rules on sources (rules.ts runs them with the others): every quote
 * occurs verbatim in a listed seed, and a bad one is shown the seed's nearest
 * passage with its line; every rationale says something (a placeholder is a
 * warning, which `validate --strict` makes an error). Pure.
 * @module
 */
import { issue, warning } from "./issues.js";
import { clip } from "./exprText.js";
import type { Rule } from "./rules.js";
import { indexSeed, nearestPassage, type SeedIndex } from "./seedSearch.js";
import { placeholderReason, sourcedItems } from "./sourced.js";
import { foldSpace, quoteProblem } from "./quote.js";

/** Longest nearest passage quoted back in a message, in characters. */
const PASSAGE_CHARS = 160;

/** Quotes: the seed is listed and read, and the quote occurs in it verbatim (whitespace folded). */
export const quotedSources: Rule = ({ scenario: sc, seedTexts }, report) => {
  const listed = new Set(sc.seeds.map((s) => s.file));
  // Each seed indexed once (not once per source that quotes it).
  const indexed = new Map<string, SeedIndex>();
  sc.seeds.forEach((s, i) => {
    if (!seedTexts.has(s.file)) return;
    const t = seedTexts.get(s.file);
    if (typeof t === "string") {
      if (!indexed.has(s.file)) indexed.set(s.file, indexSeed(t));
    } else if (t === undefined) {
      report(issue("source", ["seeds", i, "file"], `cannot read seed file "${s.file}"`));
    } else {
      report(issue(t.code, ["seeds", i, "file"], t.message));
    }
  });
  for (const { source: src, path } of sourcedItems(sc)) {
    if (!("seed" in src)) continue;
    if (!listed.has(src.seed)) {
      report(issue("source", [...path, "seed"], `seed "${src.seed}" is not listed under seeds`));
      continue;
    }
    // Only a seed that was read is searched: nothing is said about one that could not be (or must not be) read.
    const seed = indexed.get(src.seed);
    if (seed === undefined) continue;
    const problem = quoteProblem(seed.folded, src.quote, src.seed);
    if (problem === undefined) continue;
    if (foldSpace(src.quote) === "") {
      report(issue("source", [...path, "quote"], problem));
      continue;
    }
    const near = nearestPassage(seed, src.quote);
    const hint = near === undefined ? "" : `; nearest passage (line ${near.line}): "${clip(near.text, PASSAGE_CHARS)}"`;
    report(issue("source", [...path, "quote"], `${problem}${hint}`));
  }
};

/** Rationales: none blank or a placeholder (warnings). */
export const placeholderSources: Rule = ({ scenario: sc }, report) => {
  for (const { source: src, path } of sourcedItems(sc)) {
    if (src.rationale === undefined) continue;
    const why = placeholderReason(src.rationale);
    if (why !== undefined) report(warning("source", [...path, "rationale"], `rationale ${why}; say where the number comes from`));
  }
};
