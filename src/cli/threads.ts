/**
 * How many threads a Monte Carlo `run` computes on, and starting its worker
 * threads as early as possible: at the very start of the process, guessed
 * from the command line, while the main thread loads the program, the
 * command and the scenario (the second core is otherwise idle then: the
 * main thread reaches `run`'s code ~150 ms after the process starts, idle
 * machine, 2026-11-29, and a worker needs ~35 ms to load its script). The
 * guess is only a head start: `run` plans its threads from its parsed
 * options ({@link planThreads}) and takes the workers started early
 * ({@link takePrestarted}), starting any missing and ending any extra.
 * Light on purpose (Node built-ins only): the program's entry imports it.
 * @module
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";

/** The most `--workers` accepted at all (a documented limit; more is exit 2). */
export const MAX_WORKERS = 256;

/**
 * The fewest runs worth giving one thread when `--workers N` is asked for.
 * Why this number: a worker thread costs about 0.1 s of CPU before its first
 * run (measured: 80–100 ms to start the worker script and compile the
 * scenario it is sent), the time of about 30,000 runs of the shipped
 * scenario at 0.3 M runs/s per core. Below this many runs per thread, the
 * split saves less than the start costs.
 */
export const MIN_RUNS_PER_WORKER = 100_000;

/**
 * Runs per thread under `--workers auto` (the default): one more thread per
 * this many runs, up to the cores. Why larger than {@link MIN_RUNS_PER_WORKER}:
 * the default must never cost CPU it does not save, also once the engine is
 * several times faster (at 3 M runs/s, 500,000 runs take 0.17 s, still well
 * above a worker's 0.1 s start, which moreover overlaps the scenario's
 * loading). So the default `run` (100,000 runs) stays on one thread.
 */
export const AUTO_RUNS_PER_THREAD = 500_000;

/**
 * The same two thresholds for runs conditioned on evidence (`run --given`,
 * `--evidence`). Why 100 times fewer: a conditioned run of the shipped
 * scenario costs about 0.16–0.18 ms of CPU, with one observation or with its
 * evidence file (one core, 2026-11-30), about 650 plain runs; a worker's
 * ~0.1 s start is then about 500 runs, so 1,000 per worker pays, and the
 * default 100,000 runs (20 s on one core) use the cores.
 */
export const MIN_CONDITIONED_RUNS_PER_WORKER = 1_000;
export const AUTO_CONDITIONED_RUNS_PER_THREAD = 5_000;

/** What planning threads counts by: the runs a worker must have, those `auto` gives a thread, and their name in a note. */
export interface RunCost {
  readonly minPerWorker: number;
  readonly autoPerThread: number;
  readonly unit: string;
}

/** Plain Monte Carlo runs. */
export const PLAIN_RUNS: RunCost = { minPerWorker: MIN_RUNS_PER_WORKER, autoPerThread: AUTO_RUNS_PER_THREAD, unit: "runs" };
/** Runs conditioned on evidence. */
export const CONDITIONED_RUNS: RunCost = {
  minPerWorker: MIN_CONDITIONED_RUNS_PER_WORKER, autoPerThread: AUTO_CONDITIONED_RUNS_PER_THREAD, unit: "conditioned runs",
};

/**
 * Paired runs of `compare` (both sides of run i in lockstep, on the
 * reference engine): about 8 µs a pair for the shipped scenario (one core,
 * 2026-11-29), so a worker's ~0.1 s start is about 12,000 pairs.
 */
export const PAIRED_RUNS: RunCost = { minPerWorker: 10_000, autoPerThread: 50_000, unit: "paired runs" };
/** Paired runs with evidence: each side conditioned, about as costly as {@link CONDITIONED_RUNS} twice. */
export const CONDITIONED_PAIRED_RUNS: RunCost = {
  minPerWorker: MIN_CONDITIONED_RUNS_PER_WORKER, autoPerThread: AUTO_CONDITIONED_RUNS_PER_THREAD, unit: "conditioned paired runs",
};

/** `--workers`: a number of threads, or `auto`. */
export type WorkersOption = number | "auto";

/** The number of threads to use, and a note for stderr when fewer than asked. */
export interface WorkerPlan {
  readonly workers: number;
  readonly note: string | undefined;
}

/**
 * Caps the requested number of threads at the cores available and at one
 * thread per {@link MIN_RUNS_PER_WORKER} runs (at least one; `cost` says
 * how many for conditioned runs). Pure.
 */
export function planWorkers(requested: number, runs: number, cores: number, cost: RunCost = PLAIN_RUNS): WorkerPlan {
  const byRuns = Math.max(1, Math.ceil(runs / cost.minPerWorker));
  const byCores = Math.max(1, cores);
  const workers = Math.max(1, Math.min(requested, byRuns, byCores));
  if (workers === requested) return { workers, note: undefined };
  const why: string[] = [];
  if (requested > byCores) why.push(`${byCores} ${byCores === 1 ? "core" : "cores"}`);
  if (requested > byRuns) why.push(`${runs.toLocaleString("en-US")} ${cost.unit}: one worker per ${cost.minPerWorker.toLocaleString("en-US")} ${cost.unit}`);
  return { workers, note: `note: --workers ${requested} reduced to ${workers} (${why.join("; ")})` };
}

/**
 * `--workers auto` or N for `runs` runs: auto uses one thread per
 * {@link AUTO_RUNS_PER_THREAD} runs (`cost`: per conditioned run) up to the
 * cores, silently; a number is planned by {@link planWorkers}. Pure.
 */
