/**
 * The documented size limits of a scenario and of the work done on it, in
 * one place. Why: every loop, parse and enumeration over user input must be
 * bounded *before* the expensive work starts, and docs/format.md lists each
 * of these with the error it gives. A limit hit is an issue with code
 * `"limit"` (exit 2), never a hang or an internal error.
 * @module
 */

/**
 * Largest scenario file read, in bytes (= 512 KiB; the shipped scenarios are
 * ~30 KB). Why this low: parsing YAML costs ~1.7 µs per byte here, so the
 * cap bounds the parse itself to well under a second.
 */
export const MAX_SCENARIO_BYTES = 512 * 1024;
/** Largest seed document read, in bytes (= 4 MiB). */
export const MAX_SEED_BYTES = 4 * 1024 * 1024;
/** Most YAML alias dereferences in one file ("billion laughs" guard). */
export const MAX_YAML_ALIASES = 100;

/** Longest expression text, in characters. */
export const MAX_EXPR_LENGTH = 10_000;
/**
 * Deepest expression syntax tree (nesting of operators, calls and
 * parentheses). Why 100: mathjs's own recursive parser overflows the stack
 * at 249–311 nested brackets on a cold start, so this keeps a 2.5× margin.
 */
export const MAX_EXPR_DEPTH = 100;
/** Most nodes in one expression syntax tree. */
export const MAX_EXPR_NODES = 5_000;
/** Most arguments of one function call, e.g. `max(a, b, …)` (well below V8's 65,535). */
export const MAX_CALL_ARGS = 1_000;

/** Most machines in a scenario. */
export const MAX_MACHINES = 200;
/** Most states in one machine. */
export const MAX_STATES_PER_MACHINE = 1_000;
/** Most states over all machines. */
export const MAX_STATES = 5_000;
/** Most transitions over all machines. */
export const MAX_TRANSITIONS = 10_000;
/** Most branches of one transition. */
export const MAX_BRANCHES = 1_000;
/** Most parameters. */
export const MAX_PARAMETERS = 1_000;
/** Most outcomes (each is one term of the outcome table). */
export const MAX_OUTCOMES = 1_000;

/** Longest horizon, in days from start to horizon (= about ten years). */
export const MAX_HORIZON_DAYS = 3_660;

/**
 * Most combinations of end states and visited flags the outcome coverage
 * check enumerates; past it the check is skipped with a warning (each run is
 * still checked). Counted while enumerating, so a file can never make the
 * check itself explode.
 */
export const MAX_COVERAGE_COMBINATIONS = 1_000_000;
