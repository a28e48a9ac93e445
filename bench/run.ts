/**
 * `npm run bench`: how fast tariffsim is, as ratios against floors measured
 * in the same process (so the figures mean something on a busy machine too).
 * Times are CPU time (user + system) where a wall clock would count other
 * processes' work; each is the best of several repetitions (the start-up
 * commands: wall and CPU, the least of START_ROUNDS rounds run in turn). It
 * prints the machine and its load (os.loadavg) before and after.
 *
 * - the draw floor: uniforms per CPU second of Alea (seedrandom's, the
 *   engine's generator) called in a tight loop inside an optimised function;
 * - the uniforms a run of the shipped scenario actually draws (counted by a
 *   wrapping generator on the reference engine, which draws exactly what the
 *   specialised engine draws);
 * - runs per CPU second on one core, specialised engine and reference
 *   engine, and the ratio of a run to a draw (target: at most 50), also on
 *   the scenario's first version (`korea-us-2026-v1.yaml`, where it was set);
 * - the exact solve: a full solve (`solveExact`) in a JIT-warm process
 *   (target: at most 10 ms), and a re-solve (the analyses' Resolver);
 * - the default `tariffsim run` (100,000 runs) end to end against
 *   `node -e 0` (target: within 3×), wall (to the microsecond, from
 *   children started directly) and CPU (to 10 ms): with a warm scenario
 *   cache (the usual case: the scenario was run before), a cold one (emptied
 *   before each start: parse, validate, store) and none (`--no-cache`), and
 *   where a warm start goes: `--version` (node and the program's code),
 *   `run --runs 1` (the command's code, the cached scenario, compiling) and
 *   the runs themselves (the difference between the two `run` rows);
 * - maximum resident memory of `run` at 10^5, 10^7 and 10^8 runs, plain,
 *   with `--states` and with `--timeline` (target: within 10%), warm
 *   scenario cache, on one thread (`--workers 1`: the same threads at every size, so that only the
 *   number of runs changes), and what a second thread adds on its own (10^6
 *   runs, `--workers 1` vs 2), which `--workers auto` adds from 10^6 runs;
 * - the workers' speedup and costs (bench/workers.ts).
 *
 * `node dist/bench/run.js --quick` measures memory at 10^6 instead of 10^7
 * and 10^8 (each 10^8 run takes about 27 s on one thread; the full bench
 * takes about 3.5 minutes on an idle machine), and the workers' speedup at
 * 10^6 runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { simulateBatch, simulateReference } from "../src/engine/simulate.js";
import { isSpecialised } from "../src/engine/fast/batch.js";
import { runRng, type Rng } from "../src/engine/rng.js";
import { solveExact } from "../src/exact/solver.js";
import { Resolver } from "../src/exact/resolver.js";
import { packageRoot } from "../src/cli/context.js";
import { renderTable } from "../src/report/table.js";
import { bestChild, bestChildrenInTurn, bestCpu, counting, shipped } from "./measure.js";
import { resolveRows } from "./resolve.js";
import { workerRows } from "./workers.js";

const REPEATS = 5;
/** Rounds of the start-up commands (each a few hundred milliseconds; the least of more rounds is steadier on a shared host). */
const START_ROUNDS = 9;
const quick = process.argv.includes("--quick");

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(" / ");
const root = packageRoot();
const { scenario, model } = shipped(root, "korea-us-2026");
const loadBefore = load();

// 1. The draw floor: a generator in a tight loop, inside a function V8 optimises (not at module
// scope, where every access to the loop's variables goes through the module context).
function drawLoop(rng: Rng, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += rng();
  return s;
}
const DRAWS = 50_000_000;
const alea: Rng = seedrandom.alea("bench");
let sink = drawLoop(alea, 5_000_000); // warm-up
const drawSeconds = bestCpu(() => { sink += drawLoop(alea, DRAWS); }, REPEATS);
const drawsPerSecond = DRAWS / drawSeconds;

