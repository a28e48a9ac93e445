/**
 * Shards on a real scheduler: a one-node Slurm cluster (cluster.ts) runs a
 * job array of shards of the built CLI with `--shard env` (each task finds
 * its shard in SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT), `tariffsim
 * merge` adds the parts up, and the merged report must be byte-identical to
 * the unsharded run in every format. When the cluster cannot be installed or
 * started, the test says why, loudly, and skips; every step has a time limit.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "../helpers/scenario.js";
import { ensureInstalled, startCluster, type Cluster } from "./cluster.js";

const SHARDS = 4;
const RUNS = 100_003; // not a multiple of the shard count: uneven slices
/** What every run below shares: the shipped scenario with an override, states shown. */
const COMMON = ["run", "--runs", String(RUNS), "--seed", "11", "--set", "h_announce_pending=0.01", "--states"];

let cluster: Cluster | undefined;
let why: string | undefined;

function loud(reason: string): void {
  console.warn(`\n${"!".repeat(78)}\n!! SLURM END-TO-END TEST SKIPPED: ${reason}\n${"!".repeat(78)}\n`);
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) {
    const b = spawnSync("node", ["scripts/bundle.mjs"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    if (b.status !== 0) throw new Error(`bundle failed: ${b.stderr}`);
  }
  why = ensureInstalled();
  if (why === undefined) {
    const r = await startCluster();
    if (r.ok) cluster = r.cluster;
    else why = r.why;
  }
  if (why !== undefined) loud(why);
}, 420_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

function tariffsim(args: readonly string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ENDED = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"]);

/** The states of a job array's tasks once all have ended (cancelled when `ms` pass first), in task order. */
async function waitForJob(env: NodeJS.ProcessEnv, job: string, ms: number): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const q = spawnSync("squeue", ["-h", "-r", "-t", "all", "-j", job, "-o", "%K %T"], { env, encoding: "utf8", timeout: 10_000 });
    const rows = q.status === 0 ? q.stdout.trim().split("\n").filter(Boolean).map((l) => l.split(" ")) : [];
    const states = rows.sort((a, b) => Number(a[0]) - Number(b[0])).map((r) => r[1] ?? "?");
    if (states.length === SHARDS && states.every((s) => ENDED.has(s))) return states;
    if (Date.now() > end) {
      spawnSync("scancel", [job], { env, timeout: 10_000 });
      return [`not ended within ${ms / 1000} s: ${states.join(" ")}`];
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("run --shard env on a Slurm job array, then merge", () => {
  it(`${SHARDS} shards merge to the unsharded run's report, byte for byte, in every format`, async (ctx) => {
    if (cluster === undefined) {
      ctx.skip(`Slurm unavailable: ${why ?? "unknown"}`);
      return;
    }
    const dir = cluster.dir;
    const script = join(dir, "shard.sh");
    const shardArgs = [...COMMON, "--shard", "env", "--out", `${dir}/part-\${SLURM_ARRAY_TASK_ID}.json`];
    writeFileSync(script, [
      "#!/bin/sh",
      "set -eu",
      `exec "${process.execPath}" "${BUNDLE}" ${shardArgs.map((a) => a.includes("$") ? `"${a}"` : `'${a}'`).join(" ")}`,
      "",
    ].join("\n"), { mode: 0o755 });
    const sb = spawnSync("sbatch", ["--parsable", `--array=0-${SHARDS - 1}`, `--chdir=${ROOT}`, `--output=${dir}/task-%a.log`, "--time=5", script],
      { env: cluster.env, encoding: "utf8", timeout: 30_000 });
    expect(sb.status, `sbatch: ${sb.stderr}${sb.error?.message ?? ""}`).toBe(0);
    const job = sb.stdout.trim().split(";")[0] ?? "";
    // Every task's state, polled (sbatch --wait polls every 2 to 10 s); ended jobs stay listed for MinJobAge (300 s).
    const states = await waitForJob(cluster.env, job, 180_000);
    const logs = Array.from({ length: SHARDS }, (_, i) => join(dir, `task-${i}.log`)).filter(existsSync).map((f) => readFileSync(f, "utf8")).join("");
    expect(states, `tasks: ${logs}`).toEqual(Array.from({ length: SHARDS }, () => "COMPLETED"));
    // No warnings, no notes from any task: only each task's line saying what its --out wrote.
    expect(logs.split("\n").filter((l) => l !== "" && !/^wrote \S+part-\d+\.json \([\d,]+ bytes\)$/.test(l))).toEqual([]);

    const parts = Array.from({ length: SHARDS }, (_, i) => join(dir, `part-${i}.json`));
    // Each task took its own shard from Slurm's environment.
    parts.forEach((p, i) => {
      const part: unknown = JSON.parse(readFileSync(p, "utf8"));
      expect(part).toMatchObject({ shard: { index: i + 1, count: SHARDS }, runs: RUNS, seed: 11 });
    });
    for (const format of ["json", "csv", "md", "table"] as const) {
      const whole = tariffsim([...COMMON, "--format", format]);
      expect(whole.code).toBe(0);
      // Any order of the parts.
      const merged = tariffsim(["merge", ...parts.slice().reverse(), "--format", format]);
      expect(merged.err).toBe("");
      expect(merged.code).toBe(0);
      expect(merged.out, format).toBe(whole.out);
    }
    // Leaving one part out is refused, naming the missing shard.
    const short = tariffsim(["merge", ...parts.slice(1)]);
    expect(short.code).toBe(2);
    expect(short.err).toBe(`merge: shard 1/${SHARDS} (runs 0–25,000) is missing\n`);
  });
});
