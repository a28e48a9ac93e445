/**
 * Parameter overlays (`--params FILE.yaml`): a named set of parameter values,
 * each with its own source (a rationale, or a seed file and a verbatim quote
 * from it), applied over a scenario's defaults. Text → checked values, every
 * problem an {@link Issue} with a path into the overlay file (its line and
 * column come from the returned {@link Locator}). Pure: the file and its
 * seed files are read by the caller (src/cli/overlays.ts) and handed in.
 * @module
 */
import { z } from "zod";
import { issue, type Issue, type PathSegment } from "./issues.js";
import { parseText, type Locator } from "./load.js";
import type { Scenario } from "./scenario.js";
import { suggest } from "./suggest.js";
import { foldSpace, quoteProblem } from "./quote.js";
import { shapeIssuesOf } from "./schemaKeys.js";

/** Largest overlay file read, in bytes (= 1 MiB; an overlay of every shipped parameter is ~3 KB). */
export const MAX_OVERLAY_BYTES = 1024 * 1024;

/**
 * Edit-distance cells spent on "did you mean" hints for one overlay (=
 * 10^7, a few milliseconds): an overlay full of unknown names stays cheap.
 */
const SUGGEST_BUDGET_CELLS = 10_000_000;

const NonEmpty = z.string().min(1, "must not be empty");

/**
 * One value as written. Which source fields go together (a rationale, or a
 * seed with a quote) is checked after the shape, with a message that says so.
 */
const OverlayValueSchema = z.strictObject({
  value: z.number(),
  rationale: NonEmpty.optional(),
  seed: NonEmpty.optional().describe("a file, relative to the overlay file, that holds the quote"),
  quote: NonEmpty.optional().describe("a verbatim quote from the seed file"),
});

/** An overlay file as written. */
export const OverlayFileSchema = z.strictObject({
  name: NonEmpty.describe("a short name for this set of values, e.g. hawkish-court"),
  description: NonEmpty.optional(),
  scenario: NonEmpty.optional().describe("the id of the scenario it is for; checked when given"),
  values: z.record(z.string(), OverlayValueSchema),
});

/** Where one overlay value comes from. */
export type OverlaySource =
  | { readonly rationale: string }
  | { readonly seed: string; readonly quote: string; readonly rationale?: string | undefined };

/** One checked overlay value. */
export interface OverlayValue {
  readonly name: string;
  readonly value: number;
  readonly source: OverlaySource;
}

/** A checked overlay: its name, description and values in file order. */
export interface Overlay {
  readonly name: string;
  readonly description: string | undefined;
  readonly values: readonly OverlayValue[];
}

/** A seed file as the caller could read it: its text, or why not (`code` `"limit"` for a file over a size cap). */
export type OverlaySeedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly code: "source" | "limit"; readonly message: string };

/**
 * Reads a seed file named in an overlay (the path as written, relative to the
 * overlay file). Called at most once per distinct seed, and only after the
 * shape is checked.
 */
export type OverlaySeedReader = (seed: string) => OverlaySeedText;

/** The result of {@link parseOverlayText}; the locator either way (issues have paths into the overlay). */
export type OverlayResult =
  | { readonly ok: true; readonly overlay: Overlay; readonly locate: Locator }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly locate: Locator };



/**
 * Parses and checks an overlay's text (YAML or JSON, at most
 * {@link MAX_OVERLAY_BYTES}) against scenario `sc`:
 *
 * - shape (zod, strict: unknown keys are errors);
 * - each value has a rationale, or a seed and a quote (path `values.NAME`);
 * - each name is a parameter of `sc` (`unknown parameter "x" (did you mean "y"?)`, path `values.NAME`);
 * - each value lies within that parameter's bounds (path `values.NAME.value`),
 *   with the same wording as `--set`;
 * - `scenario`, when given, is `sc`'s id;
 * - with `readSeed`, each quote occurs verbatim (whitespace folded) in its
 *   seed file; without it, quotes are not checked.
 *
 * Pure when `readSeed` is.
 */
export function parseOverlayText(text: string, sc: Scenario, readSeed?: OverlaySeedReader): OverlayResult {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_OVERLAY_BYTES) {
    return { ok: false, issues: [issue("limit", [], `text is ${bytes} bytes; the limit is ${MAX_OVERLAY_BYTES} bytes`)], locate: () => undefined };
  }
  const parsed = parseText(text);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, locate: parsed.locate };
  const { data, locate } = parsed.value;
  const shaped = OverlayFileSchema.safeParse(data);
  if (!shaped.success) {
    return { ok: false, issues: shaped.error.issues.flatMap(shapeIssuesOf(OverlayFileSchema)), locate };
  }
  const file = shaped.data;
  const issues: Issue[] = [];
  if (file.scenario !== undefined && file.scenario !== sc.id) {
    issues.push(issue("unknown-name", ["scenario"], `this overlay is for scenario "${file.scenario}", not "${sc.id}"`));
  }
  const params = new Map(sc.parameters.map((p) => [p.name, p]));
  const budget = { cells: SUGGEST_BUDGET_CELLS };
  const values: OverlayValue[] = [];
  const quotes: { name: string; seed: string; quote: string }[] = [];
  for (const [name, v] of Object.entries(file.values)) {
    const at: PathSegment[] = ["values", name];
    const source = sourceOf(v);
    if (source === undefined) {
      issues.push(issue("source", at, "needs a source: a rationale, or a seed and a quote from it"));
    } else if ("seed" in source) {
      quotes.push({ name, seed: source.seed, quote: source.quote });
    }
    const p = params.get(name);
    if (p === undefined) {
      issues.push(issue("unknown-name", at, `unknown parameter "${name}"${suggest(name, params.keys(), budget)}`));
    } else if (v.value < p.min || v.value > p.max) {
      issues.push(issue("range", [...at, "value"], `${v.value} is outside the bounds [${p.min}, ${p.max}] of "${name}"`));
    }
    if (source !== undefined) values.push({ name, value: v.value, source });
  }
  if (readSeed !== undefined) issues.push(...checkQuotes(quotes, readSeed));
  if (issues.length > 0) return { ok: false, issues, locate };
  return { ok: true, overlay: { name: file.name, description: file.description, values }, locate };
}

/** The source of a value as written, or undefined when it has neither a rationale nor a seed with a quote. */
function sourceOf(v: z.infer<typeof OverlayValueSchema>): OverlaySource | undefined {
  if (v.seed !== undefined && v.quote !== undefined) return { seed: v.seed, quote: v.quote, rationale: v.rationale };
  if (v.seed !== undefined || v.quote !== undefined) return undefined; // half a quote is not a source, even with a rationale
  return v.rationale === undefined ? undefined : { rationale: v.rationale };
}

/** Checks each quote against its seed file, each file read (and folded) once. */
function checkQuotes(quotes: readonly { name: string; seed: string; quote: string }[], readSeed: OverlaySeedReader): Issue[] {
  const issues: Issue[] = [];
  const texts = new Map<string, OverlaySeedText>();
  for (const q of quotes) {
    let t = texts.get(q.seed);
    if (t === undefined) {
      const read = readSeed(q.seed);
      t = read.ok ? { ok: true, text: foldSpace(read.text) } : read;
      texts.set(q.seed, t);
    }
    if (!t.ok) issues.push(issue(t.code, ["values", q.name, "seed"], t.message));
    else {
      const problem = quoteProblem(t.text, q.quote, q.seed);
      if (problem !== undefined) issues.push(issue("source", ["values", q.name, "quote"], problem));
    }
  }
  return issues;
}
