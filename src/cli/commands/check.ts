/**
 * `tariffsim check [scenario]`: tests the scenario's claims as properties
 * (fast-check over the parameter box or the declared uncertainty, exact
 * solves where the solver applies). Exit 0 when every claim holds, 1 when one
 * fails (or cannot be tested), 2 for a bad claim or option.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { checkClaims } from "../../claims/check.js";
import { claimsText, claimsTidy } from "../../report/claims.js";
import { renderTidy } from "../../report/tidy.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { checkWide, collect, parseOutPath, parseSeed, tableWidth, wholeNumber, WIDE_HELP } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { loadOrFail } from "../scenario.js";

/** Exit code when a claim fails: the checks ran, and the model does not behave as its authors say. */
export const EXIT_CLAIM_FAILS = 1;
/** Default fast-check seed: fixed, so that two plain checks test the same points. */
export const DEFAULT_CHECK_SEED = 20260203;

/** Adds the `check` command. */
export function addCheckCommand(program: Command, ctx: CliContext): void {
  program
    .command("check")
    .description("test the scenario's claims (monotone, bound, order) as properties, with shrunk counterexamples")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .option("--claim <id>", "check only this claim (repeatable)", collect, [])
    .option("--runs <n>", "points tried per claim before shrinking", wholeNumber(1, 100_000), 100)
    .option("-s, --seed <seed>", "fast-check seed (the same seed tests the same points)", parseSeed, DEFAULT_CHECK_SEED)
    .option("--mc-runs <n>", "Monte Carlo runs per point where the exact solver's limits are met", wholeNumber(100, 10_000_000), 20_000)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", WIDE_HELP)
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const path = file ?? defaultScenario();
      const loaded = await loadOrFail(ctx, path);
      const sc = loaded.scenario;
      if (sc.claims.length === 0) throw new CliError([`${path}: scenario "${sc.id}" has no claims to check`]);
      const r = checkClaims(sc, opts.claim, {
        seed: opts.seed, numRuns: opts.runs, mcRuns: opts.mcRuns, command: `tariffsim exact ${file ?? ""}`.trimEnd(),
      });
      if (!r.ok) throw new CliError(formatIssues(path, r.issues, loaded.locate));
      const results = r.value;
      const text = format === "json" ? JSON.stringify({ scenario: sc.id, seed: opts.seed, runs: opts.runs, claims: results }, null, 2) + "\n"
        : format === "table" ? claimsText(results, opts.seed, tableWidth(ctx, opts))
        : renderTidy(format, provenance(ctx, [["scenario", sc.id], ["title", sc.title], ["seed", String(opts.seed)], ["runs", String(opts.runs)]]), claimsTidy(results));
      // A row per claim (CSV and Markdown: per side of a counterexample too).
      await emit(ctx, text, opts.out, reportWhat(format, format === "table" ? results.length : claimsTidy(results).rows.length));
      const bad = results.filter((x) => x.status !== "holds");
      if (bad.length > 0) {
        throw new CliError(bad.map((x) => `${path}: claim "${x.id}" ${x.status === "fails" ? "fails" : "could not be tested"}`), EXIT_CLAIM_FAILS);
      }
    });
}
