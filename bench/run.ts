/**
 * `npm run bench`: how fast tariffsim is, as ratios against floors measured
 * in the same run (so the figures mean something on a busy machine too):
 *
 * - Monte Carlo runs per second of the shipped scenario, on one core, against
 *   the uniform draws per second of the same generator (Alea);
 * - the exact solve of the shipped scenario, and the Monte Carlo time it
 *   would take to reach comparable precision at the measured rate;
 * - a warm exact re-solve (exact/resolver.ts: the solver's allocations kept
 *   from an earlier solve of the same structure), against the cold solve;
 * - the default `tariffsim run` (100,000 runs) end to end, against a bare
 *   `node -e 0` start.
 *
 * Each figure is the best of several repetitions (the least disturbed).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadScenarioFile } from "../src/io.js";
import { prepareModel } from "../src/model/prepare.js";
import { simulateBatch } from "../src/engine/simulate.js";
import { streamRng } from "../src/engine/rng.js";
import { solveExact } from "../src/exact/solver.js";
import { Resolver } from "../src/exact/resolver.js";
import { packageRoot } from "../src/cli/context.js";
import { renderTable } from "../src/report/table.js";
import { resolveRows } from "./resolve.js";

const REPEATS = 5;

/** Best (smallest) CPU-independent wall time of `fn` over `REPEATS` calls, in seconds. */
function best(fn: () => void, repeats = REPEATS): number {
  let t = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, (performance.now() - t0) / 1000);
  }
  return t;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const root = packageRoot();
const file = join(root, "scenarios", "korea-us-2026.yaml");
const loaded = loadScenarioFile(file);
if (!loaded.ok) throw new Error(`cannot load ${file}`);
const prepared = prepareModel(loaded.scenario);
if (!prepared.ok) throw new Error(`cannot compile ${file}`);
const model = prepared.model;

// 1. The generator's floor: uniform draws per second.
const DRAWS = 20_000_000;
let sink = 0;
const rng = streamRng("bench");
const drawSeconds = best(() => { for (let i = 0; i < DRAWS; i++) sink += rng(); });
const drawsPerSecond = DRAWS / drawSeconds;

// 2. Monte Carlo runs per second (one core, this thread).
const RUNS = 500_000;
simulateBatch(model, { seed: 1, from: 0, to: 20_000 }); // warm-up
const runSeconds = best(() => { simulateBatch(model, { seed: 1, from: 0, to: RUNS }); });
const runsPerSecond = RUNS / runSeconds;

// 3. The exact solve.
let worst = 0;
const exactSeconds = best(() => {
  const r = solveExact(model);
  if (!r.ok) throw new Error(r.issue.message);
  for (const p of r.result.outcomes) worst = Math.max(worst, p * (1 - p));
});
// 3b. A warm re-solve: a Resolver that has solved the scenario once solves it again (what tornado, sweep,
// sensitivity and uncertainty do per point; results bit for bit those of a cold solve).
const resolver = new Resolver();
resolver.solve(model); // warm-up: the buffers are made here
const warmSeconds = best(() => {
  const r = resolver.solve(model);
  if (!r.ok) throw new Error(r.issue.message);
}, 3 * REPEATS);
// Monte Carlo runs for a standard error of `se` on the most uncertain outcome: p(1-p)/se².
const mcSecondsFor = (se: number): number => worst / (se * se) / runsPerSecond;

// 4. End to end: the default command against a bare node start.
const bundle = join(root, "dist", "tariffsim.mjs");
const wall = (args: string[]): number => best(() => {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
}, 3);
const nodeSeconds = wall(["-e", "0"]);
const cliSeconds = wall([bundle, "run"]);

console.log(`tariffsim benchmark · ${model.scenario.id} · node ${process.version} · best of ${REPEATS}`);
console.log(renderTable(["Measure", "Value", "Ratio"], [
  ["Alea uniform draws per second", fmt(drawsPerSecond), "1 (floor)"],
  ["Monte Carlo runs per second (one core)", fmt(runsPerSecond), `1 run = ${fmt(drawsPerSecond / runsPerSecond, 1)} draws`],
  ["Exact solve (ms)", fmt(exactSeconds * 1000, 1), `= ${fmt(exactSeconds * runsPerSecond)} MC runs`],
  ["warm exact re-solve (ms)", fmt(warmSeconds * 1000, 2), `${fmt(warmSeconds / exactSeconds, 2)} × exact solve`],
  ["MC time to SE 1e-3 (s, at measured rate)", fmt(mcSecondsFor(1e-3), 2), `${fmt(mcSecondsFor(1e-3) / exactSeconds, 1)} × exact`],
  ["MC time to SE 1e-5 (s, at measured rate)", fmt(mcSecondsFor(1e-5), 1), `${fmt(mcSecondsFor(1e-5) / exactSeconds)} × exact`],
  ["node -e 0 (ms)", fmt(nodeSeconds * 1000, 1), "1 (floor)"],
  ["tariffsim run, 100,000 runs, end to end (ms)", fmt(cliSeconds * 1000, 1), `${fmt(cliSeconds / nodeSeconds, 1)} × node start`],
]));
// 5. Re-solves at new parameter values and sensitivity (bench/resolve.ts).
console.log(renderTable(["Re-solves (shipped scenario)", "Value", "Ratio"], resolveRows(loaded.scenario, exactSeconds)));
if (sink === 0) console.log(""); // keeps the draw loop from being optimised away
