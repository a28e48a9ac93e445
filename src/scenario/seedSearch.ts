/**
 * Quotes in seed files: where a verbatim quote stands (its line), and, for a
 * quote that does not occur, the passage of the seed that comes nearest.
 * Why a module: `validate` checks quotes, `sources` shows where each stands,
 * and an analyst fixing a bad quote needs to see what the seed actually says.
 *
 * A quote matches when it occurs in the seed with every run of whitespace
 * (line breaks included) read as one space, as `validate` has always done.
 * Pure.
 * @module
 */

/** Folds runs of whitespace to one space and trims: how quotes and seeds are compared. Pure. */
export const fold = (s: string): string => s.replace(/\s+/g, " ").trim();

/** A seed's text prepared for searching: its words, where each starts, and the folded text. */
export interface SeedIndex {
  /** The text with whitespace folded (words joined by one space). */
  readonly folded: string;
  /** Per word: its offset in {@link folded}. */
  readonly foldedStart: Int32Array;
  /** Per word: its 1-based line in the original text. */
  readonly line: Int32Array;
  /** The words, as in the text. */
  readonly words: readonly string[];
}

/** Indexes a seed's text for {@link locateQuote} and {@link nearestPassage}. O(length). Pure. */
export function indexSeed(text: string): SeedIndex {
  const words: string[] = [];
  const lines: number[] = [];
  const starts: number[] = [];
  let line = 1;
  let last = 0;
  let pos = 0;
  for (const m of text.matchAll(/\S+/g)) {
    const at = m.index;
    // Count the line breaks between the previous word and this one.
    for (let i = last; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    last = at;
    words.push(m[0]);
    lines.push(line);
    starts.push(pos);
    pos += m[0].length + 1;
  }
  return { folded: words.join(" "), foldedStart: Int32Array.from(starts), line: Int32Array.from(lines), words };
}

/** The 1-based line on which `quote` starts in the seed, or undefined when it does not occur. Pure. */
export function locateQuote(seed: SeedIndex, quote: string): number | undefined {
  const at = seed.folded.indexOf(fold(quote));
  if (at < 0 || fold(quote) === "") return undefined;
  // The word containing offset `at`: the last word starting at or before it.
  let lo = 0;
  let hi = seed.foldedStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((seed.foldedStart[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return seed.line[lo];
}

/** A passage of a seed: its first line and its text (whitespace folded). */
export interface Passage {
  readonly line: number;
  readonly text: string;
}

const norm = (w: string): string => w.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

/**
 * The run of as many words as the quote has that shares the most words with
 * it (counted with multiplicity, case and surrounding punctuation ignored);
 * the first such run on a tie. Undefined when no word is shared. One pass
 * over the seed with a sliding window: O(seed words). Pure.
 */
export function nearestPassage(seed: SeedIndex, quote: string): Passage | undefined {
  const q = fold(quote).split(" ").map(norm).filter((w) => w !== "");
  const n = Math.min(q.length, seed.words.length);
  if (n === 0) return undefined;
  const want = new Map<string, number>();
  for (const w of q) want.set(w, (want.get(w) ?? 0) + 1);
  const have = new Map<string, number>();
  const normed = seed.words.map(norm);
  let shared = 0;
  // Adding a word to the window shares it if the quote still wants more of it; removing undoes that.
  const add = (w: string): void => {
    const h = (have.get(w) ?? 0) + 1;
    have.set(w, h);
    if (h <= (want.get(w) ?? 0)) shared++;
  };
  const drop = (w: string): void => {
    const h = have.get(w) ?? 0;
    if (h <= (want.get(w) ?? 0)) shared--;
    have.set(w, h - 1);
  };
  let best = -1;
  let bestAt = 0;
  for (let i = 0; i < normed.length; i++) {
    add(normed[i] ?? "");
    if (i >= n) drop(normed[i - n] ?? "");
    if (i >= n - 1 && shared > best) {
      best = shared;
      bestAt = i - n + 1;
    }
  }
  if (best <= 0) return undefined;
  return { line: seed.line[bestAt] ?? 1, text: seed.words.slice(bestAt, bestAt + n).join(" ") };
}
