/**
 * Resolutions resolved against a compiled model: an observation-style event
 * to the {@link Check}s it reduces to (exactly as an observation of the same
 * text, src/evidence/plan.ts `checksOf`), a `group:`/`outcome:` event to the
 * index of its group or outcome, and every date to a day of the scenario's
 * calendar. Every problem is an {@link Issue} at the event's path, naming the
 * column in its text, with a "did you mean" for a misspelt name. Pure.
 * @module
 */
import type { Check } from "../evidence/check.js";
import { checksOf } from "../evidence/plan.js";
import { resolveObservations } from "../evidence/resolve.js";
import type { CompiledModel } from "../model/model.js";
import { dayNumber } from "../scenario/dates.js";
import { issue, type Issue } from "../scenario/issues.js";
import { suggest } from "../scenario/suggest.js";
import type { Resolution } from "./file.js";

/** What the forecast of one event is computed from. */
export type EventQuery =
  /** The probability that every check holds. */
  | { readonly kind: "checks"; readonly checks: readonly Check[] }
  /** The probability of group (or outcome) `index` at the end of the event's day. */
  | { readonly kind: "group"; readonly index: number }
  | { readonly kind: "outcome"; readonly index: number };

/** A resolution whose names and date are resolved. */
export interface ResolvedEvent {
  readonly resolution: Resolution;
  /** Day number of its date (0 … H). */
  readonly day: number;
  readonly query: EventQuery;
}

/**
 * Resolves every resolution against `model`; all problems are reported, not
 * only the first. Pure.
 */
export function resolveEvents(model: CompiledModel, resolutions: readonly Resolution[]):
  { ok: true; events: ResolvedEvent[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const events: ResolvedEvent[] = [];
  for (const r of resolutions) {
    const e = r.event;
    if (e.kind === "observation") {
      const res = resolveObservations(model, [{ observation: e.observation, source: r.source, from: "resolutions", option: false, path: r.path }]);
      if (!res.ok) issues.push(...res.issues.map((x) => x.issue));
      else for (const o of res.resolved) events.push({ resolution: r, day: o.day, query: { kind: "checks", checks: checksOf(o) } });
      continue;
    }
    const ids = e.target === "group" ? model.groups.map((g) => g.id) : model.outcomes.map((o) => o.id);
    const index = ids.indexOf(e.id);
    let bad = false;
    if (index < 0) {
      const none = ids.length === 0 ? ` (the scenario has no ${e.target}s)` : suggest(e.id, ids);
      issues.push(issue("unknown-name", r.path, `column ${e.idColumn}: unknown ${e.target} "${e.id}"${none}`));
      bad = true;
    }
    const day = dayNumber(model.scenario.start, e.date);
    if (day < 0 || day > model.days) {
      issues.push(issue("calendar", r.path, `column ${e.dateColumn}: ${e.date} is outside the scenario's calendar, ${model.scenario.start} to ${model.scenario.horizon}`));
      bad = true;
    }
    if (!bad) events.push({ resolution: r, day, query: { kind: e.target, index } });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
}
