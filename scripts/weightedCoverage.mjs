// How often the 95% intervals of conditioned Monte Carlo miss the exact value
// (docs/analysis.md, "Paired comparisons" and "Estimates and intervals"):
//   node scripts/weightedCoverage.mjs run RUNS SEEDS ["OBSERVATIONS"]
//     `run --given … --method mc`: every outcome and group whose exact conditional probability is above 1e-12;
//   node scripts/weightedCoverage.mjs evidence RUNS SEEDS ["OBSERVATIONS"]
//     the same runs' P(evidence), against the solver's;
//   node scripts/weightedCoverage.mjs pairs RUNS SEEDS ["OBSERVATIONS"] [NAME=VALUE]
//     `compare --b-set NAME=VALUE` with both sides given the observations (with ONE_SIDE=b in the environment,
//     side B only), `--method mc`: every difference above 1e-12.
// OBSERVATIONS: one or more, separated by ";". Defaults: "not assembly.passed by 2026-03-06", p_struck_down=0.45.
// Seeds 7919·k for k = 1 … SEEDS; with SEED_SET=hash in the environment, k·2654435761 mod 2^32 instead, a second
// set to repeat a measurement on; with FIRST_RUN=N, each seed's runs start at run N rather than 0 (the same seeds,
// other runs). The targets of one seed share its runs, so their misses are correlated: a
// pooled rate over a few hundred seeds moves by a point or more from one set of seeds to another.
// Run after `npm run build`; conditioned runs cost 0.1–0.3 ms each (2,000 runs × 100 seeds: about 45 s).
// Measured 2026-11-29 (docs/analysis.md has the tables): run 2000 100: 6.0% of 1,700 missed (Wald-type before:
// 6.4%), and 5.4% of 3,400 with SEED_SET=hash and 200 seeds; pairs 2000 50: 3.3% of 850 (before: 10.5%,
// rise_bill_pending 46%).
import { loadScenarioFile } from "../dist/src/io.js";
import { prepareModel } from "../dist/src/model/prepare.js";
import { givenItem } from "../dist/src/evidence/file.js";
import { resolveObservations } from "../dist/src/evidence/resolve.js";
import { planEvidence } from "../dist/src/evidence/plan.js";
import { pairTargets } from "../dist/src/analysis/pairTargets.js";
import { exactPairs, summarizeConditionedPairs } from "../dist/src/analysis/paired.js";
import { simulateConditionedPairs } from "../dist/src/analysis/pairedConditioned.js";
import { simulateConditioned } from "../dist/src/conditioned/simulate.js";
import { summarizeConditioned } from "../dist/src/conditioned/summary.js";
import { solveExact } from "../dist/src/exact/solver.js";

const loaded = loadScenarioFile(new URL("../scenarios/korea-us-2026.yaml", import.meta.url).pathname);
const mode = process.argv[2]; const runs = Number(process.argv[3]); const seeds = Number(process.argv[4]);
const given = process.argv[5] ?? "not assembly.passed by 2026-03-06";
const [name, value] = (process.argv[6] ?? "p_struck_down=0.45").split("=");
const a = prepareModel(loaded.scenario).model;
const b = prepareModel(loaded.scenario, new Map([[name, Number(value)]])).model;
const first = Number(process.env.FIRST_RUN ?? 0);
const seedOf = (k) => (process.env.SEED_SET === "hash" ? (k * 2654435761) % 4294967296 : k * 7919);
const checks = (m) => { const its = given.split(";").map((g) => givenItem(g.trim()).item); const r = resolveObservations(m, its); const p = planEvidence(m, r.resolved, undefined, []); return p.plan.checks; };
const per = new Map(); let total = 0, missed = 0, zeroWidth = 0, below = 0, above = 0;
const count = (id, miss) => { const x = per.get(id) ?? [0, 0]; x[0]++; if (miss) x[1]++; per.set(id, x); total++; if (miss) missed++; };
if (mode === "pairs") {
  const ev = { a: process.env.ONE_SIDE === "b" ? [] : checks(a), b: checks(b) }; const t = pairTargets(a, b);
  const ex = exactPairs(a, b, t, undefined, ev); const truth = new Map([...ex.value.groups, ...ex.value.outcomes].map((x) => [x.id, x.diff]));
  for (let s = 1; s <= seeds; s++) {
    const r = summarizeConditionedPairs(t, simulateConditionedPairs(a, b, ev, { seed: seedOf(s), from: first, to: first + runs }, t), s, { a, b });
    if (!r.ok) { console.log("failed seed", s); continue; }
    for (const x of [...r.value.groups, ...r.value.outcomes]) {
      const e = truth.get(x.id); if (e === undefined || Math.abs(e) < 1e-12) continue;
      if (x.ci95[1] - x.ci95[0] === 0) zeroWidth++;
      count(x.id, e < x.ci95[0] || e > x.ci95[1]);
    }
  }
} else if (mode === "evidence") {
  const ch = checks(a); const truth = solveExact(a, { evidence: ch }).result.evidenceProbability;
  for (let s = 1; s <= seeds; s++) {
    const r = summarizeConditioned(a, simulateConditioned(a, ch, { seed: seedOf(s), from: first, to: first + runs }), s);
    if (!r.ok) { console.log("failed seed", s); continue; }
    const ci = r.summary.evidence.ci95;
    if (truth < ci[0]) below++;
    if (truth > ci[1]) above++;
    count("P(evidence)", truth < ci[0] || truth > ci[1]);
  }
} else {
  const ch = checks(a); const ex = solveExact(a, { evidence: ch }).result;
  const truth = new Map([...a.outcomes.map((o, i) => [o.id, ex.outcomes[i]]), ...a.groups.map((g, i) => ["g:" + g.id, ex.groups[i]])]);
  for (let s = 1; s <= seeds; s++) {
    const r = summarizeConditioned(a, simulateConditioned(a, ch, { seed: seedOf(s), from: first, to: first + runs }), s);
    if (!r.ok) { console.log("failed seed", s); continue; }
    for (const x of [...r.summary.final.outcomes, ...r.summary.final.groups.map((g) => ({ ...g, id: "g:" + g.id }))]) {
      const e = truth.get(x.id); if (e === undefined || e < 1e-12) continue;
      if (x.ci95[1] - x.ci95[0] === 0) zeroWidth++;
      count(x.id, e < x.ci95[0] || e > x.ci95[1]);
    }
  }
}
const rows = [...per].sort((x, y) => y[1][1] / y[1][0] - x[1][1] / x[1][0]);
console.log(`${mode} ${runs} runs × ${seeds} seeds, given "${given}"${mode === "pairs" ? `, B: ${name}=${value}` : ""}: ${missed} of ${total} missed (${(100 * missed / total).toFixed(1)}%), ${zeroWidth} of zero width`);
if (mode === "evidence") console.log(`  the truth below the interval ${below} times, above it ${above} times`);
else console.log("  worst: " + rows.slice(0, 5).map(([id, [n, m]]) => `${id} ${(100 * m / n).toFixed(1)}%`).join(", "));
