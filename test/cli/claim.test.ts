/**
 * The shared counter protocol (src/cli/claim.ts): chunks handed out in
 * order, runs counted, claims stopped by a failure, and the failure of the
 * earliest chunk reported whichever thread ran it.
 */
import { describe, expect, it } from "vitest";
import { ChunkFailure, claimed, failureOf, throwEarliest, type WorkerFailure } from "../../src/cli/claim.js";
import { issue, ScenarioError } from "../../src/scenario/issues.js";

const job = (from: number, to: number, chunk: number) => ({ from, to, chunk, counter: new SharedArrayBuffer(8) });

describe("claimed", () => {
  it("hands out the chunks in order, the last one short, and counts the runs done", () => {
    const j = job(10, 35, 10);
    const seen: [number, number][] = [];
    const done: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) done.push(claimed(j, (a, b) => { seen.push([a, b]); }));
    expect(seen).toEqual([[10, 20], [20, 30], [30, 35]]);
    expect(done).toEqual([10, 20, 25, undefined]);
  });

  it("a failing chunk throws a ChunkFailure with its start and stops every later claim", () => {
    const j = job(0, 100, 10);
    claimed(j, () => undefined);
    const boom = new Error("boom");
    let caught: unknown;
    try {
      claimed(j, () => { throw boom; });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ChunkFailure);
    expect(caught).toMatchObject({ start: 10, thrown: boom, message: "boom" });
    let ran = false;
    expect(claimed(j, () => { ran = true; })).toBeUndefined();
    expect(ran).toBe(false);
  });
});

describe("failureOf and throwEarliest", () => {
  const scenarioError = (run: number) => new ScenarioError([issue("range", ["x"], `run ${run} failed`)]);
  const fail = (start: number | undefined, run: number): WorkerFailure => failureOf(start === undefined ? scenarioError(run) : new ChunkFailure(start, scenarioError(run)));
  const ok = { ok: true };
  const message = (f: () => void): string => {
    try {
      f();
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    return "(nothing thrown)";
  };

  it("a worker's reply keeps the issues and where its chunk started", () => {
    expect(fail(32, 40)).toMatchObject({ ok: false, start: 32, issues: [{ message: "run 40 failed" }] });
    expect(failureOf(new ChunkFailure(5, new Error("internal")))).toEqual({ ok: false, issues: [], message: "internal", start: 5 });
  });

  it("reports the earliest chunk's failure, this thread's or a worker's", () => {
    const mine = new ChunkFailure(200, scenarioError(205));
    expect(message(() => throwEarliest(mine, [ok, fail(100, 150), fail(300, 301)]))).toContain("run 150 failed");
    expect(message(() => throwEarliest(mine, [ok, fail(300, 301)]))).toContain("run 205 failed");
    expect(message(() => throwEarliest(undefined, [fail(300, 301), fail(100, 120)]))).toContain("run 120 failed");
    // A worker that failed before any chunk (its compilation) is said first.
    expect(message(() => throwEarliest(mine, [fail(0, 1), fail(undefined, 7)]))).toContain("run 7 failed");
    expect(() => throwEarliest(undefined, [ok, ok])).not.toThrow();
  });

  it("a worker's scenario problem comes back as a ScenarioError (located by the caller)", () => {
    let caught: unknown;
    try {
      throwEarliest(undefined, [fail(0, 3)]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
  });
});
