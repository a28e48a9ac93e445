/**
 * Building blocks of the hostile corpus (test/hardening/corpus.ts): the case
 * and command shapes, edits of test/fixtures/simple.yaml, files written into
 * a case's directory, and messages that name a documented limit.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  MAX_CALL_ARGS, MAX_EXPR_DEPTH, MAX_EXPR_LENGTH, MAX_EXPR_NODES, MAX_SCENARIO_BYTES,
} from "../../src/scenario/limits.js";
import { edit, simpleText } from "../helpers/scenario.js";

/** One command of a case: `args` with `FILE` standing for the scenario path. */
export interface HostileCommand {
  readonly args: readonly string[];
  /** The right exit code; a pair where either answer is right (the case says why). */
  readonly exit: 0 | 2 | readonly [0, 2];
  /** Must match stderr when the exit code is 2. */
  readonly fragment?: RegExp;
  /** Extra check of an answer (e.g. numbers equal those of the unmodified fixture); returns problems. */
  readonly check?: (r: { code: number | null; out: string; err: string }) => string[];
}

/** A built case: the scenario path and its commands. */
export interface BuiltCase {
  /** The scenario path given on the command line. */
  readonly file: string;
  readonly commands: readonly HostileCommand[];
  /** When set, the first stderr line of each exit-2 answer must carry `:line:col:` with this line. */
  readonly line?: number;
  /** Whether exit-2 answers must carry `:line:col:` (default: true when `line` is set). */
  readonly positioned?: boolean;
}

/** A hostile case: a name (the issue's words) and how to build it in `dir`. */
export interface HostileCase {
  readonly name: string;
  readonly build: (dir: string) => BuiltCase;
  /** Bound on each command's CPU time, in seconds (default 20; wall time is bounded separately, for hangs that use no CPU). */
  readonly cpuSeconds?: number;
}

export const RUN = ["run", "FILE", "--runs", "2000"] as const;

/** The usual three commands, all with the same expectation. */
export function three(exit: HostileCommand["exit"], fragment?: RegExp, exact: readonly string[] = ["exact", "FILE"]): HostileCommand[] {
  return [
    { args: ["validate", "FILE"], exit, ...(fragment === undefined ? {} : { fragment }) },
    { args: RUN, exit, ...(fragment === undefined ? {} : { fragment }) },
    { args: exact, exit, ...(fragment === undefined ? {} : { fragment }) },
  ];
}

/** The 1-based line of the (unique) line containing `marker`. */
export function lineOf(text: string, marker: string): number {
  const ls = text.split("\n");
  const hits = ls.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`lineOf: "${marker}" must be on exactly one line (${hits.length})`);
  return hits[0] ?? 0;
}

/** Writes `text` as `name` in `dir`; returns the path. */
export function put(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export const SIMPLE_HAZARD = `hazard: 'in("bill.passed") ? 0 : h_raise'`;
export const HAZARD_EXPR = `(in("bill.passed") ? 0 : h_raise)`;
export const CALENDAR = "calendar: { start: 2026-02-01, horizon: 2026-04-30 }";
export const P_PASS_SOURCE = "description: Chance the bill passes in its window.\n    source: { rationale: test fixture }";
export const OUTCOMES = `  - { id: hold, label: Holds, when: 'in("tariff.low")' }`;

/** The percentages printed in a report (its numbers, without the file name). */
export function percentages(out: string): string[] {
  return out.match(/\d+(?:\.\d+)?%/g) ?? [];
}

/** A case whose hazard expression is replaced by `expr` (single-quoted in YAML). */
export function hazardCase(name: string, expr: string, commands: (line: number) => { cmds: HostileCommand[]; positioned?: boolean }): HostileCase {
  return {
    name,
    build: (dir) => {
      const text = edit(simpleText(), SIMPLE_HAZARD, `hazard: '${expr}'`);
      const line = lineOf(text, "hazard:");
      const c = commands(line);
      return { file: put(dir, "s.yaml", text), commands: c.cmds, line, ...(c.positioned === undefined ? {} : { positioned: c.positioned }) };
    },
  };
}

/** A case with a seed document at `seedPath` and a parameter quoting `quote` from it. */
export function seedCase(name: string, seedPath: string | ((dir: string) => string), quote: string, fragment: RegExp): HostileCase {
  return {
    name,
    build: (dir) => {
      const seed = typeof seedPath === "string" ? seedPath : seedPath(dir);
      let text = edit(simpleText(), "asOf: 2026-02-01\n", `asOf: 2026-02-01\nseeds:\n  - file: ${JSON.stringify(seed)}\n    title: A seed\n    date: 2026-02-01\n`);
      text = edit(text, P_PASS_SOURCE, `description: Chance the bill passes in its window.\n    source: { seed: ${JSON.stringify(seed)}, quote: ${JSON.stringify(quote)}, rationale: probe }`);
      return { file: put(dir, "s.yaml", text), commands: three(2, fragment), positioned: true };
    },
  };
}

/** The simple fixture padded with comment lines to exactly `bytes` bytes (UTF-8). */
export function padded(bytes: number): string {
  const base = simpleText();
  const line = `#${"x".repeat(62)}\n`;
  const room = bytes - Buffer.byteLength(base);
  const body = line.repeat(Math.floor(room / line.length));
  const rest = room - body.length;
  return `${base}${body}${rest > 0 ? `#${"x".repeat(rest - 1)}` : ""}`;
}

/** A case just past a count limit: validate says so, naming the limit; the file stays under the size limit. */
export function overLimit(dir: string, text: string, limit: number): BuiltCase {
  if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) throw new Error(`corpus: this case (${Buffer.byteLength(text)} bytes) must stay under MAX_SCENARIO_BYTES to reach the limit it tests`);
  // A limit of the loader, which every command shares: validate says enough.
  return { file: put(dir, "s.yaml", text), commands: [{ args: ["validate", "FILE"], exit: 2, fragment: limitRe(limit) }] };
}

