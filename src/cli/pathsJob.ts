/**
 * The worker side of `paths` and `trace` over threads (orderedChunks.ts):
 * the job a worker is started with (the scenario already loaded and
 * checked, its parameter values, the claim shared with the other threads)
 * and its work: compile, then claim chunks of runs and post each chunk's
 * paths (`paths`) or matching runs (`trace`). Each chunk's result depends
 * on its runs alone (src/analysis/paths.ts), so which thread made it never
 * shows in the output.
 * @module
 */
import { pathsOfChunk, type ChunkPaths } from "../analysis/paths.js";
import { samplesOfChunk, type SampleRun } from "../analysis/samples.js";
import { prepareModel } from "../model/prepare.js";
import type { Scenario } from "../scenario/scenario.js";
import { ScenarioError } from "../scenario/issues.js";
import { failureOf, type ClaimRange } from "./claim.js";
import { workOrdered, type OrderedMessage } from "./orderedChunks.js";

interface StoryJobBase extends ClaimRange {
  readonly scenario: Scenario;
  readonly overrides: readonly (readonly [string, number])[];
  readonly seed: number;
  /** The outcome counted or told (index), or any. */
  readonly outcome: number | undefined;
}

/** `paths`: the paths of each chunk, over `machines` (all when undefined). */
export interface PathsJob extends StoryJobBase {
  readonly kind: "paths";
  readonly machines: readonly number[] | undefined;
}

/** `trace`: the first `count` matching runs of each chunk. */
export interface SamplesJob extends StoryJobBase {
  readonly kind: "samples";
  readonly count: number;
}

function isBase(r: Record<string, unknown>): boolean {
  return typeof r.scenario === "object" && r.scenario !== null && Array.isArray(r.overrides) && typeof r.seed === "number"
    && (r.outcome === undefined || typeof r.outcome === "number") && typeof r.from === "number" && typeof r.to === "number"
    && typeof r.chunk === "number" && r.chunk >= 1 && r.counter instanceof SharedArrayBuffer;
}

/** Checks the shape of a job received by a worker. */
export function isStoryJob(x: unknown): x is PathsJob | SamplesJob {
  if (typeof x !== "object" || x === null) return false;
  const r: Record<string, unknown> = { ...x };
  if (!isBase(r)) return false;
  return (r.kind === "paths" && (r.machines === undefined || Array.isArray(r.machines))) || (r.kind === "samples" && typeof r.count === "number");
}

/** A worker's whole work on a story job: its messages go to `post`. */
export function runStoryJob(job: PathsJob | SamplesJob, post: (m: OrderedMessage<ChunkPaths | SampleRun[]>) => void): void {
  const prepared = prepareModel(job.scenario, new Map(job.overrides));
  if (!prepared.ok) {
    post({ kind: "end", reply: failureOf(new ScenarioError(prepared.issues)) });
    return;
  }
  const model = prepared.model;
  if (job.kind === "paths") workOrdered(job, (from, to) => pathsOfChunk(model, job, from, to), post);
  else workOrdered(job, (from, to) => samplesOfChunk(model, job, from, to), post);
}
