/**
 * A probabilistic sensitivity analysis (src/sensitivity/psa.ts) as JSON (the
 * documented contract), as tables with a text histogram per target, and as
 * a CSV of every draw (RFC 4180). Pure: returns strings and plain objects.
 * @module
 */
import type { Override } from "../model/params.js";
import type { UncertaintyReport, UncertaintyTarget } from "../sensitivity/psa.js";
import { targetText } from "../sensitivity/targets.js";
import { escapeText as esc } from "./escape.js";
import { count, pct } from "./numbers.js";
import { overrideLines } from "./overrides.js";
import { renderTable } from "./table.js";
import { bar } from "./tornado.js";

/**
 * The JSON of an uncertainty analysis: `{ scenario, samples, sampling, seed,
 * method, runs?, parameters, overrides, targets: [{ target, mean, median,
 * p05, p95, histogram: [{ from, to, count }] }] }`; `parameters` lists the
 * parameters drawn. Pure.
 */
export function uncertaintyJson(r: UncertaintyReport, overrides: readonly Override[]): Record<string, unknown> {
  return {
    scenario: r.scenario,
    samples: r.samples,
    sampling: r.sampling,
    seed: r.seed,
    method: r.method,
    ...(r.runs === undefined ? {} : { runs: r.runs }),
    parameters: r.varied,
    overrides,
    targets: r.targets.map((t) => ({
      target: targetText(t.target), mean: t.mean, median: t.median, p05: t.p05, p95: t.p95,
      histogram: t.histogram.map((b) => ({ from: b.from, to: b.to, count: b.count })),
    })),
  };
}

/** Eight heights of a sparkline, lowest first (U+2581 … U+2588). */
const SPARK = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/** The histogram as one line of block heights (a space for an empty bin). Pure. */
export function sparkline(t: Pick<UncertaintyTarget, "histogram">): string {
  let max = 0;
  for (const b of t.histogram) if (b.count > max) max = b.count;
  return t.histogram.map((b) => (b.count === 0 || max === 0 ? " " : SPARK[Math.min(7, Math.floor((b.count / max) * 7.999))] ?? "")).join("");
}

/** A histogram as aligned lines, `  from – to  count  bar`, without borders (20 bordered rows would be 41 lines). */
function histogramBlock(t: UncertaintyTarget): string[] {
  let max = 0;
  for (const b of t.histogram) if (b.count > max) max = b.count;
  const from = t.histogram.map((b) => pct(b.from));
  const to = t.histogram.map((b) => pct(b.to));
  const counts = t.histogram.map((b) => count(b.count));
  const w = (xs: readonly string[]): number => xs.reduce((m, x) => Math.max(m, x.length), 0);
  const [wf, wt, wc] = [w(from), w(to), w(counts)];
  return [
    "",
    `${esc(targetText(t.target))} · ${esc(t.target.label)} · histogram of ${count(t.histogram.reduce((n, b) => n + b.count, 0))} draws`,
    ...t.histogram.map((b, i) =>
      `  ${(from[i] ?? "").padStart(wf)} – ${(to[i] ?? "").padStart(wt)}  ${(counts[i] ?? "").padStart(wc)}  ${bar(b.count, max)}`.trimEnd()),
  ];
}

/**
 * The analysis as text: a header (design, estimator, overrides), a table of
 * mean, median and 5–95% interval per target with a sparkline of its
 * histogram, then each target's histogram with bars. Pure.
 */
export function uncertaintyTable(r: UncertaintyReport, overrides: readonly Override[]): string {
  const method = r.method === "exact"
    ? "exact solver"
    : `Monte Carlo, ${count(r.runs ?? 0)} runs per draw, seed ${r.seed}, common random numbers`;
  const parts = [
    `Parameter uncertainty · scenario ${esc(r.scenario)} · ${method}`,
    `Draws: ${count(r.samples)}, ${r.sampling} design, seed ${r.seed}; ${r.varied.length} parameters drawn: ${esc(r.varied.join(", "))}`,
    ...overrideLines(overrides),
    "",
    renderTable(
      ["Target", "Mean", "Median", "5%", "95%", "Histogram"],
      r.targets.map((t) => [`${targetText(t.target)} · ${t.target.label}`, pct(t.mean), pct(t.median), pct(t.p05), pct(t.p95), sparkline(t)]),
      ["left", "right", "right", "right", "right", "left"],
    ),
  ];
  for (const t of r.targets) parts.push(...histogramBlock(t));
  return parts.join("\n") + "\n";
}

/**
 * One CSV field (RFC 4180): quoted, with each `"` doubled, when it holds a
 * comma, a double quote, CR or LF; as is otherwise. Pure.
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text (RFC 4180): fields joined by commas, each record ended by CRLF. Pure. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}

/** A number for the CSV: the shortest text that reads back as the same double. */
function num(x: number | undefined): string {
  return x === undefined ? "" : String(x);
}

/**
 * Every draw as CSV: a header `draw`, every parameter of the scenario (in
 * its order: drawn, held by an override, or at its default), then
 * `group:ID` for each group and `outcome:ID` for each outcome; one record
 * per draw, numbers written to full precision. Pure.
 */
export function drawsCsv(r: UncertaintyReport, parameters: readonly string[]): string {
  const first = r.results[0];
  const groups = first === undefined ? [] : [...first.groups.keys()];
  const outcomes = first === undefined ? [] : [...first.outcomes.keys()];
  const rows: string[][] = [["draw", ...parameters, ...groups.map((g) => `group:${g}`), ...outcomes.map((o) => `outcome:${o}`)]];
  r.results.forEach((res, k) => {
    const p = r.points[k];
    rows.push([
      String(k),
      ...parameters.map((n) => num(p?.get(n))),
      ...groups.map((g) => num(res.groups.get(g))),
      ...outcomes.map((o) => num(res.outcomes.get(o))),
    ]);
  });
  return csvText(rows);
}
