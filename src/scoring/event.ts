/**
 * The event grammar of resolutions files (docs/format.md, "Resolutions and
 * scoring"): an observation (`[not] M.S on|by|at DATE`, parse.ts of the
 * evidence module, with the same meaning), or a target at a date:
 *
 *     event := observation | ("group" | "outcome") ":" id "at" date
 *
 * `group:ID at D` holds when, at the end of day D, the joint state matches
 * an outcome of group ID (outcomes evaluated with `day` = D, `horizon`
 * unchanged, as the timeline does); `outcome:ID at D` when it matches
 * outcome ID. Names are resolved against a model later (resolve.ts). Pure.
 * @module
 */
import { isCalendarDate, MAX_OBSERVATION_CHARS, parseObservation, type Observation } from "../evidence/parse.js";

/** What a target event names: a group or an outcome. */
export type TargetKind = "group" | "outcome";

/** A parsed event, names not yet resolved. */
export type ScoreEvent =
  | { readonly kind: "observation"; readonly observation: Observation; readonly text: string; readonly date: string }
  | {
    readonly kind: "target"; readonly target: TargetKind; readonly id: string; readonly date: string; readonly text: string;
    /** 1-based columns in the text of the id and of the date (for later messages). */
    readonly idColumn: number; readonly dateColumn: number;
  };

/** The parse result: an event, or a message and the 1-based column it points at. */
export type ParsedEvent =
  | { readonly ok: true; readonly event: ScoreEvent }
  | { readonly ok: false; readonly column: number; readonly message: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TARGETS: readonly TargetKind[] = ["group", "outcome"];
const EXPECTED = "expected `[not] machine.state on|by|at YYYY-MM-DD` or `group:ID at YYYY-MM-DD` (or `outcome:ID at …`)";

/** Parses one event. Pure. */
export function parseEvent(text: string): ParsedEvent {
  const fail = (column: number, message: string): ParsedEvent => ({ ok: false, column, message });
  if (text.length > MAX_OBSERVATION_CHARS) return fail(1, `an event has at most ${MAX_OBSERVATION_CHARS} characters; this one has ${text.length}`);
  const w = [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], col: (m.index ?? 0) + 1 }));
  const first = w[0];
  if (first === undefined) return fail(1, `empty event; ${EXPECTED}`);
  const named = first.word === "not" ? w[1] : first;
  if (named !== undefined && named.word.includes(":")) {
    if (named !== first) return fail(first.col, `"not" goes only with machine.state ... by DATE; a group or outcome event is written \`group:ID at DATE\` (use happened: false for "did not")`);
    return parseTarget(text, w);
  }
  const p = parseObservation(text);
  if (!p.ok) return fail(p.column, p.message.replace("expected `[not] machine.state on|by|at YYYY-MM-DD`", EXPECTED));
  return { ok: true, event: { kind: "observation", observation: p.observation, text: p.observation.text, date: p.observation.date } };
}

function parseTarget(text: string, w: readonly { word: string; col: number }[]): ParsedEvent {
  const fail = (column: number, message: string): ParsedEvent => ({ ok: false, column, message });
  const head = w[0] ?? { word: "", col: 1 };
  const colon = head.word.indexOf(":");
  const prefix = head.word.slice(0, colon);
  const id = head.word.slice(colon + 1);
  if (!isTarget(prefix)) return fail(head.col, `"${prefix}:" is not "group:" or "outcome:"; ${EXPECTED}`);
  if (!IDENT.test(id)) return fail(head.col + colon + 1, `"${id}" is not a ${prefix} id (an identifier); ${EXPECTED}`);
  const rel = w[1];
  if (rel === undefined) return fail(text.length + 1, `missing "at" after "${head.word}"; ${EXPECTED}`);
  if (rel.word !== "at") return fail(rel.col, `a ${prefix} event takes "at" (the ${prefix} holds at the end of the date), not "${rel.word}"`);
  const date = w[2];
  if (date === undefined) return fail(text.length + 1, `missing the date after "at"; ${EXPECTED}`);
  if (!DATE.test(date.word)) return fail(date.col, `"${date.word}" is not a date written YYYY-MM-DD`);
  if (!isCalendarDate(date.word)) return fail(date.col, `"${date.word}" is not a real calendar date`);
  const extra = w[3];
  if (extra !== undefined) return fail(extra.col, `unexpected "${extra.word}" after the date; one event per list item`);
  return { ok: true, event: { kind: "target", target: prefix, id, date: date.word, text: text.trim(), idColumn: head.col + colon + 1, dateColumn: date.col } };
}

function isTarget(s: string): s is TargetKind {
  return (TARGETS as readonly string[]).includes(s);
}
