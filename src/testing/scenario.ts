/**
 * A fast-check arbitrary of random *valid* scenario files (published as
 * `tariffsim/testing`, for property tests of code that uses tariffsim): random machines
 * and states, triggers of every kind (windows and delays of every shape,
 * constant and state-, day- and clock-dependent hazards, guards reading other
 * machines, the day and visited flags), branches with constant, dynamic and
 * `otherwise` weights, and outcomes that are exhaustive and exclusive by
 * construction. Small horizons keep the exact solver and Monte Carlo fast.
 *
 * Valid by construction: `when` transitions only go from a state to a later
 * one (so they cannot cycle), dynamic weights always leave room for their
 * `otherwise` branch, and outcomes split machine 0's final state by one
 * visited flag.
 *
 * For scenarios that are valid in shape but may fail at run time (values out
 * of range or NaN in some states or from some day, weights that can sum past
 * 1, outcomes that may leave an end state uncovered), the repository's
 * `test/generators/faults.ts` builds on this generator (it is not part of
 * the package).
 *
 * Pure: draws only from the generator fast-check passes in.
 * @module
 */
import fc from "fast-check";
import { dateOfDay } from "../scenario/dates.js";

/** The calendar start of every generated scenario. */
export const GEN_START = "2026-01-01";

/** A scenario file as written (load it with `loadScenarioText(JSON.stringify(file))`). */
export type GeneratedScenarioFile = Record<string, unknown>;
type Written = GeneratedScenarioFile;

interface Shape {
  /** Per machine: its number of states. */
  readonly states: number[];
  readonly horizon: number;
  /** Parameters hazards may read (`p0` …); 0 for none. */
  readonly params: number;
}

/** What {@link scenarioFileArb} may add beyond machines and outcomes. */
export interface ScenarioFileOptions {
  /** Parameters (`p0`, `p1`, … in [0, 1]) read by some hazards; each declared one is read. Default false. */
  readonly parameters?: boolean;
  /** Groups of outcomes (headline groups: by whether the split state was visited). Default false. */
  readonly groups?: boolean;
}

// Integers in thousandths rather than fc.double, which piles up on 0 and the bounds.
const prob = fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000);
const smallProb = fc.integer({ min: 5, max: 600 }).map((x) => x / 1000);

function stateName(m: number, s: number): string {
  return `m${m}s${s}`;
}

/**
 * A reference `"mK.mKsJ"` to a state, mostly of another machine than `own`
 * and mostly one of the first two states (the ones runs reach), so that
 * machines really do read each other.
 */
function stateRef(shape: Shape, own = -1): fc.Arbitrary<string> {
  const M = shape.states.length;
  const others = Array.from({ length: M }, (_, i) => i).filter((i) => i !== own);
  const machine = others.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...others), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: M - 1 }), weight: 1 })
    : fc.integer({ min: 0, max: M - 1 });
  return machine.chain((m) =>
    fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: (shape.states[m] ?? 1) - 1 })).map((s) => `m${m}.${stateName(m, s)}`));
}

function hazardArb(shape: Shape, own: number): fc.Arbitrary<string | number> {
  const param = fc.integer({ min: 0, max: Math.max(0, shape.params - 1) }).map((k) => `p${k}`);
  const withParams = shape.params === 0 ? [] : [
    { arbitrary: param, weight: 5 },
    { arbitrary: fc.tuple(stateRef(shape, own), param, smallProb).map(([r, p, b]) => `in("${r}") ? ${p} : ${b}`), weight: 4 },
  ];
  return fc.oneof(
    ...withParams,
    smallProb,
    { arbitrary: fc.tuple(stateRef(shape, own), smallProb, smallProb).map(([r, a, b]) => `in("${r}") ? ${a} : ${b}`), weight: 3 },
    { arbitrary: fc.tuple(stateRef(shape, own), smallProb, smallProb).map(([r, a, b]) => `visited("${r}") ? ${a} : ${b}`), weight: 2 },
    fc.tuple(fc.integer({ min: 1, max: shape.horizon }), smallProb, smallProb).map(([d, a, b]) => `day < ${d} ? ${a} : ${b}`),
    fc.tuple(fc.integer({ min: 1, max: 6 }), smallProb, smallProb).map(([k, a, b]) => `daysInState >= ${k} ? ${a} : ${b}`),
    fc.tuple(smallProb, smallProb).map(([a, b]) => `min(${a} + ${b}, 1)`),
  );
}

