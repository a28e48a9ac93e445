/**
 * The command-line program: a factory of commands, one file each. Commands
 * are loaded on demand: a command line that names one loads only that
 * command's module (and what it imports), so `run` never loads the code of
 * the analyses, the HTML report or the claims' checker; help and anything
 * unrecognised load them all; `--version` loads none.
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "./context.js";
import { version } from "./context.js";
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
  $ tariffsim paths --outcome increase_suspended    # the most common sequences of state changes
  $ tariffsim trace --outcome increase_suspended --count 3   # dated stories of sample runs

Exit codes: 0 success (also when a reader closes the pipe early), 2 bad input (one line per problem:
file:line:col: path: message), 74 output could not be written (e.g. a full disk), 70 internal error,
130/143 interrupted (SIGINT/SIGTERM).
`;

type AddCommand = (program: Command, ctx: CliContext) => void;

/** Every command, in the order help lists them, each loaded on demand (its own chunk in the bundle). */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<AddCommand>])[] = [
  ["run", async () => (await import("./commands/run.js")).addRunCommand],
  ["exact", async () => (await import("./commands/run.js")).addExactCommand],
  ["validate", async () => (await import("./commands/validate.js")).addValidateCommand],
  ["params", async () => (await import("./commands/params.js")).addParamsCommand],
  ["tornado", async () => (await import("./commands/tornado.js")).addTornadoCommand],
  ["sweep", async () => (await import("./commands/sweep.js")).addSweepCommand],
  ["sensitivity", async () => (await import("./commands/sensitivity.js")).addSensitivityCommand],
  ["uncertainty", async () => (await import("./commands/uncertainty.js")).addUncertaintyCommand],
  ["schema", async () => (await import("./commands/schema.js")).addSchemaCommand],
  ["sources", async () => (await import("./commands/sources.js")).addSourcesCommand],
  ["check", async () => (await import("./commands/check.js")).addCheckCommand],
  ["compare", async () => (await import("./commands/compare.js")).addCompareCommand],
  ["merge", async () => (await import("./commands/merge.js")).addMergeCommand],
  ["report", async () => (await import("./commands/report.js")).addReportCommand],
  ["score", async () => (await import("./commands/score.js")).addScoreCommand],
  ["paths", async () => (await import("./commands/paths.js")).addPathsCommand],
  ["trace", async () => (await import("./commands/trace.js")).addTraceCommand],
];

/** The program's own options that take no value (anything else before the command name loads every command). */
const GLOBAL_FLAGS = new Set(["-q", "--quiet", "--no-cache"]);

/**
 * The command a command line names: its first argument after the program's
 * own flags, when that is a command's name; undefined otherwise (help,
 * version, a typo: then every command is registered, as commander needs them
 * all to answer). Pure.
 */
export function namedCommand(args: readonly string[]): string | undefined {
  for (const a of args) {
    if (GLOBAL_FLAGS.has(a)) continue;
    return COMMANDS.some(([name]) => name === a) ? a : undefined;
  }
  return undefined;
}

/**
 * Whether a command line asks for the version and nothing else: its first
 * argument after the program's own flags is `-V` or `--version` (commander
 * answers it before any command runs, so none is loaded). Pure.
 */
export function versionOnly(args: readonly string[]): boolean {
  for (const a of args) {
    if (GLOBAL_FLAGS.has(a)) continue;
    return a === "-V" || a === "--version";
  }
  return false;
}

/**
 * Builds the program for `args` (only the command they name, none for the version, or all);
 * commands write through `ctx` and throw CliError on bad input.
 */
export async function makeProgram(context: CliContext, args: readonly string[] = context.args ?? []): Promise<Command> {
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
    .option("--no-cache", "do not read or write the scenario cache (also TARIFFSIM_NO_CACHE=1; README, The scenario cache)")
    .exitOverride();
  // Commands see --quiet once the arguments are parsed (it may follow the command's name).
  const ctx: CliContext = { ...context, quiet: () => program.opts().quiet === true, noCache: () => program.opts().cache === false };
  const only = namedCommand(args);
  const adders = versionOnly(args) ? [] : await Promise.all(COMMANDS.filter(([name]) => only === undefined || name === only).map(([, load]) => load()));
  for (const add of adders) add(program, ctx);
  for (const c of program.commands) {
    c.exitOverride().configureOutput(output);
  }
  return program;
}
