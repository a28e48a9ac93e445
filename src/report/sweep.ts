/**
 * A sweep report (src/sensitivity/sweep.ts) as JSON (the documented
 * contract) and as tables: one-way, a row per value with a column per
 * group (per outcome without groups); two-way, a matrix per group (rows the
 * first parameter, columns the second). Pure: returns strings and plain
 * objects.
 * @module
 */
import type { Override } from "../model/params.js";
import { pointText, type SweepPoint, type SweepReport } from "../sensitivity/sweep.js";
import { escapeText as esc } from "./escape.js";
import { count, pct } from "./numbers.js";
import { overrideLines } from "./overrides.js";
import { fittedTable, longestLine } from "./fitTables.js";
import { fitText } from "./fit.js";
import { shortNumber } from "./tornado.js";
import type { Cell, Provenance, Tidy } from "./tidy.js";
import { overrideMeta } from "./overrides.js";

/**
 * The JSON of a sweep: `{ scenario, method, steps, seed?, runs?, axes:
 * [{ name, from, to }], overrides, points: [{ values, groups, outcomes,
 * error? }] }`, points in row-major order (the second axis fastest). Pure.
 */
export function sweepJson(r: SweepReport, overrides: readonly Override[]): Record<string, unknown> {
  return {
    scenario: r.scenario,
    method: r.method,
    steps: r.steps,
    ...(r.seed === undefined ? {} : { seed: r.seed }),
    ...(r.runs === undefined ? {} : { runs: r.runs }),
    axes: r.axes.map((a) => ({ name: a.name, from: a.from, to: a.to })),
    overrides,
    points: r.points.map((p) => ({ values: p.values, groups: p.groups, outcomes: p.outcomes, ...(p.error === undefined ? {} : { error: p.error }) })),
  };
}

/** The columns of a table: groups, or outcomes when the scenario has none. */
function columns(r: SweepReport): { kind: "group" | "outcome"; ids: readonly string[] } {
  return r.groupIds.length > 0 ? { kind: "group", ids: r.groupIds } : { kind: "outcome", ids: r.outcomeIds };
}

function cell(p: SweepPoint | undefined, kind: "group" | "outcome", id: string): string {
  const v = p === undefined ? null : kind === "group" ? p.groups[id] : p.outcomes[id];
  return v === null || v === undefined ? "invalid" : pct(v);
}

/**
 * The sweep as text: a header, the table or matrices, and any invalid points
 * listed under them. With `width` (the terminal's columns) it fits: headings
 * wrap, and a table whose numbers alone are too wide is cut into several,
 * each repeating the first column (see fitTables.ts); undefined for no
 * limit. Pure.
 */
export function sweepTable(r: SweepReport, overrides: readonly Override[], width?: number): string {
  const parts: string[] = [];
  const how = r.method === "exact"
    ? "exact solver"
    : `Monte Carlo, ${count(r.runs ?? 0)} runs per point, seed ${r.seed ?? 0}, common random numbers at every point`;
  parts.push(`Sweep · scenario ${esc(r.scenario)} · ${how}`);
  parts.push(`Axes: ${r.axes.map((a) => `${a.name} from ${a.from} to ${a.to}`).join("; ")} · ${r.steps} points per axis`);
  parts.push(...overrideLines(overrides));
  const { kind, ids } = columns(r);
  const [first, second] = r.axes;
  if (first !== undefined && second === undefined) {
    const rows = r.points.map((p) => [shortNumber(p.values[first.name] ?? Number.NaN), ...ids.map((id) => cell(p, kind, id))]);
    const align = [first.name, ...ids].map((): "right" => "right");
    const full = fittedTable([first.name, ...ids.map((id) => `${kind}:${id}`)], rows, align, undefined);
    // Too wide for the terminal: headings break after the colon rather than inside an id.
    parts.push(width === undefined || longestLine(full) <= width ? full
      : fittedTable([first.name, ...ids.map((id) => `${kind}:\n${id}`)], rows, align, width));
  } else if (first !== undefined && second !== undefined) {
    const n = second.values.length;
    for (const id of ids) {
      parts.push("");
      parts.push(`${kind}:${esc(id)} · rows ${first.name}, columns ${second.name}`);
      parts.push(fittedTable(
        [`${first.name} \\ ${second.name}`, ...second.values.map(shortNumber)],
        first.values.map((v, i) => [shortNumber(v), ...second.values.map((_, j) => cell(r.points[i * n + j], kind, id))]),
        [first.name, ...second.values].map((): "right" => "right"),
        width,
      ));
    }
  }
  for (const p of r.points) if (p.error !== undefined) parts.push(esc(`${pointText(p.values)}: ${p.error}`));
  return fitText(parts.join("\n") + "\n", width);
}

/**
 * The sweep as one tidy table: a row per point (row-major, the second axis
 * fastest). Columns: each axis's parameter, `group:ID` for each group,
 * `outcome:ID` for each outcome (empty for an invalid point), error. Pure.
 */
export function sweepTidy(r: SweepReport): Tidy {
  return {
    columns: [...r.axes.map((a) => a.name), ...r.groupIds.map((g) => `group:${g}`), ...r.outcomeIds.map((o) => `outcome:${o}`), "error"],
    rows: r.points.map((p): Cell[] => [
      ...r.axes.map((a) => p.values[a.name] ?? null),
      ...r.groupIds.map((g) => p.groups[g] ?? null),
      ...r.outcomeIds.map((o) => p.outcomes[o] ?? null),
      p.error ?? null,
    ]),
  };
}

/** What a sweep was computed with, for the CSV and Markdown header. Pure. */
export function sweepMeta(r: SweepReport, overrides: readonly Override[]): Provenance {
  return [
    ["scenario", r.scenario], ["method", r.method], ["steps", String(r.steps)],
    ...(r.seed === undefined ? [] : [["seed", String(r.seed)] as const]),
    ...(r.runs === undefined ? [] : [["runs", String(r.runs)] as const]),
    ...r.axes.map((a) => ["axis", `${a.name} from ${a.from} to ${a.to}`] as const),
    ...overrideMeta(overrides),
  ];
}
