/**
 * What a conditioned report says about its evidence: the as-of date, the
 * probability of the evidence, the observations used (with their sources)
 * and those ignored (dated after `--asof`). The same for every format. Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { dateOfDay } from "../scenario/dates.js";
import type { EvidencePlan } from "./plan.js";
import type { EvidenceSource } from "./resolve.js";

/** One observation as reported. */
export interface ObservationReport {
  readonly observation: string;
  readonly date: string;
  /** `"--given"` or `"evidence:FILE"`. */
  readonly from: string;
  readonly source?: EvidenceSource | undefined;
}

/** The evidence of a report. */
export interface EvidenceSummary {
  /** The date the forecast is made as of (YYYY-MM-DD). */
  readonly asOf: string;
  /** P(evidence) under the scenario (exact), or undefined when not computed. */
  readonly probability: number | undefined;
  /** Used, by date then order written. */
  readonly observations: readonly ObservationReport[];
  /** Dated after `--asof`, so not used; in the order written. */
  readonly ignored: readonly ObservationReport[];
}

/** The evidence summary of a plan, with P(evidence) when known. Pure. */
export function summarizeEvidence(model: CompiledModel, plan: EvidencePlan, probability: number | undefined): EvidenceSummary {
  const one = (withSource: boolean) => (r: EvidencePlan["used"][number]): ObservationReport => ({
    observation: r.item.observation.text, date: r.item.observation.date, from: r.item.from,
    ...(withSource ? { source: r.item.source } : {}),
  });
  return {
    asOf: dateOfDay(model.scenario.start, plan.asOfDay),
    probability,
    observations: plan.used.map(one(true)),
    ignored: plan.ignored.map(one(false)),
  };
}

/** A source in one line: `rationale`, or `"quote" (seed)`, with a rationale after it when given; "" for none (`--given`). Pure. */
export function sourceLine(s: EvidenceSource | undefined): string {
  if (s === undefined) return "";
  if ("seed" in s) return `"${s.quote}" (${s.seed})${s.rationale === undefined ? "" : `; ${s.rationale}`}`;
  return s.rationale;
}
