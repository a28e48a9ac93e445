/**
 * A tornado's two ends for each parameter: the 5th and 95th percentiles of
 * its declared uncertainty (a dirichlet component's marginal Beta(aᵢ, A − aᵢ)
 * for a parameter in a group), otherwise a relative range around its
 * default clipped to its bounds (`20%`), or its bounds. A parameter a delay
 * reads gets whole-number ends (see values.ts). Pure.
 * @module
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Parameter, Scenario } from "../scenario/scenario.js";
import { dirichletAlphas } from "../uncertainty/dirichlet.js";
import { percentile } from "../uncertainty/distributions.js";
import { makeSampler } from "../uncertainty/draw.js";
import { tidy, wholeDayParameters, wholeWithin } from "./values.js";

/** The ends of parameters without a declared uncertainty: ± a share of the default, or the bounds. */
export type Range = { readonly kind: "percent"; readonly percent: number } | { readonly kind: "bounds" };

/** The default range: ±20% of the default. */
export const DEFAULT_RANGE: Range = { kind: "percent", percent: 20 };
/** The largest relative range accepted, in percent. */
export const MAX_RANGE_PERCENT = 1000;
/** The percentiles of a declared uncertainty taken as the ends. */
export const END_PERCENTILES = [0.05, 0.95] as const;

/** The range as written, e.g. `20%` or `bounds`. */
export function rangeText(r: Range): string {
  return r.kind === "bounds" ? "bounds" : `${r.percent}%`;
}

/**
 * Parses `--range`: `N%` (N a plain decimal above 0 and at most
 * {@link MAX_RANGE_PERCENT}) or `bounds`. Pure.
 */
export function parseRange(text: string): { ok: true; range: Range } | { ok: false; message: string } {
  if (text === "bounds") return { ok: true, range: { kind: "bounds" } };
  const m = /^(\d+(?:\.\d+)?|\.\d+)%$/.exec(text);
  const n = m?.[1] === undefined ? Number.NaN : Number(m[1]);
  if (!(n > 0 && n <= MAX_RANGE_PERCENT)) return { ok: false, message: `expected N% (N above 0, at most ${MAX_RANGE_PERCENT}) or bounds, e.g. --range 20%` };
  return { ok: true, range: { kind: "percent", percent: n } };
}

/** Where a parameter's ends come from. */
export type EndsBasis = "uncertainty" | "dirichlet" | "range";

/** One parameter's ends. */
export interface Ends {
  readonly parameter: string;
  readonly low: number;
  readonly high: number;
  readonly basis: EndsBasis;
  /**
   * For a dirichlet component: the group's other parameters, which move with
   * it so that the group stays a valid set of weights (see `endValues`).
   */
  readonly partners: readonly string[];
}

function rangeEnds(p: Parameter, range: Range): [number, number] {
  if (range.kind === "bounds") return [p.min, p.max];
  const a = tidy(p.default * (1 - range.percent / 100));
  const b = tidy(p.default * (1 + range.percent / 100));
  const clip = (x: number): number => Math.min(p.max, Math.max(p.min, x));
  // A negative default turns (1 − r)·d into the larger value.
  return [clip(Math.min(a, b)), clip(Math.max(a, b))];
}

/**
 * The ends of each parameter in `names` (in the scenario's order). Checks
 * the scenario's uncertainty declarations (through `makeSampler`); their
 * issues, if any, are returned. Pure.
 */
export function tornadoEnds(sc: Scenario, names: ReadonlySet<string>, range: Range): Result<Ends[]> {
  const sampler = makeSampler(sc.parameters, sc.uncertainties, sc.correlations);
  if (!sampler.ok) return { ok: false, issues: sampler.issues };
  const [pLow, pHigh] = END_PERCENTILES;
  const component = new Map<string, { alpha: number; rest: number; partners: string[] }>();
  for (const g of sc.uncertainties) {
    const alphas = dirichletAlphas(g);
    let total = 0;
    for (const a of alphas) total += a;
    g.parameters.forEach((name, i) => {
      const alpha = alphas[i] ?? Number.NaN;
      component.set(name, { alpha, rest: total - alpha, partners: g.parameters.filter((x) => x !== name) });
    });
  }
  const whole = wholeDayParameters(sc);
  const out: Ends[] = [];
  const issues: Issue[] = [];
  for (const p of sc.parameters) {
    if (!names.has(p.name)) continue;
    const m = sampler.value.marginals.get(p.name);
    const c = component.get(p.name);
    let ends: [number, number];
    let basis: EndsBasis;
    if (m !== undefined) {
      ends = [percentile(m, pLow), percentile(m, pHigh)];
      basis = "uncertainty";
    } else if (c !== undefined) {
      // A dirichlet component is marginally Beta(aᵢ, A − aᵢ).
      ends = [betaQuantile(pLow, c.alpha, c.rest), betaQuantile(pHigh, c.alpha, c.rest)];
      basis = "dirichlet";
    } else {
      ends = rangeEnds(p, range);
      basis = "range";
    }
    if (whole.has(p.name)) ends = [wholeWithin(ends[0], p.min, p.max), wholeWithin(ends[1], p.min, p.max)];
    if (!ends.every(Number.isFinite)) {
      issues.push(issue("range", [...p.path], `tornado: the ends of "${p.name}" are not finite numbers (${ends[0]}, ${ends[1]})`));
      continue;
    }
    out.push({ parameter: p.name, low: ends[0], high: ends[1], basis, partners: c?.partners ?? [] });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: out, warnings: sampler.warnings };
}

/**
 * The parameter values of one end: `parameter` at `value`, and, for a
 * dirichlet component, each partner not held by the caller scaled by
 * (1 − value) / (1 − current), so the partners (and a remainder) keep their
 * shares of what is left: the group stays on the simplex, as every draw of
 * a dirichlet does, instead of summing past 1 or (without a remainder) away
 * from 1. `current` holds every parameter's value at the base point. Pure.
 */
export function endValues(e: Ends, value: number, current: ReadonlyMap<string, number>, held: ReadonlySet<string>): Map<string, number> {
  const out = new Map([[e.parameter, value]]);
  const x = current.get(e.parameter) ?? Number.NaN;
  if (e.partners.length === 0 || !(x < 1)) return out;
  const scale = (1 - value) / (1 - x);
  for (const name of e.partners) {
    if (held.has(name)) continue;
    out.set(name, tidy((current.get(name) ?? Number.NaN) * scale));
  }
  return out;
}
