/**
 * One-at-a-time sensitivity (a tornado): each parameter at its low and high
 * end (ranges.ts) with every other parameter at its value (but a dirichlet
 * component's partners, which keep their shares: `endValues`), and the swing
 * |atHigh − atLow| of each target, sorted by swing. The exact solver when
 * its limits allow, else Monte Carlo with common random numbers
 * (estimate.ts). Pure: scenario and options in, numbers out; problems are
 * returned as issues.
 * @module
 */
import { issue, toDotPath, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { estimatePoints, resolveEstimator, type EstimatorOptions, type Estimates, type Method, type PointResult } from "./estimate.js";
import { DEFAULT_RANGE, MAX_RANGE_PERCENT, endValues, tornadoEnds, type Ends, type Range } from "./ranges.js";
import type { AnalysisOptions } from "./options.js";
import { parseTargets, type Target } from "./targets.js";

/** Options of {@link tornado}; every field optional. */
export interface TornadoOptions extends AnalysisOptions {
  /** Ends of parameters without a declared uncertainty; default ±20% of the default. */
  readonly range?: Range;
  /** Report an end that makes an invalid model as a row with `error` instead of failing. */
  readonly skipInvalid?: boolean;
}

/** One parameter's row for one target; `null`s and `error` only for an invalid end under `skipInvalid`. */
export interface TornadoRow {
  readonly parameter: string;
  readonly low: number;
  readonly high: number;
  readonly atLow: number | null;
  readonly atHigh: number | null;
  /** |atHigh − atLow|. */
  readonly swing: number | null;
  /** Why an end could not be solved, e.g. `high end 0.9: machines.x.transitions[0].to: branch weights sum to 1.15 …`. */
  readonly error?: string;
}

/** One target's tornado: its value at the base point, and rows by swing, largest first (invalid rows last). */
export interface TornadoTarget {
  readonly target: Target;
  readonly base: number;
  readonly rows: readonly TornadoRow[];
}

/** A tornado over a scenario. */
export interface TornadoReport {
  readonly scenario: string;
  readonly method: Method;
  readonly range: Range;
  /** Monte Carlo only: the seed and runs per point (the same at every point). */
  readonly seed: number | undefined;
  readonly runs: number | undefined;
  /** Each varied parameter's ends and where they come from, in the scenario's order. */
  readonly ends: readonly Ends[];
  readonly targets: readonly TornadoTarget[];
}

type End = "low" | "high";

/** The value of a target at a point (the point is valid). */
function valueOf(r: Extract<PointResult, { ok: true }>, t: Target): number {
  return (t.kind === "group" ? r.groups.get(t.id) : r.outcomes.get(t.id)) ?? Number.NaN;
}

/** The point's first error issue as one line: `path: message`. */
function problem(issues: readonly Issue[]): string {
  const i = issues.find((x) => x.severity === "error") ?? issues[0];
  return i === undefined ? "invalid model" : i.path.length > 0 ? `${toDotPath(i.path)}: ${i.message}` : i.message;
}

/**
 * The points a tornado solves (in order) and how to read their estimates
 * back, so that the caller can solve them anywhere (e.g. over worker
 * threads, src/cli/pointsParallel.ts): `finish` is pure.
 */
export interface TornadoPlan {
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly estimator: EstimatorOptions;
  readonly finish: (estimates: Estimates) => Result<TornadoReport>;
}

/**
 * Runs a tornado. Fails (issues) on a bad target, invalid uncertainty
 * declarations, an invalid model at the base point, an exact-only run past
 * the solver's limits, or — unless `skipInvalid` — any end that makes an
 * invalid model (each such issue names the parameter and the end, with the
 * underlying problem's path): checked now for what needs no solve, by
 * `finish` for the rest. Pure.
 */
export function planTornado(sc: Scenario, options: TornadoOptions = {}): Result<TornadoPlan> {
  const est = resolveEstimator(options);
  const overrides = options.overrides ?? new Map<string, number>();
  const range = options.range ?? DEFAULT_RANGE;
  // As `--range` parses it: 0 would read as no sensitivity, a negative was taken as positive.
  if (range.kind === "percent" && !(range.percent > 0 && range.percent <= MAX_RANGE_PERCENT)) {
    throw new RangeError(`range: expected a percent above 0 and at most ${MAX_RANGE_PERCENT}, got ${range.percent}`);
  }
  const targets = parseTargets(sc, options.targets ?? []);
  if (!targets.ok) return targets;
  const varied = new Set(sc.parameters.map((p) => p.name).filter((n) => !overrides.has(n)));
  const ends = tornadoEnds(sc, varied, range);
  if (!ends.ok) return ends;

  // Point 0 is the base; an end equal to the parameter's value reuses it (same numbers, exact or CRN).
  const points: ReadonlyMap<string, number>[] = [overrides];
  const current = new Map(sc.parameters.map((p) => [p.name, overrides.get(p.name) ?? p.default]));
  const held = new Set(overrides.keys());
  const pointOf = (e: Ends, v: number): number => {
    if (v === current.get(e.parameter)) return 0;
    points.push(new Map([...overrides, ...endValues(e, v, current, held)]));
    return points.length - 1;
  };
  const at = ends.value.map((e) => {
    const lo = pointOf(e, e.low);
    return { lo, hi: e.high === e.low ? lo : pointOf(e, e.high) };
  });
  const finish = (estimates: Estimates): Result<TornadoReport> => {
    const results = estimates.results;
    const base = results[0];
    if (base === undefined || !base.ok) {
      return { ok: false, issues: base === undefined ? [issue("option", [], "internal: no base point")] : base.issues };
    }

    const issues: Issue[] = [];
    const endResult = (e: Ends, end: End, i: number): PointResult | undefined => {
      const r = results[i];
      if (r === undefined || r.ok || options.skipInvalid === true) return r;
      const v = end === "low" ? e.low : e.high;
      for (const x of r.issues.filter((y) => y.severity === "error")) {
        issues.push({ ...x, message: `tornado: "${e.parameter}" at its ${end} end (${v}) makes an invalid model: ${x.message}` });
      }
      return r;
    };
    const pairs = ends.value.map((e, k) => ({ e, lo: endResult(e, "low", at[k]?.lo ?? -1), hi: endResult(e, "high", at[k]?.hi ?? -1) }));
    if (issues.length > 0) {
      return { ok: false, issues: [...issues, issue("option", ["--skip-invalid"], "not given: with it, such ends are reported as rows with their problem")] };
    }

    const out = targets.value.map((t) => {
      const rows: TornadoRow[] = pairs.map(({ e, lo, hi }) => {
        const errs: string[] = [];
        const value = (r: PointResult | undefined, end: End): number | null => {
          if (r?.ok === true) return valueOf(r, t);
          errs.push(`${end} end ${end === "low" ? e.low : e.high}: ${r === undefined ? "not solved" : problem(r.issues)}`);
          return null;
        };
        const atLow = value(lo, "low");
        const atHigh = value(hi, "high");
        const swing = atLow === null || atHigh === null ? null : Math.abs(atHigh - atLow);
        const row = { parameter: e.parameter, low: e.low, high: e.high, atLow, atHigh, swing };
        return errs.length > 0 ? { ...row, error: errs.join("; ") } : row;
      });
      // Stable: equal swings keep the scenario's order; rows without a swing go last.
      rows.sort((a, b) => (b.swing ?? -1) - (a.swing ?? -1));
      return { target: t, base: valueOf(base, t), rows };
    });
    const mc = estimates.method === "mc";
    return {
      ok: true,
      value: {
        scenario: sc.id, method: estimates.method, range,
        seed: mc ? est.seed : undefined, runs: mc ? est.runs : undefined,
        ends: ends.value, targets: out,
      },
      warnings: ends.warnings,
    };
  };
  return { ok: true, value: { points, estimator: est, finish }, warnings: [] };
}

/**
 * Runs a tornado: {@link planTornado}, every point solved here, then its `finish`. Pure.
 */
export function tornado(sc: Scenario, options: TornadoOptions = {}): Result<TornadoReport> {
  const plan = planTornado(sc, options);
  if (!plan.ok) return plan;
  const estimates = estimatePoints(sc, plan.value.points, plan.value.estimator);
  if (!estimates.ok) return estimates;
  return plan.value.finish(estimates.value);
}
