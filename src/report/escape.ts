/**
 * Making scenario-provided text safe to print on a terminal. Pure.
 *
 * Why: labels, names, expressions and file names come from files a user may
 * not have written. Printed raw, an ESC starts a terminal escape sequence, a
 * CR returns to the start of the line (so `bad.yaml:3:1: …\rOK: all
 * scenarios valid` displays as the last part only), and bidirectional
 * controls (U+202E) or zero-width characters make text read differently
 * from what it is. Each such character becomes a visible escape instead.
 * @module
 */

/** Options of {@link escapeText}. */
export interface EscapeOptions {
  /**
   * Keep LF and TAB as they are (for text that is meant to span lines, such
   * as a whole report). Default false: one line of output, LF shown as `\n`.
   * CR is escaped either way.
   */
  readonly multiline?: boolean;
}

// C0 controls, DEL, C1 controls; ALM (U+061C); LRM/RLM (U+200E–U+200F);
// LRE…RLO (U+202A–U+202E); LRI…PDI (U+2066–U+2069); zero-width space,
// non-joiner and joiner (U+200B–U+200D); word joiner (U+2060); BOM / zero-width
// no-break space (U+FEFF); and the line and paragraph separators
// (U+2028–U+2029), which some terminals and editors treat as line breaks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Replaces control, bidirectional and zero-width characters in `text` with
 * visible escapes (`\r`, `\n`, `\t`, `\x1b`, `\u202e`). Everything else,
 * including backslashes and other non-ASCII letters, is kept, so applying it
 * twice gives the same result as once. Pure.
 */
export function escapeText(text: string, opts: EscapeOptions = {}): string {
  const keepLines = opts.multiline === true;
  return text.replace(UNSAFE, (c) => (keepLines && (c === "\n" || c === "\t") ? c : escapeOne(c)));
}
