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
import { fittedTable, MIN_BAR_WIDTH } from "./fitTables.js";
import { fitText } from "./fit.js";
import { bar, BAR_WIDTH } from "./tornado.js";
import { csvRecords, type Cell, type Provenance, type Tidy } from "./tidy.js";
import { overrideMeta } from "./overrides.js";

/**
 * The JSON of an uncertainty analysis: `{ scenario, samples, sampling, seed,
 * method, runs?, parameters, overrides, posterior?, targets: [{ target,
 * mean, median, p05, p95, histogram: [{ from, to, count, weight? }] }] }`;
 * `parameters` lists the parameters drawn; with `--posterior`, `posterior`
 * is `{ evidenceProbability, effectiveDraws, drawsKept, drawsExcluded }` and
 * each bin has `weight`, its share of the draws' weight. Pure.
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
    ...(r.posterior === undefined ? {} : {
      posterior: {
        evidenceProbability: r.posterior.evidenceProbability, effectiveDraws: r.posterior.effectiveDraws,
        drawsKept: r.posterior.drawsKept, drawsExcluded: r.posterior.drawsExcluded,
      },
    }),
    targets: r.targets.map((t) => ({
      target: targetText(t.target), mean: t.mean, median: t.median, p05: t.p05, p95: t.p95,
      histogram: t.histogram.map((b) => ({ from: b.from, to: b.to, count: b.count, ...(b.weight === undefined ? {} : { weight: b.weight }) })),
    })),
  };
}

/** Eight heights of a sparkline, lowest first (U+2581 … U+2588). */
const SPARK = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/** A bin's height: its share of the weight when the draws are weighted, else its count of draws. */
const height = (b: UncertaintyTarget["histogram"][number]): number => b.weight ?? b.count;

/** The histogram as one line of block heights (a space for an empty bin). Pure. */
export function sparkline(t: Pick<UncertaintyTarget, "histogram">): string {
  let max = 0;
  for (const b of t.histogram) if (height(b) > max) max = height(b);
  return t.histogram.map((b) => (height(b) === 0 || max === 0 ? " " : SPARK[Math.min(7, Math.floor((height(b) / max) * 7.999))] ?? "")).join("");
}

/**
 * A histogram as aligned lines, `  from – to  count  bar`, without borders
 * (20 bordered rows would be 41 lines); with `width`, bars shorten (down to
 * {@link MIN_BAR_WIDTH}) so that the lines fit.
 */
function histogramBlock(t: UncertaintyTarget, width: number | undefined): string[] {
  let max = 0;
  for (const b of t.histogram) if (height(b) > max) max = height(b);
  const weighted = t.histogram.some((b) => b.weight !== undefined);
  const from = t.histogram.map((b) => pct(b.from));
  const to = t.histogram.map((b) => pct(b.to));
  // Weighted: each bin's share of the posterior weight, then its draws.
  const counts = t.histogram.map((b) => (b.weight === undefined ? count(b.count) : `${pct(b.weight)} (${count(b.count)})`));
  const w = (xs: readonly string[]): number => xs.reduce((m, x) => Math.max(m, x.length), 0);
  const [wf, wt, wc] = [w(from), w(to), w(counts)];
  const room = width === undefined ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.max(MIN_BAR_WIDTH, width - (2 + wf + 3 + wt + 2 + wc + 2)));
  return [
    "",
    `${esc(targetText(t.target))} · ${esc(t.target.label)} · histogram of ${count(t.histogram.reduce((n, b) => n + b.count, 0))} draws` +
      (weighted ? ", by share of the posterior weight (draws in brackets)" : ""),
    ...t.histogram.map((b, i) =>
      `  ${(from[i] ?? "").padStart(wf)} – ${(to[i] ?? "").padStart(wt)}  ${(counts[i] ?? "").padStart(wc)}  ${bar(height(b), max, room)}`.trimEnd()),
  ];
}

/**
 * The analysis as text: a header (design, estimator, overrides), a table of
 * mean, median and 5–95% interval per target with a sparkline of its
 * histogram, then each target's histogram with bars. With `width` (the
 * terminal's columns) it fits: target labels wrap, sparklines stay whole,
 * bars shorten, lines of text wrap (see fitTables.ts); undefined for no
 * limit. Pure.
 */
