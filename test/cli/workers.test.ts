/**
 * `--workers`: the bundled CLI splits runs over worker threads, and the
 * numbers are the same for any number of workers (end to end, real process).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

const BUNDLE = "dist/tariffsim.mjs";

function tariffsim(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BUNDLE) || !existsSync("dist/worker.mjs")) {
    const b = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
});

describe("--workers", () => {
  it("gives byte-identical JSON for 1, 2 and 3 workers", () => {
    const args = ["run", "test/fixtures/simple.yaml", "--runs", "30001", "--seed", "5", "--format", "json"];
    const one = tariffsim(...args, "--workers", "1");
    expect(one.code).toBe(0);
    for (const w of ["2", "3"]) {
      const many = tariffsim(...args, "--workers", w);
      expect(many.code).toBe(0);
      expect(many.out).toBe(one.out);
    }
    const body: { runs: number; outcomes: { count: number }[] } = JSON.parse(one.out);
    expect(body.outcomes.reduce((a, o) => a + o.count, 0)).toBe(30001);
  });

  it("a parameter override reaches the workers", () => {
    const args = ["run", "test/fixtures/simple.yaml", "--runs", "20000", "--format", "json", "--set", "p_pass=0.1"];
    const one = tariffsim(...args);
    const two = tariffsim(...args, "--workers", "2");
    expect(two.code).toBe(0);
    expect(two.out).toBe(one.out);
    const base = tariffsim("run", "test/fixtures/simple.yaml", "--runs", "20000", "--format", "json", "--workers", "2");
    expect(base.out).not.toBe(two.out);
  });

  it("rejects --workers 0 with exit code 2", () => {
    const r = tariffsim("run", "--workers", "0");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers/);
  });
});
