/**
 * The JSON Schema for editors: generated from the zod schema, kept in sync
 * at scenarios/scenario.schema.json, and accepting every shipped scenario
 * (checked by an independent JSON Schema validator, ajv); the shipped
 * scenarios point editors to it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from "../../src/scenario/jsonSchema.js";
import { cli } from "../helpers/cli.js";
import { ROOT, edit, loadOk, simpleText } from "../helpers/scenario.js";

const shipped = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml")).map((f) => join(ROOT, "scenarios", f));

function validator(): (data: unknown) => { ok: boolean; errors: string } {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const check = ajv.compile(scenarioJsonSchema());
  return (data) => ({ ok: check(data), errors: ajv.errorsText(check.errors) });
}

describe("the scenario JSON Schema", () => {
  it("is kept in sync at scenarios/scenario.schema.json (regenerate: tariffsim schema --out scenarios/scenario.schema.json)", () => {
    expect(readFileSync(join(ROOT, SCENARIO_SCHEMA_FILE), "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("accepts every shipped scenario, and each points editors to it", () => {
    const check = validator();
    expect(shipped.length).toBeGreaterThanOrEqual(3);
    for (const f of shipped) {
      const text = readFileSync(f, "utf8");
      expect(text.split("\n")[0], f).toBe("# yaml-language-server: $schema=./scenario.schema.json");
      const r = check(parse(text));
      expect(r.errors, f).toBe("No errors");
      expect(r.ok, f).toBe(true);
    }
  });

  it("rejects what the zod schema rejects in shape: an unknown key, a missing field, a bad date, a bad name", () => {
    const check = validator();
    const base: unknown = parse(simpleText());
    expect(check(base).ok).toBe(true);
    for (const [what, text] of [
      ["unknown key", edit(simpleText(), "calendar:", "colour: red\ncalendar:")],
      ["missing title", simpleText().replace(/^title:.*\n/m, "")],
      ["bad date", edit(simpleText(), "horizon: 2026-04-30", "horizon: 2026-4-30")],
      ["bad id", edit(simpleText(), "  bill:\n", "  bad-name:\n")],
    ] as const) {
      expect(check(parse(text)).ok, what).toBe(false);
    }
  });

  it("the schema command prints the same schema, and a scenario may carry $schema", async () => {
    const r = await cli("schema");
    expect(r.code).toBe(0);
    expect(r.out).toBe(scenarioJsonSchemaText());
    expect(() => loadOk(`$schema: ./scenario.schema.json\n${simpleText()}`)).not.toThrow();
  });
});
