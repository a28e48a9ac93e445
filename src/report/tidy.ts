/**
 * Tidy tables (a header row, one record per row) and their CSV and
 * GitHub-Markdown renderings, shared by every reporting command. Pure:
 * returns strings.
 *
 * CSV goes through csv-stringify (RFC 4180): a field with a comma, a double
 * quote, CR or LF is quoted and its quotes doubled, so a scenario label
 * with a line break stays one field. Text fields that a spreadsheet would
 * take for a formula (starting with `=`, `+`, `-`, `@`, TAB or CR, or their
 * full-width forms) get a leading `'` (csv-stringify's `escape_formulas`,
 * OWASP "CSV injection"); numbers are written as numbers, so a negative
 * number is never touched. Numbers are written in full (the shortest text
 * that reads back as the same double, as in the JSON); `null` and absent
 * values are empty fields. In reports, text cells keep LF and TAB but show
 * other control, bidirectional and zero-width characters as escapes (as the
 * tables do; see escape.ts), so that a CSV printed on a terminal cannot move
 * the cursor or reorder text; the JSON carries the exact text.
 *
 * Provenance comes first, as `# key: value` comment lines (one line each:
 * line breaks and control characters in a value are shown as escapes).
 * Parsers skip them with a comment option (csv-parse `comment: "#"`,
 * pandas `comment="#"`, R `comment.char = "#"`); a spreadsheet shows them
 * as rows of text above the header.
 * @module
 */
import { stringify } from "csv-stringify/sync";
import { escapeText } from "./escape.js";

/** One cell: text, a number, or nothing (an empty field). */
export type Cell = string | number | null | undefined;

/** A table with a header row. Every row has one cell per column. */
export interface Tidy {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /**
   * Columns whose text the tool writes itself (e.g. an override's origin,
   * `--set`): written as is, without the formula prefix, which would
   * otherwise turn `--set` into `'--set`.
   */
  readonly literal?: readonly string[];
}

/** Provenance: ordered `key: value` pairs written before the table. */
export type Provenance = readonly (readonly [key: string, value: string])[];

/** The record delimiter of every CSV this tool writes (RFC 4180). */
export const CSV_EOL = "\r\n";

/**
 * Records as CSV through csv-stringify: RFC 4180 quoting, CRLF after every
 * record, formula-looking text prefixed with `'`. Pure.
 */
export function csvRecords(rows: readonly (readonly Cell[])[], literal: ReadonlySet<number> = new Set()): string {
  return stringify(rows.map((r) => r.map((c) => (c === undefined ? null : c))), {
    record_delimiter: "windows",
    // Set explicitly: with a custom record_delimiter, csv-stringify would otherwise
    // stop quoting a bare LF or CR (quote_record_delimiter defaults to false then).
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: {
      number: (x) => String(x),
      string: (x, ctx) => (ctx.header || ctx.index === undefined || !literal.has(ctx.index) ? x : { value: x, escape_formulas: false }),
    },
  });
}

/** Provenance as `# key: value` lines, each one line (see {@link escapeText}). Pure. */
export function commentLines(meta: Provenance, eol: string): string {
  return meta.map(([k, v]) => `# ${escapeText(k)}: ${escapeText(v)}${eol}`).join("");
}

/** A report as CSV: provenance comment lines, the header row, one record per row. Pure. */
export function csvReport(meta: Provenance, t: Tidy): string {
  const safe = (c: Cell): Cell => (typeof c === "string" ? escapeText(c, { multiline: true }) : c);
  const literal = new Set((t.literal ?? []).map((c) => t.columns.indexOf(c)).filter((i) => i >= 0));
  return commentLines(meta, CSV_EOL) + csvRecords([t.columns, ...t.rows].map((r) => r.map(safe)), literal);
}

// Markdown punctuation that could start emphasis, code, links, HTML or a
// table cell boundary: each is backslash-escaped (GFM allows it before any
// ASCII punctuation).
const MD_SPECIAL = /[\\`*_{}[\]<>#+!|~&]/g;

/**
 * Text for a Markdown table cell: punctuation escaped, line breaks as
 * `<br>`, other control characters shown as escapes. Pure.
 */
export function mdCell(c: Cell): string {
  if (c === null || c === undefined) return "";
  if (typeof c === "number") return String(c);
  const lines = c.replace(/\r\n?/g, "\n").split("\n").map((l) => escapeText(l.replace(MD_SPECIAL, (ch) => `\\${ch}`)));
  return lines.join("<br>");
}

/**
 * A report as a GitHub-Markdown table, provenance first as a list of
 * `key: value` items (escaped like the cells), numbers in full. Pure.
 */
export function mdReport(meta: Provenance, t: Tidy): string {
  const head = meta.map(([k, v]) => `- ${mdCell(k)}: ${mdCell(v)}\n`).join("");
  const line = (cells: readonly Cell[]): string => `| ${cells.map(mdCell).join(" | ")} |\n`;
  // Right-aligned: a column of numbers (and empty cells) with at least one number.
  const numeric = t.columns.map((_, i) =>
    t.rows.some((r) => typeof r[i] === "number") && t.rows.every((r) => typeof r[i] === "number" || r[i] === null || r[i] === undefined));
  const rule = `|${numeric.map((n) => (n ? " ---: " : " --- ")).join("|")}|\n`;
  return `${head}${head === "" ? "" : "\n"}${line(t.columns)}${rule}${t.rows.map(line).join("")}`;
}

/** The formats every reporting command writes. */
export const FORMATS = ["table", "json", "csv", "md"] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/**
 * Renders a tidy report in a file format (csv or md); the table and JSON
 * renderings are each command's own. Pure.
 */
export function renderTidy(format: "csv" | "md", meta: Provenance, t: Tidy): string {
  switch (format) {
    case "csv": return csvReport(meta, t);
    case "md": return mdReport(meta, t);
    default: return format satisfies never;
  }
}
