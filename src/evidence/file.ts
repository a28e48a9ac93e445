/**
 * Evidence files (`--evidence FILE.yaml`): a dated list of observations,
 * each in the grammar of parse.ts and each with a source (a rationale, or a
 * seed file and a verbatim quote from it, as a parameter's). Text →
 * {@link EvidenceItem}s, every problem an {@link Issue} with a path into
 * the file (line:column through the returned {@link Locator}; a problem in
 * an observation's text also names the column in that text). Pure: the CLI
 * reads the file and its seeds (with the scenario loader's guards) and hands
 * them in.
 * @module
 */
import { z } from "zod";
import { issue, type Issue, type PathSegment } from "../scenario/issues.js";
import { parseText, type Locator } from "../scenario/load.js";
import type { OverlaySeedReader, OverlaySeedText } from "../scenario/overlay.js";
import type { Scenario } from "../scenario/scenario.js";
import { parseObservation } from "./parse.js";
import type { EvidenceItem, EvidenceSource } from "./resolve.js";
import { foldSpace, quoteProblem } from "../scenario/quote.js";
import { shapeIssuesOf } from "../scenario/schemaKeys.js";

/** Largest evidence file read, in bytes (= 1 MiB; a file of a hundred sourced observations is ~30 KB). */
export const MAX_EVIDENCE_BYTES = 1024 * 1024;
/** Most observations in one file. */
export const MAX_OBSERVATIONS = 1_000;

const NonEmpty = z.string().min(1, "must not be empty");

/** A source as written in an evidence or resolutions file: a rationale, or a seed and a verbatim quote (and an optional rationale). */
export const SourceSchema = z.strictObject({
  rationale: NonEmpty.optional(),
  seed: NonEmpty.optional().describe("a file, relative to the evidence file, that holds the quote"),
  quote: NonEmpty.optional().describe("a verbatim quote from the seed file"),
});

/** An evidence file as written. */
export const EvidenceFileSchema = z.strictObject({
  name: NonEmpty.describe("a short name for this set of observations"),
  description: NonEmpty.optional(),
  scenario: NonEmpty.optional().describe("the id of the scenario it is for; checked when given"),
  observations: z.array(z.strictObject({
    observation: NonEmpty.describe("e.g. `not washington.raised by 2026-02-20`"),
    source: SourceSchema,
  })).max(MAX_OBSERVATIONS, `at most ${MAX_OBSERVATIONS} observations in one file`),
});

/** A checked evidence file. */
export interface EvidenceFile {
  readonly name: string;
  readonly description: string | undefined;
  readonly items: readonly EvidenceItem[];
}

/** The result of {@link parseEvidenceText}; the locator either way. */
export type EvidenceFileResult =
  | { readonly ok: true; readonly evidence: EvidenceFile; readonly locate: Locator }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly locate: Locator };


/** The source as written, its text trimmed (a YAML block scalar ends in a line break), or undefined when incomplete. */
function sourceOf(v: z.infer<typeof SourceSchema>): EvidenceSource | undefined {
  const rationale = v.rationale?.trim();
  if (v.seed !== undefined && v.quote !== undefined) return { seed: v.seed, quote: v.quote.trim(), rationale };
  if (v.seed !== undefined || v.quote !== undefined) return undefined;
  return rationale === undefined ? undefined : { rationale };
}

/**
 * Reads a sourced file's text (YAML or JSON) with the scenario loader's
 * safe reading and limits: at most `maxBytes`, then shaped by `schema`
 * (strict); issues carry paths, located by the returned {@link Locator}.
 * Shared by evidence and resolutions files. Pure.
 */
