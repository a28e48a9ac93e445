/**
 * Issue 6, file side: the scenario path and seed paths are read only as
 * regular files under a size cap, seeds only inside the scenario's folder
 * tree; anything else is one clear issue, never a block, a huge read or an
 * answer about a file outside the folder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIssues } from "../../src/cli/errors.js";
import { loadScenarioFile, readBoundedFile, readSeedFile } from "../../src/io.js";
import { toDotPath } from "../../src/scenario/issues.js";
import { MAX_SCENARIO_BYTES, MAX_SEED_BYTES } from "../../src/scenario/limits.js";
import { tmpDirs } from "../helpers/cli.js";
import { edit, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** Makes a FIFO, or returns undefined where `mkfifo` is not available. */
function fifo(path: string): string | undefined {
  try {
    execFileSync("mkfifo", [path], { stdio: "ignore" });
    return path;
  } catch {
    return undefined;
  }
}

/** The formatted lines of a file that must fail to load. */
function fails(file: string): string[] {
  const r = loadScenarioFile(file);
  expect(r.ok).toBe(false);
  return r.ok ? [] : formatIssues(file, r.issues, r.locate);
}

describe("the scenario path", () => {
  it("refuses a FIFO without blocking", () => {
    const f = fifo(join(dirs.make(), "pipe.yaml"));
    if (f === undefined) return; // no mkfifo here: nothing to test
    expect(fails(f)).toEqual([`${f}: is not a regular file (a device, pipe or socket)`]);
  });

  it("refuses /dev/zero without reading it", () => {
    if (!existsSync("/dev/zero")) return;
    expect(fails("/dev/zero")).toEqual(["/dev/zero: is not a regular file (a device, pipe or socket)"]);
  });

  it("refuses a directory and a missing file", () => {
    const d = dirs.make();
    expect(fails(d)).toEqual([`${d}: is a directory`]);
    expect(fails(join(d, "none.yaml"))).toEqual([`${join(d, "none.yaml")}: no such file`]);
  });

  it("refuses a file over the size cap, and reads one exactly at it", () => {
    const d = dirs.make();
    const big = join(d, "big.yaml");
    const text = simpleText();
    writeFileSync(big, text + "#".repeat(MAX_SCENARIO_BYTES + 1 - Buffer.byteLength(text)));
    const lines = fails(big);
    expect(lines).toEqual([`${big}: file is ${MAX_SCENARIO_BYTES + 1} bytes; the limit is ${MAX_SCENARIO_BYTES} bytes`]);
    const r = loadScenarioFile(big);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toEqual(["limit"]);
    const exact = join(d, "exact.yaml");
    writeFileSync(exact, text + "#".repeat(MAX_SCENARIO_BYTES - Buffer.byteLength(text)));
    expect(loadScenarioFile(exact).ok).toBe(true);
  });

  it("reads through a symlink to a regular file", () => {
    const d = dirs.make();
    writeFileSync(join(d, "real.yaml"), simpleText());
    symlinkSync(join(d, "real.yaml"), join(d, "link.yaml"));
    expect(loadScenarioFile(join(d, "link.yaml")).ok).toBe(true);
  });

  it("reads at most cap + 1 bytes of a file (the bounded reader)", () => {
    const d = dirs.make();
    writeFileSync(join(d, "f"), "abcdef");
    expect(readBoundedFile(join(d, "f"), 6)).toEqual({ ok: true, text: "abcdef" });
    expect(readBoundedFile(join(d, "f"), 5)).toEqual({ ok: false, code: "limit", why: "file is 6 bytes; the limit is 5 bytes" });
  });
});

/** A scenario in `dir` citing `seed` with `quote` for parameter p_pass. */
function scenarioWithSeed(dir: string, seed: string, quote: string): string {
  const text = edit(
    edit(simpleText(), "calendar:", `seeds:\n  - { file: ${JSON.stringify(seed)}, title: Seed, date: 2026-02-01 }\ncalendar:`),
    "    source: { rationale: test fixture }\n  h_raise:",
    `    source: { seed: ${JSON.stringify(seed)}, quote: ${JSON.stringify(quote)} }\n  h_raise:`,
  );
  const file = join(dir, "s.yaml");
  writeFileSync(file, text);
  return file;
}

