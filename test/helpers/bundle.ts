/**
 * Running the built CLI (`dist/tariffsim.mjs`) in a child process with a hard
 * time limit and a memory cap, for inputs that may hang or blow up: an
 * in-process synchronous loop cannot be stopped by vitest, a child can be
 * killed. Also the checks every bad-input answer must pass (issue 6): no
 * stack trace, no "internal error", no raw control or bidi character, one
 * line per problem starting with the file name. And building the bundle
 * when a test needs it, and checking that it prints the same bytes on 1
 * and on 2 worker threads.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { BUNDLE, ROOT } from "./scenario.js";
import { STACK_LINE } from "./cli.js";

/** The bundled worker-thread script (built with the bundle). */
export const WORKER = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));

/**
 * Builds the bundle (`node scripts/bundle.mjs` in the repository root)
 * unless it and its worker script are both there; throws with the build's
 * stderr when it fails. For a `beforeAll`.
 */
export function ensureBundle(): void {
  if (!existsSync(BUNDLE) || !existsSync(WORKER)) {
    const r = spawnSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bundle failed: ${r.stderr}`);
  }
}

/**
 * Runs `node dist/tariffsim.mjs ...args --workers 1`, then `--workers 2`
 * (in the repository root, at most 60 s each), and requires exit 0 from
 * both, byte-identical stdout, and nothing on stderr (or, on a 1-core
 * machine, only the note that 2 workers were reduced to 1). Returns the
 * stdout of the run on 1 worker.
 */
export function expectSameOnWorkers(args: readonly string[]): string {
  const run = (w: string) => spawnSync(process.execPath, [BUNDLE, ...args, "--workers", w], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  const one = run("1");
  const two = run("2");
  expect(one.status).toBe(0);
  expect(two.status).toBe(0);
  expect(two.stdout).toBe(one.stdout);
  expect(two.stderr).toBe(availableParallelism() >= 2 ? "" : "note: --workers 2 reduced to 1 (1 core)\n");
  return one.stdout;
}

/** What one child run of the CLI printed and returned. */
export interface BundleResult {
  /** Exit code, or null when killed. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  /** Wall time, in milliseconds. */
  readonly ms: number;
  /** Whether it was killed at the time limit. */
  readonly timedOut: boolean;
}

/** Options of {@link runBundle}. */
export interface BundleOptions {
  /** Killed (SIGKILL) past this many milliseconds of wall time (a blocked read uses no CPU). */
  readonly timeoutMs?: number;
  /**
   * Killed (SIGXCPU) past this many seconds of CPU time (`ulimit -t`): a bound
   * on work that does not depend on how busy the machine is.
   */
  readonly cpuSeconds?: number;
  /** Virtual memory cap of the child, in KiB (`ulimit -v`; a blow-up fails fast instead of eating the machine). */
  readonly memoryKiB?: number;
  /** Working directory. */
  readonly cwd?: string;
}

/**
 * The bundle run: `TARIFFSIM_BUNDLE` overrides dist/tariffsim.mjs (e.g. to
 * check that the tests catch the bugs of an older build).
 */
const BUNDLE_RUN = process.env.TARIFFSIM_BUNDLE ?? BUNDLE;

/** Most bytes kept of each stream (an endless echo must not fill the test's memory). */
const KEEP = 1 << 20;

let stdinFd: number | undefined;

/**
 * A FIFO opened for reading and writing and never written: as the child's
 * stdin it behaves like an idle terminal, so reading `/dev/stdin` blocks (a
 * pipe from `spawn` is a socket, which `/dev/stdin` cannot even open).
 */
function idleStdin(): number {
  if (stdinFd !== undefined) return stdinFd;
  const dir = mkdtempSync(join(tmpdir(), "tariffsim-stdin-"));
  const fifo = join(dir, "stdin");
  execFileSync("mkfifo", [fifo]);
  stdinFd = openSync(fifo, "r+");
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return stdinFd;
}

/**
 * Runs `node dist/tariffsim.mjs ...args`. stdin is an idle FIFO (see
 * {@link idleStdin}), so a read of `/dev/stdin` hangs (and is killed) as it
 * would at a terminal.
 */
export function runBundle(args: readonly string[], opts: BundleOptions = {}): Promise<BundleResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const mem = opts.memoryKiB ?? 4_000_000;
  const cpu = opts.cpuSeconds ?? 60;
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn("/bin/sh", ["-c", `ulimit -v ${mem} && ulimit -t ${cpu} && exec "$0" "$@"`, process.execPath, BUNDLE_RUN, ...args], {
      stdio: [idleStdin(), "pipe", "pipe"],
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => { if (out.length < KEEP) out += d.toString("utf8"); });
    child.stderr?.on("data", (d: Buffer) => { if (err.length < KEEP) err += d.toString("utf8"); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - t0, timedOut });
    });
  });
}

/** Runs tasks with at most `n` at a time; each call returns the task's promise. */
export function pool(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (active >= n) return;
    const start = queue.shift();
    if (start === undefined) return;
    active++;
    start();
  };
  return <T>(task: () => Promise<T>) => new Promise<T>((resolve, reject) => {
    queue.push(() => {
      task().then(resolve, reject).finally(() => { active--; next(); });
    });
    next();
  });
}

/**
 * Raw characters that must never reach a terminal from a scenario: C0
 * controls but tab and newline, DEL, C1 controls, and the bidi and
 * zero-width format characters (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069,
 * U+FEFF).
 */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** The first raw control character of a text, shown escaped, or undefined. */
export function rawControl(text: string): string | undefined {
  const m = RAW_CONTROL.exec(text);
  if (m === null) return undefined;
  const cp = m[0].codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}`;
}

/**
 * Everything wrong with how a CLI answer is printed, as readable strings
 * (empty when all is well): a stack trace, "internal error", raw control
 * characters, stderr lines that do not start with `file:` (`file` as given on
 * the command line).
 */
export function printingProblems(r: { out: string; err: string }, file: string | undefined): string[] {
  const problems: string[] = [];
  for (const [name, text] of [["stdout", r.out], ["stderr", r.err]] as const) {
    const stack = text.split("\n").find((l) => STACK_LINE.test(l));
    if (stack !== undefined) problems.push(`${name} has a stack trace line: ${stack}`);
    if (/internal error/i.test(text)) problems.push(`${name} says "internal error"`);
    const raw = rawControl(text);
    if (raw !== undefined) problems.push(`${name} has a raw control character ${raw}`);
  }
  if (file !== undefined) {
    for (const line of r.err.split("\n").filter((l) => l.trim() !== "")) {
      if (!line.startsWith(`${file}:`)) problems.push(`stderr line does not start with "${file}:": ${line.slice(0, 300)}`);
    }
  }
  return problems;
}
