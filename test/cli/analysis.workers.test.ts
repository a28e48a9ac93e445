/**
 * tornado and sweep split their solves over worker threads (the built
 * bundle's worker) with byte-identical JSON for any number of workers, and
 * say so when a request is reduced.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BUNDLE } from "../helpers/scenario.js";

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("--workers on tornado and sweep", () => {
  it("a two-way sweep gives byte-identical JSON with 1 and 2 workers", () => {
    const args = ["sweep", "p_struck_down=0..1", "h_ruling=0.01..0.02", "--steps", "12", "--format", "json"];
    const one = run(...args, "--workers", "1");
    const two = run(...args, "--workers", "2");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.err).toBe(""); // no "reduced" note: two workers ran (144 solves, one per 64)
    expect(JSON.parse(one.out).points).toHaveLength(144);
    expect(two.out).toBe(one.out);
  });

  it("a tornado of 53 solves says it used one worker when asked for more, with the same JSON", () => {
    const one = run("tornado", "--format", "json");
    const asked = run("tornado", "--format", "json", "--workers", "8");
    expect(asked.code).toBe(0);
    expect(asked.err).toMatch(/^note: --workers 8 reduced to 1 \(/);
    expect(asked.out).toBe(one.out);
  });

  it("--workers auto (as run takes it): the cores, capped by the work without a note, the same JSON", () => {
    const one = run("tornado", "--format", "json");
    const auto = run("tornado", "--format", "json", "--workers", "auto");
    expect(auto.code).toBe(0);
    expect(auto.err).toBe("");
    expect(auto.out).toBe(one.out);
    const sweep = ["sweep", "p_struck_down=0..1", "h_ruling=0.01..0.02", "--steps", "12", "--format", "json"];
    const grid = run(...sweep, "--workers", "auto");
    expect([grid.code, grid.err]).toEqual([0, ""]);
    expect(grid.out).toBe(run(...sweep).out);
  });
});
