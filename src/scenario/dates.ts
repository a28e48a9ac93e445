/**
 * Calendar arithmetic in whole UTC days. Pure.
 * @module
 */

const MS_PER_DAY = 86_400_000; // = 24 * 60 * 60 * 1000

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (already validated). Pure. */
export function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

/** The day number of `date` counted from `start` (day 0). Pure. */
export function dayNumber(start: string, date: string): number {
  return epochDay(date) - epochDay(start);
}

/** The `YYYY-MM-DD` date of day `day` (a whole number) counted from `start`. Pure. */
export function dateOfDay(start: string, day: number): string {
  if (!Number.isInteger(day)) throw new RangeError(`day: expected a whole number, got ${day}`);
  return new Date((epochDay(start) + day) * MS_PER_DAY).toISOString().slice(0, 10);
}
