/**
 * Checks on an expression's text made before mathjs parses it, and the one
 * rewrite the text needs. Pure.
 *
 * Why before parsing: mathjs's recursive-descent parser uses about 25 stack
 * frames per level of brackets and overflows the default stack at about 260
 * levels (Node 20, measured), so bracket nesting must be bounded first; and it
 * parses `%` by trial-parsing what follows and then parsing it again, which
 * takes time exponential in the nesting of `%` (`(1 % (1 % (1 % …)))` 20 deep
 * takes 9 s). Each `%` that is the remainder is therefore rewritten to
 * mathjs's other spelling of the same operator, `mod`, which parses in one
 * pass; a `%` that mathjs would read as a percentage (`5%` = 0.05) is rejected
 * here. Number literals are checked here too, because the parsed tree no
 * longer shows how a number was written (`0x10` and `16`, `1e400` and
 * `Infinity` are the same constants).
 * @module
 */
import { MAX_EXPR_DEPTH } from "./limits.js";

/** Longest stretch of an expression echoed in a message (= about one terminal line with its prefix). */
export const ECHO_LENGTH = 80;

/**
 * `text` cut to `max` characters, ending in "…" when cut, so that one
 * message stays one readable line. Never splits a surrogate pair. Pure.
 */
export function clip(text: string, max: number = ECHO_LENGTH): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate: keep its pair whole or not at all
  return `${text.slice(0, end)}…`;
}

/** The text to give mathjs, or why the text is rejected (`limit`: a documented limit). */
export type TextCheck =
  | { readonly ok: true; readonly text: string; readonly toSource: (pos: number) => number }
  | { readonly ok: false; readonly message: string; readonly limit: boolean };

/** A letter, digit, `_` or `$`, or any non-ASCII character (a superset of what mathjs admits in a name). */
function isNameChar(c: string): boolean {
  return /^[A-Za-z0-9_$]$/.test(c) || c >= "\u00c0";
}

