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
const RUNS = 200_003; // not a multiple of the shard count: uneven slices
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

describe("run --shard env on a Slurm job array, then merge", () => {
  it(`${SHARDS} shards merge to the unsharded run's report, byte for byte, in every format`, (ctx) => {
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
    // --wait: sbatch returns when every task has ended, with the highest exit code of the array.
    const sb = spawnSync("sbatch", ["--wait", "--parsable", `--array=0-${SHARDS - 1}`, `--chdir=${ROOT}`,
      `--output=${dir}/task-%a.log`, "--time=5", script], { env: cluster.env, encoding: "utf8", timeout: 240_000 });
    const logs = Array.from({ length: SHARDS }, (_, i) => join(dir, `task-${i}.log`)).filter(existsSync).map((f) => readFileSync(f, "utf8")).join("");
    if (sb.status !== 0 && sb.stdout.trim() !== "") spawnSync("scancel", [sb.stdout.trim().split(";")[0] ?? ""], { env: cluster.env, timeout: 10_000 });
    expect(sb.status, `sbatch: ${sb.stderr}${sb.error?.message ?? ""} tasks: ${logs}`).toBe(0);
    expect(logs).toBe(""); // no warnings, no notes from any task

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
    expect(short.err).toBe(`merge: shard 1/${SHARDS} (runs 0–50,000) is missing\n`);
  });
});
