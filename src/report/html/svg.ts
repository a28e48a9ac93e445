/**
 * Charts to inline SVG, ahead of time: each vega-lite spec compiled to a
 * vega spec and rendered by vega's headless renderer (`renderer: "none"`,
 * `toSVG()`), so the page needs no script and makes no request. vega and
 * vega-lite are loaded here, on first use, with a dynamic import: no other
 * command pays for loading them. Pure apart from that import.
 * @module
 */
import type { ChartSpec } from "./chart.js";

/** A rendered chart. */
export interface RenderedChart {
  readonly chart: ChartSpec;
  /** The SVG markup vega wrote (it escapes every text it writes). */
  readonly svg: string;
}

/** The charts rendered, and every warning vega-lite or vega gave (a sign of a spec mistake; tests expect none). */
export interface Rendered {
  readonly charts: readonly RenderedChart[];
  readonly warnings: readonly string[];
}

/** Renders the charts in order. Rejects only on an internal error (a spec vega cannot read). */
export async function renderCharts(charts: readonly ChartSpec[]): Promise<Rendered> {
  const [vl, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  const warnings: string[] = [];
  // Both log to the console by default: collected instead (the CLI's stdout may be the report).
  const logger = new Collecting(warnings);
  const out: RenderedChart[] = [];
  for (const chart of charts) {
    const compiled = vl.compile(chart.spec, { logger }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Warn, logger });
    const svg = await view.toSVG();
    view.finalize();
    out.push({ chart, svg });
  }
  return { charts: out, warnings };
}

/** A vega / vega-lite logger that collects warnings and throws on errors. */
class Collecting {
  private lvl = 0;
  constructor(private readonly warnings: string[]) {}
  level(l?: number): number | this {
    if (l === undefined) return this.lvl;
    this.lvl = l;
    return this;
  }
  error(...args: unknown[]): this {
    throw new Error(`chart: ${args.map(String).join(" ")}`);
  }
  warn(...args: unknown[]): this {
    this.warnings.push(args.map(String).join(" "));
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}
