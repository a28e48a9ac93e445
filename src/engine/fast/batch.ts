/**
 * The specialised engine: one batch function per compiled model, generated
 * (./codegen.ts) and cached with the model; its source is compiled once per
 * distinct source (models that differ only in their numbers share it). It gives
 * bit-identical tallies to the reference engine (src/engine/run.ts) and
 * allocates nothing per run. When a model is too large to specialise, or a
 * batch meets anything unusual (a value out of range, a run matching no
 * outcome, a step bound), the caller runs the reference engine instead, which
 * gives the same counts or reports the problem in its own words.
 * Pure apart from the per-model buffers it reuses between batches.
 * @module
 */
import { sampleDayFrom } from "../../model/distributions.js";
import type { EvalFrame } from "../../model/frame.js";
import type { CompiledModel, CompiledTransition } from "../../model/model.js";
import { asProbability } from "../../model/runtime.js";
import { planOf } from "../plan.js";
import { fmix32, seedKeys } from "../rng.js";
import { emptyTally, type Tally } from "../tally.js";
import { matchOutcome, pickTargetAt } from "../values.js";
import { generate, type Generated } from "./codegen.js";
import { flushFinals, type FinalKeys } from "./finals.js";

type BatchFn = (
  k: number, kA: number, kB: number, from: number, to: number,
  out: Float64Array, fin: Float64Array, vis: Float64Array, fds: Float64Array,
) => void;

/** A specialised model: its batch function, the frame it works in, and the final keys it counts runs by. */
interface Specialised {
  readonly fn: BatchFn;
  readonly frame: EvalFrame;
  readonly finals: FinalKeys;
}

/**
 * Thrown by generated code to hand a batch back to the reference engine: one
 * value made once, so a bail-out site compiles to a plain throw.
 */
const BAIL = new Error("internal: the specialised engine bailed out");

/** Runs per call of the batch function. */
export const FAST_CALL_RUNS = 128;
const CHUNK = FAST_CALL_RUNS;

const cache = new WeakMap<CompiledModel, Specialised | null>();

function bail(): never {
  throw BAIL;
}

/** No outcome memo (a key space too large to remember). */
const NOMEMO = new Int32Array(0);

/**
 * The due day of a geometric wait drawn on `day` with `x = 1 - u`, by the
 * logarithm, as the reference engine computes it (the generated code's rare
 * path: where its thresholds cannot decide). Pure.
 */
function geometricWait(day: number, x: number, logSurvival: Float64Array, ix: number): number {
  return day + 1 + Math.floor(Math.log(x) / (logSurvival[ix] ?? NaN));
}

/** The generated source of a model's batch function, or why there is none (for tests and review). Pure. */
export function fastSource(model: CompiledModel): Generated | { readonly reason: string } {
  return generate(model, planOf(model));
}

/**
 * Compiled factories by source. Why: models that differ only in their numbers
 * (an analysis's next point, a `--set`) generate the same source, and closures
 * made by one factory share V8's optimised code, so only the first pays for
 * compiling it (~0.1–0.3 s of compiler time for the shipped scenario).
 */
const factories = new Map<string, Function>();
const MAX_FACTORIES = 32;

function factoryOf(source: string): Function {
  const known = factories.get(source);
  if (known !== undefined) return known;
  if (factories.size >= MAX_FACTORIES) factories.clear();
  const made = new Function("C", "FMIX", "SD", "AP", "PICK", "OUTCOME", "WAIT", "NOMEMO", "bail", "F", "DL0", "VL0", source);
  factories.set(source, made);
  return made;
}

/** Builds (once per model) the specialised batch function, or null when the model is not specialised. */
function specialise(model: CompiledModel): Specialised | null {
  const known = cache.get(model);
  if (known !== undefined) return known;
  const gen = generate(model, planOf(model));
  let made: Specialised | null = null;
  if ("source" in gen) {
    const n = model.stateNames.length;
    const frame: EvalFrame = {
      state: new Int32Array(model.machineIds.length), visited: new Uint8Array(n), entry: new Int32Array(model.machineIds.length), day: 0,
    };
    const pick = (t: CompiledTransition, f: EvalFrame, u: number): number => pickTargetAt(model, 0, t, f, u);
    const M = model.machineIds.length;
    // A run's outcome from its final states and entry days (`se`: s0, e0, s1, e1, …) and the frame's
    // visited flags, remembered at `key` of `memo` (unless it is NOMEMO).
    const outcome = (memo: Int32Array, key: number, ...se: number[]): number => {
      for (let m = 0; m < M; m++) {
        frame.state[m] = se[2 * m] ?? 0;
        frame.entry[m] = se[2 * m + 1] ?? 0;
      }
      frame.day = model.days;
      const o = matchOutcome(model, frame, 0);
      if (memo.length > 0) memo[key] = o;
      return o;
    };
    // The source holds numbers and indices only (see codegen.ts); values arrive as arguments.
    const factory = factoryOf(gen.source);
    const fn: BatchFn = factory(gen.values, fmix32, sampleDayFrom, asProbability, pick, outcome, geometricWait, NOMEMO, bail, frame,
      planOf(model).daily, new Int32Array(n));
    made = { fn, frame, finals: gen.finals };
  }
  cache.set(model, made);
  return made;
}

/** Whether runs of this model go through a specialised function. */
export function isSpecialised(model: CompiledModel): boolean {
  return specialise(model) !== null;
}

/**
 * Runs `[from, to)` of seed `seed` with the specialised function: their
 * tally, or undefined when the model is not specialised or the batch bailed
 * out (then the caller runs the reference engine on the same runs). `pace`,
 * when given, is called after each call of the batch function (see
 * `BatchOptions.pace`); it cannot change the tally.
 */
export function fastBatch(model: CompiledModel, seed: number, from: number, to: number, pace?: () => void): Tally | undefined {
  const sp = specialise(model);
  if (sp === null) return undefined;
  const tally = emptyTally(model);
  const [k, kA, kB] = seedKeys(seed);
  try {
    // In chunks: V8 optimises a function on entry far sooner (and compiles it once) than by
    // on-stack replacement inside one long call, which made the first 10^5 runs slow.
    for (let a = from; a < to; a += CHUNK) {
      sp.fn(k, kA, kB, a, Math.min(to, a + CHUNK), tally.outcomes, tally.finalStates, tally.visited, tally.firstDaySum);
      pace?.();
    }
    flushFinals(model, sp.finals, tally.outcomes, tally.finalStates);
  } catch {
    // Whatever stopped it (a bail, a value error, a run matching no outcome), the reference engine
    // reruns the batch and reports it as it always has. Visited flags of the interrupted run and
    // the counts of final keys are cleared.
    sp.frame.visited.fill(0);
    sp.finals.counts.fill(0);
    return undefined;
  }
  tally.runs = Math.max(0, to - from);
  return tally;
}
