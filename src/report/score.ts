/**
 * A score report (src/scoring/score.ts) as JSON (the documented contract),
 * as a table with totals, the events not scored and the reliability table,
 * and as a tidy table for CSV and Markdown (one row per event, then the
 * totals, then the reliability bins, told apart by a `section` column).
 * Pure: returns strings and plain objects.
 * @module
 */
import type { EvidenceSummary } from "../evidence/summary.js";
import type { Override } from "../model/params.js";
import type { EventScore, ReliabilityBin, ScoreSummary, ScoreTotals } from "../scoring/score.js";
import { LOG_EPSILON, MIN_RELIABILITY_EVENTS } from "../scoring/score.js";
import { escapeText as esc } from "./escape.js";
import { evidenceLines, evidenceMeta } from "./evidenceLines.js";
import { overrideLines, overrideMeta } from "./overrides.js";
import { fittedTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import type { Cell, Provenance, Tidy } from "./tidy.js";

/** What a score report shows besides the numbers. */
export interface ScoreMeta {
  readonly scenario: string;
  readonly title: string;
  /** The date the forecasts are made as of. */
  readonly asOf: string;
  /** The resolutions file's `name` and path. */
  readonly resolutions: string;
  readonly resolutionsFile: string;
  readonly overrides: readonly Override[];
  /** The evidence conditioned on, when any observation or `--asof` was given. */
  readonly evidence?: EvidenceSummary | undefined;
  /** The comparison: its kind and, for a scenario or overlay, its scenario id and overrides. */
  readonly against?: {
    readonly kind: "scenario" | "baseRate";
    readonly scenario?: string | undefined;
    readonly overrides?: readonly Override[] | undefined;
  } | undefined;
}

const num = (x: number | undefined, digits = 4): string => (x === undefined ? "—" : x.toFixed(digits));
const prob = (p: number): string => `${(100 * p).toFixed(2)}%`;
const yes = (b: boolean): string => (b ? "yes" : "no");
const log = (s: EventScore): string => `${num(s.log)}${s.clipped ? " (clipped)" : ""}`;

function scoreJson(s: EventScore): Record<string, unknown> {
  return { probability: s.probability, brier: s.brier, log: s.log, clipped: s.clipped };
}

/**
 * The JSON of a score: `{ scenario, title, asOf, resolutions, epsilon,
 * events: [{ id, event, date, happened, probability, brier, log, clipped,
 * against?: { probability, brier, log, clipped } }], excluded: [{ id, event,
 * date, happened, reason, probability?, contradicts }], totals: { count, brier, log, clipped },
 * reliability: [{ from, to, count, meanForecast, observed }] | null,
 * against?: { name, kind, scenario?, overrides?, totals, reliability, diff:
 * { brier, log } }, evidence?, overrides }`. Pure.
 */
export function scoreReportJson(r: ScoreSummary, m: ScoreMeta): Record<string, unknown> {
  return {
    scenario: m.scenario, title: m.title, asOf: m.asOf, resolutions: m.resolutions, epsilon: LOG_EPSILON,
    events: r.events.map((e) => ({
      id: e.id, event: e.event, date: e.date, happened: e.happened, ...scoreJson(e.score),
      ...(e.against === undefined ? {} : { against: scoreJson(e.against) }),
    })),
    excluded: r.excluded,
    totals: r.totals,
    reliability: r.reliability ?? null,
    ...(r.against === undefined ? {} : {
      against: {
        name: r.against.name, kind: m.against?.kind,
        ...(m.against?.scenario === undefined ? {} : { scenario: m.against.scenario }),
        ...(m.against?.overrides === undefined ? {} : { overrides: m.against.overrides }),
        totals: r.against.totals, reliability: r.against.reliability ?? null, diff: r.against.diff,
      },
    }),
    ...(m.evidence === undefined ? {} : { evidence: { probability: m.evidence.probability, observations: m.evidence.observations, ignored: m.evidence.ignored } }),
    overrides: m.overrides,
  };
}

function totalsLine(label: string, t: ScoreTotals): string {
  const clipped = t.clipped > 0 ? ` (${t.clipped} clipped at ln ε)` : "";
  return `${label}: mean Brier ${num(t.brier)} · mean log score ${num(t.log)}${clipped} · ${t.count} event${t.count === 1 ? "" : "s"}`;
}

/** Whether a difference shows as zero at four decimals (then neither side is called better). */
const nil = (d: number): boolean => Math.abs(d) < 5e-5;

function diffWord(d: number | undefined, lowerBetter: boolean): string {
  if (d === undefined) return "";
  if (nil(d)) return " (equal at 4 decimals)";
  return (d < 0) === lowerBetter ? " (scenario better)" : " (comparison better)";
}

function reliabilityTable(bins: readonly ReliabilityBin[], width: number | undefined): string {
  return fittedTable(["Forecast", "Mean forecast", "Observed", "Events"],
    bins.map((b) => [`${b.from.toFixed(1)}–${b.to.toFixed(1)}`, prob(b.meanForecast), prob(b.observed), String(b.count)]),
    ["left", "right", "right", "right"], width, { whole: [0] });
}

/**
 * The score as text: header lines, the events table, totals, events not
 * scored, reliability. With `width` (the terminal's columns) it fits: event
 * texts and lines wrap, and an events table too wide even so is cut into
 * two, each repeating the event (see fitTables.ts); undefined for no limit.
 * Pure.
 */
export function scoreTable(r: ScoreSummary, m: ScoreMeta, width?: number): string {
  const lines = [esc(`Scores: ${m.title} (${m.scenario}) against resolutions "${m.resolutions}" (${m.resolutionsFile})`)];
  if (m.evidence === undefined) lines.push(`As of ${m.asOf} (the scenario's start)`);
  lines.push(...overrideLines(m.overrides));
  if (m.evidence !== undefined) lines.push(...evidenceLines(m.evidence));
  if (r.against !== undefined) {
    lines.push(esc(`Compared with: ${r.against.name}`));
    for (const l of overrideLines(m.against?.overrides ?? [])) lines.push(`  ${l}`);
  }
  const parts = [lines.join("\n")];
  const cmp = r.against !== undefined;
  if (r.events.length > 0) {
    const head = ["Event", "Date", "Happened", "P", "Brier", "Log score", ...(cmp ? ["P (comparison)", "Brier (comparison)", "Log (comparison)"] : [])];
    const rows = r.events.map((e) => [
      `${e.id}\n${e.event}`, e.date, yes(e.happened), prob(e.score.probability), num(e.score.brier), log(e.score),
      ...(e.against === undefined ? [] : [prob(e.against.probability), num(e.against.brier), log(e.against)]),
    ]);
    // Dates and yes/no are kept whole, as numbers are.
    parts.push(fittedTable(head, rows, head.map((_, i) => (i < 3 ? "left" : "right")), width, { whole: [1, 2] }));
  }
  const tl = [totalsLine("Scenario", r.totals)];
  if (r.against !== undefined) {
    tl.push(totalsLine("Comparison", r.against.totals));
    const d = r.against.diff;
    tl.push(`Difference (scenario − comparison): Brier ${d.brier === undefined ? "—" : signed(d.brier)}${diffWord(d.brier, true)} · log score ${d.log === undefined ? "—" : signed(d.log)}${diffWord(d.log, false)}`);
  }
  tl.push(`Brier (p − o)²: lower is better. Log score ln(probability given to what happened): higher is better; below ε = ${LOG_EPSILON} it counts as ln ε.`);
  if (r.events.length === 0) tl.unshift(`Nothing to score: no event is dated after the as-of date ${m.asOf}.`);
  parts.push(tl.join("\n"));
  if (r.excluded.length > 0) {
    const ex = [`Not scored (dated on or before the as-of date ${m.asOf}, so known when the forecast was made): ${r.excluded.length}`];
    for (const e of r.excluded) ex.push(esc(`  ${e.id}: ${e.event} (happened: ${yes(e.happened)}${excludedP(e)})`));
    parts.push(ex.join("\n"));
  }
  if (r.reliability !== undefined) {
    parts.push(`Reliability (${r.events.length} events; bins of forecast probability):\n${reliabilityTable(r.reliability, width)}`);
    if (r.against?.reliability !== undefined) parts.push(`Reliability of the comparison:\n${reliabilityTable(r.against.reliability, width)}`);
  } else if (r.events.length > 0) {
    parts.push(`No reliability table: ${r.events.length} event${r.events.length === 1 ? "" : "s"} scored, fewer than ${MIN_RELIABILITY_EVENTS}.`);
  }
  return fitText(parts.join("\n\n") + "\n", width);
}

/** The consistency check of an event not scored, e.g. `; scenario: 100.00%`, with a warning when it contradicts what happened. */
function excludedP(e: ScoreSummary["excluded"][number]): string {
  if (e.probability === undefined) return "";
  return `; scenario: ${prob(e.probability)}${e.contradicts ? " — CONTRADICTS what happened" : ""}`;
}

function signed(x: number): string {
  if (nil(x)) return "0.0000";
  return `${x > 0 ? "+" : ""}${x.toFixed(4)}`;
}

/** Provenance pairs for CSV and Markdown. Pure. */
export function scoreMeta(r: ScoreSummary, m: ScoreMeta): Provenance {
  const againstOverrides = (m.against?.overrides ?? []).map((o): [string, string] => ["comparison override", `${o.name} = ${o.value} (default ${o.default}, from ${o.from})`]);
  return [
    ["scenario", m.scenario], ["title", m.title], ["resolutions", `${m.resolutions} (${m.resolutionsFile})`],
    ...(m.evidence === undefined ? [["asOf", m.asOf] as [string, string]] : evidenceMeta(m.evidence)),
    ["epsilon", String(LOG_EPSILON)],
    ...overrideMeta(m.overrides),
    ...(r.against === undefined ? [] : [["comparison", r.against.name] as [string, string], ...againstOverrides]),
    ...r.excluded.map((e): [string, string] => ["not scored", `${e.id}: ${e.event} (happened: ${yes(e.happened)}${excludedP(e)}; dated on or before the as-of date)`]),
  ];
}

/**
 * One row per scored event (`section` = `event`), then the means (`total`),
 * then the reliability bins (`reliability`, and `reliability-comparison`). Pure.
 */
export function scoreTidy(r: ScoreSummary): Tidy {
  const cmp = r.against !== undefined;
  const columns = ["section", "id", "event", "date", "happened", "probability", "brier", "log_score", "clipped",
    ...(cmp ? ["comparison_probability", "comparison_brier", "comparison_log_score", "comparison_clipped", "brier_diff", "log_score_diff"] : []),
    "bin_from", "bin_to", "count", "observed"];
  const blankCmp: Cell[] = cmp ? [null, null, null, null, null, null] : [];
  const rows: Cell[][] = r.events.map((e) => [
    "event", e.id, e.event, e.date, e.happened ? 1 : 0, e.score.probability, e.score.brier, e.score.log, e.score.clipped ? 1 : 0,
    ...(e.against === undefined ? blankCmp : [e.against.probability, e.against.brier, e.against.log, e.against.clipped ? 1 : 0,
      e.score.brier - e.against.brier, e.score.log - e.against.log]),
    null, null, null, null,
  ]);
  const t = r.totals;
  const a = r.against;
  rows.push(["total", "mean", null, null, null, null, t.brier, t.log, t.clipped,
    ...(a === undefined ? [] : [null, a.totals.brier, a.totals.log, a.totals.clipped, a.diff.brier, a.diff.log]),
    null, null, t.count, null]);
  const bins = (section: string, bs: readonly ReliabilityBin[] | undefined): Cell[][] => (bs ?? []).map((b) => [
    section, null, null, null, null, b.meanForecast, null, null, null, ...blankCmp, b.from, b.to, b.count, b.observed,
  ]);
  rows.push(...bins("reliability", r.reliability), ...bins("reliability-comparison", a?.reliability));
  return { columns, rows, literal: ["section"] };
}
