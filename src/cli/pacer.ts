/**
 * The main thread's pace while V8 optimises the engine's batch function and
 * worker threads compute beside it.
 *
 * Why: a fresh batch function runs unoptimised for the first ~70 ms (the
 * time V8 takes to optimise it, on a background thread), about 13 times
 * slower than once optimised. With `--workers 2` on 2 cores, that background
 * compilation, the worker's own compilation and this thread's unoptimised
 * runs are three threads on two cores: both compilations took 2–3 times as
 * long, and the worker's runs started late. Pausing this thread meanwhile
 * gives the compilers the cores; the runs it gives up are worth little,
 * since unoptimised. Measured at 10^7 runs, `--workers 2`, idle 2-core
 * machine: compilations of 65 and 78 ms instead of 147 and 104 (`--trace-opt`),
 * and 1.67 → 1.62 s (median of 12 in turns; README "Performance").
 *
 * It changes when runs are computed, never which or their counts. Effects:
 * it reads the clock and blocks the thread (Atomics.wait).
 * @module
 */

/** Calls of the batch function (of 128 runs) that only measure, before any pause: V8 needs them to see the code hot. */
const MEASURED_CALLS = 16;
/** A call this many times faster than the unoptimised ones means the optimised code runs: the pacer stops. */
const OPTIMISED_RATIO = 4;
/** One pause (ms). */
const PAUSE_MS = 2;
/** The most this thread pauses in all (ms): a bound for code that V8 optimises late or never. */
const MAX_PAUSED_MS = 150;

/**
 * A `pace` callback for the first batch of a model whose batch function is
 * new in this process (simulate.ts, `BatchOptions.pace`), for a thread that
 * computes beside others: after {@link MEASURED_CALLS} calls it pauses this
 * thread {@link PAUSE_MS} ms after each call until one call runs
 * {@link OPTIMISED_RATIO} times faster than the median of the measured ones
 * (the optimised code has arrived), or {@link MAX_PAUSED_MS} have passed
 * paused. Then it does nothing.
 *
 * Not for code already optimised: its calls never get faster, so it would
 * pause the full bound.
 */
export function compilePacer(now: () => number = () => performance.now(), sleep: (ms: number) => void = block): () => void {
  const measured: number[] = [];
  let last = now();
  let paused = 0;
  let done = false;
  let slow = Infinity;
  return () => {
    if (done) return;
    const t = now();
    const took = t - last;
    last = t;
    if (measured.length < MEASURED_CALLS) {
      measured.push(took);
      if (measured.length === MEASURED_CALLS) slow = median(measured.slice(1)); // the first call also compiled bytecode
      return;
    }
    if (took * OPTIMISED_RATIO < slow || paused >= MAX_PAUSED_MS) {
      done = true;
      return;
    }
    sleep(PAUSE_MS);
    const after = now();
    paused += after - t;
    last = after;
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] ?? 0 : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Blocks this thread for `ms` milliseconds. */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