export function uncertaintyTable(r: UncertaintyReport, overrides: readonly Override[], width?: number): string {
  const method = r.method === "exact"
    ? "exact solver"
    : `Monte Carlo, ${count(r.runs ?? 0)} runs per draw, seed ${r.seed}, common random numbers`;
  const parts = [
    `Parameter uncertainty · scenario ${esc(r.scenario)} · ${method}`,
    `Draws: ${count(r.samples)}, ${r.sampling} design, seed ${r.seed}; ${r.varied.length} parameters drawn: ${esc(r.varied.join(", "))}`,
    ...(r.posterior === undefined ? [] : [posteriorLine(r, r.posterior)]),
    ...overrideLines(overrides),
    "",
    fittedTable(
      ["Target", "Mean", "Median", "5%", "95%", "Histogram"],
      r.targets.map((t) => [`${targetText(t.target)} · ${t.target.label}`, pct(t.mean), pct(t.median), pct(t.p05), pct(t.p95), sparkline(t)]),
      ["left", "right", "right", "right", "right", "left"], width, { whole: [5] },
    ),
  ];
  for (const t of r.targets) parts.push(...histogramBlock(t, width));
  return fitText(parts.join("\n") + "\n", width);
}

/** One CSV field (RFC 4180, through csv-stringify; see src/report/tidy.ts): quoted, each `"` doubled, when it holds a comma, a double quote, CR or LF. Pure. */
export function csvField(s: string): string {
  return csvText([[s]]).slice(0, -2);
}

/** Rows as CSV text (RFC 4180, through csv-stringify): each record ended by CRLF. Pure. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return csvRecords(rows);
}

/**
 * Every draw as CSV: a header `draw`, every parameter of the scenario (in
 * its order: drawn, held by an override, or at its default), with
 * `--posterior` `weight` (P(evidence | draw), 0 where the evidence cannot
 * hold, whose probabilities are then empty), then `group:ID` for each group
 * and `outcome:ID` for each outcome; one record per draw, numbers written
 * to full precision. Pure.
 */
export function drawsCsv(r: UncertaintyReport, parameters: readonly string[]): string {
  const first = r.results.find((x): x is NonNullable<typeof x> => x !== null);
  const groups = first === undefined ? [] : [...first.groups.keys()];
  const outcomes = first === undefined ? [] : [...first.outcomes.keys()];
  const weights = r.posterior?.weights;
  const rows: Cell[][] = [["draw", ...parameters, ...(weights === undefined ? [] : ["weight"]), ...groups.map((g) => `group:${g}`), ...outcomes.map((o) => `outcome:${o}`)]];
  r.results.forEach((res, k) => {
    const p = r.points[k];
    rows.push([
      k,
      ...parameters.map((n) => p?.get(n)),
      ...(weights === undefined ? [] : [weights[k]]),
      ...groups.map((g) => res?.groups.get(g)),
      ...outcomes.map((o) => res?.outcomes.get(o)),
    ]);
  });
  return csvText(rows);
}

/**
 * The summary as one tidy table: a row per target. Columns: target, label,
 * mean, median, p05, p95 (the histogram is in the JSON and the table). Pure.
 */
export function uncertaintyTidy(r: UncertaintyReport): Tidy {
  return {
    columns: ["target", "label", "mean", "median", "p05", "p95"],
    rows: r.targets.map((t): Cell[] => [targetText(t.target), t.target.label, t.mean, t.median, t.p05, t.p95]),
  };
}

/** What the draws were made with, for the CSV and Markdown header. Pure. */
export function uncertaintyMeta(r: UncertaintyReport, overrides: readonly Override[]): Provenance {
  return [
    ["scenario", r.scenario], ["method", r.method], ["samples", String(r.samples)], ["sampling", r.sampling], ["seed", String(r.seed)],
    ...(r.runs === undefined ? [] : [["runs", String(r.runs)] as const]),
    ["parameters", r.varied.join(" ")],
    ...(r.posterior === undefined ? [] : [
      ["posterior", "draws weighted by P(evidence | draw)"] as const,
      ["evidence probability over the draws", String(r.posterior.evidenceProbability)] as const,
      ["effective draws", String(r.posterior.effectiveDraws)] as const,
      ["draws kept", String(r.posterior.drawsKept)] as const,
      [`draws excluded (${excludedWhy(r)})`, String(r.posterior.drawsExcluded)] as const,
    ]),
    ...overrideMeta(overrides),
  ];
}

/**
 * Why a draw has weight 0, in words: exact, the evidence cannot hold there;
 * Monte Carlo, only that none of its runs was consistent with it. Pure.
 */
export function excludedWhy(r: Pick<UncertaintyReport, "method" | "runs">): string {
  return r.method === "exact"
    ? "where the evidence cannot hold"
    : `where none of the ${count(r.runs ?? 0)} conditioned runs was consistent with the evidence (more --runs may find some)`;
}

/** The table's line on the posterior weighting. Pure. */
function posteriorLine(r: UncertaintyReport, p: NonNullable<UncertaintyReport["posterior"]>): string {
  const excluded = p.drawsExcluded > 0 ? `; ${count(p.drawsExcluded)} ${excludedWhy(r)} count for nothing` : "";
  return `Posterior: each draw weighted by P(evidence | draw) (on average ${pct(p.evidenceProbability)}); ` +
    `worth ${p.effectiveDraws.toFixed(1)} equally weighted draws of ${count(p.drawsKept)}${excluded}`;
}
