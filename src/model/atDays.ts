/**
 * The days a caller asks a Monte Carlo batch or an exact solve to record
 * (`at`), checked the same way by both: a row per day, in order, or a
 * RangeError. Why one check: the solver used to drop a day it could not
 * record and sort the rest, so a caller's row i silently belonged to
 * another day than the batch's row i.
 * @module
 */

/**
 * Throws a RangeError unless `at` is ascending without repeats, each a
 * whole number from 0 to `days` (the model's horizon, in days). Pure.
 */
export function checkAtDays(days: number, at: readonly number[]): void {
  at.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > days || (i > 0 && d <= (at[i - 1] ?? -1))) {
      throw new RangeError(`at: expected days ascending without repeats, each a whole number from 0 to ${days}, got [${at.join(", ")}]`);
    }
  });
}
