/**
 * The analyses' charts as vega-lite specs: the tornado (each parameter's
 * low and high end against the base value, per headline) and, when run, the
 * Sobol indices (first-order and total, with their bootstrap intervals).
 * Pure.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { SensitivityReport } from "../../sensitivity/sobol.js";
import type { TornadoReport } from "../../sensitivity/tornado.js";
import { CHART_CONFIG, CHART_WIDTH, percent, shown, type ChartSpec, type SubSpec } from "./chart.js";

/** The most parameters a tornado chart shows per headline (largest swings; the table has all). */
export const TORNADO_ROWS = 10;

function sig(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** The tornado chart: per target, bars from the base value to the value at each parameter's low and high end. */
export function tornadoChart(r: TornadoReport): ChartSpec {
  let count = 0;
  const rows: (string | number)[][] = [];
  const charts = r.targets.map((t, ti): SubSpec => {
    const visibleRows = t.rows.filter((x) => x.swing !== null).slice(0, TORNADO_ROWS);
    const values = visibleRows.flatMap((x) => {
      rows.push([t.target.label, x.parameter, sig(x.low), sig(x.high), percent(x.atLow ?? 0), percent(x.atHigh ?? 0), percent(x.swing ?? 0)]);
      return (["low", "high"] as const).map((end) => {
        const v = (end === "low" ? x.atLow : x.atHigh) ?? t.base;
        return { parameter: shown(x.parameter), end: `${end} end`, from: Math.min(t.base, v), to: Math.max(t.base, v) };
      });
    });
    count += values.length;
    return {
      title: { text: shown(`${t.target.label} (base ${percent(t.base)})`), fontSize: 12 },
      width: CHART_WIDTH - 160,
      height: { step: 16 },
      data: { values },
      layer: [
        {
          name: `tornado_${ti}`,
          mark: { type: "bar" },
          encoding: {
            y: { field: "parameter", type: "nominal", sort: null, title: null, axis: { labelLimit: 220 } },
            x: { field: "from", type: "quantitative", axis: { format: ".1~%", title: "probability" }, scale: { zero: false } },
            x2: { field: "to" },
            color: { field: "end", type: "nominal", scale: { domain: ["low end", "high end"], range: ["#4c78a8", "#e45756"] }, title: "parameter at its" },
          },
        },
        { mark: { type: "rule", color: "#222" }, encoding: { x: { datum: t.base } } },
      ],
    };
  });
  const spec: TopLevelSpec = { config: CHART_CONFIG, vconcat: charts };
  const method = r.method === "exact" ? "exact solves" : `Monte Carlo, ${r.runs ?? 0} runs per end, seed ${r.seed ?? 0}`;
  const lead = r.targets.map((t) => {
    const x = t.rows[0];
    return x === undefined || x.swing === null ? `${t.target.label}: no parameter` : `${t.target.label}: ${x.parameter} swings it ${(100 * x.swing).toFixed(1)} points`;
  });
  return {
    id: "tornado",
    title: "Which assumptions move each headline (tornado)",
    description: `For each headline, horizontal bars from its base probability (vertical line) to its probability with one parameter at its low end and at its high end, the others fixed; up to ${TORNADO_ROWS} parameters with the largest swings, largest first (${method}). Largest: ${lead.join("; ")}.`,
    spec,
    table: { columns: ["headline", "parameter", "low", "high", "at low", "at high", "swing"], rows },
    marks: { name: "tornado", count },
  };
}

/** The Sobol indices chart: per target, S1 and ST of each factor with their 95% bootstrap intervals. */
export function sensitivityChart(r: SensitivityReport): ChartSpec {
  let count = 0;
  const rows: (string | number)[][] = [];
  const charts = r.targets.map((t, ti): SubSpec => {
    const values = t.indices.flatMap((x) => {
      rows.push([t.target.label, x.factor.label, x.S1.toFixed(3), `${x.S1ci[0].toFixed(3)}–${x.S1ci[1].toFixed(3)}`, x.ST.toFixed(3), `${x.STci[0].toFixed(3)}–${x.STci[1].toFixed(3)}`]);
      return [
        { factor: shown(x.factor.label), index: "first order (S1)", value: x.S1, lo: x.S1ci[0], hi: x.S1ci[1] },
        { factor: shown(x.factor.label), index: "total (ST)", value: x.ST, lo: x.STci[0], hi: x.STci[1] },
      ];
    });
    count += values.length;
    const y = { field: "factor", type: "nominal", sort: null, title: null } as const;
    const yOffset = { field: "index", type: "nominal", sort: null } as const;
    return {
      title: { text: shown(`${t.target.label} (mean ${percent(t.mean)})`), fontSize: 12 },
      width: CHART_WIDTH - 160,
      height: { step: 12 },
      data: { values },
      layer: [
        {
          name: `sobol_${ti}`,
          mark: { type: "bar" },
          encoding: {
            y, yOffset,
            x: { field: "value", type: "quantitative", axis: { title: "share of variance" } },
            color: { field: "index", type: "nominal", sort: null, scale: { range: ["#72b7b2", "#54a24b"] }, title: "index" },
          },
        },
        { mark: { type: "rule", color: "#222" }, encoding: { y, yOffset, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
      ],
    };
  });
  const spec: TopLevelSpec = { config: CHART_CONFIG, vconcat: charts };
  return {
    id: "sensitivity",
    title: "Which uncertainties explain each headline's variance (Sobol indices)",
    description: `For each headline, the first-order (S1) and total (ST) Sobol index of each of the ${r.factors.length} uncertain factors as bars, with 95% bootstrap intervals as lines; ${r.samples} base samples (${r.sampling}), ${r.solves} ${r.method === "exact" ? "exact solves" : "Monte Carlo solves"}.`,
    spec,
    table: { columns: ["headline", "factor", "S1", "S1 95%", "ST", "ST 95%"], rows },
    marks: { name: "sobol", count },
  };
}
