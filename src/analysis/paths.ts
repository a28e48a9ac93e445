/**
 * The stories behind the numbers: which sequences of state changes runs
 * take (`tariffsim paths`; sample runs for `tariffsim trace` are
 * samples.ts's). Runs are simulated in index order with the engine's
 * trace, run `i` with the generator of `(seed, i)` as in every other
 * command, so a path's runs are the same runs `run --replay i` shows.
 *
 * Memory stays bounded whatever the number of runs: a path is the list of
 * the global states entered, in order (at most {@link MAX_PATH_STEPS} of
 * them, longer ones end in a "…" marker), and at most `maxPaths` distinct
 * paths are counted by name. The map keeps the first `maxPaths` distinct
 * paths met in run order; runs of a path first met after it is full are
 * counted together as "untracked" (so every named path's count is exact,
 * and the counts always add up to the runs). A path with share p is first
 * met after about 1/p runs, so with the default of 10,000 paths only paths
 * rarer than about 1 in 10,000 can end up untracked.
 *
 * Pure apart from the scratch buffers it allocates; deterministic in
 * (model, seed, runs).
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { makeScratch, simulateRun, type TraceEvent } from "../engine/run.js";
import { runRng } from "../engine/rng.js";
import { wilson } from "../engine/stats.js";

/** The most state changes a path keeps; past it the path ends in {@link TRUNCATED}. */
export const MAX_PATH_STEPS = 64;
/** The default number of distinct paths counted by name (see the module comment). */
export const DEFAULT_MAX_PATHS = 10_000;
/** The step that marks a path cut at {@link MAX_PATH_STEPS}. */
export const TRUNCATED = -1;
/** The outcome of a path whose runs ended in more than one outcome. */
export const SEVERAL_OUTCOMES = -1;
/** The most runs `trace` examines by default when looking for runs ending in an outcome. */
export const DEFAULT_TRACE_SEARCH = 1_000_000;

/** Options of {@link tallyPaths}. */
export interface PathOptions {
  readonly seed: number;
  /** Runs `[0, runs)` are simulated. */
  readonly runs: number;
  /** Only runs ending in this outcome (index into `model.outcomes`) are counted; all when undefined. */
  readonly outcome?: number | undefined;
  /** The most distinct paths counted by name (default {@link DEFAULT_MAX_PATHS}). */
  readonly maxPaths?: number;
  /**
   * The machines (indices) whose changes make up a path; every machine when
   * undefined. Fewer machines give fewer, longer-lived paths: the story of
   * the bill and the tariff without the court's timing interleaved.
   */
  readonly machines?: readonly number[] | undefined;
}

/** One distinct path and the runs that took it. */
export interface PathCount {
  /** Global indices of the states entered, in order; a last {@link TRUNCATED} marks a cut path. */
  readonly steps: readonly number[];
  /**
   * The outcome (index) its runs ended in, or {@link SEVERAL_OUTCOMES}.
   * Over every machine a path fixes the final states and visited flags,
   * hence the outcome; over some machines (`machines`) its runs may end in
   * several.
   */
  outcome: number;
  /** Runs that took this path. */
  count: number;
  /** The first run (index) that took it, for `run --replay`. */
  readonly firstRun: number;
}

/** The paths of a batch of runs. */
export interface PathTally {
  readonly runs: number;
  /** Runs counted: those ending in the chosen outcome, or all runs. */
  readonly counted: number;
  /** Distinct paths counted by name, in the order first met. */
  readonly paths: readonly PathCount[];
  /** Counted runs whose path was first met once the map was full. */
  readonly untracked: number;
  /** Counted runs whose path was cut at {@link MAX_PATH_STEPS}. */
  readonly truncated: number;
}

/** What {@link pathsOfChunk} needs: the seed, the outcome counted (all when undefined) and the machines whose changes make a path. */
export type ChunkPathOptions = Pick<PathOptions, "seed" | "outcome" | "machines">;

/**
 * The paths of runs `[from, to)`: every distinct path met, in the order
 * first met, with its count, outcome and first run (no cap: at most
 * `to − from` paths), and the runs counted and cut. A chunk's paths are
 * what {@link PathsAccumulator} merges, in run order, into the capped
 * tally. Throws a `ScenarioError` as `simulateBatch` does. Deterministic.
 */
export interface ChunkPaths {
  readonly from: number;
  readonly to: number;
  readonly counted: number;
  readonly truncated: number;
  readonly paths: readonly PathCount[];
}

