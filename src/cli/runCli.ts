/**
 * Runs the CLI on arguments and returns the exit code: 0, 2 for bad input
 * (one line per problem, never a stack trace), 74 when a report cannot be
 * written (a full disk), 70 for an internal error. Every line it writes to
 * stderr has control characters escaped (file names and values come from the
 * user).
 * @module
 */
import { CommanderError } from "@commander-js/extra-typings";
import { ScenarioError } from "../scenario/issues.js";
import type { CliContext } from "./context.js";
import { CliError, EXIT_BAD_INPUT, EXIT_INTERNAL, formatIssue } from "./errors.js";
import { makeProgram } from "./program.js";
import { escapeText } from "../report/escape.js";
import { forgetInputs } from "../boundedRead.js";

/**
 * Runs `tariffsim` with `args` (without node and the script). `loaded`, when
 * given, is called once the program and its command's code are loaded,
 * before the arguments are parsed (src/cli/main.ts sets V8 flags there).
 */
export async function runCli(args: readonly string[], ctx: CliContext, loaded?: () => void): Promise<number> {
  // What an earlier command in this process read is not this command's input (src/cli/outfile.ts).
  forgetInputs();
  try {
    const program = await makeProgram({ ...ctx, args: [...args] });
    loaded?.();
    await program.parseAsync([...args], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      for (const line of e.lines) ctx.err(`${escapeText(line)}\n`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      // commander has already written its message; help and version are successes.
      return e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (e instanceof ScenarioError) {
      for (const i of e.issues) ctx.err(`${formatIssue("scenario", i, () => undefined)}\n`);
      return EXIT_BAD_INPUT;
    }
    const msg = e instanceof Error ? e.message : String(e);
    ctx.err(`tariffsim: internal error: ${escapeText(msg.split("\n")[0] ?? "")}; please report it with the command you ran\n`);
    return EXIT_INTERNAL;
  }
}
