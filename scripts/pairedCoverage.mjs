// How often the paired Monte Carlo 95% intervals of `compare` miss the exact
// difference, over many seeds (docs/analysis.md, "Paired comparisons"): the
// shipped scenario against one changed parameter, every shared group and
// outcome with a non-zero exact difference; the score interval `compare`
// gives, and the paired Wald interval (mean ± z·s/√n) on the same counts, for
// comparison. Run after `npm run build`:
//   node scripts/pairedCoverage.mjs [runs per seed, default 20000] [seeds, default 40] [NAME=VALUE, default p_struck_down=0.45]
// Measured 2026-11-29 (the docs' table): p_struck_down=0.45 at 20,000 runs, 25 of 680 missed (3.7%),
// Wald 37 (5.4%); h_withdraw_passed=0.005 at 2,000 runs, 4 of 600 (0.7%), Wald 173 (28.8%).
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
    if (e === undefined || e === 0) continue;
    total++;
    const half = Z95 * Math.sqrt(Math.max(0, x.discordant / runs - x.diff * x.diff) / (runs - 1));
    const intervals = { score: x.ci95, wald: [x.diff - half, x.diff + half] };
    for (const [k, [lo, hi]] of Object.entries(intervals)) {
      width[k] += hi - lo;
      if (e < lo || e > hi) {
        missed[k]++;
        if (k === "score") byTarget.set(x.id, (byTarget.get(x.id) ?? 0) + 1);
      }
    }
  }
}
const pct = (k) => `${missed[k]} of ${total} missed (${((100 * missed[k]) / total).toFixed(1)}%), mean width ${((100 * width[k]) / total).toFixed(3)} pts`;
console.log(`${name}=${value}, ${runs} paired runs × ${seeds} seeds`);
console.log(`  score interval: ${pct("score")}`);
console.log(`  Wald interval:  ${pct("wald")}`);
console.log(`  score misses by target: ${[...byTarget].sort((x, y) => y[1] - x[1]).map(([id, n]) => `${id} ${n}`).join(", ")}`);
