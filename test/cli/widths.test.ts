/**
 * Terminal manners of every reporting command (issue 9 item 7): at a
 * terminal's width, no line is wider; to a pipe (no width) and with
 * `--wide`, the output is byte for byte what it was before tables fitted
 * the terminal (test/fixtures/widths/, captured then); `--wide` with a
 * format that is not a table is refused; `--out` says how many rows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { atWidth, longest, tmpDirs } from "../helpers/cli.js";
import { CASES, VOTE, VOTE_U } from "./widths.cases.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const golden = (name: string): string => readFileSync(join("test/fixtures/widths", `${name}.txt`), "utf8");
/** The words of a report, borders removed, sorted: what a narrow table must still hold. */
const words = (t: string): string[] => t.replace(/[│┌┐└┘├┤┬┴┼─]/g, " ").split(/\s+/).filter((w) => w !== "").sort();

/** Reports whose narrow table holds the same words as the wide one (no bar to shorten, no id broken at 80 columns). */
const WORDS_KEPT = new Set(["compare", "conditioned", "sources", "uncertainty", "sweep-1", "sweep-2"]);

describe.each(CASES)("%s", (name, args) => {
  it("to a pipe and with --wide: unchanged; at 80 and 60 columns: no line wider", async () => {
    const pipe = await atWidth(undefined, ...args);
    expect(pipe.code).toBe(0);
    expect(pipe.out).toBe(golden(name));
    const wide = await atWidth(80, ...args, "--wide");
    expect(wide.code).toBe(0);
    expect(wide.out).toBe(golden(name));
    for (const w of [80, 60]) {
      const r = await atWidth(w, ...args);
      expect(r.code).toBe(0);
      expect(longest(r.out)).toBeLessThanOrEqual(w);
      if (longest(pipe.out) <= w) expect(r.out).toBe(pipe.out);
      // Nothing is lost: the same words, only wrapped (a split table repeats its labels).
      if (w === 80 && WORDS_KEPT.has(name)) expect(new Set(words(r.out))).toEqual(new Set(words(pipe.out)));
    }
  }, 60_000);

  it("--wide --format json: exit 2, one line", async () => {
    const r = await atWidth(80, ...args, "--wide", "--format", "json");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe("--wide: only applies to tables; --format json is never cut to the terminal\n");
  });
});

describe("options that would be ignored are refused", () => {
  const cases: [string[], string][] = [
    [["tornado", VOTE, "--method", "exact", "--runs", "500"], "--method exact: --runs only applies to Monte Carlo"],
    [["tornado", VOTE, "--method", "exact", "--seed", "3", "--runs", "500"], "--method exact: --runs, --seed only apply to Monte Carlo"],
    [["sweep", "p_pass=0..0.5", "--scenario", VOTE, "--method", "exact", "--seed", "3"], "--method exact: --seed only applies to Monte Carlo"],
    [["sensitivity", VOTE_U, "--method", "exact", "--runs", "500"], "--method exact: --runs only applies to Monte Carlo"],
    [["uncertainty", VOTE_U, "--method", "exact", "--runs", "500"], "--method exact: --runs only applies to Monte Carlo"],
    [["sources", "--wide", "--format", "csv"], "--wide: only applies to tables; --format csv is never cut to the terminal"],
  ];
  for (const [args, line] of cases) {
    it(args.join(" "), async () => {
      const r = await atWidth(undefined, ...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toBe(`${line}\n`);
    });
  }

  it("with Monte Carlo, or the defaults, they are used", async () => {
    expect((await atWidth(undefined, "tornado", VOTE, "--method", "mc", "--runs", "200", "--seed", "3")).code).toBe(0);
    expect((await atWidth(undefined, "uncertainty", VOTE_U, "--method", "exact", "--samples", "8", "--seed", "3")).code).toBe(0);
  });
});

describe("--out says how many rows it wrote", () => {
  const cases: [string, string[], RegExp][] = [
    ["t.csv", ["tornado", VOTE], /^\(10 rows, csv\)$/],
    ["s.md", ["sweep", "p_pass=0..0.5", "--scenario", VOTE, "--steps", "3"], /^\(3 rows, md\)$/],
    ["u.txt", ["uncertainty", VOTE_U, "--samples", "8", "--format", "table"], /^\(2 rows, table\)$/],
    ["p.csv", ["params"], /^\(\d+ rows, csv\)$/],
    ["s.json", ["sources"], /^\(json\)$/],
    ["s.txt", ["sources"], /^\(\d+ rows, table\)$/],
    ["c.md", ["compare", VOTE, "--a-set", "p_pass=0.3", "--b-set", "p_pass=0.6"], /^\(4 rows, md\)$/],
    ["k.csv", ["check", "--runs", "3"], /^\(3 rows, csv\)$/],
    ["e.csv", ["run", "--evidence", "scenarios/evidence/korea-2026-02-03.yaml", "--runs", "200"], /^\(\d+ rows, csv\)$/],
  ];
  for (const [file, args, what] of cases) {
    it(args.join(" "), async () => {
      const out = join(dirs.make(), file);
      const r = await atWidth(80, ...args, "--out", out);
      expect(r.code).toBe(0);
      const m = new RegExp(`(?:^|\n)wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} (.*)\\n$`).exec(r.err);
      expect(m?.[1]).toMatch(what);
      // A file is not a terminal: the table is whole even though the terminal is 80 columns.
      if (file === "u.txt") expect(readFileSync(out, "utf8")).toBe((await atWidth(undefined, ...args)).out);
    });
  }
});
