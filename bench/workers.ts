/**
 * The workers' bench (`node dist/bench/workers.js` after `npm run build`;
 * {@link workerRows} gives the rows for `bench/run.ts` to merge in): what
 * `--workers 2` costs and saves, in CPU time, so that the figures mean
 * something on a busy machine, and the wall-clock speedup they imply on an
 * idle one:
 *
 * - the serial part of a `tariffsim run` (node start, loading the bundle and
 *   the scenario, compiling, reporting): the CPU time of `run --runs 1`;
 * - the CPU time of one run on one thread (this thread, the engine alone);
 * - the extra CPU a second thread costs: the CPU of the same runs split over
 *   a pool of 2 threads (worker start and compile included) minus one
 *   thread's, measured at two sizes and split into a fixed part F and a part
 *   per run p (a fraction of a run's CPU);
 * - the projected wall-clock speedup of `--workers 2` at 10⁷ runs on an idle
 *   2-core machine: (S + R·c) / (S + (R·c·(1 + p) + F)/2 + C/2) with S the
 *   serial CPU, c a run's CPU, C the time of one chunk (the most the threads
 *   can finish apart). Measured on a busy machine, p is pessimistic;
 * - the wall-clock speedup measured end to end (`tariffsim run --workers 1`
 *   vs `2`), which only means anything when the machine is idle: the load
 *   average is printed beside it.
 *
 * Child CPU is read from /proc/self/stat (cutime + cstime, Linux, 10 ms
 * ticks); each figure is the best of a few repetitions.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateBatch } from "../src/engine/simulate.js";
import { packageRoot } from "../src/cli/context.js";
import { CHUNK_RUNS, simulateParallel, startWorkers } from "../src/cli/parallel.js";
import { renderTable } from "../src/report/table.js";
import { shipped } from "./measure.js";

const REPEATS = 3;
/** Runs of the in-process measurements. */
const RUNS = 1_000_000;
/** The runs the projection is for. */
const TARGET = 10_000_000;

