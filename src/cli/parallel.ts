/**
 * Monte Carlo over worker threads. `--workers N` means N threads compute,
 * this one included: N − 1 worker threads are started as early as possible
 * (before the scenario is loaded, see {@link startWorkers}), each is sent the
 * scenario already loaded and checked with the final parameter values, and
 * every thread, this one too, claims chunks of run indices from a shared
 * counter until none is left (slice.ts). Counts are integers, so the total
 * is identical for any number of threads (tested end to end).
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CompiledModel } from "../model/model.js";
import { simulateBatch } from "../engine/simulate.js";
import { addTally, emptyTally, type Tally } from "../engine/tally.js";
import type { Scenario } from "../scenario/scenario.js";
import type { ConditionedSliceJob, ConditionedSliceReply } from "./conditionedSlice.js";
import { ChunkFailure, throwEarliest } from "./claim.js";
import { claimChunk, type SliceJob, type SliceReply } from "./slice.js";
import { compilePacer } from "./pacer.js";
import { breathe } from "./progress.js";
import { compileInForeground, MAX_WORKERS, takePrestarted, workerScript, type WorkerPlan, type WorkersOption } from "./threads.js";

export {
  AUTO_RUNS_PER_THREAD, MAX_WORKERS, MIN_RUNS_PER_WORKER, planThreads, planWorkers, workerScript, type WorkerPlan, type WorkersOption,
} from "./threads.js";

/**
 * Runs per chunk claimed from the shared counter. Why: small enough that the
 * threads finish within a few milliseconds of each other (16,384 runs are
 * about 50 ms of one core at 0.3 M runs/s), large enough that claiming costs
 * nothing measurable.
 */
export const CHUNK_RUNS = 16_384;

/**
 * The least time (ms) between two yields of this thread to the event loop
 * while it runs chunks. Why not after every chunk: a yield and a progress
 * update cost about 0.1 ms, 1% of a chunk today and several percent once
 * the engine is faster; every 50 ms still redraws the bar (5 frames a
 * second) and serves Ctrl-C at once to the eye.
 */
export const BREATHE_MS = 50;

