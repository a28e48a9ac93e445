/**
 * A chart of the HTML report as data: a declarative vega-lite spec, its
 * title, a text description for screen readers, the data as a table (shown
 * to screen readers instead of the picture) and the number of data marks it
 * draws (bars, areas, lines), which the browser test counts. The specs are
 * built in charts.ts and analysisCharts.ts and rendered to SVG by svg.ts.
 * Pure data and pure helpers.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { escapeText } from "../escape.js";

/** One view of a vertical concatenation (`vconcat`) of a spec. */
export type SubSpec = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"][number];

/** A cell of a chart's data table. */
export type TableCell = string | number;

/** One chart of the report. */
export interface ChartSpec {
  /** Stable id (`outcomes`, `groups-timeline`, `states-timeline`, `tornado`, `sensitivity`), also the figure's `data-chart`. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in sentences: the figure's accessible description. */
  readonly description: string;
  readonly spec: TopLevelSpec;
  /** The chart's numbers as a table (a visually hidden `<table>` beside the picture). */
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly TableCell[])[] };
  /** The data marks: their mark name, or its prefix (the SVG groups them in `<g class="… role-mark <name>…_marks">`), and how many are drawn. */
  readonly marks: { readonly name: string; readonly count: number };
}

/** Width of a chart's plotting area, in CSS pixels (the page is about 760 wide; A4 portrait prints it whole). */
export const CHART_WIDTH = 520;

/** The most dates a timeline chart plots: longer horizons are thinned to every k-th day (the horizon kept). */
export const MAX_TIMELINE_DATES = 400;

/**
 * Scenario text as a chart shows it: one line, control and bidi characters
 * as visible escapes (`\u202e`), as on a terminal. vega escapes markup
 * itself when it writes the SVG. Pure.
 */
export function shown(text: string): string {
  return escapeText(text);
}

/**
 * Display names that are unique (and {@link shown}): each label as it is, with ` (id)` added
 * to every label that two items share (two series with one name would be
 * drawn as one). Pure.
 */
export function uniqueNames(items: readonly { readonly id: string; readonly label: string }[]): string[] {
  const seen = new Map<string, number>();
  for (const x of items) seen.set(x.label, (seen.get(x.label) ?? 0) + 1);
  return items.map((x) => shown((seen.get(x.label) ?? 0) > 1 ? `${x.label} (${x.id})` : x.label));
}

/**
 * The indices of the days to plot out of `n` (days 0 … n − 1): all when
 * there are at most {@link MAX_TIMELINE_DATES}, else every k-th and the last. Pure.
 */
export function plottedDays(n: number): number[] {
  if (n <= MAX_TIMELINE_DATES) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / MAX_TIMELINE_DATES);
  const days: number[] = [];
  for (let d = 0; d < n - 1; d += step) days.push(d);
  days.push(n - 1);
  return days;
}

/** A probability for a description or a table: a percentage with two decimals. */
export function percent(p: number): string {
  return `${(100 * p).toFixed(2)}%`;
}

/** The shared look of every chart (no web fonts: the page makes no request). */
export const CHART_CONFIG = {
  font: "sans-serif",
  view: { stroke: "#ccc" },
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320 },
  title: { fontSize: 13, anchor: "start" },
} as const;
