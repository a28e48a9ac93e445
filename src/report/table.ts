/**
 * Plain-text tables (cli-table3) of a Monte Carlo summary and of a replayed
 * run. Pure: returns strings.
 * @module
 */
import Table from "cli-table3";
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import type { Summary } from "../analysis/summary.js";
import type { Replay } from "../engine/simulate.js";
import { count, interval, pct } from "./numbers.js";
import { escapeText as esc } from "./escape.js";
import type { Override } from "../model/params.js";
import { overrideLines } from "./overrides.js";
import type { EvidenceSummary } from "../evidence/summary.js";
import { evidenceLines } from "./evidenceLines.js";
import { fitCells, fitText } from "./fit.js";

const STYLE = { head: [], border: [] }; // no colours: output is read in logs and diffs too

/**
 * Renders a table with a header row. A cell may span lines (`\n`, e.g.
 * wrapped text); within each line, control, bidirectional and zero-width
 * characters are shown escaped (see {@link esc escapeText}), so a scenario's
 * text can neither move the cursor nor break the borders. With `width`
 * (columns of the terminal), text columns wrap so that the table fits (see
 * fit.ts); right-aligned columns (numbers) never wrap.
 */
export function renderTable(head: string[], rows: string[][], align?: ("left" | "right")[], width?: number): string {
  const cell = (c: string): string => c.split("\n").map((l) => esc(l)).join("\n");
  const fitted = fitCells(head.map(cell), rows.map((r) => r.map(cell)), align, width);
  const t = new Table({ head: fitted.head, style: STYLE, ...(align === undefined ? {} : { colAligns: align }) });
  for (const r of fitted.rows) t.push(r);
  return t.toString();
}

/** Options of the table reports: per-state rows, and the overrides to show under the title. */
export interface TableOptions {
  readonly states?: boolean;
  /** Parameters that differ from the scenario's defaults (see `overrideLines`); none by default. */
  readonly overrides?: readonly Override[];
  /** The terminal's width in columns: tables wrap their text columns to fit it; undefined for no limit. */
  readonly width?: number | undefined;
  /** The evidence conditioned on, the as-of date and the ignored observations (shown under the overrides); none by default. */
  readonly evidence?: EvidenceSummary | undefined;
}

/** The header lines every table report shows under its title: overrides, then evidence. Pure. */
export function headerLines(opts: TableOptions): string[] {
  return [...overrideLines(opts.overrides ?? []), ...(opts.evidence === undefined ? [] : evidenceLines(opts.evidence))];
}

/** The summary as tables: groups (when the scenario has them), outcomes, and optionally states. */
export function summaryTable(s: Summary, opts: TableOptions = {}): string {
  const parts: string[] = [];
  parts.push(esc(s.title));
  parts.push(`scenario ${esc(s.scenario)} · ${s.start} → ${s.horizon} · ${count(s.runs)} runs · seed ${s.seed}`);
  parts.push(...headerLines(opts));
  const right: ("left" | "right")[] = ["left", "right", "right", "right"];
  if (s.groups.length > 0) {
    parts.push(renderTable(["Headline", "Probability", "95% interval", "Runs"],
      s.groups.map((g) => [esc(g.label), pct(g.probability), interval(g.ci95), count(g.count)]), right, opts.width));
  }
  parts.push(renderTable(
    ["Outcome", ...(s.groups.length > 0 ? ["Group"] : []), "Probability", "95% interval", "Runs"],
    s.outcomes.map((o) => [esc(o.label), ...(s.groups.length > 0 ? [esc(o.group ?? "")] : []), pct(o.probability), interval(o.ci95), count(o.count)]),
    s.groups.length > 0 ? ["left", "left", "right", "right", "right"] : right, opts.width,
  ));
  if (opts.states === true) {
    parts.push(renderTable(["State", "Ends in", "Ever in", "Mean first entry"],
      s.states.map((x) => [esc(`${x.machine}.${x.state}`), pct(x.final), pct(x.visited), x.meanFirstVisit ?? "—"]),
      ["left", "right", "right", "left"], opts.width));
  }
  return fitText(parts.join("\n") + "\n", opts.width);
}

/** A replayed run as a table of events. */
export function replayTable(model: CompiledModel, seed: number, r: Replay, opts: TableOptions = {}): string {
  const sc = model.scenario;
  const rows = r.events.map((e) => [
    dateOfDay(sc.start, e.day), esc(model.machineIds[e.machine] ?? "?"),
    esc(`${shortName(model, e.from)} → ${shortName(model, e.to)}`), esc(e.transition.id),
  ]);
  const outcome = model.outcomes[r.outcome];
  return fitText([
    esc(sc.title),
    `run ${r.run} of seed ${seed}`,
    ...overrideLines(opts.overrides ?? []),
    rows.length > 0 ? renderTable(["Date", "Machine", "Change", "Transition"], rows, undefined, opts.width) : "(no state changed before the horizon)",
    `final: ${esc(r.finalStates.map((s) => model.stateNames[s]).join(", "))}`,
    `outcome: ${esc(outcome?.label ?? "?")} (${esc(outcome?.id ?? "?")})`,
  ].join("\n") + "\n", opts.width);
}

function shortName(model: CompiledModel, s: number): string {
  const n = model.stateNames[s] ?? "?";
  return n.slice(n.indexOf(".") + 1);
}