/** Parses `--workers`: `auto` or a whole number from 1 to {@link MAX_WORKERS}. */
export function parseWorkers(value: string): WorkersOption {
  if (value === "auto") return "auto";
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_WORKERS}, or auto`);
  }
  return n;
}

/** A job for a started worker thread: plain Monte Carlo (slice.ts) or conditioned (conditionedSlice.ts). */
export type WorkerJob = SliceJob | ConditionedSliceJob;
/** A started worker thread's reply to a {@link WorkerJob}. */
export type WorkerReply = SliceReply | ConditionedSliceReply;

/**
 * An analysis's threads (its `--workers`, parsed by {@link parseWorkers}): a
 * number planned by `plan` (capped by the cores and the work, with a note
 * when reduced), or `auto` planned as the number of cores would be,
 * silently (auto asks for no particular count). Pure.
 */
export function planAnalysis(requested: WorkersOption, plan: (n: number) => WorkerPlan, cores: number = availableParallelism()): WorkerPlan {
  if (requested !== "auto") return plan(requested);
  return { workers: plan(Math.max(1, Math.min(MAX_WORKERS, cores))).workers, note: undefined };
}

/** One started worker thread: ask it a job, get its one reply. */
interface Started {
  readonly ask: (job: WorkerJob) => Promise<WorkerReply>;
  readonly stop: () => Promise<number>;
}

function start(w: Worker): Started {
  let pending: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void } | undefined;
  let dead: Error | undefined;
  const fail = (e: Error): void => {
    dead ??= e;
    pending?.reject(dead);
    pending = undefined;
  };
  w.on("message", (m: WorkerReply) => { const p = pending; pending = undefined; p?.resolve(m); });
  w.on("error", fail);
  // A worker that ends without answering (killed, out of memory) must not leave the run waiting forever.
  w.on("exit", (code) => fail(new Error(`worker thread stopped (exit code ${code}) before answering`)));
  return {
    ask: (job) => dead !== undefined ? Promise.reject(dead) : new Promise((resolve, reject) => {
      pending = { resolve, reject };
      w.postMessage(job);
    }),
    stop: () => w.terminate(),
  };
}

/** Worker threads started ahead of the work, and this thread: see {@link startWorkers}. */
export interface WorkerPool {
  /** Threads that compute, this one included. */
  readonly threads: number;
  /** Ends the worker threads (always call it, also on failure: a live worker keeps the process running). */
  readonly close: () => Promise<void>;
  /** @internal the started workers. */
  readonly workers: readonly Started[];
}

/**
 * Starts `threads − 1` worker threads now (none when `threads` ≤ 1 or there
 * is no worker script), so that they load their script while this thread
 * loads and compiles the scenario; those already started at the start of the
 * process (threads.ts, `prestartWorkers`) are taken first.
 */
export function startWorkers(threads: number, script: string | undefined = workerScript()): WorkerPool {
  const wanted = threads <= 1 || script === undefined ? 0 : threads - 1;
  if (wanted > 0) compileInForeground();
  // Those started at the start of the process (threads.ts) first; any extra is ended there.
  const early = script === undefined ? [] : takePrestarted(script, wanted);
  const late = script === undefined ? [] : Array.from({ length: wanted - early.length }, () => new Worker(script));
  const workers = [...early, ...late].map(start);
  return {
    threads: workers.length + 1,
    workers,
    close: async () => { await Promise.all(workers.map((w) => w.stop())); },
  };
}

/** What {@link simulateParallel} simulates: runs `[from, from + runs)`. */
export interface ParallelJob {
  readonly model: CompiledModel;
  /** The scenario `model` was compiled from, sent to each worker. */
  readonly scenario: Scenario;
  /** The parameter values `model` was compiled with (overlays and `--set`), sent to each worker. */
  readonly overrides: ReadonlyMap<string, number>;
  readonly seed: number;
  readonly runs: number;
  /** First run index; default 0. */
  readonly from?: number | undefined;
  /** Threads to use, already planned ({@link planThreads}); ignored when `pool` is given. */
  readonly workers: number;
  /** Workers already started ({@link startWorkers}); without it they are started here and ended after. */
  readonly pool?: WorkerPool | undefined;
  /** `--at` days (ascending, without repeats) whose outcomes and states are also counted; none by default. */
  readonly at?: readonly number[];
  /** The worker script; default: the one beside this module. Tests pass the bundle's. */
  readonly script?: string | undefined;
  /** Called with the runs done so far at batch boundaries (progress.ts); given, one thread simulates in batches, yielding between them. */
  readonly onProgress?: ((done: number) => void) | undefined;
}

/** The chunk size for `runs` runs over `threads` threads: {@link CHUNK_RUNS}, smaller when each thread has less. Pure. */
export function chunkSize(runs: number, threads: number): number {
  return Math.max(1, Math.min(CHUNK_RUNS, Math.ceil(runs / Math.max(1, threads))));
}

const modelIds = new WeakMap<CompiledModel, number>();
let modelsNumbered = 0;

/** A number for `model`, the same for the same model object in this process (a worker job's `modelId`). */
export function modelId(model: CompiledModel): number {
  const known = modelIds.get(model);
  if (known !== undefined) return known;
  modelsNumbered++;
  modelIds.set(model, modelsNumbered);
  return modelsNumbered;
}

/** Models simulated here before: their code is no longer new, so this thread no longer paces (pacer.ts). */
const paced = new WeakSet<CompiledModel>();

/** Simulates runs `[from, from + runs)` on the pool's threads (this one included); one thread runs here alone. */
export async function simulateParallel(job: ParallelJob): Promise<Tally> {
  const { model, seed } = job;
  const from = job.from ?? 0;
  const to = from + job.runs;
  const at = job.at ?? [];
  const pool = job.pool ?? startWorkers(job.workers, job.script ?? workerScript());
  try {
    const onProgress = job.onProgress;
    if (pool.workers.length === 0 && onProgress === undefined) return simulateBatch(model, { seed, from, to, at });
    // Two Int32s shared by every thread: the next chunk to claim, and the runs done (for the progress bar).
    const counter = new SharedArrayBuffer(8);
    const chunk = chunkSize(job.runs, pool.threads);
    const claim = { seed, from, to, chunk, counter, at };
    // Beside workers, this thread pauses while V8 optimises its code, so that the compilers get the cores (pacer.ts).
    const pace = pool.workers.length > 0 && !paced.has(model) ? compilePacer() : undefined;
    paced.add(model);
    const total = emptyTally(model, at);
    const all = await claimShared(pool.workers, { kind: "slice", scenario: job.scenario, overrides: [...job.overrides], modelId: modelId(model), ...claim },
      () => claimChunk(model, claim, total, pace), onProgress);
    for (const r of all) {
      if (!r.ok || !("outcomes" in r)) throw new Error("internal: a conditioned reply to a Monte Carlo job");
      addTally(total, r);
    }
    if (total.runs !== job.runs) throw new Error(`internal: the threads ran ${total.runs} runs, not ${job.runs}`);
    onProgress?.(job.runs);
    return total;
  } finally {
    if (job.pool === undefined) await pool.close();
  }
}

/**
 * The protocol of a job shared by claiming (simulateParallel,
 * simulateConditionedParallel): every worker is asked `job`, this thread
 * claims its own share meanwhile (`claimHere`, see {@link thisThread}), and
 * once all have answered, the failure of the earliest failing chunk is
 * thrown, whichever thread ran it (claim.ts); else the workers' replies, for
 * the caller to merge into this thread's tally.
 */
export async function claimShared(workers: WorkerPool["workers"], job: WorkerJob, claimHere: () => number | undefined,
  onProgress: ((done: number) => void) | undefined): Promise<readonly WorkerReply[]> {
  const replies = Promise.all(workers.map((w) => w.ask(job)));
  // Should this thread fail first (a value error in its runs), the workers are ended and their replies
  // reject unheard: an unhandled rejection printed a stack trace and exit code 1 after the error's line.
  replies.catch(() => undefined);
  const failed = await thisThread(claimHere, onProgress);
  const all = await replies;
  throwEarliest(failed, all);
  return all;
}

/**
 * This thread's share of a job: claims chunks until none is left (with
 * progress when `onProgress` is given, see {@link claimAll}); returns the
 * failure of a chunk it ran (claim.ts: the earliest chunk's is reported,
 * whichever thread ran it), undefined when all went well.
 */
export async function thisThread(claim: () => number | undefined, onProgress: ((done: number) => void) | undefined): Promise<ChunkFailure | undefined> {
  try {
    if (onProgress === undefined) while (claim() !== undefined);
    else await claimAll(claim, onProgress);
    return undefined;
  } catch (e) {
    if (e instanceof ChunkFailure) return e;
    throw e;
  }
}

/**
 * Claims chunks on this thread until `claim` says none is left (it returns
 * the runs done by every thread so far, or undefined), yielding to the event
 * loop after the first two chunks, then after a chunk when
 * {@link BREATHE_MS} have passed since the last time, so that the progress
 * bar is drawn and Ctrl-C is served; the bar shows the runs every thread has
 * finished. The same chunks, the same counts.
 */
export async function claimAll(claim: () => number | undefined, onProgress: (done: number) => void): Promise<void> {
  let last = performance.now();
  let breaths = 0;
  for (let done = claim(); done !== undefined; done = claim()) {
    // After the first two chunks always: two yields in a row pass the event loop's timers once (a first
    // yield may come back before them), so that short work still lets a due timer run (the bar's delay).
    if (breaths >= 2 && performance.now() - last < BREATHE_MS) continue;
    onProgress(done);
    await breathe();
    breaths++;
    last = performance.now();
  }
}
