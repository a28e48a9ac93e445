/**
 * What a conditioned report says first, in every format: the as-of date,
 * P(evidence), each observation used with its source and those ignored, as
 * header lines for tables and provenance pairs for CSV and Markdown. Pure.
 * @module
 */
import { sourceLine, type EvidenceSummary } from "../evidence/summary.js";
import { escapeText as esc } from "./escape.js";
import type { Provenance } from "./tidy.js";

/** A probability with four decimals (as the exact tables show them). */
function exactPct(p: number): string {
  return `${(100 * p).toFixed(4)}%`;
}

/** Header lines of a table report: as-of date, P(evidence), each observation used with its source, the ignored ones. */
export function evidenceLines(e: EvidenceSummary): string[] {
  const p = e.probability === undefined ? "" : ` · P(evidence) = ${exactPct(e.probability)}`;
  const n = e.observations.length;
  const lines = [`As of ${e.asOf}${p}${n === 0 ? " · no observation used" : ` · given ${n} observation${n === 1 ? "" : "s"}:`}`];
  for (const o of e.observations) {
    const src = sourceLine(o.source);
    lines.push(esc(`  ${o.observation}  [${o.from}]${src === "" ? "" : ` ${src}`}`));
  }
  if (e.ignored.length > 0) {
    lines.push(`Ignored (dated after the as-of date): ${e.ignored.length} observation${e.ignored.length === 1 ? "" : "s"}:`);
    for (const o of e.ignored) lines.push(esc(`  ${o.observation}  [${o.from}]`));
  }
  return lines;
}

/** Provenance pairs for CSV and Markdown: `asOf`, `evidence probability`, one `observation` and `ignored` per observation. */
export function evidenceMeta(e: EvidenceSummary): [string, string][] {
  return [
    ["asOf", e.asOf],
    ...(e.probability === undefined ? [] : [["evidence probability", String(e.probability)] as [string, string]]),
    ...e.observations.map((o): [string, string] => {
      const src = sourceLine(o.source);
      return ["observation", `${o.observation} (${o.from}${src === "" ? "" : `; ${src}`})`];
    }),
    ...e.ignored.map((o): [string, string] => ["ignored", `${o.observation} (${o.from}; dated after the as-of date)`]),
  ];
}

/**
 * An analysis report (tornado, sweep, sensitivity, uncertainty) conditioned
 * on `e`, in each format: the table gets the evidence header and a line
 * saying what is conditional; tidy formats the provenance pairs; JSON the
 * fields `asOf` and `evidence: { probabilityAtBase, observations, ignored }`
 * (`probabilityAtBase`: P(evidence) at the base values, exact; null when not
 * solved). `e` undefined: the report unchanged. Pure.
 */
export const analysisEvidence = {
  table(text: string, e: EvidenceSummary | undefined, note?: string): string {
    if (e === undefined) return text;
    const lines = evidenceLines(e);
    const probability = e.probability === undefined ? "" : " (P(evidence) above: at the base values)";
    const conditional = e.observations.length === 0 ? []
      : [`Every probability below is conditional on this evidence, at each point's parameter values${probability}.`, ...(note === undefined ? [] : [note])];
    return `${[...lines, ...conditional].join("\n")}\n${text}`;
  },
  meta(meta: Provenance, e: EvidenceSummary | undefined): Provenance {
    if (e === undefined) return meta;
    return [...meta, ...evidenceMeta(e).map(([k, v]): [string, string] => (k === "evidence probability" ? ["evidence probability at base", v] : [k, v]))];
  },
  json(json: Record<string, unknown>, e: EvidenceSummary | undefined): Record<string, unknown> {
    if (e === undefined) return json;
    return { ...json, asOf: e.asOf, evidence: { probabilityAtBase: e.probability ?? null, observations: e.observations, ignored: e.ignored } };
  },
};
