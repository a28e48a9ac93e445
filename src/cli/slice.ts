/**
 * The messages between the CLI and its worker threads.
 * @module
 */
import type { AtTally } from "../engine/tally.js";
import type { Issue } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";

/**
 * A slice of runs for one worker. The scenario travels already loaded and
 * checked (it is plain data, copied by structured clone), so a worker neither
 * re-reads the file (which may have changed since) nor parses it again; it
 * only compiles it with the same overrides, which is deterministic.
 */
export interface SliceJob {
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** `--at` days (ascending), counted as `Tally.at`. */
  readonly at: readonly number[];
}

/** A worker's answer: its tally, or the problem. */
export type SliceReply =
  | {
    readonly ok: true; readonly runs: number; readonly outcomes: Float64Array; readonly finalStates: Float64Array;
    readonly visited: Float64Array; readonly firstDaySum: Float64Array; readonly at: readonly AtTally[];
  }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly message: string };

/** Checks the shape of a job received by a worker. */
export function isSliceJob(x: unknown): x is SliceJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  return typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides) && typeof r.seed === "number"
    && typeof r.from === "number" && typeof r.to === "number" && Array.isArray(r.at);
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
