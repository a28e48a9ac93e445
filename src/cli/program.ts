/**
 * The command-line program: a factory of commands, one file each.
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "./context.js";
import { version } from "./context.js";
import { addParamsCommand } from "./commands/params.js";
import { addExactCommand, addRunCommand } from "./commands/run.js";
import { addValidateCommand } from "./commands/validate.js";

const EXAMPLES = `
Examples:
  $ tariffsim run                                   # the shipped Korea–US scenario, 100,000 runs
  $ tariffsim run --set h_announce_pending=0.01 --runs 1000000
  $ tariffsim run --method both                     # Monte Carlo beside the exact solver
  $ tariffsim exact --timeline --every 7            # exact probabilities by date
  $ tariffsim run scenarios/korea-us-slip.yaml --format json --out slip.json
  $ tariffsim run --replay 42                       # every state change of run 42
  $ tariffsim validate scenarios/*.yaml
  $ tariffsim params

Exit codes: 0 success, 2 bad input (one line per problem: file:line:col: path: message), 70 internal error.
`;

/** Builds the program; commands write through `ctx` and throw CliError on bad input. */
export function makeProgram(ctx: CliContext): Command {
  const program = new Command()
    .name("tariffsim")
    .description("Seeded scenario simulator for tariff-escalation outcomes")
    .version(version(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXAMPLES)
    .configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) })
    .exitOverride();
  addRunCommand(program, ctx);
  addExactCommand(program, ctx);
  addValidateCommand(program, ctx);
  addParamsCommand(program, ctx);
  for (const c of program.commands) {
    c.exitOverride().configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) });
  }
  return program;
}
