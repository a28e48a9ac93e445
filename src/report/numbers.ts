/**
 * Number formatting for reports. Pure.
 * @module
 */

/** A probability as a percentage with two decimals, e.g. `42.13%`. */
export function pct(p: number): string {
  return `${(100 * p).toFixed(2)}%`;
}

/** An interval of probabilities, e.g. `[41.82%, 42.44%]`. */
export function interval(ci: readonly [number, number]): string {
  return `[${pct(ci[0])}, ${pct(ci[1])}]`;
}

/** An integer with thousands separators, e.g. `100,000`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
