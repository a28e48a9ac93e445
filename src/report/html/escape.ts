/**
 * HTML that cannot be injected into: every value placed in a page goes
 * through {@link html}, which escapes text and passes through only
 * {@link Html} values (built by `html` itself, or {@link trusted} for the
 * charts vega renders and the page's own style sheet). Pure.
 *
 * Why: labels, descriptions, quotes and file names come from scenario files
 * a reader may not have written; a label `</td><script>…` must show as that
 * text, not run. Control, bidirectional and zero-width characters are made
 * visible first (`\u202e`, as on a terminal: report/escape.ts), so text
 * cannot read differently from what it is.
 * @module
 */
import { escapeText } from "../escape.js";

/** A piece of HTML that is safe to insert as it is. */
export class Html {
  /** @param text markup already escaped (or trusted) */
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What {@link html} accepts between its literal parts: text (escaped), numbers, HTML, lists of them, or nothing. */
export type Interpolation = Html | string | number | undefined | null | false | readonly Interpolation[];

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text as HTML text or attribute value: `& < > " '` as entities, control
 * and bidi characters as visible escapes (line breaks and tabs kept). Pure.
 */
export function escapeHtml(text: string): string {
  return escapeText(text, { multiline: true }).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function piece(v: Interpolation): string {
  if (v instanceof Html) return v.text;
  if (v === undefined || v === null || v === false) return "";
  if (typeof v === "number") return escapeHtml(String(v));
  if (typeof v === "string") return escapeHtml(v);
  return v.map(piece).join("");
}

/**
 * A template tag: the literal parts are the page's own markup, every
 * interpolated string is escaped ({@link escapeHtml}); `Html` values are
 * inserted as they are, arrays joined, `undefined`/`null`/`false` dropped.
 * Safe inside text and inside double-quoted attribute values. Pure.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/**
 * Markup inserted without escaping. Only for what the tool itself produced
 * from escaped data: the SVG vega renders (vega escapes every text and
 * attribute it writes) and the page's style sheet. Never for scenario text.
 */
export function trusted(markup: string): Html {
  return new Html(markup);
}
