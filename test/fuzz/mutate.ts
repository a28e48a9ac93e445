/**
 * fast-check arbitraries that break the shipped scenarios: as data (delete a
 * key, swap a value's type, huge/tiny/negative/NaN-like numbers, odd names,
 * duplicated entries, random expressions from a small grammar, valid or not)
 * and as text (truncation at a random byte, random bytes spliced in, random
 * byte strings). Each case carries a short description for failure reports.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { ROOT, SIMPLE } from "../helpers/scenario.js";

/** A JSON-like value. */
export type Data = null | boolean | number | string | Data[] | { [k: string]: Data };

/** A base scenario: its name, text and data. */
export interface Base {
  readonly name: string;
  readonly text: string;
  readonly data: Data;
}

/** The shipped scenarios (scenarios/*.yaml) and the simple fixture. */
export function bases(): Base[] {
  const dir = join(ROOT, "scenarios");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f)).concat(SIMPLE);
  return files.map((f) => {
    const text = readFileSync(f, "utf8");
    return { name: f.slice(ROOT.length), text, data: parse(text) as Data };
  });
}

/** Every path to a node of `d` (the root included), in a stable order. */
export function allPaths(d: Data, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(d)) d.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (d !== null && typeof d === "object") for (const [k, v] of Object.entries(d)) allPaths(v, [...prefix, k], out);
  return out;
}

/** The node at `path`, or undefined. */
export function at(d: Data, path: readonly (string | number)[]): Data | undefined {
  let cur: Data | undefined = d;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (cur !== null && typeof cur === "object" && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, String(seg))) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

function clone(d: Data): Data {
  return structuredClone(d);
}

/** Names a hostile author might pick. */
export const oddName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "prototype", "constructor", "toString", "hasOwnProperty", "valueOf", "in", "visited", "day", "horizon",
    "daysInState", "true", "null", "NaN", "Infinity", "e", "pi", "import", "evaluate", "", " ", "a.b", "a b", "1abc", "-", "é", "名前",
    "a\u202eb", "a\u200bb", "a\u001b[31mb", "a\rb", "a\nb", "a\u0007b", "x".repeat(5000), "'", "\"", "\\", "${x}"),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

/** Numbers at and past every edge. */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-300, 5e-324, -1e-300, 1e300, -1e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 2 ** 31, -(2 ** 31), 36_600, 36_601, 3_660, 3_661, 1e9, 1e10, 1.0000001, -0.0000001),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Strings that look like numbers, dates or specials to a lax reader. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("NaN", "nan", "Infinity", "-Infinity", ".inf", "-.inf", ".nan", "1e999", "1e-400", "0x10", "0b1", "0o7", " 0.3", "0.3 ", "1_000",
    "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "2026-02-29", "1970-01-01", "-2026-01-01", "+002026-01-01", "2026-1-1", "true", "yes", "~", ""),
  fc.string({ maxLength: 20 }),
);

