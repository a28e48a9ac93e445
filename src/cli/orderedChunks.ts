/**
 * Work over run indices whose chunks must be taken in run order (`paths`:
 * the first paths met are named; `trace`: the first matching runs are
 * told), shared between this thread and worker threads: every thread claims
 * chunks from a shared counter (claim.ts), a worker posts each chunk's
 * result as soon as it has it, and this thread hands the results to
 * `consume` strictly in run order, whichever thread made them. So the
 * output is the one-thread output for any number of threads.
 *
 * Why this thread yields between its own chunks even without a progress
 * bar: a worker's results wait in this thread's queue until it does, and
 * results ahead of the next one due wait in memory; yielding every 50 ms
 * keeps both to a few chunks per thread.
 *
 * `consume` may stop the work (`trace`, once enough runs are found): no
 * thread claims another chunk, and a failure in a chunk past the stop is
 * not reported (one thread would never have run it).
 * @module
 */
import { Worker } from "node:worker_threads";
import { ChunkFailure, claimed, failureOf, stopClaims, throwEarliest, type ClaimRange, type WorkerFailure } from "./claim.js";
import { claimAll } from "./parallel.js";

/** A worker's messages: one per chunk, then the end (or a failure). */
export type OrderedMessage<R> =
  | { readonly kind: "chunk"; readonly from: number; readonly to: number; readonly result: R }
  | { readonly kind: "end"; readonly reply: { readonly ok: true } | WorkerFailure };

/** What {@link runOrdered} shares. */
export interface OrderedJob<R> {
  /** The runs and chunks; `counter` is made here. */
  readonly from: number;
  readonly to: number;
  readonly chunk: number;
  /** Worker threads to start besides this one (0: this thread alone). */
  readonly workers: number;
  readonly script: string | undefined;
  /** The `workerData` of a worker, given the shared claim. */
  readonly workerData: (claim: ClaimRange) => unknown;
  /** A chunk's result, made on this thread. */
  readonly here: (from: number, to: number) => R;
  /** Takes each chunk's result in run order; false stops the work. */
  readonly consume: (result: R, from: number, to: number) => boolean;
  /** Called with the runs done by every thread (progress.ts). */
  readonly onProgress?: ((done: number) => void) | undefined;
}

/**
 * Runs the job: see the module comment. Throws the failure of the earliest
 * failing chunk before any stop (a ScenarioError for a problem with the
 * scenario's values), as one thread would.
 */
export async function runOrdered<R>(job: OrderedJob<R>): Promise<void> {
  const claim: ClaimRange = { from: job.from, to: job.to, chunk: job.chunk, counter: new SharedArrayBuffer(8) };
  const ready = new Map<number, { readonly to: number; readonly result: R }>();
  let next = job.from;
  let stoppedAt: number | undefined;
  const drain = (): void => {
    for (let r = ready.get(next); r !== undefined && stoppedAt === undefined; r = ready.get(next)) {
      ready.delete(next);
      const from = next;
      next = r.to;
      if (!job.consume(r.result, from, r.to)) {
        stoppedAt = r.to;
        stopClaims(claim);
        ready.clear();
      }
    }
  };
  const take = (from: number, to: number, result: R): void => {
    if (stoppedAt !== undefined) return;
    ready.set(from, { to, result });
    drain();
  };
  const replies = Promise.all(Array.from({ length: job.script === undefined ? 0 : job.workers }, () =>
    runWorker(job.script ?? "", job.workerData(claim), take)));
  // Should this thread fail first, its error is thrown once the workers have answered (they stop claiming).
  replies.catch(() => undefined);
  let failed: ChunkFailure | undefined;
  try {
    await claimAll(() => claimed(claim, (from, to) => take(from, to, job.here(from, to))), job.onProgress ?? (() => undefined));
  } catch (e) {
    if (!(e instanceof ChunkFailure)) throw e;
    failed = e;
  }
  const all = await replies;
  // A chunk past the stop would never have been run by one thread: its failure is not this job's.
  const before = (f: { readonly start?: number | undefined }): boolean => stoppedAt === undefined || (f.start ?? 0) < stoppedAt;
  throwEarliest(failed !== undefined && before(failed) ? failed : undefined, all.filter((r) => r.ok || before(r)));
  drain();
  if (stoppedAt === undefined && next !== job.to) throw new Error(`internal: runs ${next} to ${job.to} were never taken`);
}

/** A worker of {@link runOrdered}: its chunks go to `take` as they come; resolves with its last message's reply. */
function runWorker<R>(script: string, workerData: unknown, take: (from: number, to: number, result: R) => void): Promise<{ readonly ok: true } | WorkerFailure> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData });
    let ended = false;
    w.on("message", (m: OrderedMessage<R>) => {
      if (m.kind === "chunk") return take(m.from, m.to, m.result);
      ended = true;
      resolve(m.reply);
      void w.terminate();
    });
    w.once("error", reject);
    // A worker that ends without answering must not leave the command waiting forever.
    w.once("exit", (code) => { if (!ended) reject(new Error(`worker thread stopped (exit code ${code}) before answering`)); });
  });
}

/**
 * A worker's side: claims chunks until none is left, posting each chunk's
 * result (`post`), then the end; a failure is posted as the end's reply
 * (claim.ts: with the chunk it happened in).
 */
export function workOrdered<R>(claim: ClaimRange, chunk: (from: number, to: number) => R, post: (m: OrderedMessage<R>) => void): void {
  try {
    while (claimed(claim, (from, to) => post({ kind: "chunk", from, to, result: chunk(from, to) })) !== undefined);
    post({ kind: "end", reply: { ok: true } });
  } catch (e) {
    post({ kind: "end", reply: failureOf(e) });
  }
}
