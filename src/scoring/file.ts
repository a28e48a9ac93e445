/**
 * Resolutions files (`score --resolutions FILE.yaml`): events that have been
 * settled, each with an id, its text in the event grammar (event.ts), whether
 * it happened, and a source (a rationale, or a seed file and a verbatim quote
 * from it, as an observation's). Text → {@link Resolution}s, every problem an
 * {@link Issue} with a path into the file (line:column through the returned
 * {@link Locator}; a problem in an event's text also names the column in
 * that text). Read with the same safe reading, limits and source checks as
 * evidence files (src/evidence/file.ts). Pure: the CLI reads the file and
 * its seeds and hands them in.
 * @module
 */
import { z } from "zod";
import { parseSourcedText, sourceChecker, SourceSchema } from "../evidence/file.js";
import type { EvidenceSource } from "../evidence/resolve.js";
import { issue, type Issue, type Path, type PathSegment } from "../scenario/issues.js";
import type { Locator } from "../scenario/load.js";
import type { OverlaySeedReader } from "../scenario/overlay.js";
import type { Scenario } from "../scenario/scenario.js";
import { parseEvent, type ScoreEvent } from "./event.js";

/** Largest resolutions file read, in bytes (= 1 MiB, as an evidence file). */
export const MAX_RESOLUTIONS_BYTES = 1024 * 1024;
/**
 * Most events in one file. Each observation-style event costs one exact
 * solve (a fraction of a second on the shipped scenario), so this also
 * bounds the time a score takes.
 */
export const MAX_EVENTS = 1_000;

const NonEmpty = z.string().min(1, "must not be empty");
const EventId = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/, "must be 1 to 100 letters, digits, _, - or . (not starting with - or .)");

/** A resolutions file as written. */
export const ResolutionsFileSchema = z.strictObject({
  name: NonEmpty.describe("a short name for this set of resolutions"),
  description: NonEmpty.optional(),
  scenario: NonEmpty.optional().describe("the id of the scenario it is for; checked when given"),
  events: z.array(z.strictObject({
    id: EventId,
    event: NonEmpty.describe("e.g. `assembly.passed by 2026-03-20` or `group:hold at 2026-06-30`"),
    happened: z.boolean(),
    source: SourceSchema,
  })).min(1, "needs at least one event").max(MAX_EVENTS, `at most ${MAX_EVENTS} events in one file`),
});

/** One settled event, parsed. */
export interface Resolution {
  readonly id: string;
  readonly event: ScoreEvent;
  readonly happened: boolean;
  readonly source: EvidenceSource;
  /** Path to the event's text in its file (where a problem with it is reported). */
  readonly path: Path;
}

/** A checked resolutions file. */
export interface ResolutionsFile {
  readonly name: string;
  readonly description: string | undefined;
  readonly resolutions: readonly Resolution[];
}

/** The result of {@link parseResolutionsText}; the locator either way. */
export type ResolutionsFileResult =
  | { readonly ok: true; readonly file: ResolutionsFile; readonly locate: Locator }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly locate: Locator };

/**
 * Parses and checks a resolutions file's text (YAML or JSON, at most
 * {@link MAX_RESOLUTIONS_BYTES}) for scenario `sc`: shape (strict), ids
 * unique, each event's grammar, each source (a quote must occur verbatim in
 * its seed when `readSeed` is given), and `scenario` matching `sc`'s id when
 * given. Names and dates are resolved later against the model
 * (resolve.ts). Pure when `readSeed` is.
 */
export function parseResolutionsText(text: string, sc: Scenario, readSeed?: OverlaySeedReader): ResolutionsFileResult {
  const shaped = parseSourcedText(text, ResolutionsFileSchema, MAX_RESOLUTIONS_BYTES);
  if (!shaped.ok) return shaped;
  const { data: file, locate } = shaped;
  const issues: Issue[] = [];
  if (file.scenario !== undefined && file.scenario !== sc.id) {
    issues.push(issue("unknown-name", ["scenario"], `these resolutions are for scenario "${file.scenario}", not "${sc.id}"`));
  }
  const checkSource = sourceChecker(readSeed);
  const seen = new Map<string, number>();
  const resolutions: Resolution[] = [];
  file.events.forEach((e, i) => {
    const at: PathSegment[] = ["events", i];
    const first = seen.get(e.id);
    if (first !== undefined) issues.push(issue("duplicate", [...at, "id"], `id "${e.id}" is already used by events[${first}]`));
    else seen.set(e.id, i);
    const source = checkSource(e.source, [...at, "source"], issues);
    const p = parseEvent(e.event);
    if (!p.ok) {
      issues.push(issue("syntax", [...at, "event"], `column ${p.column}: ${p.message}`));
      return;
    }
    if (source !== undefined) resolutions.push({ id: e.id, event: p.event, happened: e.happened, source, path: [...at, "event"] });
  });
  if (issues.length > 0) return { ok: false, issues, locate };
  return { ok: true, file: { name: file.name, description: file.description, resolutions }, locate };
}
