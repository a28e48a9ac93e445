/**
 * Issue 6's hostile corpus against the built CLI, each command in a child
 * process with a CPU bound (20 s, or less where the case says; `ulimit -t`,
 * so a busy machine does not fail it), a wall bound for hangs that use no
 * CPU (40 s) and a 4 GB memory cap: the exit code is 2 (or 0 where acceptance is the right
 * answer, see test/hardening/corpus.ts), never 70; no stack trace, no
 * "internal error", no raw control or bidi character on either stream; every
 * stderr line starts with the file name, and with `file:line:col:` where the
 * problem has a place in the file.
 *
 * All commands start at once (at most 3 at a time) so that the file costs
 * about the sum of its commands divided by the cores; each test awaits its own.
 * Needs `npm run build` (dist/tariffsim.mjs) first, as the other CLI tests do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool, printingProblems, runBundle, type BundleResult } from "../helpers/bundle.js";
import { escapeRe, tmpDirs } from "../helpers/cli.js";
import { HOSTILE, type BuiltCase, type HostileCommand } from "./corpus.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** Default CPU bound of a command, in seconds. */
const DEFAULT_CPU_S = 20;
/** Wall-time bound of every command: kills a hang that uses no CPU (a blocked read), with room for a busy machine. */
const WALL_MS = 40_000;

interface Started {
  readonly built: BuiltCase;
  readonly results: Promise<BundleResult[]>;
}

const started = new Map<string, Started>();

beforeAll(() => {
  const limit = pool(3);
  for (const c of HOSTILE) {
    const built = c.build(dirs.make());
    const cpuSeconds = c.cpuSeconds ?? DEFAULT_CPU_S;
    const results = Promise.all(built.commands.map((cmd) =>
      limit(() => runBundle(cmd.args.map((a) => (a === "FILE" ? built.file : a)), { timeoutMs: WALL_MS, cpuSeconds }))));
    started.set(c.name, { built, results });
  }
});

/** Everything wrong with one command's answer (empty when right). */
function problems(c: (typeof HOSTILE)[number], built: BuiltCase, cmd: HostileCommand, r: BundleResult): string[] {
  const args = cmd.args.map((a) => (a === "FILE" ? built.file : a));
  const file = args[1] ?? built.file;
  const out: string[] = [];
  if (r.timedOut) {
    out.push(`hung: killed after ${WALL_MS} ms of wall time`);
    return out;
  }
  if (r.signal === "SIGXCPU" || r.signal === "SIGKILL") {
    out.push(`used more than ${c.cpuSeconds ?? DEFAULT_CPU_S} s of CPU (killed by ${r.signal})`);
    return out;
  }
  const allowed: readonly number[] = typeof cmd.exit === "number" ? [cmd.exit] : cmd.exit;
  if (r.code === null || !allowed.includes(r.code)) out.push(`exit ${r.code ?? `signal ${r.signal}`}, expected ${allowed.join(" or ")}`);
  out.push(...printingProblems(r, file));
  if (r.code === 2) {
    if (cmd.fragment !== undefined && !cmd.fragment.test(r.err)) out.push(`stderr does not match ${cmd.fragment}`);
    if (r.err.trim() === "") out.push("exit 2 with nothing on stderr");
    const positioned = built.positioned ?? built.line !== undefined;
    const first = r.err.split("\n").find((l) => l.trim() !== "" && !/: warning: /.test(l)) ?? "";
    const pos = new RegExp(`^${escapeRe(file)}:(\\d+):(\\d+): `).exec(first);
    if (positioned && pos === null) out.push("the error line has no :line:col:");
    if (built.line !== undefined && pos !== null && Number(pos[1]) !== built.line) out.push(`the error is on line ${pos[1]}, expected ${built.line}`);
  }
  if (cmd.check !== undefined && r.code !== null && allowed.includes(r.code)) out.push(...cmd.check(r));
  return out;
}

describe("issue 6: hostile inputs give exit 2 and one clear line, or are accepted correctly, promptly", () => {
  for (const c of HOSTILE) {
    it(c.name, async () => {
      const s = started.get(c.name);
      if (s === undefined) throw new Error("not started");
      const results = await s.results;
      const report: string[] = [];
      s.built.commands.forEach((cmd, i) => {
        const r = results[i];
        if (r === undefined) return;
        const ps = problems(c, s.built, cmd, r);
        if (ps.length > 0) {
          const shown = cmd.args.map((a) => (a === "FILE" ? "FILE" : JSON.stringify(a))).join(" ");
          report.push(`tariffsim ${shown} (${r.ms} ms, exit ${r.code ?? r.signal}):\n    - ${ps.join("\n    - ")}\n    stderr: ${JSON.stringify(r.err.slice(0, 600))}`);
        }
      });
      expect(report.join("\n"), `file: ${s.built.file}`).toBe("");
    }, 180_000);
  }
});
