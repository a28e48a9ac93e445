/**
 * `check`: each claim of a scenario tested as a property with fast-check
 * over the parameter box or the declared uncertainty (space.ts), every point
 * solved exactly where the solver applies (evaluate.ts). A failure is shrunk
 * to a small counterexample and reported with the values on both sides and
 * ready commands that reproduce them; the seed makes every check replayable.
 * Pure apart from fast-check's and the solver's own state.
 * @module
 */
import { suggest } from "../scenario/suggest.js";
import fc from "fast-check";
import { issue, type Issue, type Result } from "../scenario/issues.js";
import type { Claim, Scenario } from "../scenario/scenario.js";
import { Evaluator, type Evaluation, type Method } from "./evaluate.js";
import { boxPoints, uncertaintyPoints, valueIn, type Point } from "./space.js";
import { wholeDayParameters } from "../sensitivity/values.js";

/** Options of {@link checkClaims}, complete. */
export interface CheckOptions {
  /** fast-check's seed: the same seed checks the same points. */
  readonly seed: number;
  /** Points tried per claim (before shrinking). */
  readonly numRuns: number;
  /** Monte Carlo runs per point when the exact solver's limits are met. */
  readonly mcRuns: number;
  /** How a ready command starts, e.g. `tariffsim exact scenarios/x.yaml`. */
  readonly command: string;
}

/** Allowed slack when comparing exact probabilities (float rounding only). */
export const EXACT_SLACK = 1e-12;
/** Under Monte Carlo a claim fails only past this many standard errors of the comparison (common random numbers make it tighter still). */
export const MC_Z = 4;

/** One side of a counterexample: what was solved and the target's value there. */
export interface Side {
  readonly label: string;
  readonly set: readonly { readonly name: string; readonly value: number }[];
  readonly target: string;
  readonly p: number;
}

/** A claim's verdict. */
export interface ClaimResult {
  readonly id: string;
  readonly says: string;
  readonly kind: Claim["assertion"]["kind"];
  readonly over: Claim["over"];
  readonly method: Method;
  /** `inconclusive`: too many points were invalid models to test the claim (see `note`). */
  readonly status: "holds" | "fails" | "inconclusive";
  readonly note?: string;
  /** Points that were valid models and were tested. */
  readonly tested: number;
  /** Points skipped because their parameters make an invalid model (e.g. weights summing past 1). */
  readonly skipped: number;
  readonly seed: number;
  /** When it fails: the shrunk counterexample, its sides and the commands that reproduce each side. */
  readonly counterexample?: { readonly sides: readonly Side[]; readonly commands: readonly string[]; readonly shrinks: number };
}

/** A counterexample under test: sides to solve, each a point. */
interface Case { readonly sides: readonly { readonly label: string; readonly point: Point; readonly target: string }[] }

/** Raised inside a property when a point meets the exact solver's limits: the claim restarts by Monte Carlo. */
class LimitMet extends Error {}

/** The arbitrary of cases for one claim, or the issues of a bad uncertainty declaration. */
function cases(sc: Scenario, c: Claim): Result<fc.Arbitrary<Case>> {
  const pts = c.over === "bounds" ? { ok: true as const, value: boxPoints(sc), warnings: [] } : uncertaintyPoints(sc);
  if (!pts.ok) return pts;
  const a = c.assertion;
  switch (a.kind) {
    case "monotone": {
      const p = sc.parameters.find((x) => x.name === a.parameter);
      if (p === undefined) return { ok: false, issues: [issue("unknown-name", [...c.assertionPath, "parameter"], `no parameter "${a.parameter}"`)] };
      const v = valueIn(p.min, p.max, wholeDayParameters(sc).has(p.name));
      const arb = fc.tuple(pts.value, v, v).filter(([, x, y]) => x !== y).map(([pt, x, y]): Case => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        return { sides: [
          { label: `${a.parameter} = ${lo}`, point: new Map([...pt, [a.parameter, lo]]), target: a.target },
          { label: `${a.parameter} = ${hi}`, point: new Map([...pt, [a.parameter, hi]]), target: a.target },
        ] };
      });
      return { ok: true, value: arb, warnings: [] };
    }
    case "bound":
      return { ok: true, value: pts.value.map((pt): Case => ({ sides: [{ label: "point", point: pt, target: a.target }] })), warnings: [] };
    case "order":
      return { ok: true, value: pts.value.map((pt): Case => ({ sides: [
        { label: "greater", point: pt, target: a.greater }, { label: "than", point: pt, target: a.than },
      ] })), warnings: [] };
    default:
      return a satisfies never;
  }
}

/** Standard error of a Monte Carlo probability from `runs` runs. */
const se = (p: number, runs: number): number => Math.sqrt(Math.max(p * (1 - p), 1 / runs) / runs);