export function planThreads(requested: WorkersOption, runs: number, cores: number, cost: RunCost = PLAIN_RUNS): WorkerPlan {
  if (requested !== "auto") return planWorkers(requested, runs, cores, cost);
  return { workers: Math.max(1, Math.min(Math.floor(runs / cost.autoPerThread), cores)), note: undefined };
}

/** The worker script: beside the bundle (dist/worker.mjs), or beside this module when run from tsc's output. */
export function workerScript(): string | undefined {
  // Beside this module (tsc's output), or one folder up when this module is a chunk of the split bundle (dist/chunks/).
  for (const name of ["./worker.mjs", "../worker.mjs", "./worker.js"]) {
    const p = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Makes the worker threads started from now on compile optimised code on
 * their own thread, instead of handing it to V8's background threads while
 * they go on in unoptimised code (the default, which this thread keeps: V8
 * reads the flag when it sets a thread up). Why: when every core computes,
 * a background compilation is a thread more than there are cores: it takes
 * its CPU from the computing threads, which meanwhile run the engine's batch
 * function unoptimised, several times slower. Measured at 10^7 runs with
 * `--workers 2` (2 cores): a worker's first chunk cost 120–170 ms more than
 * the next ones with background compilation, about 80 ms more compiling in
 * its own thread. It changes when code is compiled, never a result.
 */
export function compileInForeground(): void {
  setFlagsFromString("--no-concurrent-recompilation");
}

/**
 * The number of threads `tariffsim <args>` will most likely compute `run` on,
 * read from its arguments without the program's parser: 1 unless the command
 * is `run` with `--runs`, and every option is one of those whose meaning here
 * is plain (`--workers`, `--runs`, `--seed`, `--format`, `--out`, `--set`,
 * `--params`, `--states`, `--wide`, `--quiet`, `--no-cache` and the
 * scenario file); any other option (`--precision`, `--shard`, `--replay`,
 * `--method`, evidence, …) or anything unusual gives 1. Pure.
 */
export function guessThreads(args: readonly string[], cores: number): number {
  const flags = new Set(["--states", "--wide", "-q", "--quiet", "--no-cache"]);
  const valued = new Set(["-s", "--seed", "-f", "--format", "-o", "--out", "--set", "--params"]);
  let i = 0;
  while (i < args.length && flags.has(args[i] ?? "")) i++; // global flags before the command
  if (args[i] !== "run") return 1;
  let runs: number | undefined;
  let workers: WorkersOption = "auto";
  let file = false;
  for (i++; i < args.length; i++) {
    const a = args[i] ?? "";
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    if (name === "-n" || name === "--runs") {
      const v = value() ?? "";
      const n = /^\d+(?:_\d+)*$|^\d+(?:\.\d+)?[eE]\+?\d+$/.test(v) ? Number(v.replace(/_/g, "")) : NaN;
      if (!Number.isSafeInteger(n)) return 1;
      runs = n;
    } else if (name === "-w" || name === "--workers") {
      const v = value() ?? "";
      if (v !== "auto" && !/^\d+$/.test(v)) return 1;
      workers = v === "auto" ? "auto" : Math.min(Number(v), MAX_WORKERS);
    } else if (valued.has(name)) {
      if (value() === undefined) return 1;
    } else if (flags.has(a)) {
      continue;
    } else if (!a.startsWith("-") && !file) {
      file = true;
    } else {
      return 1;
    }
  }
  return runs === undefined ? 1 : planThreads(workers, runs, cores).workers;
}

/** A worker thread started at the start of the process, and whether it has ended since (it is then not taken). */
interface Early {
  readonly worker: Worker;
  ended: boolean;
}

/** Worker threads started at the start of the process, not yet taken by `run`. */
let prestarted: { readonly script: string; readonly workers: readonly Early[] } | undefined;

/**
 * Starts now the worker threads that `tariffsim <args>` will most likely use
 * ({@link guessThreads}, less this thread). They are unreferenced until
 * taken, so that a command ending otherwise (an error, another plan) exits
 * as if they had never started. Call it first thing in the process, before
 * changing any V8 flag that decides code (see src/cli/main.ts). Returns the
 * number of worker threads started.
 */
export function prestartWorkers(args: readonly string[], script: string | undefined = workerScript()): number {
  const threads = guessThreads(args, availableParallelism());
  if (threads <= 1 || script === undefined || prestarted !== undefined) return 0;
  compileInForeground();
  const workers = Array.from({ length: threads - 1 }, (): Early => {
    const e: Early = { worker: new Worker(script), ended: false };
    e.worker.unref();
    // Until it is taken, a failure is only remembered (the taker starts another); after, the taker listens.
    e.worker.on("error", () => { e.ended = true; });
    e.worker.once("exit", () => { e.ended = true; });
    return e;
  });
  prestarted = { script, workers };
  return workers.length;
}

/**
 * Takes at most `n` of the workers started early on `script` and still
 * running (referenced again), and ends the others; none when none was
 * started or the script differs. Each is taken once.
 */
export function takePrestarted(script: string, n: number): Worker[] {
  const p = prestarted;
  prestarted = undefined;
  if (p === undefined) return [];
  const live = p.script === script ? p.workers.filter((e) => !e.ended).map((e) => e.worker) : [];
  const taken = live.slice(0, Math.max(0, n));
  for (const e of p.workers) if (!taken.includes(e.worker)) void e.worker.terminate();
  for (const w of taken) w.ref();
  return taken;
}