function guardArb(shape: Shape, own: number): fc.Arbitrary<string | boolean> {
  return fc.oneof(
    fc.constant(true),
    stateRef(shape, own).map((r) => `in("${r}")`),
    stateRef(shape, own).map((r) => `not in("${r}")`),
    stateRef(shape, own).map((r) => `visited("${r}")`),
    fc.integer({ min: 0, max: shape.horizon }).map((d) => `day >= ${d}`),
    fc.integer({ min: 0, max: 4 }).map((k) => `daysInState >= ${k}`),
    fc.tuple(stateRef(shape, own), fc.integer({ min: 0, max: shape.horizon })).map(([r, d]) => `in("${r}") or day == ${d}`),
  );
}

function dateArb(shape: Shape, lo = 0, hi = shape.horizon + 3): fc.Arbitrary<string> {
  return fc.integer({ min: lo, max: hi }).map((d) => dateOfDay(GEN_START, d));
}

function windowArb(shape: Shape): fc.Arbitrary<Written> {
  const range = fc.tuple(fc.integer({ min: -2, max: shape.horizon }), fc.integer({ min: 0, max: 8 }));
  return fc.oneof(
    range.map(([a, len]) => ({ shape: "uniform", from: dateOfDay(GEN_START, a), to: dateOfDay(GEN_START, a + len) })),
    range.chain(([a, len]) => fc.integer({ min: a, max: a + len }).map((mode) => ({
      shape: "triangular", from: dateOfDay(GEN_START, a), mode: dateOfDay(GEN_START, mode), to: dateOfDay(GEN_START, a + len),
    }))),
    fc.uniqueArray(fc.tuple(dateArb(shape, -1), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 4, selector: (x) => x[0] })
      .map((ws) => ({ shape: "weighted", weights: Object.fromEntries(ws) })),
  );
}

function delayArb(): fc.Arbitrary<Written> {
  const range = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 }));
  return fc.oneof(
    fc.integer({ min: 1, max: 8 }).map((days) => ({ shape: "fixed", days })),
    range.map(([a, len]) => ({ shape: "uniform", min: a, max: a + len })),
    range.chain(([a, len]) => fc.integer({ min: a, max: a + len }).map((mode) => ({ shape: "triangular", min: a, mode, max: a + len }))),
    fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3, selector: (x) => x[0] })
      .map((ws) => ({ shape: "weighted", weights: Object.fromEntries(ws.map(([d, w]) => [String(d), w])) })),
  );
}

/** Targets within machine `m`: one state, or branches (constant, dynamic or `otherwise`). */
function targetsArb(shape: Shape, m: number, candidates: number[]): fc.Arbitrary<unknown> {
  const one = fc.constantFrom(...candidates).map((s) => stateName(m, s));
  if (candidates.length < 2) return one;
  const two = fc.uniqueArray(fc.constantFrom(...candidates), { minLength: 2, maxLength: Math.min(3, candidates.length) });
  return fc.oneof(
    one,
    two.chain((ts) => prob.map((w) => {
      // Constant weights that sum to 1 exactly in binary: the last takes the remainder via otherwise.
      const first = ts[0] ?? 0;
      return [{ to: stateName(m, first), weight: w }, ...ts.slice(1, -1).map((s) => ({ to: stateName(m, s), weight: 0 })),
        { to: stateName(m, ts[ts.length - 1] ?? 0), otherwise: true }];
    })),
    two.chain((ts) => fc.tuple(stateRef(shape, m), fc.integer({ min: 0, max: 500 }).map((x) => x / 1000), fc.integer({ min: 0, max: 500 }).map((x) => x / 1000))
      .map(([r, a, b]) => [
        ...ts.slice(0, -1).map((s) => ({ to: stateName(m, s), weight: `in("${r}") ? ${(a / ts.length).toFixed(3)} : ${(b / ts.length).toFixed(3)}` })),
        { to: stateName(m, ts[ts.length - 1] ?? 0), otherwise: true },
      ])),
    fc.tuple(fc.constantFrom(...candidates), fc.constantFrom(...candidates)).filter(([a, b]) => a !== b)
      .map(([a, b]) => [{ to: stateName(m, a), weight: 0.5 }, { to: stateName(m, b), weight: 0.5 }]),
  );
}

