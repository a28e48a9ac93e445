/**
 * What an observation reduces to once its names and date are resolved
 * against a compiled model: checks on the joint state at the end of one day.
 * Both engines condition on these and nothing else, so the exact solver and
 * Monte Carlo cannot read an observation differently.
 *
 * The grammar (docs/format.md, "Observations") maps onto them as:
 * - `M.S by D`: `visited` of S at the end of day D is true (S entered on any
 *   day up to D, the initial state counting as entered on day 0, and a state
 *   passed through in an immediate chain counting as entered);
 * - `not M.S by D`: the same, false;
 * - `M.S on D`: entered first on day D: not visited by D - 1, visited by D;
 * - `M.S at D`: machine M is in S at the end of day D.
 * Pure data.
 * @module
 */

/** One condition on the joint state at the end of day `day` (0 … H). */
export type Check =
  /** Global state `state` has (`want` true) or has not been entered by the end of day `day`. */
  | { readonly kind: "visited"; readonly day: number; readonly state: number; readonly want: boolean }
  /** Machine `machine` is in global state `state` at the end of day `day`. */
  | { readonly kind: "in"; readonly day: number; readonly machine: number; readonly state: number };
