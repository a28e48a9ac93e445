/**
 * Tables that must fit a terminal even when their numbers alone do not:
 * text columns wrap first (see fit.ts), columns that must stay whole (bars,
 * sparklines, numbers shown left-aligned) are kept on one line, and a table
 * still too wide is cut into several tables of its columns, each repeating
 * the first (label) columns. With no width, exactly {@link renderTable}'s
 * output. Pure.
 *
 * Why split rather than overflow: a row wider than the terminal wraps in the
 * middle of a border and the columns no longer line up; the same numbers in
 * two narrower tables are still read by row label.
 *
 * Fitted tables are drawn here ({@link drawTable}, the same borders and
 * padding as cli-table3's) rather than by cli-table3, whose layout time grows
 * with about the cube of a cell's height: narrowing `params` to 80 columns
 * makes cells of 40 lines, which cli-table3 took 10 s to draw.
 * @module
 */
import { fitCells, MIN_TEXT_COLUMN, wrapText } from "./fit.js";
import { renderTable } from "./table.js";
import { escapeText as esc } from "./escape.js";

type Align = "left" | "right";

/** Options of {@link fittedTable}. */
export interface FitOptions {
  /** Columns whose cells never wrap (right-aligned columns never do anyway); their headings may. */
  readonly whole?: readonly number[];
  /** How many leading columns every part repeats when the table is split (default 1). */
  readonly keep?: number;
  /** Whether a table too wide once wrapped is split (default true); false returns it wrapped, however wide. */
  readonly split?: boolean;
}

/** The display width of the widest line, in code points. Pure. */
export function longestLine(text: string): number {
  let w = 0;
  for (const l of text.split("\n")) w = Math.max(w, [...l].length);
  return w;
}

const escCell = (c: string): string => c.split("\n").map((l) => esc(l)).join("\n");

/**
 * The width a table of these cells (as {@link renderTable} draws them:
 * one space of padding each side, a border between columns) takes, in code
 * points, computed without drawing it. Pure.
 */
export function drawnWidth(head: readonly string[], rows: readonly (readonly string[])[]): number {
  const cols = head.map((h, i) => rows.reduce((w, r) => Math.max(w, longestLine(escCell(r[i] ?? ""))), longestLine(escCell(h))));
  return cols.reduce((a, b) => a + b, 0) + 3 * head.length + 1;
}

interface Cells {
  readonly head: string[];
  readonly rows: string[][];
  readonly align: Align[] | undefined;
}

/** The cells with their text columns wrapped to `width` (whole columns and numbers kept on one line). */
function wrapped(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] | undefined, width: number, whole: readonly number[]): Cells {
  const fitAlign = head.map((_, i): Align => (align?.[i] === "right" || whole.includes(i) ? "right" : "left"));
  const f = fitCells(head.map(escCell), rows.map((r) => r.map(escCell)), fitAlign, width);
  return { ...f, align: align === undefined ? undefined : [...align] };
}

const draw = (c: Cells): string => drawTable(c.head, c.rows, c.align);

/**
 * Draws a table as {@link renderTable} does with its default style (box
 * borders, one space of padding, a rule under the heading and between rows,
 * cells top-aligned, each column left- or right-aligned, heading included),
 * for cells already escaped; widths in code points. Pure.
 */
export function drawTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] | undefined): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => all.reduce((w, r) => Math.max(w, longestLine(r[i] ?? "")), 0));
  const rule = (l: string, m: string, r: string): string => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
  const pad = (t: string, i: number): string => {
    const gap = " ".repeat(Math.max(0, (widths[i] ?? 0) - [...t].length));
    return align?.[i] === "right" ? gap + t : t + gap;
  };
  const lines = (r: readonly string[]): string[] => {
    const cells = head.map((_, i) => (r[i] ?? "").split("\n"));
    const height = cells.reduce((h, c) => Math.max(h, c.length), 1);
    return Array.from({ length: height }, (_, k) => `│${cells.map((c, i) => ` ${pad(c[k] ?? "", i)} `).join("│")}│`);
  };
  const out = [rule("┌", "┬", "┐")];
  all.forEach((r, n) => {
    if (n > 0) out.push(rule("├", "┼", "┤"));
    out.push(...lines(r));
  });
  out.push(rule("└", "┴", "┘"));
  return out.join("\n");
}

