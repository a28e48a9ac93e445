/**
 * `tariffsim compare [A] [B]`: two scenarios, or one scenario with two
 * parameter sets (`--a-set`/`--b-set`, `--a-params`/`--b-params` over the
 * shared `--params`/`--set`), compared per group and outcome: P under A,
 * under B, and B − A with its 95% interval; exact when the solver handles
 * both sides, else Monte Carlo with common random numbers
 * (src/analysis/paired.ts).
 *
 * Each side is a {@link Side} built once (scenario, values, model); the
 * comparison only sees the two compiled models. Conditioning a side on
 * evidence (`--a-given`/`--b-given`) adds a field to `Side` and to the
 * side's resolution here, not a new code path.
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "@commander-js/extra-typings";
import { exactPairs, summarizePairs, DEFAULT_PAIRED_RUNS, type PairedComparison } from "../../analysis/paired.js";
import { pairTargets } from "../../analysis/pairTargets.js";
import { PairSideError, type Side as SideId } from "../../analysis/pairedRuns.js";
import type { CompiledModel } from "../../model/model.js";
import { overridesOf, type Origin } from "../../model/params.js";
import { compareJson, compareMeta, compareTable, compareTidy, type CompareMeta, type SideOverride } from "../../report/compare.js";
import { renderTidy } from "../../report/tidy.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, EXIT_BAD_INPUT, formatIssues } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { collect, collectPath, parseOutPath, parseRuns, parseSeed, wholeNumber } from "../options.js";
import { checkOut, emit } from "../output.js";
import { resolveValuesOrFail } from "../overlays.js";
import { MAX_WORKERS, MIN_RUNS_PER_WORKER, planWorkers } from "../parallel.js";
import { simulatePairsParallel } from "../pairedParallel.js";
import { compileOrFail, loadOrFail, type Loaded } from "../scenario.js";
import { DEFAULT_SEED } from "./run.js";

const METHODS = ["auto", "exact", "mc"] as const;

/** One side of the comparison, resolved once. */
interface Side {
  readonly id: SideId;
  readonly loaded: Loaded;
  /** The final values to compile with (and to send to workers). */
  readonly values: ReadonlyMap<string, number>;
  readonly overrides: readonly SideOverride[];
  readonly model: CompiledModel;
}

/** What one side's options say. */
interface SideOptions {
  readonly params: readonly string[];
  readonly set: readonly string[];
}

/**
 * A side's values: the defaults, then the shared `--params` files and
 * `--set`, then the side's own `--a-params` files and `--a-set` (own values
 * win over shared ones). Problems in either are exit 2; a problem in the
 * side's own `--set` is reported as `--a-set`/`--b-set`.
 */
function resolveSide(ctx: CliContext, id: SideId, loaded: Loaded, shared: SideOptions, own: SideOptions): Side {
  const flag = id === "a" ? "--a-set" : "--b-set";
  const lines: string[] = [];
  const attempt = (params: readonly string[], set: readonly string[], rename: boolean): ReturnType<typeof resolveValuesOrFail> | undefined => {
    try {
      return resolveValuesOrFail(loaded, params, set);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      const prefix = `${loaded.file}: --set `;
      lines.push(...e.lines.map((l) => (rename && l.startsWith(prefix) ? `${loaded.file}: ${flag} ${l.slice(prefix.length)}` : l)));
      return undefined;
    }
  };
  const s = attempt(shared.params, shared.set, false);
  const o = attempt(own.params, own.set, true);
  if (s === undefined || o === undefined) throw new CliError(lines);
  const values = new Map([...s.values, ...o.values]);
  const from = new Map<string, Origin>([...s.from, ...o.from]);
  const ownSet = new Set([...o.from].filter(([, origin]) => origin === "--set").map(([name]) => name));
  const overrides = overridesOf(loaded.scenario, { values, from })
    .map((x): SideOverride => (ownSet.has(x.name) ? { ...x, from: flag } : x));
  return { id, loaded, values, overrides, model: compileOrFail(ctx, loaded, values) };
}

/** A side's problem as exit-2 lines naming that side's file. */
function sideError(sides: readonly [Side, Side], e: PairSideError): CliError {
  const side = e.side === "a" ? sides[0] : sides[1];
  return new CliError(formatIssues(side.loaded.file, e.issues, side.loaded.locate));
}

