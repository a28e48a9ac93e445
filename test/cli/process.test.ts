/**
 * What only a real process shows (the bundle, spawned): a closed pipe or a
 * full disk on stdout, and SIGINT/SIGTERM while an `--out` file is written.
 * File writes are made to fail or stall by a preloaded module
 * (test/cli/fsfault.mjs), so the timing is deterministic.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, linkSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { BUNDLE, ROOT, SIMPLE } from "../helpers/scenario.js";

const FAULT = fileURLToPath(new URL("./fsfault.mjs", import.meta.url));
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

beforeAll(() => {
  if (existsSync(BUNDLE)) return;
  const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
  if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stdout}\n${b.stderr}`);
});

interface Exit { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

/** Spawns the bundle; `onErr` sees stderr as it arrives and may signal the child. */
function start(args: string[], opts: { fault?: string; stdout?: "pipe" | number; onErr?: (err: string, kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Exit> {
  const pre = opts.fault === undefined ? [] : ["--import", FAULT];
  const child = spawn(process.execPath, [...pre, BUNDLE, ...args], {
    cwd: ROOT, stdio: ["ignore", opts.stdout ?? "pipe", "pipe"],
    env: { ...process.env, TARIFFSIM_TEST_FAULT: opts.fault ?? "" },
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => { out += d.toString("utf8"); });
  child.stderr?.on("data", (d: Buffer) => { err += d.toString("utf8"); opts.onErr?.(err, (s) => child.kill(s)); });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) => child.on("close", (code, signal) => { clearTimeout(timer); resolve({ code, signal, out, err }); }));
}

describe("standard output fails", () => {
  it("EPIPE (the reader closed the pipe first): exit 0, nothing on stderr", async () => {
    const child = spawn(process.execPath, [BUNDLE, "exact", SIMPLE, "--timeline"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // before the child can write a byte: its write must get EPIPE
    let err = "";
    child.stderr.on("data", (d: Buffer) => { err += d.toString("utf8"); });
    const code = await new Promise((resolve) => child.on("close", (c) => resolve(c)));
    expect(err).toBe("");
    expect(code).toBe(0);
  });

  it("`| head -2`: the user sees two lines, and the status is 0", () => {
    const r = spawnSync("bash", ["-c", `"$0" "$1" exact "$2" --timeline | head -2; echo "status \${PIPESTATUS[0]}"`, process.execPath, BUNDLE, SIMPLE],
      { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual(["Simple two-machine scenario", expect.stringMatching(/^scenario simple · /), "status 0", ""]);
  });

  it("ENOSPC (stdout is /dev/full): exit 74 and one line", async () => {
    const fd = openSync("/dev/full", "w");
    try {
      const r = await start(["run", SIMPLE, "--runs", "100"], { stdout: fd });
      expect(r.err).toBe("tariffsim: cannot write to standard output: ENOSPC (no space left on device)\n");
      expect(r.code).toBe(74);
    } finally {
      closeSync(fd);
    }
  });

  it("--help to /dev/full too", async () => {
    const fd = openSync("/dev/full", "w");
    try {
      const r = await start(["--help"], { stdout: fd });
      expect(r.err).toBe("tariffsim: cannot write to standard output: ENOSPC (no space left on device)\n");
      expect(r.code).toBe(74);
    } finally {
      closeSync(fd);
    }
  });
});

describe("--out and signals", () => {
  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("%s while the file is written: exit %i, temporary file removed, old file kept", async (signal, code) => {
    const dir = dirs.make();
    const file = join(dir, "report.json");
    writeFileSync(file, "old\n");
    let sent = false;
    let tmpSeen: string[] = [];
    const r = await start(["run", SIMPLE, "--runs", "200", "--format", "json", "--out", file], {
      fault: "stall",
      onErr: (err, kill) => {
        if (sent || !err.includes("fsfault: stalled")) return;
        sent = true;
        tmpSeen = readdirSync(dir);
        kill(signal);
      },
    });
    expect(sent).toBe(true);
    expect(tmpSeen).toEqual(["report.json", expect.stringMatching(/^report\.json\.\d+\.tmp$/)]); // the write was under way
    expect(r.code).toBe(code);
    expect(readdirSync(dir)).toEqual(["report.json"]);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("Ctrl-C during a long simulation still stops it at once (no handler outside the write)", async () => {
    const file = join(dirs.make(), "never.json");
    let sent = false;
    const t0 = Date.now();
    const child = spawn(process.execPath, [BUNDLE, "run", SIMPLE, "--runs", "900000000", "--out", file], { cwd: ROOT, stdio: "ignore" });
    setTimeout(() => { sent = true; child.kill("SIGINT"); }, 1500);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("close", (c, s) => resolve([c, s])));
    expect(sent).toBe(true);
    expect(signal).toBe("SIGINT");
    expect(code).toBe(null);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(existsSync(file)).toBe(false);
  });

  it("a failed write (full disk): exit 74, one line, old file and its hard link intact, no temporary file", async () => {
    const dir = dirs.make();
    const file = join(dir, "report.txt");
    writeFileSync(file, "old\n");
    const r = await start(["run", SIMPLE, "--runs", "200", "--out", file], { fault: "enospc" });
    expect(r.err).toBe(`${file}: cannot write the report (ENOSPC)\n`);
    expect(r.code).toBe(74);
    expect(readdirSync(dir)).toEqual(["report.txt"]);
    expect(readFileSync(file, "utf8")).toBe("old\n");
  });

  it("a successful write replaces the file by rename: a hard link keeps the old content", async () => {
    const dir = dirs.make();
    const file = join(dir, "report.txt");
    const link = join(dir, "link.txt");
    writeFileSync(file, "old\n");
    linkSync(file, link);
    const r = await start(["run", SIMPLE, "--runs", "200", "--out", file]);
    expect(r.code).toBe(0);
    expect(readFileSync(link, "utf8")).toBe("old\n");
    expect(readFileSync(file, "utf8")).toMatch(/^Simple two-machine scenario\n/);
    expect(readdirSync(dir).sort()).toEqual(["link.txt", "report.txt"]);
  });
});

describe("CSV from the bundle (csv-stringify bundled in)", () => {
  it("--out r.csv writes CSV with the command line in its provenance", async () => {
    const file = join(dirs.make(), "r.csv");
    const r = await start(["exact", SIMPLE, "--out", file]);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, "utf8").split("\r\n");
    expect(lines[0]).toMatch(/^# tool: tariffsim \d/);
    expect(lines).toContain(`# command: tariffsim exact ${SIMPLE} --out ${file}`);
    expect(lines).toContain("kind,id,label,group,probability");
  });
});