/**
 * Renders a table to fit `width` columns: as {@link renderTable} when it
 * fits or `width` is undefined; else with its text columns wrapped; else,
 * when even that is too wide, as several tables, each the first `keep`
 * columns and as many of the others (in order) as fit. Pure.
 */
export function fittedTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] | undefined, width: number | undefined, opts: FitOptions = {}): string {
  const a = align === undefined ? undefined : [...align];
  if (width === undefined || drawnWidth(head, rows) <= width) return renderTable([...head], rows.map((r) => [...r]), a);
  const whole = opts.whole ?? [];
  const one = wrapped(head, rows, align, width, whole);
  if (drawnWidth(one.head, one.rows) <= width || opts.split === false) return draw(one);
  const keep = Math.min(opts.keep ?? 1, head.length - 1);
  // The repeated label columns take at most about half the width (wrapped
  // once, then kept whole), so that each part has room for its numbers.
  const labelCap = Math.max(MIN_TEXT_COLUMN, Math.floor((width - 1) / (2 * keep)) - 3);
  const label = (c: string, i: number): string => (i < keep ? wrapText(escCell(c), labelCap) : c);
  const labelled = rows.map((r) => r.map(label));
  const labelHead = head.map(label);
  const part = (cols: readonly number[]): Cells => {
    const idx = [...Array.from({ length: keep }, (_, i) => i), ...cols];
    const pick = <T>(xs: readonly T[]): T[] => idx.flatMap((i) => { const x = xs[i]; return x === undefined ? [] : [x]; });
    const w = [...Array.from({ length: keep }, (_, i) => i), ...whole.flatMap((c) => (idx.includes(c) && c >= keep ? [idx.indexOf(c)] : []))];
    return wrapped(pick(labelHead), labelled.map((r) => pick(r)), align === undefined ? undefined : pick(align), width, w);
  };
  const fits = (c: Cells): boolean => drawnWidth(c.head, c.rows) <= width;
  const parts: string[] = [];
  let cur: number[] = [];
  for (let c = keep; c < head.length; c++) {
    if (cur.length > 0 && !fits(part([...cur, c]))) {
      parts.push(draw(part(cur)));
      cur = [];
    }
    cur.push(c);
  }
  if (cur.length > 0) parts.push(draw(part(cur)));
  return parts.join("\n");
}

/** Bars are never narrowed below this many characters. */
export const MIN_BAR_WIDTH = 8;

/**
 * A table with a column of text bars (`barColumn`, drawn by `rowsAt(n)` at
 * most `n` characters long): at `full` characters when it fits `width` (or
 * `width` is undefined), else with the text columns wrapped and the bars
 * shortened, one character at a time down to {@link MIN_BAR_WIDTH}, until it
 * fits; then as {@link fittedTable} (split). Bars never wrap. Pure.
 */
export function fittedBarTable(
  head: readonly string[], align: readonly Align[], width: number | undefined, barColumn: number,
  rowsAt: (barWidth: number) => string[][], full: number,
): string {
  for (let n = full; n > MIN_BAR_WIDTH; n--) {
    const rows = rowsAt(n);
    if (width === undefined || drawnWidth(head, rows) <= width) return fittedTable(head, rows, align, width);
    const w = wrapped(head, rows, align, width, [barColumn]);
    if (drawnWidth(w.head, w.rows) <= width) return draw(w);
  }
  return fittedTable(head, rowsAt(Math.min(full, MIN_BAR_WIDTH)), align, width, { whole: [barColumn] });
}
