/**
 * Scenarios that are valid in shape but may fail at run time, for checking
 * that the exact solver and Monte Carlo accept and reject the same files
 * (issue 6). Two kinds:
 *
 * - {@link faultMachineArb}: a random valid scenario plus one extra machine
 *   `fault` whose fault is deterministic — on day D a hazard, guard or
 *   branch weight gives a value that is not allowed (1.5, NaN, weights summing
 *   to 1.3) — so the right answer is known: every run fails on a known day,
 *   or (D past the horizon, or the bad value only ever due after day H) none
 *   does.
 * - {@link randomFaultsArb}: a random valid scenario with some of its own
 *   expressions made unsafe in some states (hazards out of [0, 1], weights
 *   that can sum past 1, NaN guards, outcomes that may leave an end state
 *   uncovered); whether and when a run meets the bad value is random.
 */
import fc from "fast-check";
import { dateOfDay } from "../../src/scenario/dates.js";
import { GEN_START, scenarioFileArb } from "./scenario.js";

type Written = Record<string, unknown>;

/** A scenario with a deterministic fault and the answer both engines must give. */
export interface FaultCase {
  readonly file: Written;
  readonly kind: string;
  /** The day every run meets the bad value, or undefined when none ever does. */
  readonly failDay: number | undefined;
}

function horizonOf(file: Written): number {
  const cal = file.calendar as { horizon: string };
  return Math.round((Date.parse(cal.horizon) - Date.parse(GEN_START)) / 86_400_000);
}

/**
 * The fault machine: `c0` → `c1` by a one-day window on day D (first timed
 * phase: D ≥ 1), then the fault. Kinds and the day a run meets the bad value:
 * - `hazard-day`: a hazard of `c0` reading `day`, 1.5 from day D: day D.
 * - `hazard-state`: a hazard of `c1` reading a visited flag (1.5 in c1); `c1`'s
 *   timed transitions are due from day D + 1: day D + 1 if D < H, else never
 *   (the horizon-day case of issue 6).
 * - `guard-nan`: a `when` out of `c1` that is NaN in c1: the immediate phase
 *   of day D.
 * - `weights`: the window's branches sum to 1.3 when it fires: day D.
 */
export function faultMachineArb(): fc.Arbitrary<FaultCase> {
  return scenarioFileArb().chain((file) => {
    const H = horizonOf(file);
    return fc.tuple(
      fc.constantFrom("hazard-day", "hazard-state", "guard-nan", "weights"),
      // Mostly inside the horizon, often at its edges.
      fc.oneof(fc.integer({ min: 1, max: H + 2 }), fc.constantFrom(1, H - 1, H, H + 1)),
    ).map(([kind, D]): FaultCase => {
      const date = dateOfDay(GEN_START, D);
      const window = { shape: "uniform", from: date, to: date };
      const states: Record<string, null> = { c0: null, c1: null, f: null };
      let transitions: Written[];
      let failDay: number | undefined;
      switch (kind) {
        case "hazard-day":
          transitions = [{ from: "c0", hazard: `day >= ${D} ? 1.5 : 0`, to: "f" }];
          failDay = D <= H ? D : undefined;
          break;
        case "hazard-state":
          transitions = [{ from: "c0", window, to: "c1" }, { from: "c1", hazard: 'visited("fault.c1") * 1.5', to: "f" }];
          failDay = D < H ? D + 1 : undefined;
          break;
        case "guard-nan":
          transitions = [{ from: "c0", window, to: "c1" }, { from: "c1", when: 'visited("fault.c1") * (0/0)', to: "f" }];
          failDay = D <= H ? D : undefined;
          break;
        default:
          transitions = [{ from: "c0", window, to: [{ to: "c1", weight: 'visited("fault.c0") * 0.7' }, { to: "f", weight: 0.6 }] }];
          failDay = D <= H ? D : undefined;
      }
      const machines = { ...(file.machines as Written), fault: { initial: "c0", states, transitions } };
      return { file: { ...file, machines }, kind: `${kind}, D = ${D}, H = ${H}`, failDay };
    });
  });
}

/** Every `"machine.state"` of a generated file. */
function stateRefs(file: Written): string[] {
  const out: string[] = [];
  for (const [m, def] of Object.entries(file.machines as Record<string, { states: Record<string, unknown> }>)) {
    for (const s of Object.keys(def.states)) out.push(`${m}.${s}`);
  }
  return out;
}

