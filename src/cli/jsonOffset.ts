/**
 * Where JSON text stops being JSON: the offset of the first character a JSON
 * parser cannot accept. Why: V8's `JSON.parse` names the position for most
 * errors but not for an unexpected token (`NaN`, `Infinity`, a bare word),
 * and every problem in a file is reported at its line:column. Used only on
 * the error path, after `JSON.parse` failed. Pure.
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
