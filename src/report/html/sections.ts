/**
 * The report's tables and lists: parameters (defaults, overrides, ranges
 * and sources with their quotes), the evidence used, the claims, and the
 * provenance. Every scenario text goes through `html` (escape.ts). Pure.
 * @module
 */
import type { Override } from "../../model/params.js";
import type { Parameter } from "../../scenario/scenario.js";
import { html, type Html } from "./escape.js";
import type { ClaimsSection, EvidenceSection, ParameterRow, ReportProvenance, ReportSource } from "./data.js";

function sig(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** A source: the quote in quotation marks with its seed file, then the rationale. */
export function sourceHtml(s: ReportSource | undefined): Html {
  if (s === undefined) return html`<span class="note">none given</span>`;
  return html`${s.quote === undefined ? false : html`<q>${s.quote}</q>${s.seed === undefined ? false : html` <span class="note">(${s.seed})</span>`}`}${
    s.rationale === undefined ? false : html`<span class="source">${s.rationale}</span>`}`;
}

/** A parameter's declared uncertainty in words, e.g. `beta (alpha 2, beta 2)`. */
function uncertaintyText(p: Parameter): string | undefined {
  const u = p.uncertainty;
  if (u === undefined) return undefined;
  const parts = Object.entries(u).filter(([k, v]) => k !== "dist" && k !== "source" && typeof v === "number").map(([k, v]) => `${k} ${String(v)}`);
  return `${u.dist} (${parts.join(", ")})`;
}

const BASIS: Readonly<Record<string, string>> = {
  uncertainty: "5th–95th percentile of its uncertainty",
  dirichlet: "5th–95th percentile of its dirichlet group",
  range: "the tornado's --range",
};

/** The parameter table. */
export function parametersHtml(rows: readonly ParameterRow[]): Html {
  if (rows.length === 0) return html`<p>none</p>`;
  const row = (r: ParameterRow): Html => {
    const p = r.parameter;
    const u = uncertaintyText(p);
    const value = r.override === undefined
      ? html`${sig(r.value)}`
      : html`<span class="override">${sig(r.value)}</span><span class="source note">from ${r.override.from}</span>`;
    const range = r.ends === undefined ? html`<span class="note">held</span>`
      : html`${sig(r.ends.low)} – ${sig(r.ends.high)}<span class="source note">${BASIS[r.ends.basis] ?? r.ends.basis}</span>`;
    return html`<tr>
<td><code>${p.name}</code><span class="source note">${p.description}${p.unit === "" ? "" : ` (${p.unit})`}</span></td>
<td class="num">${sig(p.default)}</td><td class="num">${value}</td><td class="num">[${sig(p.min)}, ${sig(p.max)}]</td>
<td>${range}${p.uncertainty === undefined || u === undefined ? false : html`<span class="source">${u}:</span> ${sourceHtml(p.uncertainty.source)}`}</td>
<td>${sourceHtml(p.source)}</td></tr>`;
  };
  return html`<table class="parameters">
<thead><tr><th scope="col">Parameter</th><th scope="col" class="num">Default</th><th scope="col" class="num">Value used</th><th scope="col" class="num">Bounds</th><th scope="col">Range and uncertainty</th><th scope="col">Source</th></tr></thead>
<tbody>${rows.map(row)}</tbody></table>`;
}

/** What differs from the defaults, as a sentence list ("none" when nothing). */
export function overridesHtml(overrides: readonly Override[]): Html {
  if (overrides.length === 0) return html`<p class="note">Overrides: none (every parameter at its default).</p>`;
  return html`<p><strong>Overrides:</strong></p><ul>${overrides.map((o) => html`<li><code>${o.name}</code> = ${sig(o.value)} (default ${sig(o.default)}, from ${o.from})</li>`)}</ul>`;
}

/** The evidence used ("none" when absent). */
export function evidenceHtml(e: EvidenceSection | undefined): Html {
  if (e === undefined || e.items.length === 0) return html`<p>none: the forecast is not conditioned on any observation.</p>`;
  return html`${e.probability === undefined ? false : html`<p>Probability of this evidence under the model: <strong>${(100 * e.probability).toFixed(4)}%</strong></p>`}
<table class="evidence"><thead><tr><th scope="col">Observation</th><th scope="col">Date</th><th scope="col">Source</th></tr></thead>
<tbody>${e.items.map((i) => html`<tr><td><code>${i.observation}</code></td><td>${i.date ?? ""}</td><td>${sourceHtml(i.source)}</td></tr>`)}</tbody></table>
${e.note === undefined ? false : html`<p class="note">${e.note}</p>`}`;
}

const STATUS: Readonly<Record<string, string>> = { holds: "holds", fails: "fails", unchecked: "not checked" };

/** The claims and whether they hold ("none" when absent). */
export function claimsHtml(c: ClaimsSection | undefined): Html {
  if (c === undefined || c.items.length === 0) return html`<p>none</p>`;
  return html`<table class="claims"><thead><tr><th scope="col">Claim</th><th scope="col">Says</th><th scope="col">Status</th><th scope="col">Source</th></tr></thead>
<tbody>${c.items.map((i) => html`<tr><td><code>${i.id}</code></td><td>${i.says}${i.detail === undefined ? false : html`<span class="source note">${i.detail}</span>`}${
    i.command === undefined ? false : html`<span class="source"><code>${i.command}</code></span>`}</td>
<td class="status-${i.status}">${STATUS[i.status] ?? i.status}</td><td>${sourceHtml(i.source)}</td></tr>`)}</tbody></table>
${c.note === undefined ? false : html`<p class="note">${c.note}</p>`}`;
}

/** The provenance list. */
export function provenanceHtml(p: ReportProvenance): Html {
  const entries: [string, string][] = [
    ["tool", p.tool], ["scenario file", p.scenarioFile], ["scenario sha256", p.scenarioSha256], ["method", p.method],
    ["seed", p.seed === undefined ? "none (no sampling)" : String(p.seed)],
    ["runs", p.runs === undefined ? "none (no sampling)" : p.runs.toLocaleString("en-US")],
    ["command", p.command ?? "(not known)"], ["date", p.date],
    ...p.notes.map((n): [string, string] => ["note", n]),
  ];
  return html`<dl class="provenance">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}