/** One way to make a transition unsafe in some states. */
type Fault = (t: Written, ref: string, states: readonly string[]) => Written;

const FAULTS: readonly Fault[] = [
  // A hazard (or any trigger) becomes a hazard out of [0, 1] in some states or from some day.
  (t, ref) => ({ from: t.from, hazard: `in("${ref}") ? 1.5 : 0.05`, to: t.to }),
  (t, ref) => ({ from: t.from, hazard: `visited("${ref}") ? -0.25 : 0.1`, to: t.to }),
  (t) => ({ from: t.from, hazard: "day >= 3 ? 2 : 0.1", to: t.to }),
  // A guard (kept a guard only where it was one: a new `when` could close a cycle) or a hazard that is NaN in some states.
  (t, ref) => ("when" in t ? { from: t.from, when: `in("${ref}") ? 0/0 : 0`, to: t.to } : { from: t.from, hazard: `in("${ref}") ? 0/0 : 0.05`, to: t.to }),
  (t, ref) => ("when" in t ? { from: t.from, when: `visited("${ref}") ? log(-1) : 0`, to: t.to } : { from: t.from, hazard: `visited("${ref}") ? sqrt(-1) : 0.05`, to: t.to }),
  // Branch weights that sum past 1 in some states.
  (t, ref, states) => {
    const a = states[0] ?? "";
    const b = states[1] ?? a;
    // A `when` becomes a hazard: new branches of a guard could close a cycle of immediate transitions.
    const trigger = "when" in t ? { hazard: 0.1 } : t;
    const { to: _to, ...rest } = trigger;
    return { ...rest, from: t.from, to: [{ to: a, weight: `in("${ref}") ? 0.7 : 0.3` }, { to: b, weight: `in("${ref}") ? 0.7 : 0.3` }] };
  },
];

/** The states of the machine a transition belongs to. */
function machineStates(file: Written, machine: string): string[] {
  const m = (file.machines as Record<string, { states: Record<string, unknown> }>)[machine];
  return m === undefined ? [] : Object.keys(m.states);
}

/**
 * A random valid scenario with 1–3 of its transitions made unsafe in some
 * states, and sometimes an outcome narrowed so that it may leave an end
 * state uncovered.
 */
export function randomFaultsArb(): fc.Arbitrary<{ file: Written; how: string }> {
  return scenarioFileArb().chain((file) => {
    const refs = stateRefs(file);
    const machines = file.machines as Record<string, { transitions: Written[] }>;
    const slots = Object.entries(machines).flatMap(([m, def]) => def.transitions.map((_, i) => [m, i] as const));
    const outcomes = file.outcomes as { id: string; when: string }[];
    return fc.tuple(
      fc.uniqueArray(fc.tuple(fc.constantFrom(...slots), fc.nat({ max: FAULTS.length - 1 }), fc.constantFrom(...refs)), { minLength: 1, maxLength: 3, selector: ([s]) => `${s[0]}:${s[1]}` }),
      fc.option(fc.tuple(fc.nat({ max: outcomes.length - 1 }), fc.constantFrom(...refs)), { freq: 4 }),
    ).map(([faults, gap]) => {
      const copy = structuredClone(file);
      const ms = copy.machines as Record<string, { transitions: Written[] }>;
      const hows: string[] = [];
      for (const [[m, i], k, ref] of faults) {
        const list = ms[m]?.transitions;
        const t = list?.[i];
        if (list === undefined || t === undefined) continue;
        list[i] = (FAULTS[k] ?? FAULTS[0] ?? ((x) => x))(t, ref, machineStates(copy, m));
        hows.push(`${m}.transitions[${i}] fault ${k} on ${ref}`);
      }
      if (gap !== null) {
        const [o, ref] = gap;
        const outs = copy.outcomes as { id: string; when: string }[];
        const out = outs[o];
        if (out !== undefined) {
          outs[o] = { ...out, when: `(${out.when}) and not in("${ref}")` };
          hows.push(`outcome ${out.id} narrowed by not in("${ref}")`);
        }
      }
      return { file: copy, how: hows.join("; ") };
    });
  });
}
