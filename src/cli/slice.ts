/**
 * Monte Carlo work shared between the CLI's main thread and its worker
 * threads: the messages they exchange, and the loop each of them runs.
 *
 * Why chunks claimed from a shared counter rather than one fixed slice per
 * thread: threads start at different times (a worker loads its script while
 * the main thread loads the scenario) and run at different speeds on a busy
 * machine; claiming the next chunk of run indices when done keeps them all
 * busy to the end without any message on the way. Whichever thread runs a
 * chunk, run `i` uses its own generator (engine/simulate.ts) and tallies are
 * integer counts whose sums are exact in any order, so the total is
 * identical for any number of threads and any claiming order.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { simulateBatch } from "../engine/simulate.js";
import { addTally, emptyTally, type AtTally, type Tally } from "../engine/tally.js";
import type { Scenario } from "../scenario/scenario.js";
import { claimed, type WorkerFailure } from "./claim.js";

/**
 * A range of runs for a worker to share with the other threads. The
 * scenario travels already loaded and checked, with the final parameter
 * values (plain data, copied by structured clone), so a worker neither reads
 * the file (which may have changed since) nor parses, validates or resolves
 * overlays again; it only compiles, which is deterministic and takes a few
 * milliseconds.
 */
export interface SliceJob {
  readonly kind: "slice";
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
  /**
   * Which compiled model of the sending thread this is (the same number for
   * the same model object, parallel.ts `modelId`): a worker reuses the model
   * it compiled for an earlier job with this number instead of compiling it
   * again. Why: `--precision` sends a job per batch, and compiling and
   * tabulating the model cost a worker ~15 ms of CPU each time.
   */
  readonly modelId: number;
  readonly seed: number;
  /** First run index (inclusive). */
  readonly from: number;
  /** Last run index (exclusive). */
  readonly to: number;
  /** `--at` days (ascending), counted as `Tally.at`. */
  readonly at: readonly number[];
  /** Runs per chunk. */
  readonly chunk: number;
  /** Two Int32s shared by every thread of the job: the index of the next chunk to claim, and the runs done. */
  readonly counter: SharedArrayBuffer;
}

/** A worker's answer: the tally of the chunks it ran, or the problem. */
export type SliceReply =
  | {
    readonly ok: true; readonly runs: number; readonly outcomes: Float64Array; readonly finalStates: Float64Array;
    readonly visited: Float64Array; readonly firstDaySum: Float64Array; readonly at: readonly AtTally[];
  }
  | WorkerFailure;

/** Checks the shape of a job received by a worker. */
export function isSliceJob(x: unknown): x is SliceJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return r.kind === "slice" && typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides) && typeof r.modelId === "number"
    && typeof r.seed === "number" && typeof r.from === "number" && typeof r.to === "number"
    && typeof r.chunk === "number" && r.chunk >= 1 && r.counter instanceof SharedArrayBuffer && Array.isArray(r.at);
}

/**
 * Runs chunks of `[from, to)` claimed from the shared counter until none is
 * left, and returns the tally of the chunks this thread ran. Deterministic
 * per chunk; which thread runs which chunk is not, and does not matter.
 * `pace`: see {@link claimChunk}.
 */
export function simulateClaimed(model: CompiledModel, job: ClaimJob, pace?: () => void): Tally {
  const total = emptyTally(model, job.at);
  while (claimChunk(model, job, total, pace) !== undefined);
  return total;
}

/** What {@link claimChunk} needs of a job. */
export type ClaimJob = Pick<SliceJob, "seed" | "from" | "to" | "chunk" | "counter" | "at">;

/**
 * Claims the job's next chunk of runs, simulates it into `total` and counts
 * its runs as done for every thread (the main thread's progress bar reads
 * that count); returns the runs done by all threads so far, or undefined
 * when no chunk is left. Deterministic per chunk. `pace` is handed to the
 * engine (`BatchOptions.pace`: where this thread may pause; no count changes).
 */
export function claimChunk(model: CompiledModel, job: ClaimJob, total: Tally, pace?: () => void): number | undefined {
  return claimed(job, (from, to) => addTally(total, simulateBatch(model, { seed: job.seed, from, to, at: job.at, pace })));
}

/** Splits runs `[0, runs)` into `parts` contiguous slices (the first ones one run longer). Pure. */
export function slices(runs: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const k = Math.max(1, Math.min(parts, runs));
  let from = 0;
  for (let i = 0; i < k; i++) {
    const len = Math.floor(runs / k) + (i < runs % k ? 1 : 0);
    out.push([from, from + len]);
    from += len;
  }
  return out;
}
