/**
 * The observation grammar (docs/format.md, "Observations"): one line of text
 * such as `not washington.announced by 2026-03-31` becomes an
 * {@link Observation}, or a problem with the 1-based column where it arises.
 *
 *     observation := ["not"] machine "." state ("on" | "by" | "at") date
 *
 * `not` goes only with `by`; words are separated by white space (any
 * amount, before and after too); names are identifiers; the date is an ISO
 * calendar date `YYYY-MM-DD`. Names are resolved against a model later
 * (resolve.ts). Pure.
 * @module
 */

/** Which relation an observation states (see src/evidence/check.ts for what each means). */
export type ObservationKind = "on" | "by" | "notBy" | "at";

/** A parsed observation, names not yet resolved. */
export interface Observation {
  readonly kind: ObservationKind;
  readonly machine: string;
  readonly state: string;
  /** `YYYY-MM-DD`, a real calendar date. */
  readonly date: string;
  /** The text as written, trimmed. */
  readonly text: string;
  /** 1-based columns in the text of the machine name and of the date (for later messages). */
  readonly nameColumn: number;
  readonly dateColumn: number;
}

/** Longest observation text read (a line of a few dozen characters is typical). */
export const MAX_OBSERVATION_CHARS = 1_000;

/** The parse result: an observation, or a message and the 1-based column it points at. */
export type ParsedObservation =
  | { readonly ok: true; readonly observation: Observation }
  | { readonly ok: false; readonly column: number; readonly message: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RELATIONS = ["on", "by", "at"] as const;
type Relation = (typeof RELATIONS)[number];

/** Whether `s` (`YYYY-MM-DD`) is a real calendar date. Pure. */
export function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The words of `text` with their 1-based columns. */
function words(text: string): { word: string; col: number }[] {
  const out: { word: string; col: number }[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ word: m[0], col: (m.index ?? 0) + 1 });
  return out;
}

/** Parses one observation. Pure. */
export function parseObservation(text: string): ParsedObservation {
  const fail = (column: number, message: string): ParsedObservation => ({ ok: false, column, message });
  if (text.length > MAX_OBSERVATION_CHARS) return fail(1, `an observation has at most ${MAX_OBSERVATION_CHARS} characters; this one has ${text.length}`);
  const w = words(text);
  const expected = "expected `[not] machine.state on|by|at YYYY-MM-DD`";
  if (w.length === 0) return fail(1, `empty observation; ${expected}`);
  let i = 0;
  const negated = w[0]?.word === "not";
  if (negated) i++;
  const name = w[i];
  if (name === undefined) return fail(text.length + 1, `missing machine.state after "not"; ${expected}`);
  const dot = name.word.indexOf(".");
  if (dot < 0) return fail(name.col, `"${name.word}" is not machine.state; ${expected}`);
  const machine = name.word.slice(0, dot);
  const state = name.word.slice(dot + 1);
  if (!IDENT.test(machine)) return fail(name.col, `"${machine}" is not a machine name (an identifier); ${expected}`);
  if (!IDENT.test(state)) return fail(name.col + dot + 1, `"${state}" is not a state name (an identifier); ${expected}`);
  const rel = w[i + 1];
  if (rel === undefined) return fail(text.length + 1, `missing "on", "by" or "at" after "${name.word}"; ${expected}`);
  if (!isRelation(rel.word)) return fail(rel.col, `"${rel.word}" is not "on", "by" or "at"; ${expected}`);
  if (negated && rel.word !== "by") {
    return fail(w[0]?.col ?? 1, `"not" goes only with "by" ("not ${name.word} by DATE": had not entered it by that date)`);
  }
  const date = w[i + 2];
  if (date === undefined) return fail(text.length + 1, `missing the date after "${rel.word}"; ${expected}`);
  if (!DATE.test(date.word)) return fail(date.col, `"${date.word}" is not a date written YYYY-MM-DD`);
  if (!isCalendarDate(date.word)) return fail(date.col, `"${date.word}" is not a real calendar date`);
  const extra = w[i + 3];
  if (extra !== undefined) return fail(extra.col, `unexpected "${extra.word}" after the date; one observation per --given or list item`);
  const kind = negated ? "notBy" : rel.word === "by" ? "by" : rel.word;
  return { ok: true, observation: { kind, machine, state, date: date.word, text: text.trim(), nameColumn: name.col, dateColumn: date.col } };
}

function isRelation(s: string): s is Relation {
  return (RELATIONS as readonly string[]).includes(s);
}

/** The observation written back in the grammar (`not m.s by D`, `m.s on D`, …). Pure. */
export function observationText(o: Pick<Observation, "kind" | "machine" | "state" | "date">): string {
  const name = `${o.machine}.${o.state}`;
  switch (o.kind) {
    case "notBy": return `not ${name} by ${o.date}`;
    case "by": return `${name} by ${o.date}`;
    case "on": return `${name} on ${o.date}`;
    case "at": return `${name} at ${o.date}`;
    default: return o.kind satisfies never;
  }
}