export function parseSourcedText<S extends z.ZodType>(text: string, schema: S, maxBytes: number):
  { ok: true; data: z.infer<S>; locate: Locator } | { ok: false; issues: Issue[]; locate: Locator } {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) {
    return { ok: false, issues: [issue("limit", [], `text is ${bytes} bytes; the limit is ${maxBytes} bytes`)], locate: () => undefined };
  }
  const parsed = parseText(text);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, locate: parsed.locate };
  const { data, locate } = parsed.value;
  const shaped = schema.safeParse(data);
  if (!shaped.success) return { ok: false, issues: shaped.error.issues.flatMap(shapeIssuesOf(schema)), locate };
  return { ok: true, data: shaped.data, locate };
}

/**
 * A checker of sources as written (at `at`, a path to the `source` key):
 * a rationale, or a seed and a quote that occurs verbatim in it (white
 * space folded) when `readSeed` is given; each seed read once. Returns the
 * source, or undefined with issues pushed to `issues`. Pure when `readSeed` is.
 */
export function sourceChecker(readSeed: OverlaySeedReader | undefined):
  (written: z.infer<typeof SourceSchema>, at: readonly PathSegment[], issues: Issue[]) => EvidenceSource | undefined {
  const seeds = new Map<string, OverlaySeedText>();
  return (written, at, issues) => {
    const source = sourceOf(written);
    if (source === undefined) issues.push(issue("source", at, "needs a rationale, or a seed and a quote from it"));
    else if ("seed" in source && readSeed !== undefined) {
      let t = seeds.get(source.seed);
      if (t === undefined) {
        const r = readSeed(source.seed);
        t = r.ok ? { ok: true, text: foldSpace(r.text) } : r;
        seeds.set(source.seed, t);
      }
      if (!t.ok) issues.push(issue(t.code, [...at, "seed"], t.message));
      else {
        const problem = quoteProblem(t.text, source.quote, source.seed);
        if (problem !== undefined) issues.push(issue("source", [...at, "quote"], problem));
      }
    }
    return source;
  };
}

/**
 * Parses and checks an evidence file's text (YAML or JSON, at most
 * {@link MAX_EVIDENCE_BYTES}) for scenario `sc`: shape (strict), each
 * observation's grammar, each source (a rationale, or a seed and a quote
 * that occurs verbatim in it, white space folded, when `readSeed` is
 * given), and `scenario` matching `sc`'s id when given. `from` labels the
 * items (`evidence:FILE`). Names and dates are resolved later against the
 * model (resolve.ts). Pure when `readSeed` is.
 */
export function parseEvidenceText(text: string, sc: Scenario, from: string, readSeed?: OverlaySeedReader): EvidenceFileResult {
  const shaped = parseSourcedText(text, EvidenceFileSchema, MAX_EVIDENCE_BYTES);
  if (!shaped.ok) return shaped;
  const { data: file, locate } = shaped;
  const issues: Issue[] = [];
  if (file.scenario !== undefined && file.scenario !== sc.id) {
    issues.push(issue("unknown-name", ["scenario"], `this evidence is for scenario "${file.scenario}", not "${sc.id}"`));
  }
  const items: EvidenceItem[] = [];
  const checkSource = sourceChecker(readSeed);
  file.observations.forEach((o, i) => {
    const at: PathSegment[] = ["observations", i];
    const source = checkSource(o.source, [...at, "source"], issues);
    const p = parseObservation(o.observation);
    if (!p.ok) {
      issues.push(issue("syntax", [...at, "observation"], `column ${p.column}: ${p.message}`));
      return;
    }
    items.push({ observation: p.observation, source, from, option: false, path: [...at, "observation"] });
  });
  if (issues.length > 0) return { ok: false, issues, locate };
  return { ok: true, evidence: { name: file.name, description: file.description, items }, locate };
}

/** `--given TEXT` as an item, or the issue (code `option`, naming the option and its text). Pure. */
export function givenItem(text: string): { ok: true; item: EvidenceItem } | { ok: false; issue: Issue } {
  const path = ["--given", JSON.stringify(text)];
  const p = parseObservation(text);
  if (!p.ok) return { ok: false, issue: issue("option", path, `column ${p.column}: ${p.message}`) };
  return { ok: true, item: { observation: p.observation, source: undefined, from: "--given", option: true, path } };
}
