/**
 * `--out`: only a regular file or a new path is written (replaced by rename);
 * a symlink, a directory or a special file is refused before any work, with
 * exit 2 and one line.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tmpDirs } from "../helpers/cli.js";
import { SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());
const VOTE_UNCERTAIN = "test/sensitivity/fixtures/vote-uncertain.yaml";
/** A copy of the uncertain fixture, to be named as `--draws` (made in the test). */
const VOTE_COPY = join(dirs.make(), "vote.yaml");

describe("--out refuses what it must not replace", () => {
  it("a symlink: exit 2, one line, link and target untouched", async () => {
    const dir = dirs.make();
    const target = join(dir, "target.json");
    const link = join(dir, "out.json");
    writeFileSync(target, "target\n");
    symlinkSync(target, link);
    const r = await cli("run", SIMPLE, "--runs", "100", "--out", link);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(`${link}: --out: is a symlink; refusing to replace it (write to its target path instead)\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, "utf8")).toBe("target\n");
    expect(readdirSync(dir).sort()).toEqual(["out.json", "target.json"]);
  });

  it("a dangling symlink too", async () => {
    const dir = dirs.make();
    const link = join(dir, "out.json");
    symlinkSync(join(dir, "nowhere.json"), link);
    const r = await cli("exact", SIMPLE, "--out", link);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${link}: --out: is a symlink; refusing to replace it (write to its target path instead)\n`);
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("a special file (a FIFO): not a regular file", async () => {
    const dir = dirs.make();
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const args of [["run", SIMPLE, "--runs", "100"], ["params", SIMPLE], ["run", SIMPLE, "--replay", "1"]]) {
      const r = await cli(...args, "--out", fifo);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toBe(`${fifo}: --out: is not a regular file; refusing to replace it\n`);
    }
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it("one of the command's own inputs, under any name: exit 2, the input untouched", async () => {
    const dir = dirs.make();
    const sc = join(dir, "s.yaml");
    const overlay = join(dir, "o.yaml");
    const evidence = join(dir, "e.yaml");
    writeFileSync(sc, readFileSync(SIMPLE, "utf8"));
    writeFileSync(overlay, "name: o\nscenario: simple\nvalues:\n  p_pass: { value: 0.5, rationale: test }\n");
    writeFileSync(evidence, "name: e\ndescription: test\nscenario: simple\nobservations:\n  - observation: not tariff.high by 2026-02-20\n    source: { rationale: test }\n");
    linkSync(sc, join(dir, "alias.yaml"));
    const cases: [string[], string, string][] = [
      [["exact", sc, "--out", sc], sc, ""],
      [["exact", sc, "--out", join(dir, "alias.yaml")], join(dir, "alias.yaml"), ` (read as ${sc})`],
      [["exact", sc, "--params", overlay, "--out", overlay], overlay, ""],
      [["exact", sc, "--evidence", evidence, "--out", evidence], evidence, ""],
      [["uncertainty", VOTE_UNCERTAIN, "--samples", "2", "--draws", VOTE_COPY], VOTE_COPY, ""],
    ];
    writeFileSync(VOTE_COPY, readFileSync("test/sensitivity/fixtures/vote-uncertain.yaml", "utf8"));
    const before = new Map([sc, overlay, evidence, VOTE_COPY].map((f) => [f, readFileSync(f, "utf8")]));
    for (const [args, target, alias] of cases) {
      const r = await cli(...(args[0] === "uncertainty" ? ["uncertainty", VOTE_COPY, ...args.slice(2)] : args));
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.split("\n").filter((l) => l.includes("refusing"))).toEqual([`${target}: ${args.includes("--draws") ? "--draws" : "--out"}: is one of this command's inputs${alias}; refusing to replace it`]);
    }
    for (const [f, text] of before) expect(readFileSync(f, "utf8"), f).toBe(text);
    // A later command in the same process may write there: what an earlier one read is not its input.
    const later = await cli("exact", SIMPLE, "--out", overlay);
    expect(later.code, later.err).toBe(0);
  });

  it("is checked before the scenario is even read", async () => {
    const dir = dirs.make();
    mkdirSync(join(dir, "sub"));
    const r = await cli("run", join(dir, "missing.yaml"), "--out", join(dir, "sub"));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${join(dir, "sub")}: --out: is a directory; refusing to replace it\n`);
    const nodir = await cli("run", join(dir, "missing.yaml"), "--out", join(dir, "nope", "r.json"));
    expect(nodir.err).toBe(`${join(dir, "nope", "r.json")}: cannot write the report (ENOENT)\n`);
    const notdir = await cli("run", join(dir, "missing.yaml"), "--out", join(SIMPLE, "r.json"));
    expect(notdir.err).toBe(`${join(SIMPLE, "r.json")}: cannot write the report (ENOTDIR)\n`);
  });
});

describe("--out writes a regular file or a new path", () => {
  it("a new path, for each command", async () => {
    const dir = dirs.make();
    for (const [name, args] of [["a.txt", ["run", SIMPLE, "--runs", "100"]], ["b.json", ["params", SIMPLE, "--format", "json"]], ["c.txt", ["run", SIMPLE, "--replay", "2"]], ["d.txt", ["exact", SIMPLE]]] as const) {
      const r = await cli(...args, "--out", join(dir, name));
      expect(r.code, name).toBe(0);
      expect(r.out).toBe("");
      expect((await cli(...args)).out).toBe(readFileSync(join(dir, name), "utf8"));
    }
    expect(readdirSync(dir).sort()).toEqual(["a.txt", "b.json", "c.txt", "d.txt"]);
  });

  it("an existing file is replaced by rename, not rewritten in place: a hard link keeps the old content", async () => {
    const dir = dirs.make();
    const file = join(dir, "r.json");
    writeFileSync(file, "old\n");
    linkSync(file, join(dir, "link.json"));
    const r = await cli("params", SIMPLE, "--format", "json", "--out", file);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "link.json"), "utf8")).toBe("old\n");
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual(["link.json", "r.json"]);
  });

  it("an existing file keeps its permission bits", async () => {
    const dir = dirs.make();
    const file = join(dir, "r.txt");
    writeFileSync(file, "old");
    chmodSync(file, 0o640);
    const r = await cli("exact", SIMPLE, "--out", file);
    expect(r.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, "utf8")).toMatch(/^Simple two-machine scenario\n/);
  });

  it("a stale temporary file of the same name does not stop the write, and is gone after", async () => {
    const dir = dirs.make();
    const file = join(dir, "r.txt");
    writeFileSync(`${file}.${process.pid}.tmp`, "stale");
    const r = await cli("exact", SIMPLE, "--out", file);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(["r.txt"]);
  });
});

describe("--out given oddly", () => {
  it("twice, as '-', or blank (and --format twice): exit 2 with commander's one line, nothing written", async () => {
    const dir = dirs.make();
    for (const [args, why] of [
      [["--out", join(dir, "a.txt"), "--out", join(dir, "b.txt")], "given twice; give it once"],
      [["--out", "-"], "\"-\" is not standard output here: leave the option out to write to standard output"],
      [["--out", " "], "expected a file name"],
      [["--format", "json", "--format", "csv"], "argument 'csv' is invalid. given twice; give it once"],
    ] as const) {
      const r = await cli("exact", SIMPLE, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toContain(why);
      expect(r.out).toBe("");
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("--out names the file it replaces as the system does", () => {
  it("a trailing '/' or a last '.' is refused; 'link/..' goes up from the link's target, for the check and the write alike", async () => {
    const dir = dirs.make();
    const sc = join(dir, "s.yaml");
    writeFileSync(sc, readFileSync(SIMPLE, "utf8"));
    mkdirSync(join(dir, "far", "sub"), { recursive: true });
    symlinkSync(join(dir, "far", "sub"), join(dir, "lnk"));
    for (const out of [`${sc}/`, `${sc}/.`, `${dir}/..`]) {
      const r = await cli("exact", sc, "--out", out);
      expect(r.code, out).toBe(2);
      expect(r.err).toBe(`${out}: --out: names a folder, not a file; refusing to write there\n`);
    }
    // lnk/.. is far/, not dir/: the scenario beside lnk is not what this path names, and is left alone.
    const through = `${join(dir, "lnk")}/../s.yaml`;
    const r = await cli("exact", sc, "--out", through);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(sc, "utf8")).toBe(readFileSync(SIMPLE, "utf8"));
    expect(readFileSync(join(dir, "far", "s.yaml"), "utf8")).toContain("Holds");
    // And through the link to the input itself: refused.
    writeFileSync(join(dir, "far", "t.yaml"), readFileSync(SIMPLE, "utf8"));
    const own = await cli("exact", join(dir, "far", "t.yaml"), "--out", `${join(dir, "lnk")}/../t.yaml`);
    expect(own.code).toBe(2);
    expect(own.err).toContain("is one of this command's inputs");
  });
});