describe("seed files", () => {
  /** root/secret.txt outside, root/scen/ holding the scenario. */
  const layout = (): { root: string; scen: string } => {
    const root = dirs.make();
    writeFileSync(join(root, "secret.txt"), "the password is swordfish\n");
    const scen = join(root, "scen");
    mkdirSync(scen);
    return { root, scen };
  };

  it("accepts a seed inside the folder and below it, and checks its quotes", () => {
    const { scen } = layout();
    mkdirSync(join(scen, "seeds"));
    writeFileSync(join(scen, "seeds", "a.txt"), "the bill may pass by March\n");
    expect(loadScenarioFile(scenarioWithSeed(scen, "seeds/a.txt", "may pass")).ok).toBe(true);
    const bad = loadScenarioFile(scenarioWithSeed(scen, "seeds/a.txt", "will fail"));
    expect(bad.ok ? [] : bad.issues.map((i) => toDotPath(i.path))).toEqual(["parameters.p_pass.source.quote"]);
  });

  it("refuses a seed outside the folder and says nothing about its contents", () => {
    const { scen } = layout();
    const results = ["swordfish", "nothing like this"].map((quote) => fails(scenarioWithSeed(scen, "../secret.txt", quote)));
    // A matching and a non-matching quote give the same single line: no oracle.
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual([
      expect.stringMatching(/:\d+:\d+: seeds\[0\]\.file: seed file "\.\.\/secret\.txt" must be inside the scenario's folder \(or a folder below it\)$/),
    ]);
  });

  it("refuses a seed in a folder next to the scenario's folder, also through a symlink inside it", () => {
    const { root, scen } = layout();
    mkdirSync(join(root, "seeds"));
    writeFileSync(join(root, "seeds", "talks.txt"), "the bill may pass by March\n");
    symlinkSync(join(root, "seeds"), join(scen, "linked"));
    for (const seed of ["../seeds/talks.txt", "linked/talks.txt"]) {
      expect(fails(scenarioWithSeed(scen, seed, "may pass"))[0], seed).toContain("must be inside the scenario's folder");
    }
  });

  it("refuses /etc/passwd by a long relative path, by an absolute path, and a missing outside file the same way", () => {
    const { root, scen } = layout();
    for (const seed of ["../../../../../../../../../../etc/passwd", "/etc/passwd", join(root, "secret.txt"), "../no-such-file.txt"]) {
      const lines = fails(scenarioWithSeed(scen, seed, "root:x:0:0"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`seeds[0].file: seed file ${JSON.stringify(seed)} must be inside the scenario's folder`);
    }
  });

  it("refuses a symlink inside the folder that points outside it, and follows one that stays inside", () => {
    const { root, scen } = layout();
    symlinkSync(join(root, "secret.txt"), join(scen, "inner.txt"));
    expect(fails(scenarioWithSeed(scen, "inner.txt", "swordfish"))[0]).toContain("must be inside the scenario's folder");
    writeFileSync(join(scen, "real.txt"), "words in the seed\n");
    symlinkSync(join(scen, "real.txt"), join(scen, "alias.txt"));
    expect(loadScenarioFile(scenarioWithSeed(scen, "alias.txt", "in the seed")).ok).toBe(true);
  });

  it("refuses a FIFO, a directory and a too-large seed inside the folder, promptly and without quote checks", () => {
    const { scen } = layout();
    const cases: [string, RegExp][] = [
      ["sub", /seeds\[0\]\.file: cannot read seed file "sub": is a directory$/],
      ["big.txt", new RegExp(`seeds\\[0\\]\\.file: seed file "big\\.txt" is too large: file is ${MAX_SEED_BYTES + 1} bytes; the limit is ${MAX_SEED_BYTES} bytes$`)],
      ["missing.txt", /seeds\[0\]\.file: cannot read seed file "missing\.txt": no such file$/],
    ];
    mkdirSync(join(scen, "sub"));
    writeFileSync(join(scen, "big.txt"), Buffer.alloc(MAX_SEED_BYTES + 1, 0x61));
    if (fifo(join(scen, "pipe.txt")) !== undefined) {
      cases.push(["pipe.txt", /seeds\[0\]\.file: cannot read seed file "pipe\.txt": is not a regular file \(a device, pipe or socket\)$/]);
    }
    for (const [seed, re] of cases) {
      const lines = fails(scenarioWithSeed(scen, seed, "aaaa"));
      expect(lines, seed).toHaveLength(1);
      expect(lines[0], seed).toMatch(re);
    }
    const big = loadScenarioFile(scenarioWithSeed(scen, "big.txt", "aaaa"));
    expect(big.ok ? [] : big.issues.map((i) => i.code)).toEqual(["limit"]);
  });

  it("reads a seed through readSeedFile relative to the scenario's folder", () => {
    const { scen } = layout();
    writeFileSync(join(scen, "n.txt"), "text");
    expect(readSeedFile(join(scen, "s.yaml"), "n.txt")).toBe("text");
    expect(readSeedFile(join(scen, "s.yaml"), "../secret.txt")).toEqual({
      code: "source",
      message: `seed file "../secret.txt" must be inside the scenario's folder (or a folder below it)`,
    });
  });
});
