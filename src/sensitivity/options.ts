/**
 * The options every analysis command shares, in one place: the estimator
 * (exact or Monte Carlo), parameter values held over the defaults, and the
 * targets; the designed analyses (sensitivity, uncertainty) add their
 * sample count and design. Why: four commands read the same options the
 * same way.
 * @module
 */
import type { Sampling } from "../uncertainty/designs.js";
import type { EstimatorOptions } from "./estimate.js";

/** Options of every analysis; every field optional. */
export interface AnalysisOptions extends Partial<EstimatorOptions> {
  /** Parameter values over the defaults (overlays and `--set`); a parameter given here is held, not varied. */
  readonly overrides?: ReadonlyMap<string, number>;
  /** Targets written `group:ID` / `outcome:ID`; default every group (every outcome without groups). */
  readonly targets?: readonly string[];
}

/** Options of an analysis over a sampling design. */
export interface DesignOptions extends AnalysisOptions {
  /** Points (base samples for sensitivity, draws for uncertainty). */
  readonly samples?: number;
  /** The design; default `sobol`. */
  readonly sampling?: Sampling;
}
