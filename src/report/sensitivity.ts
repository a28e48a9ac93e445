/**
 * A global sensitivity report (src/sensitivity/sobol.ts) as JSON (the
 * documented contract) and as tables, one per target, rows sorted by total
 * index with a text bar. Pure: returns strings and plain objects.
 * @module
 */
import type { Override } from "../model/params.js";
import { factorParameters } from "../sensitivity/draws.js";
import type { SensitivityReport, SensitivityTarget } from "../sensitivity/sobol.js";
import { targetText } from "../sensitivity/targets.js";
import { escapeText as esc } from "./escape.js";
import { count, pct } from "./numbers.js";
import { overrideLines } from "./overrides.js";
import { fittedBarTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import { bar, BAR_WIDTH } from "./tornado.js";
import type { Cell, Provenance, Tidy } from "./tidy.js";
import { overrideMeta } from "./overrides.js";

/**
 * The JSON of a sensitivity analysis: `{ scenario, samples, sampling, seed,
 * bootstrap, method, runs?, solves, overrides, factors: [{ label,
 * parameters }], warnings, targets: [{ target, mean, variance, indices: [{
 * parameter, S1, S1ci, ST, STci }] }] }`. `parameter` is the factor's label
 * (a parameter's name, or `dirichlet(a, b)` for a group); indices are in the
 * factors' order; `warnings` holds the report's caveats (e.g. correlations).
 * Pure.
 */
export function sensitivityJson(r: SensitivityReport, overrides: readonly Override[]): Record<string, unknown> {
  return {
    scenario: r.scenario,
    samples: r.samples,
    sampling: r.sampling,
    seed: r.seed,
    bootstrap: r.bootstrap,
    method: r.method,
    ...(r.runs === undefined ? {} : { runs: r.runs }),
    solves: r.solves,
    overrides,
    factors: r.factors.map((f) => ({ label: f.label, parameters: factorParameters(f) })),
    warnings: r.notes,
    targets: r.targets.map((t) => ({
      target: targetText(t.target),
      mean: t.mean,
      variance: t.variance,
      indices: t.indices.map((x) => ({ parameter: x.factor.label, S1: x.S1, S1ci: x.S1ci, ST: x.ST, STci: x.STci })),
    })),
  };
}

/** An index for a table: three decimals (`-0.004` stays visible: sampling error, shown with its interval; `-0.000` is shown `0.000`). */
function idx(x: number): string {
  const t = x.toFixed(3);
  return t === "-0.000" ? "0.000" : t;
}

function ci(c: readonly [number, number]): string {
  return `[${idx(c[0])}, ${idx(c[1])}]`;
}

function targetBlock(t: SensitivityTarget, width: number | undefined): string[] {
  const rows = [...t.indices].sort((a, b) => b.ST - a.ST);
  const sd = Math.sqrt(t.variance);
  return [
    "",
    `${esc(targetText(t.target))} · ${esc(t.target.label)} · mean ${pct(t.mean)} · sd ${(100 * sd).toFixed(2)} points`,
    fittedBarTable(
      ["Factor", "S1", "95% interval", "ST", "95% interval", "ST (of 1)"],
      ["left", "right", "right", "right", "right", "left"], width, 5,
      (n) => rows.map((x) => [x.factor.label, idx(x.S1), ci(x.S1ci), idx(x.ST), ci(x.STci), bar(Math.min(1, Math.max(0, x.ST)), 1, n)]),
      BAR_WIDTH,
    ),
  ];
}

/**
 * The analysis as text: a header (design, estimator, overrides, caveats),
 * then per target its mean and standard deviation over the draws and its
 * factors sorted by total index. With `width` (the terminal's columns) it
 * fits: factor labels wrap, bars shorten, lines of text wrap (see
 * fitTables.ts); undefined for no limit. Pure.
 */
export function sensitivityTable(r: SensitivityReport, overrides: readonly Override[], width?: number): string {
  const method = r.method === "exact"
    ? "exact solver"
    : `Monte Carlo, ${count(r.runs ?? 0)} runs per point, seed ${r.seed}, common random numbers`;
  const parts = [
    `Global sensitivity (Sobol indices) · scenario ${esc(r.scenario)} · ${method}`,
    `Design: ${r.sampling}, ${count(r.samples)} base samples, ${r.factors.length} factors, ${count(r.solves)} solves; seed ${r.seed}; bootstrap ${count(r.bootstrap)} replicates`,
    "S1: share of the variance from the factor alone (Saltelli 2010); ST: share it takes part in, interactions included (Jansen 1999)",
    ...overrideLines(overrides),
    ...r.notes.map((n) => `warning: ${n}`),
  ];
  for (const t of r.targets) parts.push(...targetBlock(t, width));
  return fitText(parts.join("\n") + "\n", width);
}

/**
 * The indices as one tidy table: a row per target × factor, in the
 * factors' order. Columns: target, label, mean, variance (of the target
 * over the draws), parameter (the factor's label), S1, S1_lo, S1_hi, ST,
 * ST_lo, ST_hi. Pure.
 */
export function sensitivityTidy(r: SensitivityReport): Tidy {
  return {
    columns: ["target", "label", "mean", "variance", "parameter", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"],
    rows: r.targets.flatMap((t) => t.indices.map((x): Cell[] => [
      targetText(t.target), t.target.label, t.mean, t.variance, x.factor.label, x.S1, x.S1ci[0], x.S1ci[1], x.ST, x.STci[0], x.STci[1],
    ])),
  };
}

/** What the indices were computed with, for the CSV and Markdown header (factors and caveats included). Pure. */
export function sensitivityMeta(r: SensitivityReport, overrides: readonly Override[]): Provenance {
  return [
    ["scenario", r.scenario], ["method", r.method], ["samples", String(r.samples)], ["sampling", r.sampling],
    ["seed", String(r.seed)], ["bootstrap", String(r.bootstrap)],
    ...(r.runs === undefined ? [] : [["runs", String(r.runs)] as const]),
    ["solves", String(r.solves)],
    ...r.factors.filter((f) => factorParameters(f).length > 1).map((f) => ["factor", `${f.label} = ${factorParameters(f).join(" ")}`] as const),
    ...overrideMeta(overrides),
    ...r.notes.map((n) => ["warning", n] as const),
  ];
}
