import { describe, expect, it } from "vitest";
import { parseExpression } from "../../src/scenario/expression.js";

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