// 2. Uniforms a run actually draws (the reference engine with a counting generator).
const COUNTED = 200_000;
const counter = { draws: 0 };
simulateBatch(model, { seed: 1, from: 0, to: COUNTED, rngFor: (s, i) => counting(runRng(s, i), counter) });
const drawsPerRun = counter.draws / COUNTED;

// 3. Runs per CPU second, one core: the specialised engine (what `run` uses) and the reference engine.
const RUNS = 1_000_000;
simulateBatch(model, { seed: 1, from: 0, to: 300_000 }); // warm-up (and the specialisation's compilation)
const runSeconds = bestCpu(() => { simulateBatch(model, { seed: 1, from: 0, to: RUNS }); }, REPEATS);
const runsPerSecond = RUNS / runSeconds;
// The first version of the scenario (4 machines, no replacement after a ruling), which issue 10's target was set on.
const first = shipped(root, "korea-us-2026-v1");
const firstCounter = { draws: 0 };
simulateBatch(first.model, { seed: 1, from: 0, to: COUNTED, rngFor: (s, i) => counting(runRng(s, i), firstCounter) });
simulateBatch(first.model, { seed: 1, from: 0, to: 300_000 });
const firstPerSecond = RUNS / bestCpu(() => { simulateBatch(first.model, { seed: 1, from: 0, to: RUNS }); }, REPEATS);
const REF_RUNS = 200_000;
simulateReference(model, { seed: 1, from: 0, to: 50_000 });
const refSeconds = bestCpu(() => { simulateReference(model, { seed: 1, from: 0, to: REF_RUNS }); }, 3);
const refPerSecond = REF_RUNS / refSeconds;

// 4. The exact solve: full (JIT-warm) and re-solve. A full solve (`solveExact`: new buffers, nothing kept) in a
// JIT-warm process (after EXACT_WARMUP solves, as in any analysis or long-running use), target ≤ 10 ms;
// then the analyses' re-solve (a Resolver replaying a tape of the first solve).
const EXACT_WARMUP = 40;
let worst = 0;
const fullSolve = (): void => {
  const r = solveExact(model);
  if (!r.ok) throw new Error(r.issue.message);
  for (const p of r.result.outcomes) worst = Math.max(worst, p * (1 - p));
};
for (let i = 0; i < EXACT_WARMUP; i++) fullSolve();
const exactSeconds = bestCpu(fullSolve, 3 * REPEATS);
const resolver = new Resolver();
resolver.solve(model);
const warmSeconds = bestCpu(() => {
  const r = resolver.solve(model);
  if (!r.ok) throw new Error(r.issue.message);
}, 3 * REPEATS);
// Monte Carlo runs for a standard error of `se` on the most uncertain outcome: p(1-p)/se².
const mcSecondsFor = (se: number): number => worst / (se * se) / runsPerSecond;

// 5. End to end: the default command against a bare node start (wall and CPU, the least of START_ROUNDS rounds, the commands in turn).
const bundle = join(root, "dist", "tariffsim.mjs");
// The scenario cache lives in a folder of the bench's own, so that the user's cache is neither used nor changed.
const cacheDir = mkdtempSync(join(tmpdir(), "tariffsim-bench-cache-"));
const cached = { TARIFFSIM_CACHE_DIR: cacheDir };
const emptyCache = (): void => rmSync(cacheDir, { recursive: true, force: true });
// In turn (each repeat runs every command once), wall times from children started directly (see bestChild).
const starts = bestChildrenInTurn([
  { args: ["-e", "0"] },
  { args: [bundle, "run"], env: cached, before: emptyCache },
  { args: [bundle, "run"], env: cached }, // warm: the cold start before it stored the entry
  { args: [bundle, "run", "--no-cache"], env: cached },
  { args: [bundle, "--version"], env: cached },
  { args: [bundle, "run", "--runs", "1"], env: cached },
], root, START_ROUNDS, true);
const [bare, cold, cli, noCache, versionOnly, oneRun] = starts;
if (bare === undefined || cold === undefined || cli === undefined || noCache === undefined || versionOnly === undefined || oneRun === undefined) {
  throw new Error("a start was not measured");
}

