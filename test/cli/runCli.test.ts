/**
 * runCli's `loaded` callback (src/cli/runCli.ts): called once the program and
 * its command are loaded, before anything runs. src/cli/main.ts sets V8
 * flags there, which must come after Node's own modules for the program are
 * loaded and before the command computes.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/runCli.js";

/** Runs the CLI in-process, recording the order of `loaded` and of writes. */
async function order(args: string[]): Promise<{ code: number; events: string[] }> {
  const events: string[] = [];
  const code = await runCli(args, { out: () => { events.push("out"); }, err: () => { events.push("err"); } }, () => { events.push("loaded"); });
  return { code, events };
}

describe("runCli's loaded callback", () => {
  it("is called once, before the command writes anything", async () => {
    const r = await order(["params"]);
    expect(r.code).toBe(0);
    expect(r.events[0]).toBe("loaded");
    expect(r.events.filter((e) => e === "loaded")).toHaveLength(1);
    expect(r.events).toContain("out");
  });

  it("is called before the arguments are parsed, also when they are bad", async () => {
    const r = await order(["run", "--runs", "nope"]);
    expect(r.code).toBe(2);
    expect(r.events[0]).toBe("loaded");
    expect(r.events).toContain("err");
  });
});
