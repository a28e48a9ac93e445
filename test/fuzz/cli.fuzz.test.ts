/**
 * Fuzzing `tariffsim validate` end to end (in-process, through
 * test/helpers/cli.ts): mutants of the shipped scenarios written as files
 * next to a copy of their seeds. Exit 0 or 2 only, never 70; exit 0 prints
 * one `file: ok (…)` line; either way stderr has exactly one line per issue
 * the library reports for the file (`loadScenarioFile` + `prepareModel` +
 * `checkScenarioUncertainty`),
 * each starting with the file name, and no stack trace.
 *
 * A new draw on every run; fast-check prints the seed of a failure and
 * TARIFFSIM_PROPERTY_SEED replays it.
 */
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/io.js";
import { prepareModel } from "../../src/model/prepare.js";
import { checkScenarioUncertainty } from "../../src/uncertainty/check.js";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { ROOT } from "../helpers/scenario.js";
import { bases, mutantArb, type Mutant } from "./mutate.js";

const SEED = process.env.TARIFFSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.TARIFFSIM_PROPERTY_SEED);
/** TARIFFSIM_FUZZ_SCALE=10 runs ten times as many cases (for a deeper look by hand; CI runs 1). */
const SCALE = Math.max(1, Number(process.env.TARIFFSIM_FUZZ_SCALE ?? 1) || 1);
const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/**
 * A copy of the repository's `scenarios/` and `seeds/` folders (whatever
 * their layout), so that mutants written into `scenarios/` find their seeds
 * by the same relative paths.
 */
function copyLayout(): string {
  const root = dirs.make();
  cpSync(join(ROOT, "scenarios"), join(root, "scenarios"), { recursive: true });
  if (existsSync(join(ROOT, "seeds"))) cpSync(join(ROOT, "seeds"), join(root, "seeds"), { recursive: true });
  return root;
}

/** How many issues the library reports for a file (what validate must print, one line each). */
function issueCount(file: string): number {
  const r = loadScenarioFile(file);
  if (!r.ok) return r.issues.length;
  const p = prepareModel(r.scenario);
  return r.warnings.length + (p.ok ? p.warnings.length : p.issues.length) + checkScenarioUncertainty(r.scenario).length;
}

describe("fuzzing validate: exit 0 or 2, one line per issue", () => {
  it("the unmodified bases, written the same way next to their seeds, validate (exit 0): the mutants start from valid files", async () => {
    const root = copyLayout();
    for (const b of bases()) {
      const file = join(root, "scenarios", `copy-${b.name.split("/").pop() ?? "x.yaml"}`);
      writeFileSync(file, b.text);
      const r = await cli("validate", file);
      // Only the template's placeholder rationales may warn (by design: its rationales say "Placeholder").
      const warnings = r.err.split("\n").filter((l) => l !== "");
      const allowed = b.name.endsWith("template.yaml") ? warnings.filter((l) => !/: warning: .*rationale reads as a placeholder/.test(l)) : warnings;
      expect({ code: r.code, err: allowed }, b.name).toEqual({ code: 0, err: [] });
    }
  });

  it("on mutants of the shipped scenarios, written next to their seeds", async () => {
    const root = copyLayout();
    const all = bases();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutantArb(all), fc.boolean(), async (m: Mutant, json) => {
        const file = join(root, "scenarios", `case${n++}.${json ? "json" : "yaml"}`);
        writeFileSync(file, m.text);
        const r = await cli("validate", file);
        const problems: string[] = [];
        if (r.code !== 0 && r.code !== 2) problems.push(`exit ${r.code}`);
        if (STACK_LINE.test(r.err) || STACK_LINE.test(r.out)) problems.push("stack trace");
        if (/internal error/i.test(r.err)) problems.push("internal error");
        const errLines = nonEmptyLines(r.err);
        for (const l of errLines) if (!l.startsWith(`${file}:`)) problems.push(`line without the file name: ${l.slice(0, 200)}`);
        if (r.code === 0) {
          if (!new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ok \\(`).test(r.out) || nonEmptyLines(r.out).length !== 1) problems.push(`stdout: ${r.out.slice(0, 200)}`);
        }
        if (r.code === 0 || r.code === 2) {
          const want = issueCount(file);
          if (errLines.length !== want) problems.push(`${errLines.length} stderr lines for ${want} issues`);
        }
        if (problems.length > 0) throw new Error(`${m.base}: ${m.how.slice(0, 600)}\n  ${problems.join("\n  ")}\n  stderr: ${JSON.stringify(r.err.slice(0, 800))}`);
      }),
      { numRuns: 80 * SCALE, interruptAfterTimeLimit: 30_000 * SCALE, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