// 6. Memory: maximum resident set at 10^5, 10^7 and 10^8 runs (10^5 and 10^6 with --quick), on one thread,
// so that only the number of runs changes (`--workers auto` adds a second thread from 10^6 runs: measured
// apart below). With the warm scenario cache (the usual case, as above), so that every size loads the
// scenario the same way. Why not without it: loading and validating grows V8's young generation, and the
// maximum then moved by up to 15 MiB from run to run (when the collector ran), more than the target's 10%;
// a cache hit varies by ~2 MiB. The least of 2 runs at 10^5 and 10^6, one run at 10^7 and 10^8 (each 10^8
// run takes ~27 s), so that the growth shown errs upwards, and 10^7 → 10^8 compares alike.
const sizes = quick ? [1_000_000] : [10_000_000, 100_000_000];
const rss = (args: readonly string[], repeats: number): number | undefined =>
  bestChild([bundle, "run", ...args], root, repeats, cached).maxRssKiB;
const memory = [[], ["--states"], ["--timeline"]].map((extra) => ({
  extra,
  small: rss(["--runs", "100000", "--workers", "1", ...extra], 2),
  large: sizes.map((n) => rss(["--runs", String(n), "--workers", "1", ...extra], n >= 10_000_000 ? 1 : 2)),
}));
// What a second thread adds, at a size where both are used and the runs cost little memory or time.
const oneThread = rss(["--runs", "1000000", "--workers", "1"], 2);
const twoThreads = rss(["--runs", "1000000", "--workers", "2"], 2);
rmSync(cacheDir, { recursive: true, force: true });

const ms = (s: number | undefined, d = 1): string => (s === undefined ? "n/a" : fmt(s * 1000, d));
/** A child's cost as ratios to `node -e 0`, wall and CPU. */
const startRatio = (c: { wall: number; cpu: number | undefined }): string =>
  `${fmt(c.wall / bare.wall, 1)} × wall, ${c.cpu !== undefined && bare.cpu !== undefined ? fmt(c.cpu / bare.cpu, 1) : "n/a"} × CPU`;
