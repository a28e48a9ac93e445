/**
 * The HTML report as one self-contained page: the headline groups with
 * their intervals, the charts (inline SVG rendered ahead of time, each with
 * a title, a description and its data as a table for screen readers), the
 * parameters, the evidence used, the claims and the provenance. No script,
 * no external style, font or image: the page makes no request.
 * @module
 */
import type { Scenario } from "../../scenario/scenario.js";
import { outcomeChart, groupTimelineChart, stateTimelineChart } from "./charts.js";
import { sensitivityChart, tornadoChart } from "./analysisCharts.js";
import type { ChartSpec } from "./chart.js";
import { percent } from "./chart.js";
import type { ReportData } from "./data.js";
import { html, trusted, type Html } from "./escape.js";
import { claimsHtml, evidenceHtml, overridesHtml, parametersHtml, provenanceHtml } from "./sections.js";
import { renderCharts, type RenderedChart } from "./svg.js";
import { STYLE } from "./style.js";

/** The charts a report's data gives, in page order (a chart without its data is left out). */
export function reportCharts(d: ReportData, sc: Pick<Scenario, "machines">): ChartSpec[] {
  const machines = sc.machines.map((m) => ({ id: m.id, states: m.states.map((s) => ({ id: s.id, label: s.label })) }));
  return [
    outcomeChart(d), groupTimelineChart(d), stateTimelineChart(d, machines),
    d.tornado === undefined ? undefined : tornadoChart(d.tornado),
    d.sensitivity === undefined ? undefined : sensitivityChart(d.sensitivity),
  ].filter((c): c is ChartSpec => c !== undefined);
}

function figure(r: RenderedChart): Html {
  const c = r.chart;
  return html`<figure class="chart" data-chart="${c.id}">
<figcaption id="${c.id}-title"><h3>${c.title}</h3></figcaption>
<div class="svg" role="img" aria-labelledby="${c.id}-title" aria-describedby="${c.id}-desc">${trusted(r.svg)}</div>
<p class="desc" id="${c.id}-desc">${c.description}</p>
<div class="sr-only"><table><caption>Data of the chart “${c.title}”</caption>
<thead><tr>${c.table.columns.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${c.table.rows.map((row) => html`<tr>${row.map((x) => html`<td>${x}</td>`)}</tr>`)}</tbody></table></div>
</figure>`;
}

/** The headline groups (outcomes when there are none): exact value and the Monte Carlo estimate with its 95% interval. */
function headlineHtml(d: ReportData): Html {
  const exact = d.exact === undefined ? undefined : d.exact.groups.length > 0 ? d.exact.groups : d.exact.outcomes;
  const mc = d.mc === undefined ? undefined : d.mc.groups.length > 0 ? d.mc.groups : d.mc.outcomes;
  const items = (exact ?? mc ?? []).map((x, i) => ({ label: x.label, exact: exact?.[i]?.probability, mc: mc?.[i] }));
  return html`<ul class="headline">${items.map((x) => html`<li><span class="label">${x.label}</span>
<span class="value">${percent(x.exact ?? x.mc?.probability ?? 0)}</span>
<span class="interval">${x.exact === undefined ? "Monte Carlo estimate" : "exact"}${x.mc === undefined ? "" : `; Monte Carlo ${percent(x.mc.probability)}, 95% interval ${percent(x.mc.ci95[0])} – ${percent(x.mc.ci95[1])}`}</span></li>`)}</ul>
${d.exact === undefined && d.exactNote !== undefined ? html`<p class="note">No exact result: ${d.exactNote}</p>` : false}`;
}

function chartSection(rendered: readonly RenderedChart[], id: string, missing: string): Html {
  const r = rendered.find((x) => x.chart.id === id);
  return r === undefined ? html`<p class="note">${missing}</p>` : figure(r);
}

/**
 * Renders the report: its charts to SVG (vega, loaded on first use), then
 * the page. Resolves to the whole HTML document and any chart warnings.
 */
export async function renderReport(d: ReportData, sc: Pick<Scenario, "machines">): Promise<{ html: string; warnings: readonly string[] }> {
  const { charts, warnings } = await renderCharts(reportCharts(d, sc));
  const noExact = d.exactNote === undefined ? "not computed (no exact solve: --method mc)" : `not available: ${d.exactNote}`;
  const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${d.provenance.tool}">
<title>${d.title}</title>
<style>${trusted(STYLE)}</style></head>
<body><main>
<header><h1>${d.title}</h1>
<p class="meta">Scenario <code>${d.scenarioId}</code> · as of ${d.asOf} · ${d.start} → ${d.horizon} · ${d.provenance.method}</p>
<p>${d.description}</p></header>
<section aria-labelledby="h-headline"><h2 id="h-headline">Headline</h2>${headlineHtml(d)}${overridesHtml(d.overrides)}</section>
<section aria-labelledby="h-outcomes"><h2 id="h-outcomes">Outcomes</h2>${chartSection(charts, "outcomes", "no outcomes")}</section>
<section aria-labelledby="h-time"><h2 id="h-time">Over time</h2>${chartSection(charts, "groups-timeline", noExact)}${chartSection(charts, "states-timeline", noExact)}</section>
<section aria-labelledby="h-assumptions"><h2 id="h-assumptions">Which assumptions matter</h2>${
  chartSection(charts, "tornado", "Tornado: not computed (--no-tornado).")}${
  chartSection(charts, "sensitivity", "Global sensitivity (Sobol indices): not computed; add --sensitivity N (N base samples; it is expensive).")}</section>
<section aria-labelledby="h-parameters"><h2 id="h-parameters">Parameters</h2>${parametersHtml(d.parameters)}</section>
<section aria-labelledby="h-evidence"><h2 id="h-evidence">Evidence used</h2>${evidenceHtml(d.evidence)}</section>
<section aria-labelledby="h-claims"><h2 id="h-claims">Claims</h2>${claimsHtml(d.claims)}</section>
<section aria-labelledby="h-provenance"><h2 id="h-provenance">Provenance</h2>${provenanceHtml(d.provenance)}</section>
</main></body></html>
`;
  return { html: page.text, warnings };
}
