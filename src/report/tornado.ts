/**
 * A tornado report (src/sensitivity/tornado.ts) as JSON (the documented
 * contract) and as tables with a text bar per row. Pure: returns strings
 * and plain objects.
 * @module
 */
import type { Override } from "../model/params.js";
import { rangeText } from "../sensitivity/ranges.js";
import { targetText } from "../sensitivity/targets.js";
import type { TornadoReport, TornadoRow } from "../sensitivity/tornado.js";
import { escapeText as esc } from "./escape.js";
import { count, pct } from "./numbers.js";
import { overrideLines } from "./overrides.js";
import { fittedBarTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import type { Cell, Provenance, Tidy } from "./tidy.js";
import { overrideMeta } from "./overrides.js";

/** Characters of the widest bar. */
export const BAR_WIDTH = 24;
/** Eighths of a block, from one eighth to seven (U+258F … U+2589); a whole block is U+2588. */
const PARTIAL = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"] as const;
const FULL = "█";

/** Below this share of the largest swing a swing is rounding noise (e.g. 1e-16 when a parameter's two ends give the same model): no bar. */
export const NOISE_SHARE = 1e-9;

/**
 * A bar of `value / max` of {@link BAR_WIDTH} characters, in eighths of a
 * block; empty for 0, for noise (below {@link NOISE_SHARE} of `max`) or when
 * `max` is 0; at least one eighth for any other positive value, so that a
 * small swing is not shown as none. Pure.
 */
export function bar(value: number, max: number, width: number = BAR_WIDTH): string {
  if (!(value > NOISE_SHARE * max && max > 0)) return "";
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  const partial = PARTIAL[(eighths % 8) - 1];
  return FULL.repeat(Math.floor(eighths / 8)) + (partial ?? "");
}

/** A parameter value for a table: four significant digits, no exponent noise for ordinary values. */
export function shortNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * The JSON of a tornado: `{ scenario, method, range, seed?, runs?,
 * percentiles, overrides, targets: [{ target, base, rows: [{ parameter,
 * low, high, atLow, atHigh, swing, error? }] }] }`; `percentiles` names the
 * parameters whose ends are their declared uncertainty's 5th and 95th
 * percentiles. Pure.
 */
export function tornadoJson(r: TornadoReport, overrides: readonly Override[]): Record<string, unknown> {
  return {
    scenario: r.scenario,
    method: r.method,
    range: rangeText(r.range),
    ...(r.seed === undefined ? {} : { seed: r.seed }),
    ...(r.runs === undefined ? {} : { runs: r.runs }),
    percentiles: r.ends.filter((e) => e.basis !== "range").map((e) => e.parameter),
    overrides,
    targets: r.targets.map((t) => ({
      target: targetText(t.target),
      base: t.base,
      rows: t.rows.map((x) => ({
        parameter: x.parameter, low: x.low, high: x.high, atLow: x.atLow, atHigh: x.atHigh, swing: x.swing,
        ...(x.error === undefined ? {} : { error: x.error }),
      })),
    })),
  };
}

function methodLine(r: TornadoReport): string {
  return r.method === "exact"
    ? "exact solver"
    : `Monte Carlo, ${count(r.runs ?? 0)} runs per end, seed ${r.seed ?? 0}, common random numbers at every end`;
}

function rowCells(x: TornadoRow, max: number, barWidth: number): string[] {
  const p = (v: number | null): string => (v === null ? "invalid" : pct(v));
  return [x.parameter, shortNumber(x.low), shortNumber(x.high), p(x.atLow), p(x.atHigh), x.swing === null ? "—" : pct(x.swing), x.swing === null ? "" : bar(x.swing, max, barWidth)];
}

/**
 * The tornado as text: a header (method, ranges, overrides), then per target
 * its base value and a table sorted by swing with a bar scaled to the
 * largest swing, and the problems of any invalid ends listed under it.
 * With `width` (the terminal's columns) it fits: parameter names wrap, bars
 * shorten, lines of text wrap (see fitTables.ts); undefined for no limit.
 * Pure.
 */
export function tornadoTable(r: TornadoReport, overrides: readonly Override[], width?: number): string {
  const parts: string[] = [];
  const declared = r.ends.filter((e) => e.basis !== "range").length;
  const range = r.range.kind === "bounds" ? "their bounds" : `±${r.range.percent}% of the default, within bounds`;
  parts.push(`Tornado · scenario ${esc(r.scenario)} · ${methodLine(r)}`);
  parts.push(declared > 0
    ? `Ends: 5th and 95th percentiles of the declared uncertainty (${declared} parameter${declared === 1 ? "" : "s"}); others ${range}`
    : `Ends: ${range}`);
  if (r.ends.some((e) => e.partners.length > 0)) {
    parts.push("Dirichlet weights: when one moves, the rest of its group keeps its shares of what is left");
  }
  parts.push(...overrideLines(overrides));
  for (const t of r.targets) {
    let max = 0;
    for (const x of t.rows) if (x.swing !== null && x.swing > max) max = x.swing;
    parts.push("");
    parts.push(`${esc(targetText(t.target))} · ${esc(t.target.label)} · base ${pct(t.base)}`);
    parts.push(fittedBarTable(
      ["Parameter", "Low", "High", "At low", "At high", "Swing", ""],
      ["left", "right", "right", "right", "right", "right", "left"],
      width, 6, (n) => t.rows.map((x) => rowCells(x, max, n)), BAR_WIDTH,
    ));
    for (const x of t.rows) if (x.error !== undefined) parts.push(esc(`${x.parameter}: ${x.error}`));
  }
  return fitText(parts.join("\n") + "\n", width);
}

/**
 * The tornado as one tidy table: a row per target × parameter, in the
 * table's order. Columns: target, label, base, parameter, low, high, atLow,
 * atHigh, swing (empty when an end is invalid), error. Pure.
 */
export function tornadoTidy(r: TornadoReport): Tidy {
  return {
    columns: ["target", "label", "base", "parameter", "low", "high", "atLow", "atHigh", "swing", "error"],
    rows: r.targets.flatMap((t) => t.rows.map((x): Cell[] => [
      targetText(t.target), t.target.label, t.base, x.parameter, x.low, x.high, x.atLow, x.atHigh, x.swing, x.error ?? null,
    ])),
  };
}

/** What a tornado was computed with, for the CSV and Markdown header. Pure. */
export function tornadoMeta(r: TornadoReport, overrides: readonly Override[]): Provenance {
  return [
    ["scenario", r.scenario], ["method", r.method], ["range", rangeText(r.range)],
    ...(r.seed === undefined ? [] : [["seed", String(r.seed)] as const]),
    ...(r.runs === undefined ? [] : [["runs", String(r.runs)] as const]),
    ["percentiles", r.ends.filter((e) => e.basis !== "range").map((e) => e.parameter).join(" ")],
    ...overrideMeta(overrides),
  ];
}
