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
