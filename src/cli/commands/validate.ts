/**
 * `tariffsim validate <files...>`: checks scenario files (and their declared
 * parameter uncertainties); exit code 2 if any has an error (with `--strict`,
 * any warning), with one line per problem.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { loadScenarioFile } from "../../io.js";
import { prepareModel } from "../../model/prepare.js";
import type { CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { escapeText } from "../../report/escape.js";
import { hasErrors } from "../../scenario/issues.js";
import { checkScenarioUncertainty } from "../../uncertainty/check.js";

/** Adds the `validate` command. */
export function addValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description("check scenario files: syntax, schema, names, ranges, weights, outcomes, quotes")
    .argument("<files...>", "scenario files (YAML or JSON)")
    .option("--strict", "treat every warning (an unused parameter, a placeholder rationale, …) as an error")
    .action((files, opts) => {
      const errors: string[] = [];
      for (const file of files) {
        const r = loadScenarioFile(file);
        if (!r.ok) {
          errors.push(...formatIssues(file, r.issues, r.locate));
          continue;
        }
        const p = prepareModel(r.scenario);
        const uncertainty = checkScenarioUncertainty(r.scenario);
        const found = [...r.warnings, ...(p.ok ? p.warnings : p.issues), ...uncertainty];
        // --strict: a warning fails the file like an error, and is printed as one (no "warning:" prefix).
        const issues = opts.strict === true ? found.map((i) => ({ ...i, severity: "error" as const })) : found;
        const lines = formatIssues(file, issues, r.locate);
        if (p.ok && !hasErrors(issues)) {
          for (const l of lines) ctx.err(`${l}\n`);
          ctx.out(`${escapeText(file)}: ok (${r.scenario.machines.length} machines, ${p.model.stateNames.length} states, ${r.scenario.outcomes.length} outcomes)\n`);
        } else {
          errors.push(...lines);
        }
      }
      if (errors.length > 0) throw new CliError(errors);
    });
}
