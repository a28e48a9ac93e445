/**
 * `tariffsim schema`: prints the JSON Schema of the scenario format,
 * generated from the zod schema, for editors (the shipped scenarios point to
 * the copy kept at scenarios/scenario.schema.json).
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { scenarioJsonSchemaText, SCENARIO_SCHEMA_FILE } from "../../scenario/jsonSchema.js";
import type { CliContext } from "../context.js";
import { checkOut, emit } from "../output.js";
import { parseOutPath } from "../options.js";

/** Adds the `schema` command. */
export function addSchemaCommand(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .description(`print the JSON Schema of scenario files (generated from the zod schema; kept at ${SCENARIO_SCHEMA_FILE})`)
    .option("-o, --out <file>", "write to a file (whole or not at all; a new path or a regular file) instead of stdout", parseOutPath)
    .action(async (opts) => {
      checkOut(opts.out);
      await emit(ctx, scenarioJsonSchemaText(), opts.out);
    });
}
