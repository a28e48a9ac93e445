import { describe, expect, it } from "vitest";
import { parseExpression, type Expr } from "../../src/scenario/expression.js";
import { clip } from "../../src/scenario/exprText.js";
import { edit, loadFails, simpleText } from "../helpers/scenario.js";

/** The message of a rejected expression, without the `in "…": ` echo of its text. */
function rejection(text: string): string {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.expr)}`);
  const prefix = `in "${clip(text)}": `;
  return r.message.startsWith(prefix) ? r.message.slice(prefix.length) : r.message;
}

function tree(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(r.message);
  return r.expr;
}

describe("parseExpression", () => {
  it("parses state references, logic and conditionals into tariffsim's tree", () => {
    const r = parseExpression('in("assembly.passed") and not visited("washington.raised") ? p : 0');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.expr.kind).toBe("cond");
  });

  it.each([
    ['import("fs")', /unknown function "import"/],
    ['createUnit("x")', /unknown function "createUnit"/],
    ['evaluate("1+1")', /unknown function "evaluate"/],
    ['parse("1")', /unknown function "parse"/],
    ["x.constructor", /property or index access/],
    ["a = 3", /assignment/],
    ["f(x) = 1", /function definition/],
    ["[1, 2]", /matrix/],
    ['in("nodot")', /write "machine.state"/],
    ["min(1)", /min\(\) takes 2 or more arguments/],
    ["1 +", /cannot parse/],
  ])("rejects %s", (text, message) => {
    const r = parseExpression(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

// Every syntax form of mathjs 15, each either mapped to tariffsim's tree or rejected with its own
// message. The exact messages are what docs/format.md quotes.
describe("every mathjs form is mapped or rejected with a clear message", () => {
  it.each([
    ["a.b", "property or index access is not allowed"],
    ['a["b"]', "property or index access is not allowed"],
    ["a[1]", "property or index access is not allowed"],
    // Method-call syntax: mathjs checks only the last name ("min"), so the whole callee must be a plain name.
    ["process.mainModule.require.min(h, 1)", 'property or index access ("process.mainModule.require.min") is not allowed; call a function by its name alone'],
    ['a["min"](1, 2)', 'property or index access ("a["min"]") is not allowed; call a function by its name alone'],
    ["f(x)(y)", '"f(x) (y)" multiplies without an operator, which is not allowed: write f(x) * (y) (units such as 5 cm are not supported)'],
    ["(f)(x)", '"(f) (x)" multiplies without an operator, which is not allowed: write (f) * (x) (units such as 5 cm are not supported)'],
    ["[1,2]", "a matrix is not allowed"],
    ["{a:1}", "an object is not allowed"],
    ["x = 1", "assignment is not allowed"],
    ["f(x) = x", "a function definition is not allowed"],
    ["1:3", "a range is not allowed"],
    ["a; b", 'more than one statement is not allowed (a new line or ";" ends a statement; to go on over several lines, end each line with an operator or open a parenthesis)'],
    ["a\nb", 'more than one statement is not allowed (a new line or ";" ends a statement; to go on over several lines, end each line with an operator or open a parenthesis)'],
    ['"s"', 'a string ("s") can only be the argument of in(), visited() or date()'],
    ['"a" + 1', 'a string ("a") can only be the argument of in(), visited() or date()'],
    ['abs("a.b")', 'a string ("a.b") can only be the argument of in(), visited() or date()'],
    ["5 cm", '"5 cm" multiplies without an operator, which is not allowed: write 5 * cm (units such as 5 cm are not supported)'],
    ["5 cm to inch", 'operator "to" (unit conversion; expressions are plain numbers) is not allowed'],
    ["2x", '"2 x" multiplies without an operator, which is not allowed: write 2 * x (units such as 5 cm are not supported)'],
    ["2 day", '"2 day" multiplies without an operator, which is not allowed: write 2 * day (units such as 5 cm are not supported)'],
    ["2(day)", '"2 (day)" multiplies without an operator, which is not allowed: write 2 * (day) (units such as 5 cm are not supported)'],
    ["x'", 'operator "\'" (transpose, char 2) is not allowed'],
    ["(a + b) '", 'operator "\'" (transpose, char 9) is not allowed'],
    ["5!", 'operator "!" (factorial; for logic write not) is not allowed'],
    ["a & b", 'operator "&" (bitwise and; for logic write and) is not allowed'],
    ["a | b", 'operator "|" (bitwise or; for logic write or) is not allowed'],
    ["a ^| b", 'operator "^|" (bitwise xor; for logic write xor) is not allowed'],
    ["~a", 'operator "~" (bitwise not; for logic write not) is not allowed'],
    ["a << b", 'operator "<<" (bit shift) is not allowed'],
    ["a >> b", 'operator ">>" (bit shift) is not allowed'],
    ["a >>> b", 'operator ">>>" (bit shift) is not allowed'],
    ["a ?? b", 'operator "??" (nullish coalescing) is not allowed'],
    ["a .* b", 'operator ".*" (element-wise; write *) is not allowed'],
    ["1 < a < 3", 'a chained comparison ("1 < a < 3") is not allowed: write each comparison and join them with and'],
    // mathjs 15 reads a % with no right operand as a percentage (5% = 0.05): rejected before parsing.
    ["5%", '"%" (char 2) has no right operand, so mathjs would read it as a percentage (5% = 0.05), which is not allowed: write the fraction; % is the remainder'],
    ["p% * 2", '"%" (char 2) has no right operand, so mathjs would read it as a percentage (5% = 0.05), which is not allowed: write the fraction; % is the remainder'],
    ["50% + 1", '"%" (char 3) before a sign is ambiguous (mathjs reads 50% + 1 as the remainder 50 % (+1), not 1.5): put the right operand in parentheses, e.g. x % (-3)'],
    ["1 + % 2", '"%" or "mod" needs an operand on each side'],
    ["Infinity", "Infinity is not allowed: every number must be finite"],
    ["-Infinity", "Infinity is not allowed: every number must be finite"],
    ["NaN", "NaN is not allowed: every number must be finite"],
    ["null", "null is not allowed: write a number"],
    ["undefined", "undefined is not allowed: write a number"],
    ["1e400", "the number 1e400 (char 1) is too large: it is not finite"],
    ["p * 2e308", "the number 2e308 (char 5) is too large: it is not finite"],
    ["1e-400", "the number 1e-400 (char 1) is too small: it rounds to 0"],
    ["0x10", "0x10 (char 1): write numbers in decimal (hexadecimal, binary and octal are not allowed)"],
    ["1 + 0b1", "0b1 (char 5): write numbers in decimal (hexadecimal, binary and octal are not allowed)"],
    ["0o7", "0o7 (char 1): write numbers in decimal (hexadecimal, binary and octal are not allowed)"],
    ["0xffi8", "0xffi8 (char 1): write numbers in decimal (hexadecimal, binary and octal are not allowed)"],
    ['date("2026-02-30")', 'date("2026-02-30") is not a real calendar date'],
    ['date("2026-13-01")', 'date("2026-13-01") is not a real calendar date'],
    ['date("2025-02-29")', 'date("2025-02-29") is not a real calendar date'],
    ['date("2026-2-3")', 'date("2026-2-3"): write a date as YYYY-MM-DD'],
    ["date(20260203)", 'date() takes one quoted string, e.g. date("2026-03-01")'],
    ["max(1, 2, 3) + abs()", "abs() takes 1 arguments, not 0"],
    ["sin(1)", 'unknown function "sin"; allowed: in, visited, date, min, max, abs, exp, log, sqrt, floor, ceil, round, clamp'],
  ])("%j", (text, message) => {
    expect(rejection(text)).toBe(message);
  });

  it.each([
    ["a mod b", { kind: "binary", op: "mod", left: { kind: "name", name: "a" }, right: { kind: "name", name: "b" } }],
    ["a % b", { kind: "binary", op: "mod", left: { kind: "name", name: "a" }, right: { kind: "name", name: "b" } }],
    ["a%(-b)", { kind: "binary", op: "mod", left: { kind: "name", name: "a" }, right: { kind: "neg", arg: { kind: "name", name: "b" } } }],
    ["not a", { kind: "not", arg: { kind: "name", name: "a" } }],
    ["a xor b", { kind: "binary", op: "xor", left: { kind: "name", name: "a" }, right: { kind: "name", name: "b" } }],
    ["a and b or c", {
      kind: "binary", op: "or",
      left: { kind: "binary", op: "and", left: { kind: "name", name: "a" }, right: { kind: "name", name: "b" } },
      right: { kind: "name", name: "c" },
    }],
    ["a ? b : c", { kind: "cond", test: { kind: "name", name: "a" }, then: { kind: "name", name: "b" }, else: { kind: "name", name: "c" } }],
    ["+a", { kind: "name", name: "a" }],
    ["((a))", { kind: "name", name: "a" }],
    ["true", { kind: "num", value: 1 }],
    ["false", { kind: "num", value: 0 }],
    ["1.5e3", { kind: "num", value: 1500 }],
    [".5", { kind: "num", value: 0.5 }],
    ["1e-300", { kind: "num", value: 1e-300 }],
    ["0.000", { kind: "num", value: 0 }],
    ['date("2028-02-29")', { kind: "date", date: "2028-02-29" }],
    ['visited("m.s")', { kind: "visited", machine: "m", state: "s" }],
    // e, pi, i and other mathjs constants are plain names: a parameter of that name, or "unknown parameter".
    ["e", { kind: "name", name: "e" }],
    ["pi", { kind: "name", name: "pi" }],
    // A trailing new line, as YAML's `|` leaves it, and a comment.
    ["a\n", { kind: "name", name: "a" }],
    ["a # the hazard", { kind: "name", name: "a" }],
    ['in("m.s") # 50% (not a percentage inside a comment)', { kind: "in", machine: "m", state: "s" }],
    ['in("m.s") and "%" == "%" or 1', undefined], // strings are skipped by the text checks, then rejected as strings
  ])("%j", (text, want) => {
    if (want === undefined) expect(rejection(text)).toMatch(/a string/);
    else expect(tree(text)).toEqual(want);
  });

  it("maps mathjs's syntax-error positions back to the text as written, past rewritten %s", () => {
    const r = parseExpression("a % b % (c +)");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('cannot parse "a % b % (c +)": Value expected (char 13)');
  });

  it("parses nested % in linear time (mathjs alone takes time exponential in their nesting)", () => {
    const nested = `${"(1 % ".repeat(17)}1${")".repeat(17)}`; // mathjs alone: about 1 s, and doubling per level
    const t0 = performance.now();
    expect(parseExpression(nested).ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("does not mistake a transpose for a quote that would hide a nested % from the rewrite", () => {
    const t0 = performance.now();
    expect(rejection(`x' + ${"(1 % ".repeat(17)}1${")".repeat(17)}`)).toBe('operator "\'" (transpose, char 2) is not allowed');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(tree("in('m.s')")).toEqual({ kind: "in", machine: "m", state: "s" }); // a quote where an operand begins
  });

  it("rejects an empty expression and a non-finite YAML number", () => {
    expect(parseExpression("  ")).toEqual({ ok: false, code: "expression", message: "the expression is empty" });
    expect(parseExpression(Infinity)).toEqual({ ok: false, code: "expression", message: "Infinity is not a finite number" });
    expect(parseExpression(Number.NaN)).toEqual({ ok: false, code: "expression", message: "NaN is not a finite number" });
  });

  it("echoes at most 80 characters of the text, and the same of a name or string it quotes", () => {
    const long = `${"a".repeat(500)}(1)`;
    const r = parseExpression(long);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe(`in "${"a".repeat(79)}…": unknown function "${"a".repeat(39)}…"; allowed: in, visited, date, min, max, abs, exp, log, sqrt, floor, ceil, round, clamp`);
    expect(clip("😀".repeat(50))).toBe(`${"😀".repeat(39)}…`); // never half a surrogate pair
  });
});