/** A case whose scenario path is not a regular file, or too large. */
export function pathCase(name: string, make: (dir: string) => string, fragment: RegExp): HostileCase {
  return { name, build: (dir) => ({ file: make(dir), commands: three(2, fragment), positioned: false }) };
}

export function mkfifo(p: string): string {
  execFileSync("mkfifo", [p]);
  return p;
}

/** `n` states of a machine `chain`, each going on to the next by `when: true`. */
export function chainMachine(n: number): string {
  const states = Array.from({ length: n }, (_, i) => `      s${i}:`).join("\n");
  const trans = Array.from({ length: n - 1 }, (_, i) => `      - { from: s${i}, when: true, to: s${i + 1} }`).join("\n");
  return `  chain:\n    initial: s0\n    states:\n${states}\n    transitions:\n${trans}\n`;
}

/** Adds machines text (indented two spaces) after `machines:`. */
export function addMachines(text: string, machines: string): string {
  return edit(text, "machines:\n", `machines:\n${machines}`);
}

/** A 20-state fully connected machine and outcomes reading all 20 visited flags. */
export function connected(n: number): string {
  const states = Array.from({ length: n }, (_, i) => `      c${i}:`).join("\n");
  const trans = Array.from({ length: n }, (_, i) => {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const last = others.pop() ?? 0;
    const branches = others.map((j) => `{ to: c${j}, weight: 0.05 }`).concat(`{ to: c${last}, otherwise: true }`).join(", ");
    return `      - { from: c${i}, hazard: 0.2, to: [${branches}] }`;
  }).join("\n");
  return `  mesh:\n    initial: c0\n    states:\n${states}\n    transitions:\n${trans}\n`;
}

export const BASELINE_EXACT: HostileCommand["check"] = (r) => {
  if (r.code !== 0) return [];
  // The fixture's exact answer (test/fixtures/simple.yaml, default parameters).
  const p = percentages(r.out);
  return p.join(" ") === "41.0477% 58.9523%" ? [] : [`accepted, but the exact probabilities are ${p.join(" ")}, not the fixture's 41.0477% 58.9523%`];
};

/**
 * A message naming any of these limits (from src/scenario/limits.ts, so the
 * tests follow a changed limit), written plain or with thousands separators
 * (`10000`, `10,000`, `10 000`, `10_000`), or in KiB/MiB for byte counts.
 */
export function limitRe(...limits: number[]): RegExp {
  const forms = limits.flatMap((n) => {
    const plain = String(n);
    const grouped = plain.replace(/\B(?=(\d{3})+(?!\d))/g, "[,\u202f\u00a0 _]?");
    const units = n % (1024 * 1024) === 0 ? [`${n / (1024 * 1024)} ?MiB`] : n % 1024 === 0 ? [`${n / 1024} ?KiB`] : [];
    return [grouped, ...units];
  });
  return new RegExp(`(?<![\\d.,])(${forms.join("|")})(?![\\d])`);
}

/** The message of a file over the size limit, or of a count limit. */
export const SIZE_OR = (...limits: number[]): RegExp => limitRe(MAX_SCENARIO_BYTES, ...limits);

export const LIMIT_DEPTH = limitRe(MAX_EXPR_DEPTH);
export const LIMIT_EXPR = limitRe(MAX_EXPR_DEPTH, MAX_EXPR_NODES, MAX_EXPR_LENGTH, MAX_CALL_ARGS);
export const CONTROL_TEXT = "\\e[2J\\e]0;pwned\\a\\r OK: all scenarios valid \\u202E evil \\u200B";
