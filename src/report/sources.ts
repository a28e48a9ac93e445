/**
 * Renders the sources page (sources/list.ts): a readable page of text, one
 * block per sourced item with its quote and line or its rationale, wrapped to
 * a width; and the same rows as a tidy table for CSV and Markdown. Pure.
 * @module
 */
import type { SourceEntry, SourcesPage } from "../sources/list.js";
import { escapeText as esc } from "./escape.js";
import type { Tidy } from "./tidy.js";

/** Default width of the text page, in characters. */
export const PAGE_WIDTH = 100;

/** Greedy word wrap of `text` to `width`, each line prefixed by `indent`. Pure. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const w of text.split(/\s+/).filter((x) => x !== "")) {
    if (line !== "" && indent.length + line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line === "" ? w : `${line} ${w}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}

/** Text from a file as one escaped line (a folded YAML block keeps its final line break). */
const flat = (s: string): string => esc(s.replace(/\s+/g, " ").trim());

function block(e: SourceEntry, width: number): string[] {
  const out = [`${e.kind} ${esc(e.name)}  (${esc(e.path)})`];
  if (e.quote !== null) {
    const where = e.line === null ? "not found" : `line ${e.line}`;
    out.push(...wrap(`quote, ${esc(e.seed ?? "")} ${where}: “${flat(e.quote)}”`, width, "  "));
  }
  if (e.rationale !== null) out.push(...wrap(`${e.quote === null ? "rationale" : "and"}: ${flat(e.rationale)}`, width, "  "));
  if (e.problem !== null) out.push(`  ! ${e.problem}`);
  return out;
}

/** The page as text: title, seeds, a count, then one block per entry. Pure. */
export function sourcesText(page: SourcesPage, width: number = PAGE_WIDTH): string {
  const quoted = page.entries.filter((e) => e.quote !== null).length;
  const problems = page.entries.filter((e) => e.problem !== null).length;
  const head = [
    `Sources of ${esc(page.scenario)}: ${esc(page.title)}`,
    ...page.seeds.map((s) => `seed ${esc(s.file)}: ${esc(s.title)}${s.readable ? "" : " (not readable)"}`),
    `${page.entries.length} sourced items: ${quoted} quoted from a seed, ${page.entries.length - quoted} by rationale` +
      (problems > 0 ? `; ${problems} need attention (marked !)` : ""),
  ];
  return [...head, "", ...page.entries.flatMap((e) => [...block(e, width), ""])].join("\n");
}

/** The entries as one tidy table (the JSON's fields). Pure. */
export function sourcesTidy(page: SourcesPage): Tidy {
  return {
    columns: ["kind", "name", "path", "seed", "line", "quote", "rationale", "problem"],
    rows: page.entries.map((e) => [e.kind, e.name, e.path, e.seed, e.line, e.quote, e.rationale, e.problem]),
  };
}
