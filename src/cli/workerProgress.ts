/**
 * Progress messages from a worker thread (worker.ts) to the CLI: how much
 * of its slice is done, posted at batch boundaries before its one reply.
 * Batching changes no number: runs add up exactly (tallies are counts) and
 * each point is solved alone (estimate.ts).
 * @module
 */

/** Runs simulated between two progress messages (or two breaths of the main thread): about 0.05–0.1 s of work. */
export const RUN_BATCH = 25_000;

/** Points solved between two progress messages: about 0.1 s of exact solves of the shipped scenario. */
export const POINT_BATCH = 8;

/** "`done` units of my slice are finished." */
export interface WorkerProgress {
  readonly kind: "progress";
  readonly done: number;
}

/** Whether a worker's message is a progress message (else it is the reply). */
export function isWorkerProgress(m: unknown): m is WorkerProgress {
  return typeof m === "object" && m !== null && "kind" in m && m.kind === "progress" && "done" in m && typeof m.done === "number";
}
