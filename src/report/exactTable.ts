/**
 * Tables of exact results: outcomes and groups, the Monte Carlo comparison,
 * and the timeline by date. Pure: returns strings.
 * @module
 */
import type { Comparison, ExactSummary } from "../analysis/exact.js";
import type { Summary } from "../analysis/summary.js";
import { count, interval, pct } from "./numbers.js";
import { headerLines, renderTable, type TableOptions } from "./table.js";
import { escapeText as esc } from "./escape.js";
import { fitText } from "./fit.js";

/** A probability with enough digits to compare with other tools (the JSON has all of them). */
function exactPct(p: number): string {
  return `${(100 * p).toFixed(4)}%`;
}

/** The exact outcome (and group) probabilities. */
export function exactTable(s: ExactSummary, opts: TableOptions = {}): string {
  const parts = [esc(s.title), `scenario ${esc(s.scenario)} · ${s.start} → ${s.horizon} · exact (peak ${count(s.peakStates)} joint states)`,
    ...headerLines(opts)];
  if (s.groups.length > 0) {
    parts.push(renderTable(["Headline", "Probability"], s.groups.map((g) => [esc(g.label), exactPct(g.probability)]), ["left", "right"], opts.width));
  }
  const grouped = s.groups.length > 0;
  parts.push(renderTable(
    ["Outcome", ...(grouped ? ["Group"] : []), "Probability"],
    s.outcomes.map((o) => [esc(o.label), ...(grouped ? [esc(o.group ?? "")] : []), exactPct(o.probability)]),
    grouped ? ["left", "left", "right"] : ["left", "right"], opts.width,
  ));
  if (opts.states === true) {
    parts.push(renderTable(["State", "Ends in"], s.states.map((x) => [esc(`${x.machine}.${x.state}`), exactPct(x.final)]), ["left", "right"], opts.width));
  }
  return fitText(parts.join("\n") + "\n", opts.width);
}

function diff(c: Comparison): string {
  return Number.isFinite(c.diffSE) ? `${c.diffSE >= 0 ? "+" : ""}${c.diffSE.toFixed(2)}` : String(c.diffSE);
}

/** Monte Carlo beside exact, with the difference in standard errors. */
export function bothTable(mc: Summary, rows: { outcomes: Comparison[]; groups: Comparison[] }, opts: TableOptions = {}): string {
  const head = ["", "Monte Carlo", "95% interval", "Exact", "Δ (SE)"];
  const align: ("left" | "right")[] = ["left", "right", "right", "right", "right"];
  const line = (c: Comparison): string[] => [esc(c.label), pct(c.mc), interval(c.ci95), exactPct(c.exact), diff(c)];
  const parts = [esc(mc.title), `scenario ${esc(mc.scenario)} · ${mc.start} → ${mc.horizon} · ${count(mc.runs)} runs · seed ${mc.seed} · Δ = (MC − exact) / standard error`,
    ...headerLines(opts)];
  if (rows.groups.length > 0) parts.push(renderTable(["Headline", ...head.slice(1)], rows.groups.map(line), align, opts.width));
  parts.push(renderTable(["Outcome", ...head.slice(1)], rows.outcomes.map(line), align, opts.width));
  return fitText(parts.join("\n") + "\n", opts.width);
}

/**
 * The timeline: one row per `every` days from its first date (the as-of
 * date) and always the horizon, groups (headed by their labels, as the
 * headline table) or outcomes, optionally states; with `width`, the column
 * heads wrap to fit it.
 */
export function timelineTable(s: ExactSummary, every: number, opts: { states?: boolean; width?: number | undefined } = {}): string {
  const tl = s.timeline ?? [];
  const cols = s.groups.length > 0 ? s.groups.map((g) => ({ id: g.id, label: g.label, kind: "groups" as const }))
    : s.outcomes.map((o) => ({ id: o.id, label: o.label, kind: "outcomes" as const }));
  const stateCols = opts.states === true ? s.states.map((x) => `${x.machine}.${x.state}`) : [];
  const rows = tl
    .filter((p, i) => i % every === 0 || i === tl.length - 1)
    .map((p) => [p.date, ...cols.map((c) => pct(p[c.kind][c.id] ?? 0)), ...stateCols.map((k) => pct(p.states[k] ?? 0))]);
  return fitText(`Timeline (exact; outcomes evaluated with day = that date, horizon unchanged)\n${renderTable(
    ["Date", ...cols.map((c) => esc(c.label)), ...stateCols.map((k) => esc(k))], rows, ["left", ...cols.map(() => "right" as const), ...stateCols.map(() => "right" as const)],
    opts.width,
  )}\n`, opts.width);
}
