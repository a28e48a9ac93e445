/**
 * The forecast's charts as vega-lite specs: outcome bars (with Monte Carlo
 * 95% intervals), group probabilities over time (stacked areas from the
 * exact timeline) and state probabilities over time (one line chart per
 * machine). Every text in them comes from the data (vega escapes it when it
 * renders); no scenario text is ever put into a vega expression. Pure.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { ReportData } from "./data.js";
import { CHART_CONFIG, CHART_WIDTH, percent, plottedDays, uniqueNames, shown, type ChartSpec, type SubSpec } from "./chart.js";

const PCT_AXIS = { format: ".0%", title: "probability" } as const;
const DATE_AXIS = { format: "%d %b", title: null, labelAngle: 0 } as const;

/** The outcome bars: exact probabilities when solved (else the Monte Carlo estimates), with the Monte Carlo 95% interval as a rule. */
export function outcomeChart(d: ReportData): ChartSpec | undefined {
  const source = d.exact?.outcomes ?? d.mc?.outcomes;
  if (source === undefined) return undefined;
  const names = uniqueNames(source);
  const groupLabel = new Map((d.exact?.groups ?? d.mc?.groups ?? []).map((g) => [g.id, g.label]));
  const values = source.map((o, i) => {
    const m = d.mc?.outcomes[i];
    return {
      outcome: names[i] ?? o.id,
      group: shown(o.group === undefined ? "(no group)" : groupLabel.get(o.group) ?? o.group),
      p: o.probability,
      ...(m === undefined ? {} : { lo: m.ci95[0], hi: m.ci95[1], mc: m.probability }),
    };
  });
  const withIntervals = d.mc !== undefined;
  const y = { field: "outcome", type: "nominal", sort: null, title: null, axis: { labelLimit: 0 } } as const; // 0: never cut (vega estimates text widths without a canvas, generously)
  const spec: TopLevelSpec = {
    config: CHART_CONFIG,
    width: CHART_WIDTH - 180,
    height: { step: 22 },
    data: { values },
    layer: [
      {
        name: "bars",
        mark: { type: "bar" },
        encoding: {
          y,
          x: { field: "p", type: "quantitative", axis: PCT_AXIS, scale: { domain: [0, 1] } },
          color: { field: "group", type: "nominal", sort: null, title: "group", legend: { orient: "bottom", direction: "vertical" } },
        },
      },
      ...(withIntervals ? [{
        name: "intervals",
        mark: { type: "rule", color: "#222", strokeWidth: 1.5 },
        encoding: { y, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } },
      } as const] : []),
    ],
  };
  const method = d.exact !== undefined ? "exact probabilities" : "Monte Carlo estimates";
  const top = [...values].sort((a, b) => b.p - a.p).slice(0, 3).map((v) => `${v.outcome} ${percent(v.p)}`);
  return {
    id: "outcomes",
    title: "Outcomes",
    description: `Horizontal bar chart of the ${values.length} outcomes' ${method}${withIntervals ? ", each with its Monte Carlo 95% interval as a line" : ""}, coloured by group. Largest: ${top.join("; ")}.`,
    spec,
    table: {
      columns: ["outcome", "group", "probability", ...(withIntervals ? ["Monte Carlo", "95% low", "95% high"] : [])],
      rows: values.map((v) => [v.outcome, v.group, percent(v.p), ...(v.mc === undefined ? [] : [percent(v.mc), percent(v.lo ?? 0), percent(v.hi ?? 0)])]),
    },
    marks: { name: "bars", count: values.length },
  };
}