/** Adds the `compare` command. */
export function addCompareCommand(program: Command, ctx: CliContext): void {
  program
    .command("compare")
    .description("paired comparison of two scenarios, or of one scenario under two parameter sets: B − A per group and outcome, with its interval")
    .argument("[a]", "scenario A (YAML or JSON); default: the shipped Korea–US scenario")
    .argument("[b]", "scenario B; default: the same file as A (then give --a-set/--b-set or --a-params/--b-params)")
    .option("--params <file>", "a parameter overlay applied to both sides (repeatable; before --set)", collectPath, [])
    .option("--set <name=value>", "a parameter value for both sides (repeatable)", collect, [])
    .option("--a-params <file>", "an overlay for side A only, over the shared values (repeatable)", collectPath, [])
    .option("--b-params <file>", "an overlay for side B only, over the shared values (repeatable)", collectPath, [])
    .option("--a-set <name=value>", "a value for side A only, applied last (repeatable)", collect, [])
    .option("--b-set <name=value>", "a value for side B only, applied last (repeatable)", collect, [])
    .addOption(new Option("-m, --method <method>", "auto (exact when the solver handles both sides, else Monte Carlo), exact, or mc").choices(METHODS).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo paired runs (run i of A and of B share one generator)", parseRuns, DEFAULT_PAIRED_RUNS)
    .option("-s, --seed <seed>", "master seed of the Monte Carlo runs", parseSeed, DEFAULT_SEED)
    .option("-w, --workers <n>", `worker threads for Monte Carlo, at most ${MAX_WORKERS} (same numbers for any count; capped at the cores and at one per ${MIN_RUNS_PER_WORKER.toLocaleString("en-US")} runs)`, wholeNumber(1, MAX_WORKERS), 1)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .action(async (fileA, fileB, opts, cmd) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      const explicit = (name: string): boolean => cmd.getOptionValueSource(name) === "cli";
      if (opts.method === "exact") {
        const ignored = ["runs", "seed", "workers"].filter(explicit);
        if (ignored.length > 0) throw new CliError([`--method exact: --${ignored.join(", --")} only apply to Monte Carlo`]);
      }
      const a = fileA ?? defaultScenario();
      const b = fileB ?? a;
      const sideOptionsGiven = opts.aSet.length + opts.bSet.length + opts.aParams.length + opts.bParams.length > 0;
      if (fileB === undefined && !sideOptionsGiven) {
        throw new CliError([`${a}: nothing to compare: give a second scenario, or --a-set/--b-set or --a-params/--b-params`]);
      }
      const loadedA = loadOrFail(ctx, a);
      const loadedB = b === a ? loadedA : loadOrFail(ctx, b);
      const shared = { params: opts.params, set: opts.set };
      // Both sides checked before giving up; a shared problem (one file for both sides) is said once.
      const lines = new Set<string>();
      const tryResolve = (id: SideId, loaded: Loaded, own: SideOptions): Side | undefined => {
        try {
          return resolveSide(ctx, id, loaded, shared, own);
        } catch (e) {
          if (!(e instanceof CliError) || e.exitCode !== EXIT_BAD_INPUT) throw e;
          for (const l of e.lines) lines.add(l);
          return undefined;
        }
      };
      const A = tryResolve("a", loadedA, { params: opts.aParams, set: opts.aSet });
      const B = tryResolve("b", loadedB, { params: opts.bParams, set: opts.bSet });
      if (A === undefined || B === undefined) throw new CliError([...lines]);
      const sides: [Side, Side] = [A, B];
      const targets = pairTargets(A.model, B.model);
      if (targets.targets.length === 0) {
        throw new CliError([`${a}, ${b}: the scenarios share no group or outcome id; nothing to compare`]);
      }
      let result: PairedComparison | undefined;
      try {
        if (opts.method !== "mc") {
          const exact = exactPairs(A.model, B.model, targets);
          if (exact.ok) result = exact.value;
          else if (opts.method === "exact") throw new CliError(formatIssues(exact.side === "a" ? a : b, exact.issues, () => undefined));
        }
        if (result === undefined) {
          const plan = planWorkers(opts.workers, opts.runs, availableParallelism());
          if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
          const tally = await simulatePairsParallel({
            a: { model: A.model, scenario: A.loaded.scenario, overrides: A.values },
            b: { model: B.model, scenario: B.loaded.scenario, overrides: B.values },
            seed: opts.seed, runs: opts.runs, workers: plan.workers,
          });
          result = summarizePairs(targets, tally, opts.seed);
        }
      } catch (e) {
        if (e instanceof PairSideError) throw sideError(sides, e);
        throw e;
      }
      const scA = A.model.scenario;
      const scB = B.model.scenario;
      const meta: CompareMeta = {
        scenarioA: scA.id, scenarioB: scB.id,
        title: scA.title === scB.title ? scA.title : `${scA.title} / ${scB.title}`,
        overridesA: A.overrides, overridesB: B.overrides,
      };
      const text = format === "json"
        ? JSON.stringify(compareJson(result, meta), null, 2) + "\n"
        : format === "table"
        ? compareTable(result, meta)
        : renderTidy(format, provenance(ctx, compareMeta(result, meta)), compareTidy(result));
      await emit(ctx, text, opts.out);
    });
}
