/**
 * `tariffsim validate <files...>`: checks scenario files; exit code 2 if any
 * has an error, with one line per problem.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { loadScenarioFile } from "../../io.js";
import { prepareModel } from "../../model/prepare.js";
import type { CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";

/** Adds the `validate` command. */
export function addValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description("check scenario files: syntax, schema, names, ranges, weights, outcomes, quotes")
    .argument("<files...>", "scenario files (YAML or JSON)")
    .action((files) => {
      const errors: string[] = [];
      for (const file of files) {
        const r = loadScenarioFile(file);
        if (!r.ok) {
          errors.push(...formatIssues(file, r.issues, r.locate));
          continue;
        }
        const p = prepareModel(r.scenario);
        const issues = p.ok ? [...r.warnings, ...p.warnings] : [...r.warnings, ...p.issues];
        const lines = formatIssues(file, issues, r.locate);
        if (p.ok) {
          for (const l of lines) ctx.err(`${l}\n`);
          ctx.out(`${file}: ok (${r.scenario.machines.length} machines, ${p.model.stateNames.length} states, ${r.scenario.outcomes.length} outcomes)\n`);
        } else {
          errors.push(...lines);
        }
      }
      if (errors.length > 0) throw new CliError(errors);
    });
}
