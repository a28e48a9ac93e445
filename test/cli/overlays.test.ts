/**
 * `--params FILE` overlays and visible overrides, through the CLI in-process:
 * precedence checked on actual results (an overlay gives exactly the numbers
 * of the equivalent `--set`), the JSON `overrides` field, the table header,
 * the `params` listing, and bad overlays (bad values, FIFO, directory,
 * missing file, seeds outside the allowed folders) as exit 2, one line each.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { SIMPLE } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/overlays/${name}`, import.meta.url));
const LOW = fixture("pass-low.yaml"); // p_pass 0.3, h_raise 0.05
const HIGH = fixture("pass-high.yaml"); // p_pass 0.9, quoting notes.txt
const BOUNDS = fixture("out-of-bounds.yaml");

interface Report {
  parameters: Record<string, number>;
  outcomes: { id: string; probability: number }[];
  groups: unknown[];
  overrides: { name: string; value: number; default: number; from: string }[];
}

async function json(...args: string[]): Promise<Report> {
  const r = await cli(...args, "--format", "json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  const parsed: Report = JSON.parse(r.out);
  return parsed;
}

describe("precedence: defaults < overlay 1 < overlay 2 < --set, on exact results", () => {
  it("one overlay gives exactly the numbers of the same values with --set", async () => {
    const viaOverlay = await json("exact", SIMPLE, "--params", LOW);
    const viaSet = await json("exact", SIMPLE, "--set", "p_pass=0.3", "--set", "h_raise=0.05");
    const defaults = await json("exact", SIMPLE);
    expect(viaOverlay.outcomes).toEqual(viaSet.outcomes);
    expect(viaOverlay.parameters).toEqual({ p_pass: 0.3, h_raise: 0.05 });
    expect(viaOverlay.outcomes[0]?.probability).not.toBe(defaults.outcomes[0]?.probability);
    expect(viaOverlay.overrides).toEqual([
      { name: "p_pass", value: 0.3, default: 0.6, from: `params:${LOW}` },
      { name: "h_raise", value: 0.05, default: 0.02, from: `params:${LOW}` },
    ]);
    expect(viaSet.overrides.map((o) => o.from)).toEqual(["--set", "--set"]);
    expect(defaults.overrides).toEqual([]);
  });

  it("a later overlay wins over an earlier one, and `from` names the last source", async () => {
    const lowHigh = await json("exact", SIMPLE, "--params", LOW, "--params", HIGH);
    const highLow = await json("exact", SIMPLE, "--params", HIGH, "--params", LOW);
    expect(lowHigh.outcomes).toEqual((await json("exact", SIMPLE, "--set", "p_pass=0.9", "--set", "h_raise=0.05")).outcomes);
    expect(highLow.outcomes).toEqual((await json("exact", SIMPLE, "--set", "p_pass=0.3", "--set", "h_raise=0.05")).outcomes);
    expect(lowHigh.overrides).toEqual([
      { name: "p_pass", value: 0.9, default: 0.6, from: `params:${HIGH}` },
      { name: "h_raise", value: 0.05, default: 0.02, from: `params:${LOW}` },
    ]);
    expect(highLow.overrides[0]).toEqual({ name: "p_pass", value: 0.3, default: 0.6, from: `params:${LOW}` });
  });

  it("--set wins over every overlay, whatever the order on the command line", async () => {
    const r = await json("exact", SIMPLE, "--set", "p_pass=0.1", "--params", LOW, "--params", HIGH);
    expect(r.outcomes).toEqual((await json("exact", SIMPLE, "--set", "p_pass=0.1", "--set", "h_raise=0.05")).outcomes);
    expect(r.overrides).toEqual([
      { name: "p_pass", value: 0.1, default: 0.6, from: "--set" },
      { name: "h_raise", value: 0.05, default: 0.02, from: `params:${LOW}` },
    ]);
  });

  it("Monte Carlo counts with an overlay equal those with the equivalent --set (same seed)", async () => {
    const a = await json("run", SIMPLE, "--runs", "3000", "--seed", "9", "--params", LOW);
    const b = await json("run", SIMPLE, "--runs", "3000", "--seed", "9", "--set", "p_pass=0.3", "--set", "h_raise=0.05");
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.overrides).toHaveLength(2);
  });

  it("the same name twice with --set stays an error, with or without overlays", async () => {
    const r = await cli("exact", SIMPLE, "--params", LOW, "--set", "p_pass=0.2", "--set", "p_pass=0.3");
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${SIMPLE}: --set p_pass: given twice (0.2 and 0.3)\n`);
  });
});

describe("JSON: overrides in every report", () => {
  it("is present (empty) at the defaults, and beside the existing fields with --method both, --timeline and --replay", async () => {
    const plain = await json("run", SIMPLE, "--runs", "200");
    const withO = await json("run", SIMPLE, "--runs", "200", "--params", LOW);
    // The existing fields are unchanged in name; only `overrides` is added.
    expect(Object.keys(withO)).toEqual(Object.keys(plain));
    expect(Object.keys(plain).at(-1)).toBe("overrides");
    // (--replay replays one run: --runs does not go with it; --method exact samples nothing.)
    for (const args of [["--runs", "200", "--method", "both"], ["--runs", "200", "--timeline"], ["--replay", "3"], ["--method", "exact", "--timeline"]]) {
      const r = await json("run", SIMPLE, "--set", "h_raise=0.1", ...args);
      expect(r.overrides, args.join(" ")).toEqual([{ name: "h_raise", value: 0.1, default: 0.02, from: "--set" }]);
    }
    expect((await json("exact", SIMPLE, "--timeline")).overrides).toEqual([]);
  });
});

describe("tables: the Overrides header", () => {
  it("appears under the scenario line of run, exact, both and replay", async () => {
    for (const args of [["run", "--runs", "200"], ["exact"], ["run", "--method", "both", "--runs", "200"], ["run", "--replay", "1"]]) {
      const [cmd = "", ...rest] = args;
      const r = await cli(cmd, SIMPLE, ...rest, "--params", LOW, "--set", "p_pass=0.5");
      expect(r.code, args.join(" ")).toBe(0);
      const lines = r.out.split("\n");
      const at = lines.findIndex((l) => l.startsWith("Overrides: "));
      expect(at, args.join(" ")).toBe(2);
      expect(lines[2]).toBe("Overrides: p_pass = 0.5 (default 0.6, from --set)");
      expect(lines[3]).toBe(`           h_raise = 0.05 (default 0.02, from params:${LOW})`);
    }
  });

  it("is absent at the defaults, so the baseline table is unchanged", async () => {
    const r = await cli("exact", SIMPLE);
    expect(r.out).not.toContain("Overrides");
    expect(r.out.split("\n")[2]).toMatch(/^┌/);
  });
});

describe("params: effective value and origin", () => {
  it("adds Value and From columns (with the overlay's rationale) only when overlays or sets are given", async () => {
    const plain = await cli("params", SIMPLE);
    expect(plain.out).not.toContain("From");
    const r = await cli("params", SIMPLE, "--params", LOW, "--set", "p_pass=0.5");
    expect(r.code).toBe(0);
    const row = (name: string): string | undefined => r.out.split("\n").find((l) => l.includes(` ${name} `));
    expect(row("p_pass")).toMatch(/│ p_pass\s+│ 0\.6\s+│ 0\.5\s+│ --set\s+│ \[0, 1\]/);
    expect(row("h_raise")).toMatch(/│ h_raise\s+│ 0\.02\s+│ 0\.05\s+│ params:\S*pass-low\.yaml\s+│ \[0, 0\.5\]/);
    expect(r.out).toContain("(high hazard)");
  });

  it("JSON: each parameter gets value, from and, from an overlay, valueSource", async () => {
    const r = await cli("params", SIMPLE, "--format", "json", "--params", HIGH, "--set", "h_raise=0.02");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject([
      { name: "p_pass", default: 0.6, value: 0.9, from: `params:${HIGH}`, valueSource: { seed: "notes.txt", quote: "passage is all but   certain" } },
      { name: "h_raise", default: 0.02, value: 0.02, from: "--set" },
    ]);
    const plain: unknown[] = JSON.parse((await cli("params", SIMPLE, "--format", "json")).out);
    expect(plain[0]).not.toHaveProperty("from");
  });

  it("every --set problem at once: a malformed value does not hide an unknown name or a value out of bounds", async () => {
    const r = await cli("exact", SIMPLE, "--set", "h_raise=abc", "--set", "nope=1", "--set", "p_pass=3");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([
      `${SIMPLE}: --set h_raise: "abc" is not a plain decimal number (e.g. 0.3, -2 or 1e-4)`,
      `${SIMPLE}: --set nope: unknown parameter "nope"`,
      `${SIMPLE}: --set p_pass: 3 is outside the bounds [0, 1] of "p_pass"`,
    ]);
  });

  it("checks --set in params too", async () => {
    const r = await cli("params", SIMPLE, "--set", "h_raise=0.9");
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${SIMPLE}: --set h_raise: 0.9 is outside the bounds [0, 0.5] of "h_raise"\n`);
  });
});

describe("bad overlays: exit 2, one line per problem", () => {
  it("unknown name (with a suggestion) and a value out of bounds, with line:col in the overlay", async () => {
    const r = await cli("exact", SIMPLE, "--params", BOUNDS);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(nonEmptyLines(r.err)).toEqual([
      `${BOUNDS}:5:12: values.h_raise.value: 0.75 is outside the bounds [0, 0.5] of "h_raise"`,
      `${BOUNDS}:7:10: values.p_pas: unknown parameter "p_pas" (did you mean "p_pass"?)`,
    ]);
  });

  it("values that break a model within bounds: the scenario's line, and the overlay and options that gave them", async () => {
    const overlay = join(dirs.make(), "weights.yaml");
    writeFileSync(overlay, "name: weights\nvalues:\n  p_pass_in_window: { value: 0.9, rationale: r }\n  p_filibuster: { value: 0.8, rationale: r }\n");
    const korea = fileURLToPath(new URL("../../scenarios/korea-us-2026.yaml", import.meta.url));
    const r = await cli("exact", korea, "--params", overlay, "--set", "p_filibuster=0.9");
    expect(r.code).toBe(2);
    const lines = nonEmptyLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+korea-us-2026\.yaml:\d+:\d+: machines\.assembly\.transitions\[0\]\.to: branch weights sum to 1\.8, /);
    expect(lines[0]).toContain(`; given by --params ${overlay} (p_pass_in_window), --set (p_filibuster)`);
  });

  it("a FIFO, a directory and a missing file: one line each, without blocking; all problems at once", async () => {
    const dir = dirs.make();
    const fifo = join(dir, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    const r = await cli("exact", SIMPLE, "--params", fifo, "--params", dir, "--params", join(dir, "none.yaml"), "--set", "p_pass=2");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([
      `${fifo}: is not a regular file (a device, pipe or socket)`,
      `${dir}: is a directory`,
      `${join(dir, "none.yaml")}: no such file`,
      `${SIMPLE}: --set p_pass: 2 is outside the bounds [0, 1] of "p_pass"`,
    ]);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it("a file over 1 MiB is refused", async () => {
    const file = join(dirs.make(), "big.yaml");
    writeFileSync(file, `name: big\nvalues: {}\n#${"x".repeat(1024 * 1024)}\n`);
    const r = await cli("exact", SIMPLE, "--params", file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}: file is ${1024 * 1024 + 23} bytes; the limit is 1048576 bytes\n`);
  });

  it("an overlay for another scenario", async () => {
    const r = await cli("exact", SIMPLE, "--params", fixture("../../../scenarios/overlays/court-upholds.yaml"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/court-upholds\.yaml:10:11: scenario: this overlay is for scenario "korea-us-2026", not "simple"\n.*court-upholds\.yaml:13:5: values\.p_struck_down: unknown parameter "p_struck_down"\n$/);
  });
});

describe("quotes in overlays", () => {
  /** A folder with a copy of the simple scenario and an overlay whose p_pass quotes `seed`. */
  function setup(seed: string, quote = "all but certain"): { scenario: string; overlay: string; dir: string } {
    const dir = dirs.make();
    mkdirSync(join(dir, "overlays"));
    const scenario = join(dir, "simple.yaml");
    copyFileSync(SIMPLE, scenario);
    writeFileSync(join(dir, "notes.txt"), "The chair said passage is all but certain.\n");
    const overlay = join(dir, "overlays", "o.yaml");
    writeFileSync(overlay, `name: q\nvalues:\n  p_pass: { value: 0.9, seed: ${JSON.stringify(seed)}, quote: ${JSON.stringify(quote)} }\n`);
    return { scenario, overlay, dir };
  }

  it("a seed in the scenario's folder is read and the quote checked", async () => {
    const ok = setup("../notes.txt");
    expect((await cli("exact", ok.scenario, "--params", ok.overlay)).code).toBe(0);
    const bad = setup("../notes.txt", "never said");
    const r = await cli("exact", bad.scenario, "--params", bad.overlay);
    expect(r.err).toBe(`${bad.overlay}:3:54: values.p_pass.quote: quote does not occur verbatim in "../notes.txt"\n`);
  });

  it("a seed outside the overlay's and the scenario's folders is not read, existing or not", async () => {
    const outsider = join(dirs.make(), "secret.txt");
    writeFileSync(outsider, "all but certain");
    for (const seed of [outsider, `${outsider}.missing`, "../../../../../../../../etc/passwd"]) {
      const s = setup(seed);
      const r = await cli("exact", s.scenario, "--params", s.overlay);
      expect(r.code, seed).toBe(2);
      expect(r.err, seed).toBe(`${s.overlay}:3:31: values.p_pass.seed: seed file ${JSON.stringify(seed)} must be inside the overlay's folder or the scenario's folder (or a folder below one)\n`);
    }
  });

  it("a symlink out of the allowed folders is not followed; a FIFO seed is refused", async () => {
    const outsider = join(dirs.make(), "secret.txt");
    writeFileSync(outsider, "all but certain");
    const s = setup("link.txt");
    symlinkSync(outsider, join(s.dir, "overlays", "link.txt"));
    expect((await cli("exact", s.scenario, "--params", s.overlay)).err).toContain(`seed file "link.txt" must be inside`);
    const f = setup("pipe.txt");
    execFileSync("mkfifo", [join(f.dir, "overlays", "pipe.txt")]);
    expect((await cli("exact", f.scenario, "--params", f.overlay)).err)
      .toBe(`${f.overlay}:3:31: values.p_pass.seed: cannot read seed file "pipe.txt": is not a regular file (a device, pipe or socket)\n`);
  });
});