/** Expressions from a small grammar: names, calls, operators, including broken ones. */
export function exprArb(): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
    atom: fc.oneof(
      fc.constantFrom("day", "horizon", "daysInState", "p_pass", "h_raise", "nosuch", "true", "false", "0", "1", "0.5", "1e308", "-1", "1e-320",
        'in("bill.passed")', 'in("tariff.low")', 'visited("bill.failed")', 'in("nosuch.state")', 'in("bill")', 'date("2026-03-01")', 'date("2026-02-30")',
        'date("x")', "NaN", "Infinity", "pi", "e", "process", "this", "constructor", "__proto__", "x.y", "a[0]", "[1, 2]", "{a: 1}", "f(x) = 1", "x = 1",
        '"str"', "import(\"fs\")", "evaluate(\"1\")", "0/0", "1/0", "sqrt(-1)", "log(0)"),
      fc.integer({ min: -5, max: 5 }).map(String),
    ),
    expr: fc.oneof(
      { arbitrary: tie("atom"), weight: 4 },
      fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "^", "%", "==", "!=", "<", "<=", ">", ">=", " and ", " or ", " xor ", "", ",", ".", ":"), tie("expr")).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(fc.constantFrom("-", "not ", "+", "!", "~"), tie("expr")).map(([op, a]) => `${op}${a}`),
      fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
      fc.tuple(fc.constantFrom("min", "max", "abs", "exp", "log", "sqrt", "floor", "ceil", "round", "clamp", "in", "visited", "date", "nosuch", "eval", "process.exit", "x.min"),
        fc.array(tie("expr"), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(", ")})`),
      tie("expr").map((a) => `(${a})`),
      tie("expr").map((a) => `(${a}`),
    ),
  }));
  return fc.oneof(expr, fc.constantFrom(`${"(".repeat(300)}1${")".repeat(300)}`, `${"-".repeat(300)}1`, `1${" + 1".repeat(600)}`, `max(${"1, ".repeat(1500)}1)`, "x".repeat(11_000),
    // Past the limits that used to overflow the stack (issue 6).
    `${"-".repeat(2500)}1`, `1${" + 1".repeat(2500)}`, `${"(".repeat(2500)}1${")".repeat(2500)}`, `not ${"not ".repeat(2500)}1`));
}

/** A replacement value of any type. */
export function anyValue(): fc.Arbitrary<Data> {
  return fc.oneof(
    oddNumber,
    oddString,
    exprArb(),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.oneof(oddNumber, oddString, fc.constant(null)), { maxLength: 4 }),
    fc.dictionary(oddName, fc.oneof(oddNumber, oddString, fc.constant(null)), { maxKeys: 3 }),
    fc.constant<Data>([]),
    fc.constant<Data>({}),
  ) as fc.Arbitrary<Data>;
}

/** One edit of the data; applies in place to a clone and says what it did. */
type Edit = (d: Data) => string;

function editArb(base: Base): fc.Arbitrary<Edit> {
  const paths = allPaths(base.data).filter((p) => p.length > 0);
  const path = fc.constantFrom(...paths);
  const parentOf = (d: Data, p: readonly (string | number)[]): { parent: Data | undefined; key: string | number } =>
    ({ parent: at(d, p.slice(0, -1)), key: p[p.length - 1] ?? "" });
  const del = path.map((p): Edit => (d) => {
    const { parent, key } = parentOf(d, p);
    if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
    else if (parent !== null && typeof parent === "object" && !Array.isArray(parent)) delete parent[String(key)];
    return `delete ${p.join(".")}`;
  });
  const replace = fc.tuple(path, anyValue()).map(([p, shared]): Edit => (d) => {
    // fast-check may hand out one instance twice (fc.constant({})): a copy, or two edits could make a cycle.
    const v = clone(shared);
    const { parent, key } = parentOf(d, p);
    if (Array.isArray(parent) && typeof key === "number") parent[key] = v;
    else if (parent !== null && typeof parent === "object") (parent as Record<string, Data>)[String(key)] = v;
    return `set ${p.join(".")} = ${JSON.stringify(v)?.slice(0, 200)}`;
  });
  const exprs = paths.filter((p) => { const v = at(base.data, p); return typeof v === "string" && /[("a-z]/.test(v) && ["hazard", "when", "weight"].includes(String(p[p.length - 1])); });
  const expr = exprs.length === 0 ? replace : fc.tuple(fc.constantFrom(...exprs), exprArb()).map(([p, e]): Edit => (d) => {
    const { parent, key } = parentOf(d, p);
    if (parent !== null && typeof parent === "object" && !Array.isArray(parent)) parent[String(key)] = e;
    return `expr ${p.join(".")} = ${JSON.stringify(e).slice(0, 200)}`;
  });
  const maps = paths.filter((p) => { const v = at(base.data, p); return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0; });
  const rename = fc.tuple(fc.constantFrom(...maps), fc.nat(), oddName).map(([p, i, name]): Edit => (d) => {
    const m = at(d, p);
    if (m === null || typeof m !== "object" || Array.isArray(m)) return "rename (none)";
    const keys = Object.keys(m);
    const k = keys[i % keys.length] ?? "";
    const v = m[k] ?? null;
    delete m[k];
    Object.defineProperty(m, name, { value: v, enumerable: true, writable: true, configurable: true });
    return `rename ${[...p, k].join(".")} -> ${JSON.stringify(name).slice(0, 80)}`;
  });
  const arrays = paths.filter((p) => Array.isArray(at(base.data, p)));
  const dup = arrays.length === 0 ? del : fc.tuple(fc.constantFrom(...arrays), fc.nat(), fc.integer({ min: 1, max: 3 })).map(([p, i, n]): Edit => (d) => {
    const a = at(d, p);
    if (!Array.isArray(a) || a.length === 0) return "dup (none)";
    const item = a[i % a.length] ?? null;
    for (let k = 0; k < n; k++) a.push(clone(item));
    return `duplicate ${p.join(".")}[${i % a.length}] x${n}`;
  });
  return fc.oneof(del, replace, expr, rename, dup);
}

/** A mutated scenario as text, with a description of how it was made. */
export interface Mutant {
  readonly base: string;
  readonly how: string;
  readonly text: string;
}

/** A mutant that fast-check prints by its description (not its whole text). */
export function mutant(base: string, how: string, text: string): Mutant {
  const m = { base, how, text };
  Object.defineProperty(m, fc.toStringMethod, { value: () => `${base}: ${how.slice(0, 800)}`, enumerable: false });
  return m;
}

/** Data mutations of a base, written back as YAML or JSON. */
export function dataMutant(all: readonly Base[]): fc.Arbitrary<Mutant> {
  return fc.constantFrom(...all).chain((base) =>
    fc.tuple(fc.array(editArb(base), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([edits, asJson]) => {
      const d = clone(base.data);
      const hows = edits.map((e) => e(d));
      let text: string;
      try {
        text = asJson ? JSON.stringify(d, null, 1) : stringify(d, { aliasDuplicateObjects: false, lineWidth: 0 });
      } catch {
        text = JSON.stringify(d);
      }
      return mutant(base.name, `${asJson ? "json" : "yaml"}: ${hows.join("; ")}`, text);
    }));
}

/** Text mutations of a base: truncation, bytes spliced in, lines swapped or repeated. */
export function textMutant(all: readonly Base[]): fc.Arbitrary<Mutant> {
  return fc.constantFrom(...all).chain((base) => {
    const n = base.text.length;
    const trunc = fc.nat({ max: n }).map((k) => ({ how: `truncate at ${k}`, text: base.text.slice(0, k) }));
    const splice = fc.tuple(fc.nat({ max: n }), fc.nat({ max: 20 }), fc.string({ unit: "binary", maxLength: 16 }))
      .map(([k, del, s]) => ({ how: `splice at ${k}, delete ${del}, insert ${JSON.stringify(s)}`, text: base.text.slice(0, k) + s + base.text.slice(k + del) }));
    const bytes = fc.tuple(fc.nat({ max: n }), fc.uint8Array({ maxLength: 16 }))
      .map(([k, b]) => ({ how: `bytes at ${k}: ${Array.from(b).join(",")}`, text: base.text.slice(0, k) + Buffer.from(b).toString("latin1") + base.text.slice(k) }));
    const lines = base.text.split("\n");
    const lineOp = fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: lines.length - 1 }), fc.constantFrom("swap", "repeat", "indent", "dedent", "drop"))
      .map(([i, j, op]) => {
        const ls = [...lines];
        const li = ls[i] ?? "";
        if (op === "swap") { ls[i] = ls[j] ?? ""; ls[j] = li; }
        else if (op === "repeat") ls.splice(i, 0, li);
        else if (op === "indent") ls[i] = `  ${li}`;
        else if (op === "dedent") ls[i] = li.replace(/^ {1,2}/, "");
        else ls.splice(i, 1);
        return { how: `line ${op} ${i + 1}/${j + 1}`, text: ls.join("\n") };
      });
    return fc.oneof(trunc, splice, bytes, lineOp).map((m) => mutant(base.name, m.how, m.text));
  });
}

/** Random byte strings and small YAML-ish noise, with no base. */
export function noise(): fc.Arbitrary<Mutant> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => mutant("(bytes)", `bytes ${Buffer.from(b).toString("base64")}`, Buffer.from(b).toString("utf8"))),
    fc.string({ unit: "binary", maxLength: 200 }).map((s) => mutant("(string)", JSON.stringify(s), s)),
    fc.constantFrom("", "---", "null", "[]", "{}", "0", "~", "*a", "&a [*a]", "!!binary AAAA", "!!js/function 'f(){}'", "%YAML 1.1\n---\na: 1", "? [a]\n: b", "a: !!set {x}", "<<: *x", "\ufeffid: x", "id: x\n...\nid: y", "--- a\n--- b")
      .map((s) => mutant("(yaml)", JSON.stringify(s), s)),
  );
}

/** Every kind of mutant. */
export function mutantArb(all: readonly Base[]): fc.Arbitrary<Mutant> {
  return fc.oneof({ arbitrary: dataMutant(all), weight: 5 }, { arbitrary: textMutant(all), weight: 4 }, { arbitrary: noise(), weight: 1 });
}