function transitionArb(shape: Shape, m: number): fc.Arbitrary<Written> {
  const n = shape.states[m] ?? 2;
  const all = Array.from({ length: n }, (_, i) => i);
  return fc.integer({ min: 0, max: n - 1 }).chain((from) => {
    const later = all.filter((s) => s > from);
    const timed = fc.tuple(
      fc.oneof(
        windowArb(shape).map((window) => ({ window })),
        delayArb().map((delay) => ({ delay })),
        hazardArb(shape, m).map((hazard) => ({ hazard })),
      ),
      targetsArb(shape, m, all),
    ).map(([trigger, to]) => ({ from: stateName(m, from), ...trigger, to }));
    if (later.length === 0) return timed;
    const immediate = fc.tuple(guardArb(shape, m), targetsArb(shape, m, later))
      .map(([when, to]) => ({ from: stateName(m, from), when, to }));
    return fc.oneof({ arbitrary: timed, weight: 2 }, { arbitrary: immediate, weight: 1 });
  });
}

/**
 * A random valid scenario file (the written form; load it with
 * `loadScenarioText(JSON.stringify(file))`): 2 or 3 machines of 2 to 4
 * states, 1 to 4 transitions each, horizons of 5 to 25 days, outcomes
 * exhaustive and exclusive by construction; with `options`, parameters that
 * hazards read and headline groups too (off by default, so that the
 * scenarios a seed gives do not change under existing property tests).
 */
export function scenarioFileArb(options: ScenarioFileOptions = {}): fc.Arbitrary<GeneratedScenarioFile> {
  const shapeArb: fc.Arbitrary<Shape> = fc.record({
    states: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 3 }),
    horizon: fc.integer({ min: 5, max: 25 }),
    params: options.parameters === true ? fc.integer({ min: 1, max: 3 }) : fc.constant(0),
  });
  return shapeArb.chain((shape) => {
    const machines = fc.tuple(...shape.states.map((_, m) =>
      fc.array(transitionArb(shape, m), { minLength: 1, maxLength: 4 })));
    const split = stateRef(shape);
    // No draw at all without parameters: a seed gives the scenarios it always gave.
    const defaults = shape.params === 0 ? fc.constant<number[]>([]) : fc.array(smallProb, { minLength: shape.params, maxLength: shape.params });
    return fc.tuple(machines, split, defaults).map(([transitions, splitRef, values]) => {
      const ms: Record<string, unknown> = {};
      shape.states.forEach((n, m) => {
        ms[`m${m}`] = {
          initial: stateName(m, 0),
          states: Object.fromEntries(Array.from({ length: n }, (_, s) => [stateName(m, s), null])),
          transitions: transitions[m],
        };
      });
      const grouped = options.groups === true;
      const outcomes = Array.from({ length: shape.states[0] ?? 2 }, (_, s) => [
        { id: `o${s}a`, label: `m0 ends in ${stateName(0, s)}, ${splitRef} visited`, when: `in("m0.${stateName(0, s)}") and visited("${splitRef}")`, ...(grouped ? { group: "visited" } : {}) },
        { id: `o${s}b`, label: `m0 ends in ${stateName(0, s)}, ${splitRef} not visited`, when: `in("m0.${stateName(0, s)}") and not visited("${splitRef}")`, ...(grouped ? { group: "not_visited" } : {}) },
      ]).flat();
      // Only the parameters some hazard reads are declared (an unread one is a warning).
      const text = JSON.stringify(ms);
      const parameters = Object.fromEntries(values.flatMap((v, k) => new RegExp(`\\bp${k}\\b`).test(text) ? [[`p${k}`, {
        default: v, min: 0, max: 1, unit: "probability per day", description: `generated parameter p${k}`, source: { rationale: "generated" },
      }]] : []));
      return {
        id: "generated",
        title: "Generated scenario",
        description: "A random valid scenario from tariffsim/testing.",
        asOf: GEN_START,
        calendar: { start: GEN_START, horizon: dateOfDay(GEN_START, shape.horizon) },
        ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
        machines: ms,
        outcomes,
        ...(grouped ? { groups: [{ id: "visited", label: `${splitRef} visited` }, { id: "not_visited", label: `${splitRef} not visited` }] } : {}),
      };
    });
  });
}
