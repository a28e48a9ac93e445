/**
 * The one test of a verbatim quote, shared by scenario sources, overlays,
 * evidence files and resolutions files: the quote, white space folded,
 * occurs in the seed's text, white space folded (line breaks in a seed are
 * not meaningful). Why a module: each file kind checked it on its own, and
 * each let a blank quote pass, since the empty string occurs in every text.
 * Pure.
 * @module
 */

/** White space runs folded to one space, ends trimmed. Pure. */
export function foldSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** What is wrong with `quote` as a quote of `seed` (whose text, folded, is `folded`), or undefined when it occurs there. Pure. */
export function quoteProblem(folded: string, quote: string, seed: string): string | undefined {
  const q = foldSpace(quote);
  if (q === "") return `quote is blank: quote the words of "${seed}" that the number comes from`;
  return folded.includes(q) ? undefined : `quote does not occur verbatim in "${seed}"`;
}
