/**
 * `tariffsim run [scenario]`: Monte Carlo outcome probabilities, or the
 * replay of one run.
 * @module
 */
import { Option, type Command } from "@commander-js/extra-typings";
import { summarize } from "../../analysis/summary.js";
import { replayRun, simulateBatch } from "../../engine/simulate.js";
import { dateOfDay } from "../../scenario/dates.js";
import { replayTable, summaryTable } from "../../report/table.js";
import { defaultScenario, type CliContext } from "../context.js";
import { compileOrFail, loadOrFail, withScenario } from "../scenario.js";
import { collect, parseRuns, parseSeed, wholeNumber, MAX_RUNS } from "../options.js";
import { emit } from "../output.js";

/** The default number of runs. */
export const DEFAULT_RUNS = 100_000;
/** The default master seed: fixed, so that two plain runs agree. */
export const DEFAULT_SEED = 20260203;

/** Adds the `run` command. */
export function addRunCommand(program: Command, ctx: CliContext): void {
  program
    .command("run")
    .description("estimate outcome probabilities by Monte Carlo")
    .argument("[scenario]", "scenario file (YAML or JSON); default: the shipped Korea–US scenario")
    .option("-n, --runs <n>", "number of runs", parseRuns, DEFAULT_RUNS)
    .option("-s, --seed <seed>", "master seed (whole number)", parseSeed, DEFAULT_SEED)
    .option("--set <name=value>", "override a parameter (repeatable; checked against its bounds)", collect, [])
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"] as const).default("table" as const))
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout")
    .option("--states", "also show, per state, how often runs end in it, enter it, and when")
    .option("--replay <run>", "replay one run (its index) and show every state change", wholeNumber(0, MAX_RUNS))
    .action((file, opts) => {
      const path = file ?? defaultScenario();
      const loaded = loadOrFail(ctx, path);
      const model = compileOrFail(ctx, loaded, opts.set);
      if (opts.replay !== undefined) {
        const r = withScenario(loaded, () => replayRun(model, opts.seed, opts.replay ?? 0));
        const sc = model.scenario;
        const text = opts.format === "json"
          ? JSON.stringify({
            scenario: sc.id, seed: opts.seed, run: r.run,
            outcome: model.outcomes[r.outcome]?.id,
            events: r.events.map((e) => ({
              date: dateOfDay(sc.start, e.day), day: e.day, machine: model.machineIds[e.machine],
              from: model.stateNames[e.from], to: model.stateNames[e.to], transition: e.transition.id,
            })),
            final: r.finalStates.map((s) => model.stateNames[s]),
          }, null, 2) + "\n"
          : replayTable(model, opts.seed, r);
        emit(ctx, text, opts.out);
        return;
      }
      const tally = withScenario(loaded, () => simulateBatch(model, { seed: opts.seed, from: 0, to: opts.runs }));
      const summary = summarize(model, tally, opts.seed);
      const text = opts.format === "json"
        ? JSON.stringify({ ...summary, method: "mc" }, null, 2) + "\n"
        : summaryTable(summary, { states: opts.states === true });
      emit(ctx, text, opts.out);
    });
}
