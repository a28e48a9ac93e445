/**
 * Overlays in a real process (the bundle, spawned): values from `--params`
 * reach the worker threads (a split run gives exactly the counts of one
 * thread with the equivalent `--set`), and an overlay path naming a FIFO or
 * the idle standard input is refused at once (exit 2, one line) instead of
 * blocking.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { printingProblems, runBundle } from "../helpers/bundle.js";
import { BUNDLE, ROOT, SIMPLE } from "../helpers/scenario.js";

const WORKER = fileURLToPath(new URL("../../dist/worker.mjs", import.meta.url));
const LOW = fileURLToPath(new URL("../fixtures/overlays/pass-low.yaml", import.meta.url)); // p_pass 0.3, h_raise 0.05

beforeAll(() => {
  if (!existsSync(BUNDLE) || !existsSync(WORKER)) {
    const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
});

describe("workers", () => {
  it("receive the final values: --params with 2 workers equals --set in one thread", async () => {
    const common = ["run", SIMPLE, "--runs", "200001", "--seed", "3", "--format", "json"];
    const split = await runBundle([...common, "--params", LOW, "--workers", "2"], { timeoutMs: 60_000 });
    const one = await runBundle([...common, "--set", "p_pass=0.3", "--set", "h_raise=0.05", "--workers", "1"], { timeoutMs: 60_000 });
    const plain = await runBundle([...common, "--workers", "1"], { timeoutMs: 60_000 });
    expect(split.code, split.err).toBe(0);
    expect(one.code, one.err).toBe(0);
    // With two cores the run really is split (no "reduced to 1" note).
    if (availableParallelism() >= 2) expect(split.err).toBe("");
    const a: { outcomes: unknown; overrides: { from: string }[] } = JSON.parse(split.out);
    const b: { outcomes: unknown } = JSON.parse(one.out);
    const c: { outcomes: unknown } = JSON.parse(plain.out);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.outcomes).not.toEqual(c.outcomes);
    expect(a.overrides.map((o) => o.from)).toEqual([`params:${LOW}`, `params:${LOW}`]);
  });
});

describe("overlay paths that must not block", () => {
  it("/dev/stdin (an idle FIFO here) and /dev/zero: exit 2, one line each, at once", async () => {
    const r = await runBundle(["exact", SIMPLE, "--params", "/dev/stdin", "--params", "/dev/zero"], { timeoutMs: 10_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.err).toBe("/dev/stdin: is not a regular file (a device, pipe or socket)\n/dev/zero: is not a regular file (a device, pipe or socket)\n");
    expect(printingProblems(r, undefined)).toEqual([]);
  });
});
