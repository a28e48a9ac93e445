/**
 * The `--at` parts of `run` and `exact` reports: a table per date, and
 * rows for CSV and Markdown (the evidence header is evidenceLines.ts).
 * Pure: returns strings and rows.
 * @module
 */
import type { ExactAtPoint } from "../analysis/exact.js";
import type { McAtPoint } from "../analysis/at.js";
import { escapeText as esc } from "./escape.js";
import { interval, pct } from "./numbers.js";
import { renderTable } from "./table.js";
import type { Cell, Tidy } from "./tidy.js";

/** A probability with four decimals (as the exact tables show them). */
function exactPct(p: number): string {
  return `${(100 * p).toFixed(4)}%`;
}

/** One table per `--at` date (exact): headline groups when the scenario has them, else outcomes. */
export function exactAtTables(at: readonly ExactAtPoint[], opts: { states?: boolean } = {}): string {
  return at.map((p) => {
    const rows = (p.groups.length > 0 ? p.groups : p.outcomes).map((x) => [esc(x.label), exactPct(x.probability)]);
    const states = opts.states === true
      ? `\n${renderTable(["State", "In"], p.states.map((s) => [esc(`${s.machine}.${s.state}`), exactPct(s.probability)]), ["left", "right"])}` : "";
    return `At ${p.date} (exact; outcomes evaluated with day = that date)\n${renderTable([p.groups.length > 0 ? "Headline" : "Outcome", "Probability"], rows, ["left", "right"])}${states}\n`;
  }).join("\n");
}

/** One table per `--at` date (Monte Carlo, with 95% intervals and, for `--method both`, the exact value). */
export function mcAtTables(at: readonly McAtPoint[], exact?: readonly ExactAtPoint[]): string {
  return at.map((p, k) => {
    const ex = exact?.[k];
    const grouped = p.groups.length > 0;
    const rows = (grouped ? p.groups : p.outcomes).map((x, i) => [
      esc(x.label), pct(x.probability), interval(x.ci95),
      ...(ex === undefined ? [] : [exactPct((grouped ? ex.groups : ex.outcomes)[i]?.probability ?? 0)]),
    ]);
    const head = [grouped ? "Headline" : "Outcome", "Monte Carlo", "95% interval", ...(ex === undefined ? [] : ["Exact"])];
    return `At ${p.date} (Monte Carlo; outcomes evaluated with day = that date)\n${renderTable(head, rows, head.map((_, i) => (i === 0 ? "left" : "right")))}\n`;
  }).join("\n");
}

/** A tidy row of `--at` date `date`. */
function row(date: string, ...cells: Cell[]): { date: string; cells: Cell[] } {
  return { date, cells };
}

/** The exact `--at` rows for a tidy table: date, kind, id, label, group, probability. */
export function exactAtRows(at: readonly ExactAtPoint[]): { date: string; cells: Cell[] }[] {
  return at.flatMap((p) => [
    ...p.groups.map((g) => row(p.date, "group", g.id, g.label, null, g.probability)),
    ...p.outcomes.map((o) => row(p.date, "outcome", o.id, o.label, o.group ?? null, o.probability)),
    ...p.states.map((s) => row(p.date, "state", `${s.machine}.${s.state}`, null, null, s.probability)),
  ]);
}

/** The Monte Carlo `--at` rows: date, kind, id, label, group, probability, ci95_lo, ci95_hi, count. */
export function mcAtRows(at: readonly McAtPoint[]): { date: string; cells: Cell[] }[] {
  return at.flatMap((p) => [
    ...p.groups.map((g) => row(p.date, "group", g.id, g.label, null, g.probability, g.ci95[0], g.ci95[1], g.count)),
    ...p.outcomes.map((o) => row(p.date, "outcome", o.id, o.label, o.group ?? null, o.probability, o.ci95[0], o.ci95[1], o.count)),
    ...p.states.map((s) => row(p.date, "state", `${s.machine}.${s.state}`, null, null, s.probability, null, null, null)),
  ]);
}

/**
 * `t` with a last column `date` (empty on its own rows) and the `--at` rows
 * appended, each padded to the columns. Pure.
 */
export function withAtRows(t: Tidy, rows: readonly { date: string; cells: readonly Cell[] }[]): Tidy {
  const width = t.columns.length;
  const pad = (cells: readonly Cell[]): Cell[] => [...cells, ...Array<Cell>(Math.max(0, width - cells.length)).fill(null)].slice(0, width);
  return {
    ...t,
    columns: [...t.columns, "date"],
    rows: [...t.rows.map((r) => [...r, null]), ...rows.map((r) => [...pad(r.cells), r.date])],
  };
}