/** Characters that can begin an operand, so that a `%` before them is mathjs's remainder. */
function beginsOperand(text: string, i: number): boolean {
  const c = text.charAt(i);
  if (c === ".") return /^[0-9]$/.test(text.charAt(i + 1));
  return /^[0-9A-Za-z_$"'([{+\-~]$/.test(c) || c >= "\u00c0";
}

/** Index of the first character at or after `i` that mathjs does not skip after an operator. */
function skipBlank(text: string, i: number): number {
  let j = i;
  for (;;) {
    const c = text.charAt(j);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") j++;
    else if (c === "#") while (j < text.length && text.charAt(j) !== "\n") j++;
    else return j;
  }
}

const NUMBER = /(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const NON_DECIMAL = /0[xbo][0-9A-Za-z_$]*(?:\.[0-9A-Za-z_$]*)?/y;

function checkNumber(token: string, at: number): string | undefined {
  const value = Number(token);
  if (!Number.isFinite(value)) return `the number ${clip(token, 40)} (char ${at}) is too large: it is not finite`;
  const mantissa = token.split(/[eE]/)[0] ?? "";
  if (value === 0 && /[1-9]/.test(mantissa)) return `the number ${clip(token, 40)} (char ${at}) is too small: it rounds to 0`;
  return undefined;
}

/**
 * Checks the text of an expression (already within MAX_EXPR_LENGTH) and
 * returns what to give mathjs, with a map from a position in it back to the
 * position in `source` (both 1-based, as mathjs's "(char N)" is). Rejects
 * bracket nesting deeper than MAX_EXPR_DEPTH, percentages, `%` before a sign, hexadecimal,
 * binary and octal literals, and decimal literals that overflow to Infinity
 * or underflow to 0. Linear in the length of `source`. Pure.
 */
export function checkText(source: string): TextCheck {
  const out: string[] = [];
  const shifts: number[] = []; // source positions (0-based) of each `%` rewritten to " mod "
  let depth = 0;
  let deepest = 0;
  let i = 0;
  const n = source.length;
  let operandEnds = false; // the last token (blanks and comments aside) ends an operand
  while (i < n) {
    const c = source.charAt(i);
    if (c === "'" && operandEnds) {
      // After an operand mathjs reads ' as transpose, not as a quote. Rejected here, so that what follows
      // is scanned as code: read as a string, it would hide a `%` from the rewrite below.
      return { ok: false, limit: false, message: `operator "'" (transpose, char ${i + 1}) is not allowed` };
    }
    if (c === '"' || c === "'") {
      // A string literal: copied as is (mathjs reports an unterminated one).
      let j = i + 1;
      while (j < n && source.charAt(j) !== c) j += source.charAt(j) === "\\" ? 2 : 1;
      out.push(source.slice(i, j + 1));
      i = j + 1;
      operandEnds = true;
    } else if (c === "#") {
      let j = i;
      while (j < n && source.charAt(j) !== "\n") j++;
      out.push(source.slice(i, j));
      i = j;
    } else if (isNameChar(c) && !/^[0-9]$/.test(c)) {
      let j = i + 1;
      while (j < n && isNameChar(source.charAt(j))) j++;
      out.push(source.slice(i, j));
      // An operator keyword (`x and 'a'`) does not end an operand; treating it as one only turns a
      // string into a rejected transpose, never the other way round.
      operandEnds = true;
      i = j;
    } else if (/^[0-9]$/.test(c) || (c === "." && /^[0-9]$/.test(source.charAt(i + 1)))) {
      NON_DECIMAL.lastIndex = i;
      const nd = NON_DECIMAL.exec(source);
      if (nd !== null) {
        return { ok: false, limit: false, message: `${clip(nd[0], 40)} (char ${i + 1}): write numbers in decimal (hexadecimal, binary and octal are not allowed)` };
      }
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(source)?.[0] ?? c;
      const bad = checkNumber(token, i + 1);
      if (bad !== undefined) return { ok: false, limit: false, message: bad };
      out.push(token);
      i += token.length;
      operandEnds = true;
    } else if (c === "%") {
      const next = skipBlank(source, i + 1);
      if (source.charAt(next) === "+" || source.charAt(next) === "-") {
        return {
          ok: false, limit: false,
          message: `"%" (char ${i + 1}) before a sign is ambiguous (mathjs reads 50% + 1 as the remainder 50 % (+1), not 1.5): put the right operand in parentheses, e.g. x % (-3)`,
        };
      }
      if (!beginsOperand(source, next)) {
        return {
          ok: false, limit: false,
          message: `"%" (char ${i + 1}) has no right operand, so mathjs would read it as a percentage (5% = 0.05), which is not allowed: write the fraction; % is the remainder`,
        };
      }
      shifts.push(i);
      out.push(" mod ");
      i++;
      operandEnds = false;
    } else {
      if (c === "(" || c === "[" || c === "{") {
        depth++;
        if (depth > deepest) deepest = depth;
      } else if (c === ")" || c === "]" || c === "}") {
        depth--;
      }
      if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") operandEnds = c === ")" || c === "]" || c === "}" || c === "!";
      out.push(c);
      i++;
    }
  }
  if (deepest > MAX_EXPR_DEPTH) {
    return { ok: false, limit: true, message: `expression nests ${deepest} brackets deep; the limit is ${MAX_EXPR_DEPTH}` };
  }
  const toSource = (pos: number): number => {
    // Each rewritten `%` (1 character) became 5, so later positions are 4 further on per `%` before them.
    const q = pos - 1;
    let extra = 0;
    for (const s of shifts) {
      if (q < s + extra) break;
      if (q < s + extra + 5) return s + 1;
      extra += 4;
    }
    return q - extra + 1;
  };
  return { ok: true, text: out.join(""), toSource };
}
