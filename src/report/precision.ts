/**
 * How a run to a precision target ended (src/analysis/precision.ts), in
 * every format: a line under the table, a `precision` object in the JSON,
 * provenance entries in CSV and Markdown. Pure.
 * @module
 */
import type { PrecisionReport } from "../analysis/precision.js";
import { count } from "./numbers.js";
import type { Provenance } from "./tidy.js";

/** A half-width in percentage points, e.g. `0.47 pts`. */
function pts(h: number): string {
  return `${(100 * h).toFixed(2)} pts`;
}

/** The line under a table, e.g. `Precision: target ±0.50 pts met after 40,000 runs (3 batches; widest 95% half-width 0.47 pts, group:hold)`. */
export function precisionLine(p: PrecisionReport): string {
  const widest = `widest 95% half-width ${pts(p.widest.halfWidth)}, ${p.widest.target}`;
  const batches = `${p.batches} ${p.batches === 1 ? "batch" : "batches"}`;
  return p.met
    ? `Precision: target ±${pts(p.target)} met after ${count(p.runs)} runs (${batches}; ${widest})\n`
    : `Precision: target ±${pts(p.target)} NOT met: stopped at the cap of ${count(p.maxRuns)} runs (${batches}; ${widest}); raise --max-runs or the target\n`;
}

/** The JSON's `precision`: `{ target, maxRuns, runs, met, batches, halfWidth, widest }`. Pure. */
export function precisionJson(p: PrecisionReport): Record<string, unknown> {
  return { target: p.target, maxRuns: p.maxRuns, runs: p.runs, met: p.met, batches: p.batches, halfWidth: p.widest.halfWidth, widest: p.widest.target };
}

/** Provenance entries for CSV and Markdown. Pure. */
export function precisionMeta(p: PrecisionReport): Provenance {
  return [
    ["precision", String(p.target)], ["maxRuns", String(p.maxRuns)], ["precisionMet", String(p.met)],
    ["batches", String(p.batches)], ["halfWidth", String(p.widest.halfWidth)], ["widest", p.widest.target],
  ];
}