const mib = (k: number | undefined): string => (k === undefined ? "n/a" : fmt(k / 1024, 1));
const cpu0 = cpus()[0];
console.log(`tariffsim benchmark · ${model.scenario.id} · node ${process.version} · ${cpu0?.model ?? "?"} × ${cpus().length} · ${fmt(totalmem() / 2 ** 30, 1)} GiB`);
console.log(`load average (1/5/15 min): ${loadBefore} before, ${load()} after · CPU times, best of ${REPEATS}; starts, least of ${START_ROUNDS} rounds`);
console.log(renderTable(["Measure", "Value", "Ratio"], [
  ["Alea uniform draws per CPU second (tight loop)", fmt(drawsPerSecond), "1 (the draw floor)"],
  ["Uniform draws per run (counted)", fmt(drawsPerRun, 2), ""],
  [`Monte Carlo runs per CPU second, one core (${isSpecialised(model) ? "specialised" : "reference"} engine)`, fmt(runsPerSecond),
    `1 run = ${fmt(drawsPerSecond / runsPerSecond, 1)} draw times (target ≤ 50)`],
  ["  reference engine (replays, other options)", fmt(refPerSecond), `1 run = ${fmt(drawsPerSecond / refPerSecond, 1)} draw times`],
  [`  first version of the scenario (${fmt(firstCounter.draws / COUNTED, 2)} draws per run)`, fmt(firstPerSecond),
    `1 run = ${fmt(drawsPerSecond / firstPerSecond, 1)} draw times (target ≤ 50)`],
  ["  specialised / reference", "", `${fmt(runsPerSecond / refPerSecond, 2)} ×`],
  ["Exact solve, full, JIT-warm (ms CPU, target ≤ 10)", ms(exactSeconds, 2), `= ${fmt(exactSeconds * runsPerSecond)} MC runs`],
  ["Exact re-solve, same model (the analyses' Resolver: a tape replayed; ms CPU)", ms(warmSeconds, 2), `${fmt(warmSeconds / exactSeconds, 2)} × full solve`],
  ["MC time to SE 1e-3 (s, at the measured rate)", fmt(mcSecondsFor(1e-3), 2), `${fmt(mcSecondsFor(1e-3) / exactSeconds, 1)} × exact`],
  ["MC time to SE 1e-5 (s, at the measured rate)", fmt(mcSecondsFor(1e-5), 1), `${fmt(mcSecondsFor(1e-5) / exactSeconds)} × exact`],
  ["node -e 0 (ms wall / CPU)", `${ms(bare.wall)} / ${ms(bare.cpu)}`, "1 (the start floor)"],
  ["tariffsim run, 100,000 runs, end to end, warm cache (ms wall / CPU)", `${ms(cli.wall)} / ${ms(cli.cpu)}`, `${startRatio(cli)} (target ≤ 3)`],
  ["  cold cache (parse, validate, store)", `${ms(cold.wall)} / ${ms(cold.cpu)}`, startRatio(cold)],
  ["  no cache (--no-cache)", `${ms(noCache.wall)} / ${ms(noCache.cpu)}`, startRatio(noCache)],
  ["  of which: tariffsim --version (node + program code)", `${ms(versionOnly.wall)} / ${ms(versionOnly.cpu)}`, startRatio(versionOnly)],
  ["  of which: run --runs 1, warm (+ run's code, cached scenario, compile)", `${ms(oneRun.wall)} / ${ms(oneRun.cpu)}`, startRatio(oneRun)],
  ["  and the 100,000 runs (warm run minus run --runs 1; includes waiting for V8 to optimise them)",
    `${ms(cli.wall - oneRun.wall)} / ${cli.cpu !== undefined && oneRun.cpu !== undefined ? ms(cli.cpu - oneRun.cpu) : "n/a"}`, ""],
  ...memory.map(({ extra, small, large }) => {
    const last = large[large.length - 1];
    const first = large[0];
    const growth = (a: number | undefined, b: number | undefined): string =>
      a !== undefined && b !== undefined ? `${b >= a ? "+" : ""}${fmt(((b - a) / a) * 100, 1)}%` : "n/a";
    return [
      `max RSS, run ${extra.join(" ")} 10^5 → ${sizes.map((n) => `10^${Math.log10(n)}`).join(" → ")} runs (MiB; one thread)`.replace("run  ", "run "),
      [small, ...large].map(mib).join(" → "),
      `${growth(small, last)} (target ≤ 10%)${large.length > 1 ? `; ${growth(first, last)} from 10^${Math.log10(sizes[0] ?? 1)}` : ""}`,
    ];
  }),
  ["  what a second thread adds (--workers auto: from 10^6 runs): run --runs 10^6, --workers 1 → 2 (MiB)", `${mib(oneThread)} → ${mib(twoThreads)}`,
    oneThread !== undefined && twoThreads !== undefined ? `${twoThreads >= oneThread ? "+" : "−"}${mib(Math.abs(twoThreads - oneThread))} MiB` : "n/a"],
]));
// 7. Re-solves at new parameter values and sensitivity (bench/resolve.ts).
console.log(renderTable(["Re-solves (shipped scenario)", "Value", "Ratio"], resolveRows(scenario, exactSeconds)));
// 8. Workers (bench/workers.ts): the end-to-end speedup of --workers 2 at 10^7 runs (10^6 with --quick), and its CPU.
const workers = await workerRows(quick ? 1_000_000 : 10_000_000);
console.log(renderTable(["Workers (shipped scenario)", "Value", "Ratio"], workers.rows));
console.log(workers.load);
if (sink === 0) console.log(""); // keeps the draw loop from being optimised away
