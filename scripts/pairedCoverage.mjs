// How often the paired Monte Carlo 95% intervals of `compare` miss the exact
// difference, over many seeds (docs/analysis.md, "Paired comparisons"): the
// shipped scenario against one changed parameter, every shared group and
// outcome whose exact difference is more than rounding (|Δ| ≥ 1e-12); the score interval `compare`
// gives, and the paired Wald interval (mean ± z·s/√n) on the same counts, for
// comparison. Run after `npm run build`:
//   node scripts/pairedCoverage.mjs [runs per seed, default 20000] [seeds, default 40] [NAME=VALUE, default p_struck_down=0.45]
// Measured 2026-11-29: the docs' table (docs/analysis.md, "Paired comparisons").
import { loadScenarioFile } from "../dist/src/io.js";
import { prepareModel } from "../dist/src/model/prepare.js";
import { simulatePairs } from "../dist/src/analysis/pairedRuns.js";
import { pairTargets } from "../dist/src/analysis/pairTargets.js";
import { exactPairs, summarizePairs } from "../dist/src/analysis/paired.js";
import { Z95 } from "../dist/src/engine/stats.js";

const loaded = loadScenarioFile(new URL("../scenarios/korea-us-2026.yaml", import.meta.url).pathname);
if (!loaded.ok) throw new Error("the shipped scenario does not load");
const runs = Number(process.argv[2] ?? 20000);
const seeds = Number(process.argv[3] ?? 40);
const [name, value] = (process.argv[4] ?? "p_struck_down=0.45").split("=");
const a = prepareModel(loaded.scenario).model;
const b = prepareModel(loaded.scenario, new Map([[name, Number(value)]])).model;
const targets = pairTargets(a, b);
const exact = exactPairs(a, b, targets);
if (!exact.ok) throw new Error("no exact differences");
const truth = new Map([...exact.value.groups, ...exact.value.outcomes].map((x) => [x.id, x.diff]));
let total = 0;
const missed = { score: 0, wald: 0 };
const width = { score: 0, wald: 0 };
const byTarget = new Map();
for (let s = 1; s <= seeds; s++) {
  const sum = summarizePairs(targets, simulatePairs(a, b, { seed: s * 7919, from: 0, to: runs }, targets), s);
  for (const x of [...sum.groups, ...sum.outcomes]) {
    const e = truth.get(x.id);
    // An exact difference of rounding size (|Δ| < 1e-12: the change does not touch the target) is no test of coverage.
    if (e === undefined || Math.abs(e) < 1e-12) continue;
    total++;
    const half = Z95 * Math.sqrt(Math.max(0, x.discordant / runs - x.diff * x.diff) / (runs - 1));
    const intervals = { score: x.ci95, wald: [x.diff - half, x.diff + half] };
    for (const [k, [lo, hi]] of Object.entries(intervals)) {
      width[k] += hi - lo;
      if (e < lo || e > hi) {
        missed[k]++;
        byTarget.set(`${k} ${x.id}`, (byTarget.get(`${k} ${x.id}`) ?? 0) + 1);
      }
    }
  }
}
const pct = (k) => `${missed[k]} of ${total} missed (${((100 * missed[k]) / total).toFixed(1)}%), mean width ${((100 * width[k]) / total).toFixed(3)} pts`;
console.log(`${name}=${value}, ${runs} paired runs × ${seeds} seeds`);
console.log(`  score interval: ${pct("score")}`);
console.log(`  Wald interval:  ${pct("wald")}`);
// Per target, over the seeds: the worst target's miss rate says more than the pool (rare targets miss less).
const worst = (k) => {
  const rows = [...byTarget].filter(([id]) => id.startsWith(`${k} `)).sort((x, y) => y[1] - x[1]);
  const [id, n] = rows[0] ?? [`${k} none`, 0];
  return `${id.slice(k.length + 1)} ${n} of ${seeds} (${((100 * n) / seeds).toFixed(1)}%)`;
};
console.log(`  worst target: score ${worst("score")}; Wald ${worst("wald")}`);