/** CPU seconds of this process, all threads. */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of the waited-for children of this process (Linux: /proc/self/stat fields 16 and 17). */
function childCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Best wall and CPU seconds of `fn` over `repeats` calls (the least disturbed). */
async function best(fn: () => Promise<void> | void, clock: () => number, repeats = REPEATS): Promise<{ wall: number; cpu: number }> {
  let wall = Infinity;
  let c = Infinity;
  for (let i = 0; i < repeats; i++) {
    const c0 = clock();
    const t0 = performance.now();
    await fn();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    c = Math.min(c, clock() - c0);
  }
  return { wall, cpu: c };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The workers' measures as rows of [measure, value, ratio], with a line on the machine's load. */
export async function workerRows(e2eRuns = 2_000_000): Promise<{ rows: string[][]; load: string }> {
  const root = packageRoot();
  const { scenario, model } = shipped(root, "korea-us-2026");
  const bundle = join(root, "dist", "tariffsim.mjs");
  const cli = (args: string[]) => (): void => {
    const r = spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tariffsim ${args.join(" ")} failed: ${r.stderr}`);
  };
  const load0 = loadavg()[0] ?? 0;

  const serial = await best(cli(["run", "--runs", "1", "--format", "json"]), childCpu);
  simulateBatch(model, { seed: 1, from: 0, to: 20_000 }); // warm-up
  const oneThread = (runs: number) => best(() => { simulateBatch(model, { seed: 1, from: 0, to: runs }); }, cpu);
  const twoThreads = (runs: number) => best(async () => {
    // As `run` does: the pool started first, the job sent once this thread has the model.
    const pool = startWorkers(2, join(root, "dist", "worker.mjs")); // the bundle's worker, as the CLI starts it
    try {
      await simulateParallel({ model, scenario, overrides: new Map(), seed: 1, runs, workers: 2, pool });
    } finally {
      await pool.close();
    }
  }, cpu);
  // The second thread's extra CPU at two sizes: a fixed part (start, compile, JIT warm-up) and a part per run
  // (both threads slowing each other: shared caches, memory, a busy machine's scheduling).
  const small = RUNS / 4;
  const [one1, two1, one, two] = [await oneThread(small), await twoThreads(small), await oneThread(RUNS), await twoThreads(RUNS)];
  const c = one.cpu / RUNS;
  const extra = Math.max(0, two.cpu - one.cpu);
  const perRun = Math.max(0, (extra - Math.max(0, two1.cpu - one1.cpu)) / (RUNS - small) / c);
  const fixed = Math.max(0, extra - perRun * c * RUNS);
  const s = serial.cpu;
  const chunk = CHUNK_RUNS * c;
  const t1 = s + TARGET * c;
  const t2 = s + (TARGET * c * (1 + perRun) + fixed) / 2 + chunk / 2;

  // End to end, the two in turn (1, 2, 1, 2, …) so that a change in the machine's load weighs on both alike.
  const e2e = (w: string) => best(cli(["run", "--runs", String(e2eRuns), "--workers", w, "--format", "json"]), childCpu, 1);
  const ones: { wall: number; cpu: number }[] = [];
  const twos: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    ones.push(await e2e("1"));
    twos.push(await e2e("2"));
  }
  const least = (xs: { wall: number; cpu: number }[]) => ({ wall: Math.min(...xs.map((x) => x.wall)), cpu: Math.min(...xs.map((x) => x.cpu)) });
  const w1 = least(ones);
  const w2 = least(twos);
  const load1 = loadavg()[0] ?? 0;
  const runs = (n: number): string => n.toLocaleString("en-US");
  return {
    load: `load average ${fmt(load0, 2)} before, ${fmt(load1, 2)} after; ${runs(RUNS)} runs in process, ${runs(e2eRuns)} end to end`,
    rows: [
      ["serial part of a run: `run --runs 1` (CPU ms)", fmt(s * 1000, 0), `${fmt(s / c)} runs' worth`],
      ["one run on one thread (CPU µs)", fmt(c * 1e6, 2), `${fmt(1 / c)} runs/s per core`],
      [`extra CPU of a second thread at ${runs(RUNS)} runs (ms)`, fmt(extra * 1000, 0), `${fmt(extra / one.cpu * 100, 1)}% of one thread's`],
      ["  of which fixed (start, compile; ms) + per run (%)", `${fmt(fixed * 1000, 0)} + ${fmt(perRun * 100, 1)}%`, "fitted at 2 sizes"],
      [`--workers 2 at ${runs(TARGET)} runs, idle 2 cores (projected)`, `${fmt(t2, 2)} s vs ${fmt(t1, 2)} s`, `${fmt(t1 / t2, 2)}× speedup`],
      [`--workers 2 at ${runs(RUNS)} runs in process (wall)`, `${fmt(two.wall, 2)} s vs ${fmt(one.wall, 2)} s`, `${fmt(one.wall / two.wall, 2)}× (load-dependent)`],
      [`--workers 2 at ${runs(e2eRuns)} runs end to end (wall)`, `${fmt(w2.wall, 2)} s vs ${fmt(w1.wall, 2)} s`, `${fmt(w1.wall / w2.wall, 2)}× (load-dependent)`],
      [`--workers 2 at ${runs(e2eRuns)} runs end to end (CPU)`, `${fmt(w2.cpu, 2)} s vs ${fmt(w1.cpu, 2)} s`, `${fmt(w2.cpu / w1.cpu, 3)}× the CPU`],
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, load } = await workerRows(Number(process.env.BENCH_E2E_RUNS ?? 2_000_000));
  console.log(`tariffsim workers bench · node ${process.version} · best of ${REPEATS} · ${load}`);
  console.log(renderTable(["Measure", "Value", "Ratio"], rows));
}
