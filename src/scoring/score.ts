/**
 * Scoring forecasts against what happened: per event the Brier score
 * (p − o)² (0 best, 1 worst) and the log score ln q, q the probability given
 * to what happened (p if it happened, 1 − p if not; 0 best, −∞ worst), their
 * means, a side-by-side comparison with a second forecaster (another
 * scenario, an overlay, or a constant base rate) and a reliability table.
 *
 * Why a clip: a forecast of 0 for what happened has log score −∞, and one
 * such event would make every mean −∞; q below {@link LOG_EPSILON} counts as
 * {@link LOG_EPSILON} (ln ε ≈ −13.8) and the event is marked `clipped`. The
 * Brier score uses p as is. Pure.
 * @module
 */
import type { EventForecast } from "./forecast.js";

/** The least probability the log score gives to what happened (see the module comment). */
export const LOG_EPSILON = 1e-6;
/** Fewest scored events for which a reliability table is given (below it, most bins would hold one or two events). */
export const MIN_RELIABILITY_EVENTS = 10;
/** The reliability table's bins: [0, 0.1), [0.1, 0.2), …, [0.9, 1]. */
export const RELIABILITY_BINS = 10;

/** The scores of one forecast. */
export interface EventScore {
  /** The forecast probability that the event happens. */
  readonly probability: number;
  /** (p − o)², o = 1 if it happened, else 0. */
  readonly brier: number;
  /** ln max(q, ε), q the probability given to what happened. */
  readonly log: number;
  /** Whether q was below ε (the log score is then ln ε). */
  readonly clipped: boolean;
}

