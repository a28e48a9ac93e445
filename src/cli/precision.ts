/**
 * `run --precision H [--max-runs N]`: parsing and checking the options, and
 * the batches of src/analysis/precision.ts spread over worker threads. Each
 * batch is the run indices between two boundaries of the fixed schedule,
 * split over the workers that batch is worth; counts are integers, so the
 * stopping point and the numbers are the same for any `--workers`.
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { DEFAULT_PRECISION_MAX_RUNS, simulateToPrecision, type PrecisionReport } from "../analysis/precision.js";
import type { Summary } from "../analysis/summary.js";
import type { CompiledModel } from "../model/model.js";
import type { Scenario } from "../scenario/scenario.js";
import { CliError } from "./errors.js";
import { simulateParallel, type WorkerPool } from "./parallel.js";

/** The largest target accepted: a Wilson interval of a probability is never wider than 1, so its half-width is at most 0.5. */
export const MAX_PRECISION = 0.5;

/** Parses `--precision`: a plain decimal number in (0, 0.5] (a half-width of a probability, e.g. 0.005 for ±0.5 points). */
export function parsePrecision(value: string): number {
  const n = Number(value);
  if (!/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(value) || !Number.isFinite(n) || n <= 0 || n > MAX_PRECISION) {
    throw new InvalidArgumentError(`expected a half-width greater than 0 and at most ${MAX_PRECISION}, e.g. 0.005 for ±0.5 percentage points`);
  }
  return n;
}

/** What `run`'s options say about a precision target. */
export interface PrecisionFlags {
  readonly precision?: number | undefined;
  readonly maxRuns?: number | undefined;
  readonly method: string;
  readonly replay?: number | undefined;
  /** Whether `--runs` was given on the command line (not its default). */
  readonly runsGiven: boolean;
}

/** Refuses combinations that would silently ignore an option: a {@link CliError} (exit 2, one line). */
export function checkPrecisionFlags(f: PrecisionFlags): void {
  if (f.precision === undefined) {
    if (f.maxRuns !== undefined) throw new CliError(["--max-runs: only applies with --precision"]);
    return;
  }
  if (f.runsGiven) throw new CliError(["--precision: cannot be used with --runs (the target decides the runs; cap them with --max-runs)"]);
  if (f.method === "exact") throw new CliError(["--precision: cannot be used with --method exact (the exact solver has no sampling error)"]);
  if (f.replay !== undefined) throw new CliError(["--precision: cannot be used with --replay"]);
}

/** What {@link runToPrecision} simulates. */
export interface PrecisionJob {
  readonly model: CompiledModel;
  readonly scenario: Scenario;
  readonly overrides: ReadonlyMap<string, number>;
  readonly seed: number;
  readonly precision: number;
  readonly maxRuns: number | undefined;
  /** The threads `run` started (parallel.ts, `startWorkers`); undefined: this thread alone. */
  readonly pool: WorkerPool | undefined;
}

/**
 * Runs to the precision target, each batch on the threads `run` started
 * (chunks claimed from a shared counter: the same counts for any number of
 * threads).
 */
export async function runToPrecision(job: PrecisionJob): Promise<{ summary: Summary; precision: PrecisionReport }> {
  const maxRuns = job.maxRuns ?? DEFAULT_PRECISION_MAX_RUNS;
  return simulateToPrecision(job.model, { seed: job.seed, precision: job.precision, maxRuns }, (from, to) => simulateParallel({
    model: job.model, scenario: job.scenario, overrides: job.overrides, seed: job.seed, from, runs: to - from, workers: 1, pool: job.pool,
  }));
}
