/**
 * From resolved observations, `--asof` and `--at` to what a solve needs:
 * the observations used and those ignored (dated after `--asof`), the date
 * the forecast is made as of, the {@link Check}s in the order the solver
 * applies them, and the `--at` days.
 *
 * Why "as of" is at least the last observation used: the exact solver
 * filters its forward pass, so the distribution it holds at the end of day d
 * is conditioned on the evidence up to d only; it equals the full
 * conditional from the last observation's date on. Earlier dates are not
 * reported (the timeline starts at the as-of date; an `--at` before it is
 * refused, saying why). Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { dateOfDay, dayNumber } from "../scenario/dates.js";
import { issue, type Issue } from "../scenario/issues.js";
import type { Check } from "./check.js";
import { isCalendarDate } from "./parse.js";
import { contradictions, type ItemIssue, type ResolvedObservation } from "./resolve.js";

/** What a conditioned forecast is made from. */
export interface EvidencePlan {
  /** Observations used, by date then order written. */
  readonly used: readonly ResolvedObservation[];
  /** Observations dated after `--asof`, in the order written. */
  readonly ignored: readonly ResolvedObservation[];
  /** The day the forecast is made as of: max(`--asof`, last used observation's date); 0 with neither. */
  readonly asOfDay: number;
  /** Whether `--asof` was given. */
  readonly asOfGiven: boolean;
  /** The checks of the used observations, sorted by day (stable), for `ExactOptions.evidence`. */
  readonly checks: readonly Check[];
  /** Per check: the index in `used` of the observation it comes from. */
  readonly checkOwner: readonly number[];
  /** `--at` days, ascending, without repeats. */
  readonly atDays: readonly number[];
}

/** The checks one observation reduces to (src/evidence/check.ts gives the meaning). Pure. */
export function checksOf(r: ResolvedObservation): Check[] {
  switch (r.item.observation.kind) {
    case "by": return [{ kind: "visited", day: r.day, state: r.state, want: true }];
    case "notBy": return [{ kind: "visited", day: r.day, state: r.state, want: false }];
    case "on": return [
      ...(r.day > 0 ? [{ kind: "visited" as const, day: r.day - 1, state: r.state, want: false }] : []),
      { kind: "visited", day: r.day, state: r.state, want: true },
    ];
    case "at": return [{ kind: "in", day: r.day, machine: r.machine, state: r.state }];
    default: return r.item.observation.kind satisfies never;
  }
}

/** Parses a date option (`--asof`, `--at`) against the scenario's calendar: its day, or an issue. Pure. */
export function dateOption(model: CompiledModel, option: string, value: string): { ok: true; day: number } | { ok: false; issue: Issue } {
  const sc = model.scenario;
  const path = [option, value];
  if (!isCalendarDate(value)) return { ok: false, issue: issue("option", path, "expected a calendar date written YYYY-MM-DD") };
  const day = dayNumber(sc.start, value);
  if (day < 0 || day > model.days) {
    return { ok: false, issue: issue("option", path, `${value} is outside the scenario's calendar, ${sc.start} to ${sc.horizon}`) };
  }
  return { ok: true, day };
}

/**
 * Plans a conditioned forecast: splits `resolved` at `asOf` (observations
 * dated after it are ignored; without it all are used), checks the used
 * ones for contradictions, works out the as-of day and refuses `--at`
 * dates before it. Pure.
 */
export function planEvidence(model: CompiledModel, resolved: readonly ResolvedObservation[], asOf: string | undefined, at: readonly string[]):
  { ok: true; plan: EvidencePlan } | { ok: false; issues: ItemIssue[] } {
  const issues: ItemIssue[] = [];
  let asOfDay: number | undefined;
  if (asOf !== undefined) {
    const d = dateOption(model, "--asof", asOf);
    if (d.ok) asOfDay = d.day;
    else issues.push({ item: undefined, issue: d.issue });
  }
  const used = resolved.filter((r) => asOfDay === undefined || r.day <= asOfDay)
    .sort((a, b) => a.day - b.day || a.order - b.order);
  const ignored = resolved.filter((r) => asOfDay !== undefined && r.day > asOfDay);
  issues.push(...contradictions(model, used));
  const lastUsed = used.reduce((d, r) => Math.max(d, r.day), 0);
  const from = Math.max(asOfDay ?? 0, lastUsed);
  const atDays = new Set<number>();
  for (const a of at) {
    const d = dateOption(model, "--at", a);
    if (!d.ok) {
      issues.push({ item: undefined, issue: d.issue });
    } else if (d.day < from) {
      const why = lastUsed > (asOfDay ?? 0)
        ? `the forecast is as of ${dateOfDay(model.scenario.start, from)}, the date of the last observation used: before it, the solver's distribution is conditioned only on the observations up to that date`
        : `the forecast is as of ${dateOfDay(model.scenario.start, from)} (--asof)`;
      issues.push({ item: undefined, issue: issue("option", ["--at", a], `${a} is before the as-of date: ${why}; ask for a date from ${dateOfDay(model.scenario.start, from)} on`) });
    } else {
      atDays.add(d.day);
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const tagged = used.flatMap((r, i) => checksOf(r).map((c) => ({ c, i })));
  tagged.sort((a, b) => a.c.day - b.c.day);
  return {
    ok: true,
    plan: {
      used, ignored, asOfDay: from, asOfGiven: asOfDay !== undefined,
      checks: tagged.map((t) => t.c), checkOwner: tagged.map((t) => t.i), atDays: [...atDays].sort((a, b) => a - b),
    },
  };
}
