/**
 * The forecast probability of each resolved event, as of a day, from the
 * exact solver: what `score` compares with what happened.
 *
 * - An observation-style event (`M.S by D`, …) reduces to checks; its
 *   probability given the evidence is P(evidence and event) / P(evidence),
 *   each the `evidenceProbability` of a conditioned solve (one solve per
 *   event, plus one for the evidence alone). Evidence and event that cannot
 *   both hold give 0.
 * - A `group:ID at D` or `outcome:ID at D` event is read from the solve of
 *   the evidence alone, recording day D as a timeline does (outcomes
 *   evaluated with `day` = D); since every observation used is dated on or
 *   before the as-of day, hence before D, that row is the full conditional.
 *
 * Events dated on or before the as-of day are not forecasts (their outcome
 * was, or could have been, known when the forecast was made): they are
 * returned as excluded, with the reason, and never scored. Each still gets
 * the probability the scenario gives it given the evidence, as a check that
 * the scenario agrees with what was known (a fact given probability 0 is a
 * contradiction): for an observation-style event always (the same ratio);
 * for a `group:`/`outcome:` event only when no observation is dated after
 * it (else the solver's row of that day is conditioned on part of the
 * evidence only, src/evidence/plan.ts), otherwise undefined. Pure.
 * @module
 */
import type { Check } from "../evidence/check.js";
import { solveExact, type ExactOptions } from "../exact/solver.js";
import type { CompiledModel } from "../model/model.js";
import type { Issue } from "../scenario/issues.js";
import type { ResolvedEvent } from "./resolve.js";

/** Options of {@link forecastEvents}. */
export interface ForecastOptions {
  /** Checks to condition on (an EvidencePlan's `checks`, src/evidence/plan.ts), all dated on or before `asOfDay`; none by default. */
  readonly evidence?: readonly Check[];
  /** The day the forecast is made as of (an EvidencePlan's `asOfDay`); 0 (the scenario's start) by default. */
  readonly asOfDay?: number;
  /** Solver limits (for tests; see {@link ExactOptions}). */
  readonly maxStates?: number;
  readonly maxWork?: number;
}

/** The forecast of one event, or why it has none. */
export type EventForecast =
  | { readonly status: "forecast"; readonly event: ResolvedEvent; readonly probability: number }
  | {
    readonly status: "excluded"; readonly event: ResolvedEvent; readonly reason: string;
    /** The probability the scenario gives it given the evidence (a consistency check, not a forecast), when computable. */
    readonly probability: number | undefined;
  };

/**
 * Forecasts, or the issue that stopped the solver (a limit, or evidence of
 * probability zero: `impossible` is then the index in `evidence` of the
 * first check after which nothing is left, as in {@link solveExact}).
 */
export type ForecastOutcome =
  | { readonly ok: true; readonly forecasts: readonly EventForecast[]; readonly evidenceProbability: number }
  | { readonly ok: false; readonly issue: Issue; readonly impossible?: number | undefined };

/** Why an event dated on or before the as-of day is not scored. */
export const EXCLUDED_REASON = "dated on or before the as-of date: known when the forecast was made, not a forecast";

/**
 * The probability of every event dated after the as-of day, given the
 * evidence (see the module comment); the others excluded. In the order
 * given. Throws a ScenarioError when a `group:`/`outcome:` event's date has
 * a joint state that matches no outcome or several (as `--timeline`), and a
 * RangeError for an as-of day outside the calendar or evidence dated after
 * it. Pure.
 */
export function forecastEvents(model: CompiledModel, events: readonly ResolvedEvent[], opts: ForecastOptions = {}): ForecastOutcome {
  const evidence = opts.evidence ?? [];
  const asOfDay = opts.asOfDay ?? 0;
  if (!(Number.isInteger(asOfDay) && asOfDay >= 0 && asOfDay <= model.days)) {
    throw new RangeError(`asOfDay: expected a whole number from 0 to ${model.days}, got ${asOfDay}`);
  }
  // A forecast made on the as-of day cannot know later facts (hindsight; and only some events were conditioned on them).
  const late = evidence.find((c) => c.day > asOfDay);
  if (late !== undefined) throw new RangeError(`evidence: a check of day ${late.day} is after the as-of day ${asOfDay}: a forecast cannot know it`);
  const limits = { ...(opts.maxStates === undefined ? {} : { maxStates: opts.maxStates }), ...(opts.maxWork === undefined ? {} : { maxWork: opts.maxWork }) };
  const lastEvidence = evidence.reduce((d, c) => Math.max(d, c.day), 0);
  // A target's row at day D is the full conditional when no check is dated after D.
  const rowIsFull = (e: ResolvedEvent): boolean => e.day > asOfDay || e.day >= lastEvidence;
  const atDays = [...new Set(events.filter((e) => e.query.kind !== "checks" && rowIsFull(e)).map((e) => e.day))].sort((a, b) => a - b);
  const base = solveExact(model, { ...limits, evidence, at: atDays });
  if (!base.ok) return base;
  const pEvidence = base.result.evidenceProbability;
  const rows = new Map(base.result.at.map((r) => [r.day, r.outcomes]));
  const forecasts: EventForecast[] = [];
  for (const event of events) {
    const q = event.query;
    let p: number | undefined;
    switch (q.kind) {
      case "checks": {
        const r = solveExact(model, { ...limits, evidence: [...evidence, ...q.checks] });
        if (r.ok) p = r.result.evidenceProbability / pEvidence;
        else if (r.impossible !== undefined) p = 0;
        else return { ok: false, issue: r.issue };
        break;
      }
      case "outcome": {
        p = rows.get(event.day)?.[q.index];
        break;
      }
      case "group": {
        const row = rows.get(event.day);
        if (row !== undefined) {
          p = 0;
          for (const [i, o] of model.outcomes.entries()) if (o.group === q.index) p += row[i] ?? 0;
        }
        break;
      }
      default: return q satisfies never;
    }
    // A ratio of two products of shares may stray past [0, 1] by a rounding error.
    const clamped = p === undefined ? undefined : Math.min(1, Math.max(0, p));
    if (event.day <= asOfDay) {
      forecasts.push({ status: "excluded", event, reason: EXCLUDED_REASON, probability: clamped });
    } else if (clamped === undefined) {
      throw new Error(`internal: no at row for day ${event.day}`);
    } else {
      forecasts.push({ status: "forecast", event, probability: clamped });
    }
  }
  return { ok: true, forecasts, evidenceProbability: pEvidence };
}
