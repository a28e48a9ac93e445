/**
 * The re-solve rows of `npm run bench` (called from bench/run.ts): what the
 * analyses (tornado, sweep, sensitivity, uncertainty) pay per exact solve of
 * the shipped scenario at new parameter values.
 *
 * - a re-solve from a tape (exact/tape.ts: the solve's arithmetic replayed,
 *   bit for bit a cold solve's), at 64 parameter sets drawn inside the
 *   ranges of every parameter that no delay reads, against a cold solve;
 * - the same re-solves without a tape (a Resolver's kept buffers only: what
 *   a re-solve cost before the tape), against a cold solve;
 * - `sensitivity` over the scenario's declared uncertainties (every
 *   parameter but the three delays, whose whole days no uncertainty can
 *   draw): measured at `SAMPLES` base samples in this thread (one core) and
 *   scaled to 1,024, since every part of it (solves, bootstrap) is linear in
 *   the samples: (F + 2) × n solves.
 *
 * Each timing is the best of several repetitions, as in run.ts; the
 * sensitivity rows also give CPU time, which on a shared machine leaves out
 * the time spent waiting for a core.
 * @module
 */
import { Resolver } from "../src/exact/resolver.js";
import { solveExact } from "../src/exact/solver.js";
import type { CompiledModel } from "../src/model/model.js";
import { prepareModel } from "../src/model/prepare.js";
import type { Scenario } from "../src/scenario/scenario.js";
import { sensitivity } from "../src/sensitivity/sobol.js";

/** Base samples of the measured sensitivity run (scaled to {@link TARGET_SAMPLES}). */
const SAMPLES = 64;
const TARGET_SAMPLES = 1024;

/** Best wall time of `fn` over `repeats` calls, in seconds. */
function best(fn: () => void, repeats: number): number {
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

/** 64 models of `sc` at values spread over the ranges of the parameters no delay reads (a fixed sequence; invalid sets skipped). */
function models(sc: Scenario): CompiledModel[] {
  const varied = sc.parameters.filter((p) => !p.name.startsWith("d_"));
  const out: CompiledModel[] = [];
  for (let i = 0; out.length < 64 && i < 1000; i++) {
    const values = new Map<string, number>();
    // A low-discrepancy walk (golden ratio) per parameter, kept off the ends (0 and 1 change the structure).
    varied.forEach((p, k) => {
      const u = ((i + 1) * 0.6180339887 * (k + 1)) % 1;
      values.set(p.name, p.min + (p.max - p.min) * (0.02 + 0.96 * u) * (p.name.startsWith("p_") ? 1 : 0.2));
    });
    const prepared = prepareModel(sc, values);
    if (prepared.ok) out.push(prepared.model);
  }
  return out;
}

/**
 * The re-solve rows (measure, value, ratio) for `sc` (the shipped scenario),
 * given the best cold exact solve time `exactSeconds` measured by run.ts.
 */
export function resolveRows(sc: Scenario, exactSeconds: number): string[][] {
  const ms = models(sc);
  const first = ms[0];
  if (first === undefined) throw new Error("no valid parameter set to re-solve");
  const check = solveExact(first);
  if (!check.ok) throw new Error(check.issue.message);
  // From a tape: the first solve records it, every later one replays it.
  const taped = new Resolver();
  taped.solve(first);
  const tapeSeconds = best(() => { for (const m of ms) taped.solve(m); }, 10) / ms.length;
  if (taped.replayed < 10 * ms.length) throw new Error(`only ${taped.replayed} of ${10 * ms.length} re-solves were replays`);
  // Without a tape: an option no tape serves (a timeline off in all but name) keeps the Resolver's buffers only.
  const kept = new Resolver();
  const full = { timeline: false, untaped: true };
  kept.solve(first, full);
  const keptSeconds = best(() => { for (const m of ms.slice(0, 16)) kept.solve(m, full); }, 3) / 16;
  // Sensitivity, one core, scaled from SAMPLES to TARGET_SAMPLES base samples. Also its CPU time: on a
  // shared machine the wall time includes waiting for a core, the CPU time does not.
  let solves = 0;
  let cpuSeconds = Infinity;
  const sensSeconds = best(() => {
    const c0 = process.cpuUsage();
    const r = sensitivity(sc, { samples: SAMPLES, method: "exact" });
    const c = process.cpuUsage(c0);
    cpuSeconds = Math.min(cpuSeconds, (c.user + c.system) / 1e6);
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
    solves = r.value.solves;
  }, 3);
  const scale = TARGET_SAMPLES / SAMPLES;
  return [
    ["Exact re-solve at new values, from a tape (ms)", fmt(tapeSeconds * 1000, 2), `${fmt(tapeSeconds / exactSeconds, 3)} × exact solve`],
    ["Exact re-solve at new values, buffers only (ms)", fmt(keptSeconds * 1000, 2), `${fmt(keptSeconds / exactSeconds, 2)} × exact solve`],
    [`sensitivity --samples ${SAMPLES}, one core (s; ${fmt(solves)} solves)`, fmt(sensSeconds, 2), `${fmt((sensSeconds / solves) * 1000, 2)} ms per solve (CPU ${fmt((cpuSeconds / solves) * 1000, 2)})`],
    [`sensitivity --samples ${fmt(TARGET_SAMPLES)}, one core (s; scaled × ${scale})`, fmt(sensSeconds * scale, 1), `${fmt(solves * scale)} solves (CPU ${fmt(cpuSeconds * scale, 1)} s)`],
  ];
}
