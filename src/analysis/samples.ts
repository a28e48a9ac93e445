/**
 * Sample runs (`tariffsim trace`): the first runs, by index from 0, that end
 * in an outcome, each with its state changes, as `run --replay i` shows it.
 * Searched in chunks whose finds are taken in run order
 * ({@link SamplesAccumulator}), so that threads searching chunks apart
 * (src/cli/orderedChunks.ts) find the runs one pass finds. Deterministic in
 * (model, seed); pure apart from the scratch buffers it allocates.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { makeScratch, simulateRun, type TraceEvent } from "../engine/run.js";
import { runRng } from "../engine/rng.js";
import { PATH_CHUNK } from "./paths.js";

/**
 * One state change of a sample run: the engine's trace event with its
 * transition named by id. Why not the event itself: its transition is the
 * compiled one, functions included, which cannot be posted from a worker
 * thread (`trace --workers`); a story needs only its id.
 */
export interface StoryEvent {
  readonly day: number;
  readonly machine: number;
  readonly from: number;
  readonly to: number;
  /** The transition's id. */
  readonly transition: string;
}

/** One sample run: its index, outcome, state changes and final states. */
export interface SampleRun {
  readonly run: number;
  readonly outcome: number;
  readonly events: readonly StoryEvent[];
  readonly finalStates: readonly number[];
}

/** Sample runs ending in one outcome. */
export interface Samples {
  readonly runs: readonly SampleRun[];
  /** Runs examined (indices `[0, searched)`). */
  readonly searched: number;
}

/** What {@link samplesOfChunk} needs: the seed, the outcome (any when undefined) and how many runs are wanted. */
export interface SampleOptions {
  readonly seed: number;
  readonly outcome: number | undefined;
  readonly count: number;
}

/**
 * The first `count` runs of `[from, to)`, by index, that end in `outcome`
 * (fewer when the chunk has fewer): what {@link SamplesAccumulator} takes,
 * in run order. Throws a `ScenarioError` as `simulateBatch` does.
 * Deterministic.
 */
export function samplesOfChunk(model: CompiledModel, opts: SampleOptions, from: number, to: number): SampleRun[] {
  const sc = makeScratch(model);
  const found: SampleRun[] = [];
  let events: StoryEvent[] = [];
  const record = (e: TraceEvent): void => { events.push({ day: e.day, machine: e.machine, from: e.from, to: e.to, transition: e.transition.id }); };
  for (let i = from; i < to && found.length < opts.count; i++) {
    events = [];
    const o = simulateRun(model, runRng(opts.seed, i), sc, i, record);
    if (opts.outcome === undefined || o === opts.outcome) found.push({ run: i, outcome: o, events, finalStates: Array.from(sc.frame.state) });
  }
  return found;
}

/**
 * The samples of chunks taken in run order, as one pass over their runs
 * would find them: the first `count` matching runs, and the runs examined
 * (up to the last one taken once `count` are found). Mutable.
 */
export class SamplesAccumulator {
  private readonly found: SampleRun[] = [];
  private searched = 0;

  constructor(private readonly count: number) {}

  /** Whether `count` runs have been found (later chunks are then not needed). */
  get done(): boolean {
    return this.found.length >= this.count;
  }

  /** Takes the next chunk `[from, to)`'s samples; returns {@link done}. */
  add(samples: readonly SampleRun[], to: number): boolean {
    for (const r of samples) {
      if (this.done) break;
      this.found.push(r);
      this.searched = r.run + 1;
    }
    if (!this.done) this.searched = to;
    return this.done;
  }

  /** The samples found, and the runs examined. */
  samples(): Samples {
    return { runs: this.found, searched: this.searched };
  }
}

/**
 * The first `count` runs, by index from 0, that end in `outcome` (any
 * outcome when undefined), examining at most `maxRuns` runs: reproducible
 * (the same runs for the same seed), each one what `run --replay i` shows.
 * Throws a `ScenarioError` as `simulateBatch` does.
 */
export function sampleRuns(
  model: CompiledModel, opts: { seed: number; outcome: number | undefined; count: number; maxRuns: number },
): Samples {
  const acc = new SamplesAccumulator(opts.count);
  for (let from = 0; from < opts.maxRuns && !acc.done; from += PATH_CHUNK) {
    const to = Math.min(opts.maxRuns, from + PATH_CHUNK);
    acc.add(samplesOfChunk(model, opts, from, to), to);
  }
  return acc.samples();
}
