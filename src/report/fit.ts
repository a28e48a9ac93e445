/**
 * Fitting tables and text to a terminal's width: long labels wrap at word
 * boundaries (a word longer than its column is broken), numbers never
 * wrap. Pure.
 *
 * Why wrap rather than cut: a label cut short ("Announced increase susp…")
 * can read as another outcome; a wrapped one stays whole. Widths count code
 * points, which is exact for the Latin, Greek and Cyrillic text of the
 * shipped scenarios; a label in a script with double-width characters may
 * come out a few columns wider than asked.
 * @module
 */

/** Text columns are never narrowed below this (or below their natural width, if smaller). */
export const MIN_TEXT_COLUMN = 10;

/** The display width of one line, in code points. */
function lineWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The width of a cell: its longest line. */
function cellWidth(c: string): number {
  let w = 0;
  for (const l of c.split("\n")) w = Math.max(w, lineWidth(l));
  return w;
}

/**
 * Wraps text to lines of at most `width` code points: at spaces where it
 * can, breaking a word that is longer than a line. Existing line breaks are
 * kept. Pure.
 */
export function wrapText(text: string, width: number): string {
  const w = Math.max(1, Math.floor(width));
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/ +/)) {
      let rest = word;
      for (;;) {
        const sep = line === "" ? "" : " ";
        if (lineWidth(line) + sep.length + lineWidth(rest) <= w) {
          line += sep + rest;
          break;
        }
        if (line !== "") {
          out.push(line);
          line = "";
          continue;
        }
        // A word longer than a whole line: break it.
        const chars = [...rest];
        out.push(chars.slice(0, w).join(""));
        rest = chars.slice(w).join("");
        if (rest === "") break;
      }
    }
    out.push(line);
  }
  return out.join("\n");
}

/**
 * The widths to wrap each column to so that a table of these columns,
 * drawn with one space of padding on each side and a border between
 * columns, is at most `width` wide; `undefined` for a column that keeps its
 * natural width. Columns are narrowed the widest first (one cap for all that
 * exceed it), each never below its `floor`. When even the floors do not fit,
 * the table is as narrow as it can be. Pure.
 */
export function columnCaps(natural: readonly number[], floor: readonly number[], width: number): (number | undefined)[] {
  const n = natural.length;
  const frame = 3 * n + 1; // per column two spaces of padding and one border, plus the first border
  const total = natural.reduce((a, b) => a + b, 0) + frame;
  if (total <= width) return natural.map(() => undefined);
  const lo = natural.map((w, i) => Math.min(w, floor[i] ?? w));
  const used = (c: number): number => natural.reduce((a, w, i) => a + Math.min(w, Math.max(c, lo[i] ?? w)), 0);
  // The largest cap that fits, found by stepping down from the widest column.
  let cap = Math.max(0, ...natural);
  while (cap > 1 && used(cap) > width - frame) cap--;
  return natural.map((w, i) => (w > cap ? Math.max(cap, lo[i] ?? w) : undefined));
}

/**
 * Wraps the cells of a table (header first) so that it fits `width`
 * columns (see {@link columnCaps}); `undefined` width leaves it as is.
 * Text columns narrow down to {@link MIN_TEXT_COLUMN}; right-aligned
 * columns (numbers) never wrap their values, only their heading. Pure.
 */
export function fitCells(
  head: readonly string[], rows: readonly (readonly string[])[], align: readonly ("left" | "right")[] | undefined, width: number | undefined,
): { head: string[]; rows: string[][] } {
  if (width === undefined) return { head: [...head], rows: rows.map((r) => [...r]) };
  const body = head.map((_, i) => rows.reduce((w, r) => Math.max(w, cellWidth(r[i] ?? "")), 0));
  const natural = head.map((h, i) => Math.max(body[i] ?? 0, cellWidth(h)));
  const floor = head.map((_, i) => (align?.[i] === "right" ? Math.max(body[i] ?? 0, 1) : MIN_TEXT_COLUMN));
  const caps = columnCaps(natural, floor, width);
  const wrap = (c: string, i: number): string => {
    const cap = caps[i];
    return cap === undefined ? c : wrapText(c, cap);
  };
  return { head: head.map(wrap), rows: rows.map((r) => r.map(wrap)) };
}

/** Lines a table draws (borders), which {@link fitText} never rewraps. */
const TABLE_LINE = /^[│┌└├┬┼┴─]/;

/**
 * Wraps each line of a report longer than `width` (titles, notes), leaving
 * table lines (already fitted by {@link fitCells}) and lines that fit as
 * they are; `undefined` width leaves the text as is. Pure.
 */
export function fitText(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text.split("\n").map((l) => (lineWidth(l) <= width || TABLE_LINE.test(l) ? l : wrapText(l, width))).join("\n");
}
