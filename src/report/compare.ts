/**
 * A paired comparison (src/analysis/paired.ts) as JSON (the documented
 * contract), as a table, and as a tidy table for CSV and Markdown, with the
 * overrides of each side and, when either side is conditioned, each side's
 * as-of date, observations and P(evidence). Pure: returns strings and plain
 * objects.
 * @module
 */
import type { PairedComparison, PairedEstimate, SideEvidenceProbability } from "../analysis/paired.js";
import { allMatched, type Unmatched } from "../analysis/pairTargets.js";
import { sourceLine, type EvidenceSummary } from "../evidence/summary.js";
import type { Origin, Override } from "../model/params.js";
import { escapeText as esc } from "./escape.js";
import { count, pct } from "./numbers.js";
import { fittedTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import type { Cell, Provenance, Tidy } from "./tidy.js";

/** Where a side's value came from: shared (`--set`, `params:FILE`, the latter also for `--a-params`/`--b-params` files) or that side's own `--a-set`/`--b-set`. */
export type SideOrigin = Origin | "--a-set" | "--b-set";

/** A parameter that differs from its scenario's default on one side. */
export type SideOverride = Omit<Override, "from"> & { readonly from: SideOrigin };

/** What a comparison report shows besides the numbers. */
export interface CompareMeta {
  /** Scenario ids of side A and side B. */
  readonly scenarioA: string;
  readonly scenarioB: string;
  /** The title of A's scenario (and of B's when it differs), for the table's first line. */
  readonly title: string;
  readonly overridesA: readonly SideOverride[];
  readonly overridesB: readonly SideOverride[];
  /**
   * Each side's evidence (as-of date, observations used and ignored; its
   * `probability` is not read: P(evidence) comes from the comparison), when
   * any evidence option was given.
   */
  readonly evidenceA?: EvidenceSummary | undefined;
  readonly evidenceB?: EvidenceSummary | undefined;
}

/** A side's evidence block of the JSON. */
function evidenceJson(e: EvidenceSummary, p: SideEvidenceProbability | undefined): Record<string, unknown> {
  return {
    asOf: e.asOf,
    probability: p?.probability ?? 1, ci95: p?.ci95 ?? [1, 1],
    ...(p?.se === undefined ? {} : { se: p.se }), ...(p?.ess === undefined ? {} : { ess: p.ess }),
    observations: e.observations, ignored: e.ignored,
  };
}

function row(e: PairedEstimate): Record<string, unknown> {
  return {
    id: e.id, label: e.label, a: e.a, b: e.b, diff: e.diff, ci95: e.ci95,
    ...(e.varianceReduction === undefined ? {} : { varianceReduction: e.varianceReduction }),
    ...(e.discordant === undefined ? {} : { discordant: e.discordant }),
  };
}

/**
 * The JSON of a comparison: `{ scenarioA, scenarioB, method, seed?, runs?,
 * groups: [{ id, label, a, b, diff, ci95: [lo, hi], varianceReduction?,
 * discordant? }], outcomes: [...], unmatched, overridesA, overridesB,
 * evidenceA?, evidenceB? }`, each evidence block `{ asOf, probability,
 * ci95, se?, ess?, observations, ignored }` (se and ess: Monte Carlo). Pure.
 */
export function compareJson(c: PairedComparison, m: CompareMeta): Record<string, unknown> {
  return {
    scenarioA: m.scenarioA, scenarioB: m.scenarioB, method: c.method,
    ...(c.seed === undefined ? {} : { seed: c.seed }),
    ...(c.runs === undefined ? {} : { runs: c.runs }),
    groups: c.groups.map(row), outcomes: c.outcomes.map(row),
    unmatched: c.unmatched,
    overridesA: m.overridesA, overridesB: m.overridesB,
    ...(m.evidenceA === undefined ? {} : { evidenceA: evidenceJson(m.evidenceA, c.evidence?.a) }),
    ...(m.evidenceB === undefined ? {} : { evidenceB: evidenceJson(m.evidenceB, c.evidence?.b) }),
  };
}

/** P(evidence) in words: exact with four decimals, or estimated with its interval and effective sample size. */
function evidenceProbabilityText(p: SideEvidenceProbability | undefined): string {
  const q = (x: number): string => `${(100 * x).toFixed(4)}%`;
  if (p === undefined) return "P(evidence) = 1";
  if (p.se === undefined) return `P(evidence) = ${q(p.probability)}`;
  return `P(evidence) ≈ ${q(p.probability)} [${q(p.ci95[0])}, ${q(p.ci95[1])}] · effective sample size ${count(Math.round(p.ess ?? 0))}`;
}

/** A side's evidence as header lines: as-of date and P(evidence), then each observation used with its source, then the ignored ones. */
function evidenceText(side: string, e: EvidenceSummary, p: SideEvidenceProbability | undefined): string[] {
  const n = e.observations.length;
  const given = n === 0 ? "no observation" : `given ${n} observation${n === 1 ? "" : "s"}:`;
  const lines = [`${side} as of ${e.asOf} · ${n === 0 ? "unconditioned" : evidenceProbabilityText(p)} · ${given}`];
  for (const o of e.observations) {
    const src = sourceLine(o.source);
    lines.push(esc(`  ${o.observation}  [${o.from}]${src === "" ? "" : ` ${src}`}`));
  }
  if (e.ignored.length > 0) {
    lines.push(`  ignored (dated after ${side}'s as-of date): ${esc(e.ignored.map((o) => `${o.observation} [${o.from}]`).join("; "))}`);
  }
  return lines;
}

/** A difference in percentage points with its sign, e.g. `+4.52 pts`. */
export function points(d: number): string {
  const s = (100 * d).toFixed(2);
  if (s === "0.00" || s === "-0.00") return "0.00 pts";
  return `${d > 0 ? "+" : ""}${s} pts`;
}

/** A variance reduction for a table, e.g. `12.3×`; `—` when undefined. */
export function reduction(v: number | null | undefined): string {
  if (v === undefined) return "";
  if (v === null) return "— (no run differs)";
  return `${v >= 100 ? v.toFixed(0) : v.toPrecision(3)}×`;
}

function overrideText(o: SideOverride): string {
  return `${o.name} = ${o.value} (default ${o.default}, from ${o.from})`;
}

function sideLines(label: string, overrides: readonly SideOverride[]): string[] {
  const head = `${label} overrides: `;
  if (overrides.length === 0) return [`${head}none`];
  return overrides.map((o, i) => `${i === 0 ? head : " ".repeat(head.length)}${esc(overrideText(o))}`);
}

function unmatchedText(u: Unmatched): string[] {
  if (allMatched(u)) return [];
  const part = (side: string, g: readonly string[], o: readonly string[]): string[] => {
    const ids = [...g.map((x) => `group ${x}`), ...o.map((x) => `outcome ${x}`)];
    return ids.length === 0 ? [] : [`not compared, only in ${side}: ${esc(ids.join(", "))}`];
  };
  return [...part("A", u.groups.a, u.outcomes.a), ...part("B", u.groups.b, u.outcomes.b)];
}

/**
 * The comparison as tables: groups (when shared), outcomes; the method, each
 * side's overrides and any unmatched ids above. With `width` (the terminal's
 * columns) it fits: labels and lines of text wrap (see fitTables.ts);
 * undefined for no limit. Pure.
 */
export function compareTable(c: PairedComparison, m: CompareMeta, width?: number): string {
  const mc = c.method === "mc";
  const how = mc
    ? `Monte Carlo, ${count(c.runs ?? 0)} paired runs (common random numbers) · seed ${c.seed ?? 0}`
    : "exact";
  const head = ["", "A", "B", "B − A", "95% interval", ...(mc ? ["Variance reduction"] : [])];
  const line = (e: PairedEstimate): string[] => [
    esc(e.label), pct(e.a), pct(e.b), points(e.diff),
    mc ? `[${points(e.ci95[0])}, ${points(e.ci95[1])}]` : "exact",
    ...(mc ? [reduction(e.varianceReduction)] : []),
  ];
  const align: ("left" | "right")[] = ["left", "right", "right", "right", "right", ...(mc ? ["right" as const] : [])];
  const parts = [
    esc(m.title),
    `compare · A: ${esc(m.scenarioA)} · B: ${esc(m.scenarioB)} · ${how}`,
    ...sideLines("A", m.overridesA),
    ...sideLines("B", m.overridesB),
    ...(m.evidenceA === undefined ? [] : evidenceText("A", m.evidenceA, c.evidence?.a)),
    ...(m.evidenceB === undefined ? [] : evidenceText("B", m.evidenceB, c.evidence?.b)),
    ...unmatchedText(c.unmatched),
  ];
  if (c.groups.length > 0) parts.push(fittedTable(["Headline", ...head.slice(1)], c.groups.map(line), align, width));
  if (c.outcomes.length > 0) parts.push(fittedTable(["Outcome", ...head.slice(1)], c.outcomes.map(line), align, width));
  if (mc) parts.push("Variance reduction: the variance two independent simulations of this size would give B − A, over the paired one's.");
  if (mc && c.evidence !== undefined) parts.push("Conditioned by importance weights: each P is a weighted ratio; the interval of B − A pairs the runs' influence values.");
  return fitText(parts.join("\n") + "\n", width);
}

/** A side's evidence as provenance pairs: `asOfA`, `evidence probabilityA` (and its interval and effective sample size for Monte Carlo), one `observationA` per observation used, one `ignoredA` per one ignored. */
function evidencePairs(side: string, e: EvidenceSummary, p: SideEvidenceProbability | undefined): [string, string][] {
  return [
    [`asOf${side}`, e.asOf],
    [`evidence probability${side}`, String(p?.probability ?? 1)],
    ...(p?.se === undefined ? [] : [[`evidence ci95${side}`, `${p.ci95[0]} ${p.ci95[1]}`], [`ess${side}`, String(p.ess ?? 0)]] as [string, string][]),
    ...e.observations.map((o): [string, string] => {
      const src = sourceLine(o.source);
      return [`observation${side}`, `${o.observation} (${o.from}${src === "" ? "" : `; ${src}`})`];
    }),
    ...e.ignored.map((o): [string, string] => [`ignored${side}`, `${o.observation} (${o.from}; dated after the as-of date)`]),
  ];
}

/** The provenance of a CSV or Markdown comparison: scenarios, method, seed and runs, unmatched ids, each side's overrides and evidence. Pure. */
export function compareMeta(c: PairedComparison, m: CompareMeta): Provenance {
  const over = (side: string, os: readonly SideOverride[]): [string, string][] =>
    os.length === 0 ? [[`overrides${side}`, "none"]] : os.map((o) => [`override${side}`, overrideText(o)]);
  return [
    ["scenarioA", m.scenarioA], ["scenarioB", m.scenarioB], ["method", c.method],
    ...(c.seed === undefined ? [] : [["seed", String(c.seed)] as const]),
    ...(c.runs === undefined ? [] : [["runs", String(c.runs)] as const]),
    ...unmatchedText(c.unmatched).map((t) => ["unmatched", t] as const),
    ...over("A", m.overridesA), ...over("B", m.overridesB),
    ...(m.evidenceA === undefined ? [] : evidencePairs("A", m.evidenceA, c.evidence?.a)),
    ...(m.evidenceB === undefined ? [] : evidencePairs("B", m.evidenceB, c.evidence?.b)),
  ];
}

/**
 * One row per shared group and outcome. Columns: kind, id, label, a, b,
 * diff, ci95_lo, ci95_hi, then for Monte Carlo varianceReduction (empty
 * when undefined) and discordant. Pure.
 */
export function compareTidy(c: PairedComparison): Tidy {
  const mc = c.method === "mc";
  const r = (kind: string, e: PairedEstimate): Cell[] => [
    kind, e.id, e.label, e.a, e.b, e.diff, e.ci95[0], e.ci95[1],
    ...(mc ? [e.varianceReduction ?? null, e.discordant ?? null] : []),
  ];
  return {
    columns: ["kind", "id", "label", "a", "b", "diff", "ci95_lo", "ci95_hi", ...(mc ? ["varianceReduction", "discordant"] : [])],
    rows: [...c.groups.map((g) => r("group", g)), ...c.outcomes.map((o) => r("outcome", o))],
  };
}
