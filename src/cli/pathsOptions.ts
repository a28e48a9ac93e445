/**
 * What `paths` and `trace` share (both tell of single Monte Carlo runs of
 * one scenario): the options of the seed, the parameter overlays and
 * `--set`, the report's format, `--out` and `--wide`; the checks and loading
 * every run of either begins with; and naming an outcome or a machine by its
 * id (a {@link CliError} with a "did you mean" when there is none). One
 * place, so the two commands take and check these options alike.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import type { CompiledModel } from "../model/model.js";
import type { Format } from "../report/tidy.js";
import { suggest } from "../scenario/suggest.js";
import { DEFAULT_SEED } from "./commands/run.js";
import { defaultScenario, type CliContext } from "./context.js";
import { CliError } from "./errors.js";
import { formatOption, resolveFormat } from "./format.js";
import { checkWide, collect, collectPath, parseOutPath, parseSeed } from "./options.js";
import { checkOut } from "./output.js";
import { resolveValuesOrFail, type ResolvedValues } from "./overlays.js";
import { compileOrFail, loadOrFail, type Loaded } from "./scenario.js";

/**
 * Adds the options `paths` and `trace` share to their command (after its
 * `[scenario]` argument): `-s, --seed`, `--params`, `--set`, `--format`,
 * `-o, --out` and `--wide` (with `wideHelp`, as a table and a narrative
 * wrap differently). Returns the command, its options typed.
 */
export function addPathsOptions(cmd: Command<[string | undefined]>, wideHelp: string) {
  return cmd
    .option("-s, --seed <seed>", "master seed (whole number)", parseSeed, DEFAULT_SEED)
    .option("--params <file>", "apply a parameter overlay file (repeatable; in the order given, before --set)", collectPath, [])
    .option("--set <name=value>", "override a parameter (repeatable; applied last)", collect, [])
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", wideHelp);
}

/** The options {@link pathsInputsOrFail} reads. */
export interface PathsOptions {
  readonly out?: string | undefined;
  readonly format?: Format | undefined;
  readonly wide?: true | undefined;
  readonly params: readonly string[];
  readonly set: readonly string[];
  readonly outcome?: string | undefined;
}

/** What a `paths` or `trace` run starts from. */
export interface PathsInputs {
  readonly format: Format;
  readonly loaded: Loaded;
  readonly values: ResolvedValues;
  readonly model: CompiledModel;
  /** The index of `--outcome`, or undefined when not given. */
  readonly outcome: number | undefined;
}

/**
 * Checks `--out`, the format and `--wide`, loads the scenario (`file`, else
 * the shipped one), applies overlays and `--set`, compiles, and finds
 * `--outcome`; throws a {@link CliError} (exit 2) at the first step that
 * fails.
 */
export async function pathsInputsOrFail(ctx: CliContext, file: string | undefined, opts: PathsOptions): Promise<PathsInputs> {
  checkOut(opts.out);
  const format = resolveFormat(opts.format, opts.out);
  checkWide(opts.wide, format);
  const loaded = await loadOrFail(ctx, file ?? defaultScenario());
  const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
  const model = compileOrFail(ctx, loaded, values.values, false, values);
  const outcome = opts.outcome === undefined ? undefined : outcomeIndexOrFail(loaded.file, model, opts.outcome);
  return { format, loaded, values, model, outcome };
}

/**
 * The index of outcome `id`, or a {@link CliError} (exit 2) naming the file,
 * with a "did you mean" and the outcomes there are.
 */
export function outcomeIndexOrFail(file: string, model: CompiledModel, id: string): number {
  const i = model.outcomes.findIndex((o) => o.id === id);
  if (i >= 0) return i;
  const ids = model.outcomes.map((o) => o.id);
  throw new CliError([`${file}: --outcome: no outcome "${id}"${suggest(id, ids)}; the outcomes are ${ids.join(", ")}`]);
}

/** The index of machine `id`, or a {@link CliError} (exit 2) naming the file, with a "did you mean" and the machines there are. */
export function machineIndexOrFail(file: string, model: CompiledModel, id: string): number {
  const i = model.machineIds.indexOf(id);
  if (i >= 0) return i;
  throw new CliError([`${file}: --machine: no machine "${id}"${suggest(id, model.machineIds)}; the machines are ${model.machineIds.join(", ")}`]);
}
