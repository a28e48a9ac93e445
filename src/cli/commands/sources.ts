/**
 * `tariffsim sources [scenario]`: every parameter, uncertainty, correlation
 * and claim with its quote (and the line it stands on in its seed) or its
 * rationale, on one page; `--strict` exits 2 when any entry needs attention
 * (a quote not found, a placeholder rationale).
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { readSeedFile } from "../../io.js";
import type { SeedText } from "../../scenario/rules.js";
import { sourcesPage } from "../../sources/list.js";
import { sourcesText, sourcesTidy } from "../../report/sources.js";
import { renderTidy } from "../../report/tidy.js";
import { issue } from "../../scenario/issues.js";
import { sourcedItems } from "../../scenario/sourced.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { parseOutPath } from "../options.js";
import { checkOut, emit } from "../output.js";
import { loadOrFail } from "../scenario.js";

/** Adds the `sources` command. */
export function addSourcesCommand(program: Command, ctx: CliContext): void {
  program
    .command("sources")
    .description("every number's origin on one page: quotes with their line in the seed, or rationales")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .addOption(formatOption())
    .option("-o, --out <file>", "write to a file (whole or not at all; a new path or a regular file) instead of stdout", parseOutPath)
    .option("--strict", "exit 2 (after writing the page) when any entry needs attention: a quote not found, a placeholder rationale")
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      const path = file ?? defaultScenario();
      const loaded = loadOrFail(ctx, path);
      const texts = new Map<string, SeedText>();
      for (const s of loaded.scenario.seeds) if (!texts.has(s.file)) texts.set(s.file, readSeedFile(path, s.file));
      const page = sourcesPage(loaded.scenario, texts);
      const text = format === "json" ? JSON.stringify(page, null, 2) + "\n"
        : format === "table" ? sourcesText(page) + "\n"
        : renderTidy(format, provenance(ctx, [["scenario", page.scenario], ["title", page.title],
          ...page.seeds.map((s) => ["seed", `${s.file}: ${s.title}`] as const)]), sourcesTidy(page));
      await emit(ctx, text, opts.out);
      if (opts.strict === true) {
        // Entries come in sourcedItems' order, so each problem gets its field's path (and line:col).
        const items = sourcedItems(loaded.scenario);
        const issues = page.entries.flatMap((e, i) => (e.problem === null ? [] : [issue("source", items[i]?.path ?? [], e.problem)]));
        if (issues.length > 0) throw new CliError(formatIssues(path, issues, loaded.locate));
      }
    });
}
