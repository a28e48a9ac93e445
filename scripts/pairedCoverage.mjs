// How often the paired Monte Carlo 95% intervals of `compare` miss the exact
// difference, over many seeds (docs/analysis.md, "Paired comparisons"): the
// shipped scenario against p_struck_down = 0.45, every shared group and
// outcome. Run after `npm run build`:
//   node scripts/pairedCoverage.mjs [runs per seed, default 20000] [seeds, default 40]
// Measured 2026-11-29: 37 of 680 intervals missed (5.4%); rise_bill_pending 7 of 40.
import { loadScenarioFile } from "../dist/src/io.js";
import { prepareModel } from "../dist/src/model/prepare.js";
import { simulatePairs } from "../dist/src/analysis/pairedRuns.js";
import { pairTargets } from "../dist/src/analysis/pairTargets.js";
import { exactPairs, summarizePairs } from "../dist/src/analysis/paired.js";

const loaded = loadScenarioFile(new URL("../scenarios/korea-us-2026.yaml", import.meta.url).pathname);
if (!loaded.ok) throw new Error("the shipped scenario does not load");
const a = prepareModel(loaded.scenario).model;
const b = prepareModel(loaded.scenario, new Map([["p_struck_down", 0.45]])).model;
const targets = pairTargets(a, b);
const exact = exactPairs(a, b, targets);
if (!exact.ok) throw new Error("no exact differences");
const truth = new Map([...exact.value.groups, ...exact.value.outcomes].map((x) => [x.id, x.diff]));
const runs = Number(process.argv[2] ?? 20000);
const seeds = Number(process.argv[3] ?? 40);
let missed = 0;
let total = 0;
const byTarget = new Map();
for (let s = 1; s <= seeds; s++) {
  const sum = summarizePairs(targets, simulatePairs(a, b, { seed: s * 7919, from: 0, to: runs }, targets), s);
  for (const x of [...sum.groups, ...sum.outcomes]) {
    const e = truth.get(x.id);
    if (e === undefined || (x.discordant === 0 && e === 0)) continue;
    total++;
    if (e < x.ci95[0] || e > x.ci95[1]) {
      missed++;
      byTarget.set(x.id, (byTarget.get(x.id) ?? 0) + 1);
    }
  }
}
console.log(`${runs} paired runs × ${seeds} seeds: ${missed} of ${total} intervals missed (${((100 * missed) / total).toFixed(1)}%)`);
console.log([...byTarget].sort((x, y) => y[1] - x[1]).map(([id, n]) => `${id} ${n}`).join(", "));