/** Scores a forecast `p` (from 0 to 1, else a RangeError) of an event that did (`happened`) or did not happen. Pure. */
export function scoreForecast(p: number, happened: boolean): EventScore {
  // 1.5 scored better than a certain forecast; NaN went through as NaN.
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability: expected a number from 0 to 1, got ${p}`);
  const o = happened ? 1 : 0;
  const q = happened ? p : 1 - p;
  return { probability: p, brier: (p - o) ** 2, log: Math.log(Math.max(q, LOG_EPSILON)), clipped: q < LOG_EPSILON };
}

/** Means over the scored events (undefined when there is none). */
export interface ScoreTotals {
  readonly count: number;
  readonly brier: number | undefined;
  readonly log: number | undefined;
  /** How many log scores were clipped. */
  readonly clipped: number;
}

/** The means of `scores`. Pure. */
export function scoreTotals(scores: readonly EventScore[]): ScoreTotals {
  const n = scores.length;
  const mean = (f: (s: EventScore) => number): number | undefined => (n === 0 ? undefined : scores.reduce((a, s) => a + f(s), 0) / n);
  return { count: n, brier: mean((s) => s.brier), log: mean((s) => s.log), clipped: scores.filter((s) => s.clipped).length };
}

/** One bin of a reliability table. */
export interface ReliabilityBin {
  /** The bin's forecast range [from, to) (the last bin includes 1). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** The mean forecast probability of its events. */
  readonly meanForecast: number;
  /** The share of its events that happened. */
  readonly observed: number;
}

/**
 * The reliability table of scored events: the non-empty bins of width
 * 1/{@link RELIABILITY_BINS}, or undefined with fewer than
 * {@link MIN_RELIABILITY_EVENTS} events. Pure.
 */
export function reliability(items: readonly { readonly probability: number; readonly happened: boolean }[]): ReliabilityBin[] | undefined {
  if (items.length < MIN_RELIABILITY_EVENTS) return undefined;
  const bins = Array.from({ length: RELIABILITY_BINS }, () => ({ n: 0, p: 0, o: 0 }));
  for (const it of items) {
    const b = bins[Math.min(RELIABILITY_BINS - 1, Math.floor(it.probability * RELIABILITY_BINS))];
    if (b === undefined) continue;
    b.n++;
    b.p += it.probability;
    b.o += it.happened ? 1 : 0;
  }
  return bins.flatMap((b, i) => (b.n === 0 ? [] : [{
    from: i / RELIABILITY_BINS, to: (i + 1) / RELIABILITY_BINS, count: b.n, meanForecast: b.p / b.n, observed: b.o / b.n,
  }]));
}

/** What the forecasts are compared with. */
export type Against =
  /** Another forecaster's probabilities by event id (another scenario or overlay), and a name for it. */
  | { readonly kind: "forecasts"; readonly name: string; readonly forecasts: readonly EventForecast[] }
  /** The same probability for every event. */
  | { readonly kind: "baseRate"; readonly probability: number };

/** One scored event. */
export interface ScoredEvent {
  readonly id: string;
  /** The event as written (trimmed). */
  readonly event: string;
  readonly date: string;
  readonly happened: boolean;
  readonly score: EventScore;
  /** The comparison forecaster's scores, when comparing. */
  readonly against?: EventScore | undefined;
}

/** An event dated on or before the as-of date. */
export interface ExcludedEvent {
  readonly id: string;
  readonly event: string;
  readonly date: string;
  readonly happened: boolean;
  readonly reason: string;
  /** The probability the scenario gives it given the evidence (a consistency check, not scored), when computable. */
  readonly probability: number | undefined;
  /** Whether the scenario gives what happened probability 0 (it contradicts what was known). */
  readonly contradicts: boolean;
}

/** Totals of the forecaster, of the comparison and their difference (forecaster − comparison). */
export interface ScoreSummary {
  readonly events: readonly ScoredEvent[];
  readonly excluded: readonly ExcludedEvent[];
  readonly totals: ScoreTotals;
  readonly reliability: readonly ReliabilityBin[] | undefined;
  readonly against?: {
    readonly name: string;
    readonly totals: ScoreTotals;
    readonly reliability: readonly ReliabilityBin[] | undefined;
    /** Mean Brier and mean log score, forecaster − comparison (Brier: negative favours the forecaster; log: positive does). */
    readonly diff: { readonly brier: number | undefined; readonly log: number | undefined };
  } | undefined;
}

/**
 * Scores forecasts (in the order given) and, with `against`, the
 * comparison's forecasts of the same events (matched by id; it must have
 * forecast every event the forecaster did: a RangeError otherwise).
 * Pure.
 */
export function scoreForecasts(forecasts: readonly EventForecast[], against?: Against): ScoreSummary {
  const other = new Map<string, number>();
  if (against?.kind === "forecasts") {
    for (const f of against.forecasts) if (f.status === "forecast") other.set(f.event.resolution.id, f.probability);
  }
  const events: ScoredEvent[] = [];
  const excluded: ExcludedEvent[] = [];
  for (const f of forecasts) {
    const r = f.event.resolution;
    const head = { id: r.id, event: r.event.text, date: r.event.date, happened: r.happened };
    if (f.status === "excluded") {
      const q = f.probability === undefined ? undefined : r.happened ? f.probability : 1 - f.probability;
      excluded.push({ ...head, reason: f.reason, probability: f.probability, contradicts: q === 0 });
      continue;
    }
    let q: number | undefined;
    if (against?.kind === "baseRate") q = against.probability;
    else if (against?.kind === "forecasts") {
      q = other.get(r.id);
      if (q === undefined) throw new RangeError(`against: the comparison has no forecast of event "${r.id}"`);
    }
    events.push({ ...head, score: scoreForecast(f.probability, r.happened), against: q === undefined ? undefined : scoreForecast(q, r.happened) });
  }
  const totals = scoreTotals(events.map((e) => e.score));
  const rel = reliability(events.map((e) => ({ probability: e.score.probability, happened: e.happened })));
  if (against === undefined) return { events, excluded, totals, reliability: rel };
  const againstScores = events.flatMap((e) => (e.against === undefined ? [] : [e.against]));
  const t = scoreTotals(againstScores);
  const minus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);
  return {
    events, excluded, totals, reliability: rel,
    against: {
      name: against.kind === "baseRate" ? `base rate ${against.probability}` : against.name,
      totals: t,
      reliability: reliability(events.map((e) => ({ probability: e.against?.probability ?? 0, happened: e.happened }))),
      diff: { brier: minus(totals.brier, t.brier), log: minus(totals.log, t.log) },
    },
  };
}
