/**
 * Option parsers shared by commands; they throw commander's
 * InvalidArgumentError, which the program reports with exit code 2.
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { MAX_SEED } from "../engine/rng.js";

/** The most runs one command may ask for (a documented limit). */
export const MAX_RUNS = 1_000_000_000;

/** Parses a whole number in [min, max], written as plain digits (no sign, spaces, exponent or hex). */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** Parses `--runs`. */
export const parseRuns = wholeNumber(1, MAX_RUNS);
/** Parses `--seed`. */
export const parseSeed = wholeNumber(0, MAX_SEED);

/** Collects a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses `--out`: a non-empty file name (`--out ""` would name the current directory). */
export function parseOutPath(value: string): string {
  if (value === "") throw new InvalidArgumentError("expected a file name");
  return value;
}

/** Collects a repeatable file option (`--params`): each a non-empty file name. */
export function collectPath(value: string, previous: string[]): string[] {
  return [...previous, parseOutPath(value)];
}
