/**
 * One- and two-way parameter sweeps: group and outcome probabilities on a
 * grid of one or two parameters, every other parameter at its value. The
 * exact solver when its limits allow, else Monte Carlo with common random
 * numbers, so that neighbouring points differ smoothly (estimate.ts). Pure:
 * scenario, axes and options in, numbers out; problems are issues.
 * @module
 */
import { issue, toDotPath, type Issue, type Result } from "../scenario/issues.js";
import type { Scenario } from "../scenario/scenario.js";
import { estimatePoints, resolveEstimator, type EstimatorOptions, type Estimates, type Method, type PointResult } from "./estimate.js";
import { checkAxes, DEFAULT_STEPS, type Axis, type AxisSpec } from "./grid.js";

/** Options of {@link sweep}; every field optional. */
export interface SweepOptions extends Partial<EstimatorOptions> {
  /** Parameter values over the defaults (overlays and `--set`), at every point; a swept parameter may not be among them. */
  readonly overrides?: ReadonlyMap<string, number>;
  /** Points per axis, ends included; default {@link DEFAULT_STEPS}. */
  readonly steps?: number;
  /** Report a point whose parameters make an invalid model with `error` and null probabilities instead of failing. */
  readonly skipInvalid?: boolean;
}

/** One grid point: the swept values, and probabilities by id (all null, with `error`, at an invalid point under `skipInvalid`). */
export interface SweepPoint {
  readonly values: Readonly<Record<string, number>>;
  readonly groups: Readonly<Record<string, number | null>>;
  readonly outcomes: Readonly<Record<string, number | null>>;
  readonly error?: string;
}

/** A sweep: its axes and its points, the first axis outermost (row-major: the second axis varies fastest). */
export interface SweepReport {
  readonly scenario: string;
  readonly method: Method;
  readonly steps: number;
  /** Monte Carlo only: the seed and runs per point (the same at every point). */
  readonly seed: number | undefined;
  readonly runs: number | undefined;
  readonly axes: readonly Axis[];
  /** Group and outcome ids in the scenario's order (the keys of every point's records). */
  readonly groupIds: readonly string[];
  readonly outcomeIds: readonly string[];
  readonly points: readonly SweepPoint[];
}

/** The most invalid points listed one by one when a sweep fails on them (the rest are counted). */
export const MAX_INVALID_LISTED = 20;

/** Every combination of the axes' values, the first axis outermost. */
function gridPoints(axes: readonly Axis[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const a of axes) out = out.flatMap((p) => a.values.map((v) => ({ ...p, [a.name]: v })));
  return out;
}

/** A point as written in messages: `p=0.3, q=0.5`. */
export function pointText(values: Readonly<Record<string, number>>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`).join(", ");
}

function firstProblem(issues: readonly Issue[]): string {
  const i = issues.find((x) => x.severity === "error") ?? issues[0];
  return i === undefined ? "invalid model" : i.path.length > 0 ? `${toDotPath(i.path)}: ${i.message}` : i.message;
}

/**
 * The grid points a sweep solves (in order) and how to read their estimates
 * back, so that the caller can solve them anywhere (e.g. over worker
 * threads, src/cli/pointsParallel.ts): `finish` is pure.
 */
export interface SweepPlan {
  readonly points: readonly ReadonlyMap<string, number>[];
  readonly estimator: EstimatorOptions;
  readonly finish: (estimates: Estimates) => Result<SweepReport>;
}

/**
 * Runs a sweep over one or two axes. Fails (issues) on a bad axis or
 * `steps` (see `checkAxes`), an exact-only run past the solver's limits,
 * or — unless `skipInvalid` — any point whose parameters make an invalid
 * model (each issue names the point, with the underlying problem's path). Pure.
 */
export function planSweep(sc: Scenario, specs: readonly AxisSpec[], options: SweepOptions = {}): Result<SweepPlan> {
  const est = resolveEstimator(options);
  const overrides = options.overrides ?? new Map<string, number>();
  const steps = options.steps ?? DEFAULT_STEPS;
  const axes = checkAxes(sc, specs, steps, new Set(overrides.keys()));
  if (!axes.ok) return axes;
  const grid = gridPoints(axes.value);
  const points = grid.map((g) => new Map([...overrides, ...Object.entries(g)]));
  const finish = (estimates: Estimates): Result<SweepReport> => {
    const groupIds = (sc.groups ?? []).map((g) => g.id);
    const outcomeIds = sc.outcomes.map((o) => o.id);
    const issues: Issue[] = [];
    let invalid = 0;
    const points = grid.map((values, i): SweepPoint => {
      const r: PointResult | undefined = estimates.results[i];
      if (r?.ok === true) {
        return {
          values,
          groups: Object.fromEntries(groupIds.map((id) => [id, r.groups.get(id) ?? null])),
          outcomes: Object.fromEntries(outcomeIds.map((id) => [id, r.outcomes.get(id) ?? null])),
        };
      }
      const found = r?.issues ?? [issue("option", [], "internal: point not estimated")];
      invalid += 1;
      if (options.skipInvalid !== true && invalid <= MAX_INVALID_LISTED) {
        for (const x of found.filter((y) => y.severity === "error")) {
          issues.push({ ...x, message: `sweep: at ${pointText(values)} the model is invalid: ${x.message}` });
        }
      }
      return {
        values,
        groups: Object.fromEntries(groupIds.map((id) => [id, null])),
        outcomes: Object.fromEntries(outcomeIds.map((id) => [id, null])),
        error: firstProblem(found),
      };
    });
    if (issues.length > 0) {
      const more = invalid - MAX_INVALID_LISTED;
      return {
        ok: false,
        issues: [
          ...issues,
          ...(more > 0 ? [issue("option", ["sweep"], `and ${more} more invalid point${more === 1 ? "" : "s"} (${invalid} of ${grid.length})`)] : []),
          issue("option", ["--skip-invalid"], "not given: with it, invalid points are reported with their problem and null probabilities"),
        ],
      };
    }
    const mc = estimates.method === "mc";
    return {
      ok: true,
      value: {
        scenario: sc.id, method: estimates.method, steps,
        seed: mc ? est.seed : undefined, runs: mc ? est.runs : undefined,
        axes: axes.value, groupIds, outcomeIds, points,
      },
      warnings: [],
    };
  };
  return { ok: true, value: { points, estimator: est, finish }, warnings: [] };
}

/** Runs a sweep: {@link planSweep}, every point solved here, then its `finish`. Pure. */
export function sweep(sc: Scenario, specs: readonly AxisSpec[], options: SweepOptions = {}): Result<SweepReport> {
  const plan = planSweep(sc, specs, options);
  if (!plan.ok) return plan;
  const estimates = estimatePoints(sc, plan.value.points, plan.value.estimator);
  if (!estimates.ok) return estimates;
  return plan.value.finish(estimates.value);
}
