/**
 * The compiled model: a scenario with names resolved to integer indices,
 * distributions tabulated and expressions compiled to closures. Built once by
 * `compile.ts`; read by the Monte Carlo engine and the exact solver.
 * @module
 */
import type { Scenario } from "../scenario/scenario.js";
import type { Path } from "../scenario/issues.js";
import type { DayDist } from "./distributions.js";
import type { CompiledExpr } from "./expr.js";

/** A compiled trigger. */
export type CompiledTrigger =
  | { readonly kind: "window"; readonly dist: DayDist }
  | { readonly kind: "delay"; readonly dist: DayDist }
  | { readonly kind: "hazard"; readonly hazard: CompiledExpr }
  | { readonly kind: "when"; readonly guard: CompiledExpr };

/** A compiled transition out of one source state (a `from` list is expanded). */
export interface CompiledTransition {
  readonly id: string;
  readonly machine: number;
  /** Global index of the source state. */
  readonly source: number;
  readonly trigger: CompiledTrigger;
  /** Global indices of the targets, in branch order. */
  readonly targets: Int32Array;
  /** Per branch: its weight, or undefined for `otherwise`. */
  readonly weights: readonly (CompiledExpr | undefined)[];
  /** Cumulative branch probabilities when every weight is constant (last entry 1). */
  readonly constCdf: Float64Array | undefined;
  /** Some weight reads the run's state, day or daysInState. */
  readonly weightsDynamic: boolean;
  readonly path: Path;
}

/** A compiled outcome. */
export interface CompiledOutcome {
  readonly id: string;
  readonly label: string;
  /** Index into {@link CompiledModel.groups}, or -1 when the scenario has no groups. */
  readonly group: number;
  readonly when: CompiledExpr;
}

/** A headline group. */
export interface CompiledGroup {
  readonly id: string;
  readonly label: string;
}

/** The compiled model. Machines and states are indexed in sorted-id order, so no result depends on key order in the file. */
export interface CompiledModel {
  readonly scenario: Scenario;
  /** The parameter values compiled in (defaults with any overrides). */
  readonly params: ReadonlyMap<string, number>;
  /** The horizon's day number. */
  readonly days: number;
  readonly machineIds: readonly string[];
  /** Per global state: `"machine.state"`. */
  readonly stateNames: readonly string[];
  /** Per global state: its machine's index. */
  readonly stateMachine: Int32Array;
  /** Per machine: the global index of its first state; `stateOffset[M]` is the number of states. */
  readonly stateOffset: Int32Array;
  /** Per machine: the global index of its initial state. */
  readonly initial: Int32Array;
  /** Per global state: its timed transitions (window, delay, hazard) in priority order. */
  readonly timed: readonly (readonly CompiledTransition[])[];
  /** Per global state: its `when` transitions in priority order. */
  readonly immediate: readonly (readonly CompiledTransition[])[];
  readonly outcomes: readonly CompiledOutcome[];
  readonly groups: readonly CompiledGroup[];
}
