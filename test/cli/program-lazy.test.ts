/**
 * Commands load on demand (src/cli/program.ts): a command line that names a
 * command registers that command only; help, a typo or no command registers
 * them all, so help and commander's suggestions still see every command;
 * `--version` alone registers none.
 */
import { describe, expect, it } from "vitest";
import { makeProgram, namedCommand, versionOnly } from "../../src/cli/program.js";
import { cli } from "../helpers/cli.js";

const ctx = { out: () => undefined, err: () => undefined };

describe("lazy command loading", () => {
  it("finds the command a line names, past the program's own flags", () => {
    expect(namedCommand(["run", "x.yaml"])).toBe("run");
    expect(namedCommand(["-q", "--no-cache", "exact"])).toBe("exact");
    expect(namedCommand(["--quiet", "tornado", "--quiet"])).toBe("tornado");
    expect(namedCommand(["--help"])).toBeUndefined();
    expect(namedCommand(["help", "run"])).toBeUndefined();
    expect(namedCommand(["runn"])).toBeUndefined();
    expect(namedCommand([])).toBeUndefined();
  });

  it("registers one command, or all of them in help order", async () => {
    expect((await makeProgram(ctx, ["run"])).commands.map((c) => c.name())).toEqual(["run"]);
    const all = (await makeProgram(ctx, ["--help"])).commands.map((c) => c.name());
    expect(all.slice(0, 2)).toEqual(["run", "exact"]);
    expect(all).toHaveLength(17);
    expect(new Set(all).size).toBe(17);
  });

  it("loads no command for the version alone, and prints it as before", async () => {
    expect(versionOnly(["--version"])).toBe(true);
    expect(versionOnly(["-q", "-V"])).toBe(true);
    expect(versionOnly(["run", "--version"])).toBe(false);
    expect(versionOnly(["--help"])).toBe(false);
    expect(versionOnly([])).toBe(false);
    expect((await makeProgram(ctx, ["--version"])).commands).toHaveLength(0);
    const v = await cli("--version");
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await cli("-q", "-V")).out).toBe(v.out);
  });

  it("still suggests a command for a typo and lists every command in help", async () => {
    const typo = await cli("tornadoo");
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("Did you mean tornado?");
    const help = await cli("--help");
    for (const name of ["run", "exact", "score", "report", "check", "merge"]) expect(help.out).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
  });
});