/** Group probabilities by date, stacked (outcomes when the scenario has no groups): from the exact timeline. */
export function groupTimelineChart(d: ReportData): ChartSpec | undefined {
  const timeline = d.exact?.timeline;
  if (timeline === undefined || d.exact === undefined) return undefined;
  const byGroup = d.exact.groups.length > 0;
  const items = byGroup ? d.exact.groups : d.exact.outcomes;
  const names = uniqueNames(items);
  const days = plottedDays(timeline.length);
  const values = days.flatMap((day) => {
    const t = timeline[day];
    if (t === undefined) return [];
    return items.map((x, i) => ({ date: t.date, series: names[i] ?? x.id, order: i, p: (byGroup ? t.groups[x.id] : t.outcomes[x.id]) ?? 0 }));
  });
  const spec: TopLevelSpec = {
    config: CHART_CONFIG,
    width: CHART_WIDTH,
    height: 220,
    data: { values },
    mark: { type: "area", line: false },
    name: "areas",
    encoding: {
      x: { field: "date", type: "temporal", scale: { type: "utc" }, axis: DATE_AXIS },
      y: { field: "p", type: "quantitative", stack: "zero", axis: PCT_AXIS, scale: { domain: [0, 1] } },
      color: { field: "series", type: "nominal", sort: null, scale: { domain: names }, title: byGroup ? "group" : "outcome", legend: { orient: "bottom", direction: "vertical" } },
      order: { field: "order" },
    },
  };
  const last = timeline[timeline.length - 1];
  const end = last === undefined ? "" : ` On ${last.date}: ${items.map((x, i) => `${names[i] ?? x.id} ${percent((byGroup ? last.groups[x.id] : last.outcomes[x.id]) ?? 0)}`).join("; ")}.`;
  const thinned = days.length < timeline.length ? ` (every ${days[1] ?? 1} days of ${timeline.length})` : "";
  return {
    id: "groups-timeline",
    title: byGroup ? "Headline groups over time" : "Outcomes over time",
    description: `Stacked area chart of the exact probability of each ${byGroup ? "group" : "outcome"} by date, from ${timeline[0]?.date ?? d.start} to ${d.horizon}${thinned}, evaluated as if the horizon were that date.${end}`,
    spec,
    table: {
      columns: ["date", ...names],
      rows: days.flatMap((day) => {
        const t = timeline[day];
        return t === undefined ? [] : [[t.date, ...items.map((x) => percent((byGroup ? t.groups[x.id] : t.outcomes[x.id]) ?? 0))]];
      }),
    },
    marks: { name: "areas", count: items.length },
  };
}

/** Each machine's state probabilities by date: one line chart per machine, one line per state (exact timeline). */
export function stateTimelineChart(d: ReportData, machines: readonly { readonly id: string; readonly states: readonly { readonly id: string; readonly label: string }[] }[]): ChartSpec | undefined {
  const timeline = d.exact?.timeline;
  if (timeline === undefined || machines.length === 0) return undefined;
  const days = plottedDays(timeline.length);
  let count = 0;
  const columns: string[] = ["date"];
  const keys: string[] = [];
  const charts = machines.map((m, mi): SubSpec => {
    const names = uniqueNames(m.states);
    count += m.states.length;
    m.states.forEach((s, i) => { columns.push(`${m.id}: ${names[i] ?? s.id}`); keys.push(`${m.id}.${s.id}`); });
    const values = days.flatMap((day) => {
      const t = timeline[day];
      return t === undefined ? [] : m.states.map((s, i) => ({ date: t.date, state: names[i] ?? s.id, p: t.states[`${m.id}.${s.id}`] ?? 0 }));
    });
    return {
      title: { text: shown(m.id), fontSize: 12 },
      width: CHART_WIDTH,
      height: 120,
      data: { values },
      name: `lines_${mi}`,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 },
      encoding: {
        x: { field: "date", type: "temporal", scale: { type: "utc" }, axis: DATE_AXIS },
        y: { field: "p", type: "quantitative", axis: PCT_AXIS, scale: { domain: [0, 1] } },
        color: { field: "state", type: "nominal", sort: null, scale: { domain: names }, title: "state", legend: { orient: "right" } },
      },
    };
  });
  const spec: TopLevelSpec = { config: CHART_CONFIG, vconcat: charts, resolve: { scale: { color: "independent" }, legend: { color: "independent" } } };
  return {
    id: "states-timeline",
    title: "States over time",
    description: `One line chart per machine (${machines.map((m) => m.id).join(", ")}): the exact probability that the machine is in each of its ${count} states, by date from ${timeline[0]?.date ?? d.start} to ${d.horizon}.`,
    spec,
    table: {
      columns,
      rows: days.flatMap((day) => {
        const t = timeline[day];
        return t === undefined ? [] : [[t.date, ...keys.map((k) => percent(t.states[k] ?? 0))]];
      }),
    },
    marks: { name: "lines", count },
  };
}

