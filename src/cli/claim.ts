/**
 * The protocol by which the threads of one Monte Carlo job share its runs:
 * a counter shared by every thread (two Int32s: the next chunk to claim, and
 * the runs done), claimed a chunk at a time (slice.ts for plain runs,
 * conditionedSlice.ts for runs conditioned on evidence), and which failure
 * is reported when runs fail.
 *
 * Why a failure is reported by the chunk it happened in: a run whose values
 * are wrong (a hazard of 2) fails in whichever thread runs it, so the first
 * thread to fail is a matter of timing. The engine on one thread reports the
 * first failing run; so does this protocol, for any number of threads: a
 * failing thread stops the claims, each thread ends its chunk (chunks are
 * claimed in order, so every chunk before the failing one has been claimed),
 * and the failure of the earliest chunk wins. Within a chunk the engine
 * reports its first failing run, so the line is the one-thread line.
 * @module
 */
import type { Issue } from "../scenario/issues.js";
import { ScenarioError } from "../scenario/issues.js";

/** What the shared counter protocol needs of a job (any kind of work claimed in chunks). */
export interface ClaimRange {
  /** First run index (inclusive). */
  readonly from: number;
  /** Last run index (exclusive). */
  readonly to: number;
  /** Runs per chunk. */
  readonly chunk: number;
  /** Two Int32s shared by every thread of the job: the index of the next chunk to claim, and the runs done. */
  readonly counter: SharedArrayBuffer;
}

/** A worker's failure: the issues (or a message), and the first run of the chunk it failed in (none: it failed before any). */
export interface WorkerFailure {
  readonly ok: false;
  readonly issues: readonly Issue[];
  readonly message: string;
  readonly start?: number | undefined;
}

/** A chunk index past any job (claims after a failure get nothing; far below 2^31, so the counter cannot wrap). */
const STOPPED = 0x3fffffff;

/** What a thread threw while running the chunk starting at `start`. */
export class ChunkFailure extends Error {
  constructor(readonly start: number, readonly thrown: unknown) {
    super(thrown instanceof Error ? thrown.message : String(thrown));
  }
}

/**
 * Claims the job's next chunk `[from, to)`, runs `work` on it and counts its
 * runs as done for every thread; returns the runs done by all threads so
 * far, or undefined when no chunk is left. When `work` throws, no thread
 * gets another chunk, and a {@link ChunkFailure} is thrown.
 */
export function claimed(job: ClaimRange, work: (from: number, to: number) => void): number | undefined {
  const shared = new Int32Array(job.counter);
  const from = job.from + Atomics.add(shared, 0, 1) * job.chunk;
  if (from >= job.to) return undefined;
  const to = Math.min(job.to, from + job.chunk);
  try {
    work(from, to);
  } catch (e) {
    Atomics.store(shared, 0, STOPPED);
    throw new ChunkFailure(from, e);
  }
  return Atomics.add(shared, 1, to - from) + (to - from);
}

/** Stops every thread's claims on the job: the next claim of any thread gets no chunk. */
export function stopClaims(job: ClaimRange): void {
  Atomics.store(new Int32Array(job.counter), 0, STOPPED);
}

/** A worker's reply for what it threw (a ChunkFailure says where). */
export function failureOf(e: unknown): WorkerFailure {
  const start = e instanceof ChunkFailure ? e.start : undefined;
  const thrown = e instanceof ChunkFailure ? e.thrown : e;
  if (thrown instanceof ScenarioError) return { ok: false, issues: thrown.issues, message: thrown.message, start };
  return { ok: false, issues: [], message: thrown instanceof Error ? thrown.message : String(thrown), start };
}

/** Throws a worker's failure: its issues as a {@link ScenarioError} (located by the caller), else its message. */
export function throwFailure(r: WorkerFailure): never {
  if (r.issues.length > 0) throw new ScenarioError(r.issues);
  throw new Error(r.message);
}

/**
 * Throws the failure to report, if any: this thread's (`mine`, thrown by
 * {@link claimed}) or a worker's, that of the earliest chunk; a worker's
 * failure before any chunk (its compilation) first of all. A worker's
 * failure is thrown by `raise` (default {@link throwFailure}). Returns when
 * nothing failed.
 */
export function throwEarliest<F extends WorkerFailure = WorkerFailure>(mine: ChunkFailure | undefined,
  replies: readonly { readonly ok: boolean }[], raise: (f: F) => never = throwFailure): void {
  const failures = replies.filter((r): r is F => !r.ok);
  const early = failures.find((f) => f.start === undefined);
  if (early !== undefined) raise(early);
  let first: F | undefined;
  for (const f of failures) if (first === undefined || (f.start ?? 0) < (first.start ?? 0)) first = f;
  if (mine !== undefined && (first === undefined || mine.start < (first.start ?? 0))) throw mine.thrown;
  if (first !== undefined) raise(first);
}