/** Whether the claim holds at the sides' values `ps`. Pure. */
export function holds(c: Claim, ps: readonly number[], method: Method, runs: number): boolean {
  const slack = (...xs: number[]): number => (method === "exact" ? EXACT_SLACK : MC_Z * Math.sqrt(xs.reduce((s, x) => s + se(x, runs) ** 2, 0)));
  const a = c.assertion;
  const [x = NaN, y = NaN] = ps;
  switch (a.kind) {
    case "monotone":
      return a.direction === "increasing" ? y >= x - slack(x, y) : y <= x + slack(x, y);
    case "bound":
      return (a.atMost === undefined || x <= a.atMost + slack(x)) && (a.atLeast === undefined || x >= a.atLeast - slack(x));
    case "order":
      return method === "exact" ? x > y : x > y - slack(x, y);
    default:
      return a satisfies never;
  }
}

/** Evaluates every side of a case; undefined when a side is not a valid model. Throws {@link LimitMet}. */
function solveCase(ev: Evaluator, k: Case): number[] | undefined {
  const out: number[] = [];
  for (const s of k.sides) {
    const e: Evaluation = ev.at(s.point);
    if (e.kind === "limit") throw new LimitMet();
    if (e.kind === "invalid") return undefined;
    out.push(e.p(s.target));
  }
  return out;
}

/** The overrides of a point in the scenario's parameter order. */
function setOf(sc: Scenario, point: Point): { name: string; value: number }[] {
  return sc.parameters.flatMap((p) => { const v = point.get(p.name); return v === undefined || v === p.default ? [] : [{ name: p.name, value: v }]; });
}

function checkOne(sc: Scenario, c: Claim, arb: fc.Arbitrary<Case>, method: Method, o: CheckOptions): ClaimResult {
  const ev = new Evaluator(sc, method, o.mcRuns, o.seed);
  let tested = 0;
  let skipped = 0;
  const prop = fc.property(arb, (k) => {
    const ps = solveCase(ev, k);
    if (ps === undefined) { skipped++; fc.pre(false); return true; }
    tested++;
    return holds(c, ps, method, o.mcRuns);
  });
  const r = fc.check(prop, { seed: o.seed, numRuns: o.numRuns, maxSkipsPerRun: 1000 });
  if (r.errorInstance instanceof LimitMet) throw r.errorInstance;
  const base = { id: c.id, says: c.says, kind: c.assertion.kind, over: c.over, method, tested, skipped, seed: o.seed };
  if (!r.failed) return { ...base, status: "holds" };
  if (r.counterexample === null) {
    // No failing point: fast-check gave up because too many points were invalid models.
    return { ...base, status: "inconclusive", note: `gave up after ${skipped} invalid points (parameters that make no valid model); narrow the box with over: uncertainty` };
  }
  const [k] = r.counterexample;
  const ps = solveCase(ev, k) ?? [];
  const sides = k.sides.map((s, i): Side => ({ label: s.label, set: setOf(sc, s.point), target: s.target, p: ps[i] ?? NaN }));
  const commands = [...new Set(sides.map((s) => [o.command, ...s.set.map((x) => `--set ${x.name}=${x.value}`)].join(" ")))];
  return { ...base, status: "fails", counterexample: { sides, commands, shrinks: r.numShrinks } };
}

/**
 * Checks `claims` (default: all) of `sc`. Issues for a claim id that does
 * not exist or an uncertainty that cannot be sampled; otherwise one result
 * per claim, in the order asked. Pure apart from the solver's buffers.
 */
export function checkClaims(sc: Scenario, ids: readonly string[], o: CheckOptions): Result<ClaimResult[]> {
  // 0 points "held" having tested none; fast-check's seed is a 32-bit integer.
  if (!(Number.isInteger(o.numRuns) && o.numRuns >= 1)) throw new RangeError(`numRuns: expected a whole number of at least 1, got ${o.numRuns}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed: expected a whole number, got ${o.seed}`);
  if (!(Number.isInteger(o.mcRuns) && o.mcRuns >= 1)) throw new RangeError(`mcRuns: expected a whole number of at least 1, got ${o.mcRuns}`);
  const issues: Issue[] = [];
  const chosen = ids.length === 0 ? sc.claims : ids.flatMap((id) => {
    const c = sc.claims.find((x) => x.id === id);
    if (c === undefined) {
      const ids = sc.claims.map((x) => x.id);
      const near = suggest(id, ids);
      issues.push(issue("option", ["--claim", id], `no claim "${id}"${near !== "" ? near : `; the claims are ${ids.join(", ")}`}`));
    }
    return c === undefined ? [] : [c];
  });
  const arbs = chosen.map((c) => cases(sc, c));
  for (const a of arbs) if (!a.ok) issues.push(...a.issues);
  if (issues.length > 0) return { ok: false, issues };
  const results = chosen.map((c, i) => {
    const a = arbs[i];
    if (a === undefined || !a.ok) throw new Error("internal: claim arbitrary missing");
    try {
      return checkOne(sc, c, a.value, "exact", o);
    } catch (e) {
      if (e instanceof LimitMet) return checkOne(sc, c, a.value, "mc", o);
      throw e;
    }
  });
  return { ok: true, value: results, warnings: [] };
}
