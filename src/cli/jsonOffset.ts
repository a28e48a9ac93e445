/**
 * Positions in JSON text that `JSON.parse` does not give: where the text
 * stops being JSON, and where an object repeats a key. Why: V8's
 * `JSON.parse` names the position for most errors but not for an unexpected
 * token (`NaN`, `Infinity`, a bare word), and accepts a repeated key,
 * keeping its last value silently; every problem in a file is reported at
 * its line:column. Pure.
 * @module
 */

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The offset (0-based, in UTF-16 units) of the first character that makes
 * `text` invalid JSON: where an unexpected character or a disallowed
 * control character is, the text's length when it ends too soon, or
 * undefined when the text is valid JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const space = (): void => {
    while (i < text.length && WS.has(text[i] ?? "")) i++;
  };
  // Each returns false at the offset where the text goes wrong (left in i).
  const value = (depth: number): boolean => {
    space();
    const c = text[i];
    if (c === undefined) return false;
    if (c === "{" || c === "[") {
      // Deep nesting is valid JSON; the parse that failed reports it if it was the problem.
      if (depth > 10_000) return false;
      const close = c === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] === close) { i++; return true; }
      for (;;) {
        if (c === "{") {
          space();
          if (text[i] !== '"' || !string()) return false;
          space();
          if (text[i] !== ":") return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        space();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === close) { i++; return true; }
        return false;
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) { i += word.length; return true; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) return false;
    i += m[0].length;
    return true;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return true; }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i += 1; return false; }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else { i += 1; return false; }
        continue;
      }
      i++;
    }
    return false;
  };
  if (!value(0)) return Math.min(i, text.length);
  space();
  return i < text.length ? i : undefined;
}

/** A key given twice in one object of JSON text: the second one. */
export interface DuplicateKey {
  /** The key as JSON.parse reads it (escapes decoded). */
  readonly key: string;
  /** The offset (0-based, in UTF-16 units) of the second occurrence's opening quote. */
  readonly offset: number;
}

/**
 * Every key given more than once in the same object of `text`, each
 * occurrence after the first, in the order of the text. `text` must be
 * valid JSON (JSON.parse accepted it): the walk checks nothing else.
 * Linear in the text's length; keys are decoded only when they hold an
 * escape, so `"a"` and `"\u0061"` are the same key, as they are to JSON.parse.
 */
export function jsonDuplicateKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  // One set of keys per open object, null for an open array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) { // {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) { // [
      open.push(null);
    } else if (c === 0x7d || c === 0x5d) { // } ]
      open.pop();
    } else if (c === 0x2c) { // ,
      expectKey = open[open.length - 1] instanceof Set;
    } else if (c === 0x22) { // "
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) { escaped = true; i++; }
      }
      if (!expectKey) continue;
      expectKey = false;
      const raw = text.slice(start + 1, i);
      const key = escaped ? String(JSON.parse(`"${raw}"`)) : raw;
      const keys = open[open.length - 1];
      if (keys === undefined || keys === null) continue;
      if (keys.has(key)) out.push({ key, offset: start });
      else keys.add(key);
    }
  }
  return out;
}

/** The line and column (both from 1) of an offset into `text`. Pure. */
export function lineColumn(text: string, offset: number): { line: number; col: number } {
  const at = Math.min(offset, text.length);
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: at - start + 1 };
}
