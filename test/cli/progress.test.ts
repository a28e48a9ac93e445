/**
 * Progress bars (src/cli/progress.ts): drawn on the terminal stream only
 * when it is a terminal, never on stdout or in JSON, not with --quiet; the
 * same numbers with or without a bar (batches add up exactly); Ctrl-C in a
 * real pseudo-terminal (`script`) prints one line saying what was
 * interrupted and exits 130.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/runCli.js";
import { duration } from "../../src/cli/progress.js";
import { cli, tmpDirs } from "../helpers/cli.js";
import { BUNDLE, SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** Runs the CLI in-process with a fake terminal (stderr's stand-in) that is or is not a TTY. */
async function withTerminal(isTTY: boolean, ...args: string[]): Promise<{ code: number; out: string; err: string; term: string }> {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  let term = "";
  stream.on("data", (d: Buffer) => { term += d.toString("utf8"); });
  let out = "";
  let err = "";
  const code = await runCli(args, {
    out: (t) => { out += t; }, err: (t) => { err += t; },
    terminal: { stream, isTTY, signals: false, delayMs: 0 },
  });
  return { code, out, err, term };
}

const BAR = /\d+% \| [\d,]+\/[\d,]+ runs \| [\d,]+ runs\/s \| ETA /;

describe("progress bar", () => {
  it("is drawn on a terminal, with rate and ETA, and stdout keeps the JSON alone (the same numbers as without a bar)", async () => {
    const r = await withTerminal(true, "run", SIMPLE, "--runs", "200000", "--seed", "3", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.term).toMatch(BAR);
    expect(r.term).toContain("200,000/200,000 runs");
    expect(r.out).not.toMatch(/runs\/s|ETA/);
    expect(r.err).toBe("");
    const plain = await cli("run", SIMPLE, "--runs", "200000", "--seed", "3", "--format", "json");
    expect(JSON.parse(r.out)).toEqual(JSON.parse(plain.out));
  });

  it("is not drawn when the stream is not a terminal, nor with --quiet (before or after the command)", async () => {
    for (const args of [
      [false, "run", SIMPLE, "--runs", "100000"],
      [true, "run", SIMPLE, "--runs", "100000", "--quiet"],
      [true, "--quiet", "run", SIMPLE, "--runs", "100000"],
      [true, "-q", "tornado", SIMPLE],
    ] as const) {
      const [tty, ...rest] = args;
      const r = await withTerminal(tty, ...rest);
      expect(r.code, r.err).toBe(0);
      expect(r.term, rest.join(" ")).toBe("");
    }
  });

  it("counts the analyses' solves", async () => {
    const r = await withTerminal(true, "tornado", SIMPLE, "--format", "json");
    expect(r.code, r.err).toBe(0);
    expect(r.term).toMatch(/\d+% \| [\d,]+\/[\d,]+ solves \| [\d,]+ solves\/s/);
    expect(() => JSON.parse(r.out)).not.toThrow();
  });

  it("counts compare's paired runs, with and without evidence, and the numbers are those without a bar", async () => {
    for (const extra of [[], ["--b-given", "not tariff.high by 2026-02-20"]]) {
      const args = ["compare", SIMPLE, "--b-set", "h_raise=0.03", "--method", "mc", "--runs", "20000", "--format", "json", ...extra];
      const r = await withTerminal(true, ...args);
      expect(r.code, r.err).toBe(0);
      expect(r.term).toMatch(/\d+% \| [\d,]+\/20,000 paired runs \| [\d,]+ paired runs\/s/);
      expect(r.out).toBe((await cli(...args)).out);
    }
  });

  it("counts paths' runs and trace's runs searched, and the numbers are those without a bar", async () => {
    for (const [args, unit] of [[["paths", SIMPLE, "--runs", "50000", "--format", "json"], "runs"],
      // A rise never happens at h_raise = 0: every run is searched.
      [["trace", SIMPLE, "--outcome", "rise", "--set", "h_raise=0", "--runs", "50000", "--format", "json"], "runs searched"]] as const) {
      const r = await withTerminal(true, ...args);
      expect(r.code, r.err).toBe(0);
      expect(r.term).toContain(` ${unit} | `);
      expect(r.out).toBe((await cli(...args)).out);
    }
  });

  it("formats the ETA as seconds, minutes or hours", () => {
    expect([duration(5), duration(299.6), duration(3600 + 7 * 60), duration(Number.POSITIVE_INFINITY)]).toEqual(["5s", "5m 00s", "1h 07m", "?"]);
  });
});

/** Whether util-linux's `script` can give a child a pseudo-terminal here. */
function hasScript(): boolean {
  try {
    execFileSync("script", ["-qec", "true", "/dev/null"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasScript() || !existsSync(BUNDLE))("in a pseudo-terminal (the built bundle under `script`)", () => {
  /** Runs the bundle with stderr on a pty and stdout in a file; `onText` may act on what the pty shows. */
  function underScript(args: string, onText?: (text: string, write: (s: string) => void) => void): Promise<{ code: number | null; pty: string; stdout: string }> {
    const out = join(dirs.make(), "stdout.txt");
    return new Promise((resolve) => {
      const child = spawn("script", ["-qec", `"${process.execPath}" "${BUNDLE}" ${args} > "${out}"`, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
      let pty = "";
      child.stdout.on("data", (d: Buffer) => {
        pty += d.toString("utf8");
        onText?.(pty, (s) => child.stdin.write(s));
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, pty, stdout: existsSync(out) ? readFileSync(out, "utf8") : "" });
      });
    });
  }

  it("Ctrl-C after the bar appears prints one line saying what was interrupted, exit 130, nothing on stdout", async () => {
    let sent = false;
    // Two workers: their progress messages drive the bar.
    const r = await underScript(`run "${SIMPLE}" --runs 500000000 --workers 2 --format json`, (text, write) => {
      if (!sent && BAR.test(text)) { sent = true; write("\x03"); }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const lines = r.pty.split(/\r?\n/).filter((l) => l.includes("interrupted"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/interrupted: [\d,]+ of 500,000,000 runs done/);
    expect(r.stdout).toBe("");
  });

  it("--quiet: no bar on the terminal for work that would show one; stdout the JSON alone", async () => {
    const r = await underScript(`--quiet run "${SIMPLE}" --runs 3000000 --workers 2 --seed 4 --format json`);
    expect(r.code).toBe(0);
    expect(r.pty).not.toMatch(/runs\/s|ETA|interrupted/);
    expect(JSON.parse(r.stdout)).toMatchObject({ runs: 3_000_000, seed: 4 });
  });
});