describe("warnings", () => {
  it("warns that == and != with a non-integer number compare exactly", () => {
    const r = parseExpression("p == 0.3 or q != -0.5 or r == 1");
    expect(r.ok && r.warnings).toEqual([
      'in "p == 0.3 or q != -0.5 or r == 1": == compares exactly and 0.3 is not an integer (0.1 + 0.2 == 0.3 is false); compare with a tolerance, e.g. abs(x - 0.3) < 1e-9',
      'in "p == 0.3 or q != -0.5 or r == 1": != compares exactly and -0.5 is not an integer (0.1 + 0.2 == 0.3 is false); compare with a tolerance, e.g. abs(x - (-0.5)) < 1e-9',
    ]);
    expect(parseExpression("day == 3 and p < 0.3")).toMatchObject({ ok: true, warnings: [] });
  });
});

describe("in a scenario file: one line with file, line, column and path", () => {
  it.each([
    ["process.mainModule.require.min(h_raise, 1)", 'f.yaml:36:17: machines.tariff.transitions[0].hazard: in "process.mainModule.require.min(h_raise, 1)": property or index access ("process.mainModule.require.min") is not allowed; call a function by its name alone'],
    ['date(\\"2026-02-30\\") > 0 ? h_raise : 0', 'f.yaml:36:17: machines.tariff.transitions[0].hazard: in "date("2026-02-30") > 0 ? h_raise : 0": date("2026-02-30") is not a real calendar date'],
    ["e", 'f.yaml:36:17: machines.tariff.transitions[0].hazard: unknown parameter "e"'],
    ["pi", 'f.yaml:36:17: machines.tariff.transitions[0].hazard: unknown parameter "pi"'],
  ])("%s", (hazard, line) => {
    const { lines } = loadFails(edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, `"${hazard}"`));
    expect(lines.filter((l) => !l.includes(": warning: "))).toEqual([line]);
  });

  it("a 2,000-term sum and 2,000 nested minus signs", () => {
    const sum = Array.from({ length: 2000 }, () => "h_raise").join(" + ");
    expect(loadFails(edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, `"${sum}"`)).lines[0]).toMatch(
      /^f\.yaml:36:17: machines\.tariff\.transitions\[0\]\.hazard: in "h_raise \+ .{69}…": expression is 19997 characters long; the limit is 10000$/,
    );
    const minus = `${"-".repeat(2000)}h_raise`;
    expect(loadFails(edit(simpleText(), `'in("bill.passed") ? 0 : h_raise'`, `"${minus}"`)).lines[0]).toMatch(
      /^f\.yaml:36:17: machines\.tariff\.transitions\[0\]\.hazard: in "-{79}…": expression nests 2000 deep; the limit is 100 \(each operator, call or parenthesis around a value is one level, so a \+ b \+ c is 2 deep\)$/,
    );
  });
});
