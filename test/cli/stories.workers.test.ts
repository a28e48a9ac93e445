/**
 * `paths` and `trace` over threads (src/cli/stories.ts, orderedChunks.ts):
 * the same bytes for 1 and 2 threads (the bundle's worker), the same error
 * line when runs fail, and the ordered runner's contract in this thread
 * (results taken in run order, a stop ends the claims, a failure past a
 * stop is not reported).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOrdered } from "../../src/cli/orderedChunks.js";
import { ScenarioError, issue } from "../../src/scenario/issues.js";
import { STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { ensureBundle, expectSameOnWorkers } from "../helpers/bundle.js";
import { BUNDLE, ROOT, edit, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

describe("paths and trace on threads (the bundle)", () => {
  beforeAll(ensureBundle);

  it("paths: the same bytes for 1 and 2 threads (JSON and the table: CSV and Markdown name the command, --workers included)", () => {
    for (const f of ["json", "table"]) {
      const out = expectSameOnWorkers(["paths", "--runs", "120000", "--seed", "4", "--top", "30", "--format", f]);
      expect(out.length).toBeGreaterThan(1000);
    }
    expectSameOnWorkers(["paths", "--runs", "90000", "--machine", "assembly", "--outcome", "hold_bill_passed", "--format", "json"]);
  });

  it("trace: the same runs for 1 and 2 threads, also when they are rare and far apart", () => {
    const out = expectSameOnWorkers(["trace", "--outcome", "rise_bill_pending", "--count", "12", "--runs", "200000", "--format", "json"]);
    const runs = (JSON.parse(out) as { runs: { run: number }[] }).runs.map((r) => r.run);
    expect(runs).toHaveLength(12);
    expect(runs.at(-1)).toBeGreaterThan(4096); // past the first chunk: other threads' chunks were taken in order
  });

  it("a run that fails gives the same one line and exit 2 on 1 and 2 threads", () => {
    const dir = dirs.make();
    const file = join(dir, "late.yaml");
    // From day 41 the hazard is 1.2 (not a probability): runs still in tariff.low then fail.
    writeFileSync(file, edit(simpleText(), `hazard: 'in("bill.passed") ? 0 : h_raise'`, `hazard: 'in("bill.passed") ? 0 : (day > 40 ? h_raise * 60 : h_raise)'`));
    const run = (w: string) => spawnSync(process.execPath, [BUNDLE, "paths", file, "--runs", "100000", "--workers", w], { cwd: ROOT, encoding: "utf8" });
    const one = run("1");
    const two = run("2");
    expect(one.status).toBe(2);
    expect(two.status).toBe(2);
    expect(one.stderr).not.toMatch(STACK_LINE);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toMatch(/^.*late\.yaml.*\n$/);
  });
});

describe("runOrdered in this thread", () => {
  it("takes every chunk in run order and counts progress to the end", async () => {
    const seen: [number, number][] = [];
    let last = 0;
    await runOrdered({
      from: 5, to: 103, chunk: 10, workers: 0, script: undefined, workerData: () => undefined,
      here: (from, to) => [from, to] as [number, number],
      consume: (r, from, to) => { seen.push(r); expect([from, to]).toEqual(r); return true; },
      onProgress: (d) => { last = d; },
    });
    expect(seen.map((x) => x[0])).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
    expect(seen.at(-1)?.[1]).toBe(103);
    expect(last).toBeGreaterThan(0);
  });

  it("a stop ends the claims: a later chunk that would fail is never run", async () => {
    const ran: number[] = [];
    await runOrdered({
      from: 0, to: 100, chunk: 10, workers: 0, script: undefined, workerData: () => undefined,
      here: (from) => { ran.push(from); if (from >= 30) throw new ScenarioError([issue("range", [], "fails")]); return from; },
      consume: (from) => from < 10,
    });
    expect(ran).toEqual([0, 10]);
  });

  it("a failing chunk before any stop is thrown as it was thrown", async () => {
    const r = runOrdered({
      from: 0, to: 100, chunk: 10, workers: 0, script: undefined, workerData: () => undefined,
      here: (from) => { if (from === 20) throw new ScenarioError([issue("range", [], "fails at 20")]); return from; },
      consume: () => true,
    });
    await expect(r).rejects.toThrow("fails at 20");
  });
});
