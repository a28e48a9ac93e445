/**
 * The header lines that show which parameters differ from the scenario's
 * defaults and where each value came from, for every table report. Pure.
 * @module
 */
import type { Override } from "../model/params.js";
import { escapeText as esc } from "./escape.js";

const LABEL = "Overrides: ";

/**
 * One line per override, the first starting `Overrides: `, the others
 * indented under it, e.g.
 * `Overrides: p_struck_down = 0.2 (default 0.5, from params:court.yaml)`.
 * No lines when there is no override (a report at the defaults looks as it
 * always did). Names and file names are escaped (they come from files and
 * the command line).
 */
export function overrideLines(overrides: readonly Override[]): string[] {
  return overrides.map((o, i) =>
    `${i === 0 ? LABEL : " ".repeat(LABEL.length)}${esc(`${o.name} = ${o.value} (default ${o.default}, from ${o.from})`)}`);
}

/**
 * The overrides as provenance pairs for CSV and Markdown reports: one
 * `override` entry per parameter given (`name = value (default d, from
 * origin)`), or a single `overrides: none`. Pure.
 */
export function overrideMeta(overrides: readonly Override[]): [string, string][] {
  if (overrides.length === 0) return [["overrides", "none"]];
  return overrides.map((o) => ["override", `${o.name} = ${o.value} (default ${o.default}, from ${o.from})`]);
}