/** Simulates runs `[from, to)` recording each run's states entered (see {@link ChunkPaths}). */
export function pathsOfChunk(model: CompiledModel, opts: ChunkPathOptions, from: number, to: number): ChunkPaths {
  const sc = makeScratch(model);
  const byKey = new Map<string, PathCount>();
  const paths: PathCount[] = [];
  const steps: number[] = [];
  const keep = new Uint8Array(model.machineIds.length).fill(opts.machines === undefined ? 1 : 0);
  for (const m of opts.machines ?? []) keep[m] = 1;
  const record = (e: TraceEvent): void => {
    if (keep[e.machine] !== 1) return;
    if (steps.length < MAX_PATH_STEPS) steps.push(e.to);
    else if (steps.length === MAX_PATH_STEPS) steps.push(TRUNCATED);
  };
  let counted = 0;
  let truncated = 0;
  for (let i = from; i < to; i++) {
    steps.length = 0;
    const o = simulateRun(model, runRng(opts.seed, i), sc, i, record);
    if (opts.outcome !== undefined && o !== opts.outcome) continue;
    counted++;
    if (steps[steps.length - 1] === TRUNCATED) truncated++;
    const key = steps.join(",");
    const known = byKey.get(key);
    if (known === undefined) {
      const p: PathCount = { steps: [...steps], outcome: o, count: 1, firstRun: i };
      byKey.set(key, p);
      paths.push(p);
    } else {
      known.count++;
      if (known.outcome !== o) known.outcome = SEVERAL_OUTCOMES;
    }
  }
  return { from, to, counted, truncated, paths };
}

/**
 * The capped tally of chunks added in run order (chunk k + 1 starts where
 * chunk k ends), the same as one pass over all their runs: a chunk's paths
 * new to the tally are met for the first time in the chunk's order, so the
 * first `maxPaths` distinct paths in run order are named, and the runs of
 * any path first met once the map is full are untracked (the module
 * comment's rule). Mutable.
 */
export class PathsAccumulator {
  private readonly byKey = new Map<string, PathCount>();
  private readonly paths: PathCount[] = [];
  private counted = 0;
  private untracked = 0;
  private truncated = 0;
  private next: number;

  constructor(private readonly maxPaths: number = DEFAULT_MAX_PATHS, from = 0) {
    this.next = from;
  }

  /** Adds the next chunk (it must start where the last one ended). */
  add(c: ChunkPaths): void {
    if (c.from !== this.next) throw new Error(`internal: paths of runs from ${c.from} added after runs up to ${this.next}`);
    this.next = c.to;
    this.counted += c.counted;
    this.truncated += c.truncated;
    for (const p of c.paths) {
      const key = p.steps.join(",");
      const known = this.byKey.get(key);
      if (known !== undefined) {
        known.count += p.count;
        if (known.outcome !== p.outcome) known.outcome = SEVERAL_OUTCOMES;
      } else if (this.paths.length < this.maxPaths) {
        const copy: PathCount = { steps: p.steps, outcome: p.outcome, count: p.count, firstRun: p.firstRun };
        this.byKey.set(key, copy);
        this.paths.push(copy);
      } else this.untracked += p.count;
    }
  }

  /** The tally of the runs added so far. */
  tally(): PathTally {
    return { runs: this.next, counted: this.counted, paths: this.paths, untracked: this.untracked, truncated: this.truncated };
  }
}

/** Runs per chunk when {@link tallyPaths} and `sampleRuns` walk their runs (any size gives the same result). */
export const PATH_CHUNK = 4096;

/**
 * Simulates runs `[0, runs)` recording each run's sequence of states
 * entered, and counts the distinct sequences (see the module comment for
 * the memory bound). Throws a `ScenarioError` as `simulateBatch` does.
 */
export function tallyPaths(model: CompiledModel, opts: PathOptions): PathTally {
  const acc = new PathsAccumulator(opts.maxPaths ?? DEFAULT_MAX_PATHS);
  for (let from = 0; from < opts.runs; from += PATH_CHUNK) acc.add(pathsOfChunk(model, opts, from, Math.min(opts.runs, from + PATH_CHUNK)));
  return acc.tally();
}

/** A path with its share of the counted runs. */
export interface PathShare extends PathCount {
  /** Rank by count (1 = most common). */
  readonly rank: number;
  /** count / counted. */
  readonly share: number;
  /** 95% Wilson interval of the share. */
  readonly ci95: readonly [number, number];
}

/** The most common paths and what is left. */
export interface TopPaths {
  readonly top: readonly PathShare[];
  /** Counted runs on any other path (named but not in the top, or untracked). */
  readonly other: { readonly count: number; readonly share: number; readonly ci95: readonly [number, number]; readonly paths: number };
}

/**
 * The `n` most common paths (ties broken by the first run that took them,
 * so the order is reproducible), with shares of the counted runs and 95%
 * Wilson intervals; everything else as one remainder. Pure.
 */
export function topPaths(t: PathTally, n: number): TopPaths {
  const sorted = [...t.paths].sort((a, b) => b.count - a.count || a.firstRun - b.firstRun);
  const top = sorted.slice(0, Math.max(0, n)).map((p, i): PathShare => ({
    ...p, rank: i + 1, share: t.counted > 0 ? p.count / t.counted : 0, ci95: wilson(p.count, t.counted),
  }));
  let inTop = 0;
  for (const p of top) inTop += p.count;
  const rest = t.counted - inTop;
  return {
    top,
    other: {
      count: rest, share: t.counted > 0 ? rest / t.counted : 0, ci95: wilson(rest, t.counted),
      paths: sorted.length - top.length,
    },
  };
}
