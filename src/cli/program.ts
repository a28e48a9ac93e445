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
import { addSweepCommand } from "./commands/sweep.js";
import { addTornadoCommand } from "./commands/tornado.js";
import { addSensitivityCommand } from "./commands/sensitivity.js";
import { addUncertaintyCommand } from "./commands/uncertainty.js";
import { addSchemaCommand } from "./commands/schema.js";
import { addSourcesCommand } from "./commands/sources.js";
import { addCheckCommand } from "./commands/check.js";
import { addCompareCommand } from "./commands/compare.js";
import { addMergeCommand } from "./commands/merge.js";
import { addReportCommand } from "./commands/report.js";
import { addScoreCommand } from "./commands/score.js";
import { escapeText } from "../report/escape.js";

const EXAMPLES = `
Examples:
  $ tariffsim run                                   # the shipped Korea–US scenario, 100,000 runs
  $ tariffsim run --set h_announce_pending=0.01 --runs 1000000
  $ tariffsim exact --params scenarios/overlays/court-upholds.yaml   # a named set of values (then any --set)
  $ tariffsim run --method both                     # Monte Carlo beside the exact solver
  $ tariffsim exact --timeline --every 7            # exact probabilities by date
  $ tariffsim run scenarios/korea-us-slip.yaml --format json --out slip.json
  $ tariffsim run --replay 42                       # every state change of run 42
  $ tariffsim validate scenarios/*.yaml
  $ tariffsim params
  $ tariffsim check                                 # test the scenario's claims; a failure comes shrunk, as a command
  $ tariffsim sources                               # every number's quote (with its line) or rationale
  $ tariffsim tornado                               # which assumption moves each headline most
  $ tariffsim tornado --out tornado.csv             # CSV (--format table|json|csv|md, or from the extension)
  $ tariffsim sweep p_struck_down=0..1 --steps 11   # a grid (add NAME2=FROM..TO for two-way)
  $ tariffsim sensitivity --samples 256             # Sobol indices over the declared uncertainties
  $ tariffsim uncertainty --draws draws.csv         # the forecast integrating parameter uncertainty
  $ tariffsim schema --out scenario.schema.json     # JSON Schema for editors
  $ tariffsim compare --a-set p_struck_down=0.5 --b-set p_struck_down=0.45   # paired B − A per headline
  $ tariffsim run --runs 100000000 --shard 3/8 --out part-3.json   # one of 8 shards (docs/scale.md)
  $ tariffsim merge part-*.json --format csv        # the 8 shards' report, as the unsharded run's
  $ tariffsim report --out report.html              # one self-contained HTML report with charts
  $ tariffsim score --resolutions scenarios/resolutions/korea-2026-02-03.yaml --base-rate 0.5   # Brier and log scores

Exit codes: 0 success (also when a reader closes the pipe early), 2 bad input (one line per problem:
file:line:col: path: message), 74 output could not be written (e.g. a full disk), 70 internal error,
130/143 interrupted (SIGINT/SIGTERM).
`;

/** Builds the program; commands write through `ctx` and throw CliError on bad input. */
export function makeProgram(context: CliContext): Command {
  // commander echoes arguments in its messages: escape what a user typed.
  const output = { writeOut: (s: string) => context.out(escapeText(s, { multiline: true })), writeErr: (s: string) => context.err(escapeText(s, { multiline: true })) };
  const program = new Command()
    .name("tariffsim")
    .description("Seeded scenario simulator for tariff-escalation outcomes")
    .version(version(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXAMPLES)
    .configureOutput(output)
    .option("-q, --quiet", "no progress bars (they are drawn on stderr only when it is a terminal)")
    .option("--no-cache", "do not read or write the scenario cache (also TARIFFSIM_NO_CACHE=1; see docs/cli.md)")
    .exitOverride();
  // Commands see --quiet once the arguments are parsed (it may follow the command's name).
  const ctx: CliContext = { ...context, quiet: () => program.opts().quiet === true, noCache: () => program.opts().cache === false };
  addRunCommand(program, ctx);
  addExactCommand(program, ctx);
  addValidateCommand(program, ctx);
  addParamsCommand(program, ctx);
  addTornadoCommand(program, ctx);
  addSweepCommand(program, ctx);
  addSensitivityCommand(program, ctx);
  addUncertaintyCommand(program, ctx);
  addSchemaCommand(program, ctx);
  addSourcesCommand(program, ctx);
  addCheckCommand(program, ctx);
  addCompareCommand(program, ctx);
  addMergeCommand(program, ctx);
  addReportCommand(program, ctx);
  addScoreCommand(program, ctx);
  for (const c of program.commands) {
    c.exitOverride().configureOutput(output);
  }
  return program;
}
