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

/**
 * An integer with thousands separators, e.g. `100,000`: `n` rounded, as
 * `toLocaleString("en-US")` writes it. Why by hand: the first use of Intl in
 * a process costs about 10 ms (loading its locale data), a twentieth of a
 * default `run`; every safe integer gets the same text, anything else
 * (-0, huge or not finite) goes to Intl.
 */
export function count(n: number): string {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return r.toLocaleString("en-US");
  const digits = String(Math.abs(r));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return r < 0 ? `-${out}` : out;
}
