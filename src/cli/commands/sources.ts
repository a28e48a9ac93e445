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
import { sourceEntry, sourcesPage, type SourceEntry } from "../../sources/list.js";
import { indexSeed, type SeedIndex } from "../../scenario/seedSearch.js";
import { toDotPath } from "../../scenario/issues.js";
import type { Scenario } from "../../scenario/scenario.js";
import { MAX_EVIDENCE_BYTES, parseEvidenceText } from "../../evidence/file.js";
import { readBoundedFile } from "../../io.js";
import { overlaySeedReader } from "../overlays.js";
import { escapeText } from "../../report/escape.js";
import { PAGE_WIDTH, sourcesText, sourcesTidy } from "../../report/sources.js";
import { fitText } from "../../report/fit.js";
import { renderTidy } from "../../report/tidy.js";
import { issue } from "../../scenario/issues.js";
import { sourcedItems } from "../../scenario/sourced.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, formatIssues } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { checkWide, collectPath, parseOutPath, tableWidth } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { loadOrFail } from "../scenario.js";

/**
 * The observations of evidence files as source entries (kind `observation`,
 * path `FILE:observations[i].observation`), each quote located in its seed
 * (read relative to the evidence file, with the evidence loader's guards).
 * A file that does not load is a {@link CliError}, as for `run --evidence`.
 */
function observationEntries(scenarioFile: string, sc: Scenario, files: readonly string[]): SourceEntry[] {
  const out: SourceEntry[] = [];
  const lines: string[] = [];
  for (const file of files) {
    const read = readBoundedFile(file, MAX_EVIDENCE_BYTES);
    if (!read.ok) {
      lines.push(...formatIssues(file, [issue(read.code, [], read.why)], () => undefined));
      continue;
    }
    const reader = overlaySeedReader(file, scenarioFile, "evidence file");
    const r = parseEvidenceText(read.text, sc, `evidence:${file}`, reader);
    if (!r.ok) {
      lines.push(...formatIssues(file, r.issues, r.locate));
      continue;
    }
    const indexes = new Map<string, SeedIndex>();
    for (const it of r.evidence.items) {
      const src = it.source;
      if (src === undefined) continue;
      if ("seed" in src && !indexes.has(src.seed)) {
        const t = reader(src.seed);
        if (t.ok) indexes.set(src.seed, indexSeed(t.text));
      }
      out.push(sourceEntry("observation", it.observation.text, `${file}:${toDotPath(it.path)}`, src, indexes));
    }
  }
  if (lines.length > 0) throw new CliError(lines);
  return out;
}

/**
 * The page as text: wrapped at {@link PAGE_WIDTH} columns, or at the
 * terminal's width when it is narrower (lines the page does not wrap, such
 * as long paths, wrapped too); `width` undefined for a pipe, a file or
 * `--wide`. Pure.
 */
function pageText(page: ReturnType<typeof sourcesPage>, width: number | undefined): string {
  return fitText(sourcesText(page, width === undefined ? PAGE_WIDTH : Math.min(width, PAGE_WIDTH)), width) + "\n";
}

/** Adds the `sources` command. */
export function addSourcesCommand(program: Command, ctx: CliContext): void {
  program
    .command("sources")
    .description("every number's origin on one page: quotes with their line in the seed, or rationales")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .addOption(formatOption())
    .option("-o, --out <file>", "write to a file (whole or not at all; a new path or a regular file) instead of stdout", parseOutPath)
    .option("--evidence <file>", "also list the observations of an evidence file (repeatable)", collectPath, [])
    .option("--wide", `the page at ${PAGE_WIDTH} columns whatever the terminal (default: a narrower terminal's width)`)
    .option("--strict", "exit 2 (after writing the page) when any entry needs attention: a quote not found, a placeholder rationale")
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const path = file ?? defaultScenario();
      const loaded = await loadOrFail(ctx, path);
      const texts = new Map<string, SeedText>();
      for (const s of loaded.scenario.seeds) if (!texts.has(s.file)) texts.set(s.file, readSeedFile(path, s.file));
      const page = sourcesPage(loaded.scenario, texts, observationEntries(path, loaded.scenario, opts.evidence));
      const text = format === "json" ? JSON.stringify(page, null, 2) + "\n"
        : format === "table" ? pageText(page, tableWidth(ctx, opts))
        : renderTidy(format, provenance(ctx, [["scenario", page.scenario], ["title", page.title],
          ...page.seeds.map((s) => ["seed", `${s.file}: ${s.title}`] as const)]), sourcesTidy(page));
      await emit(ctx, text, opts.out, reportWhat(format, page.entries.length));
      if (opts.strict === true) {
        // Entries come in sourcedItems' order, so each problem gets its field's path (and line:col).
        const items = sourcedItems(loaded.scenario);
        const issues = page.entries.flatMap((e, i) => (e.problem === null || i >= items.length ? [] : [issue("source", items[i]?.path ?? [], e.problem)]));
        // Observations come after the scenario's own items, each naming its evidence file.
        const observed = page.entries.slice(items.length).flatMap((e) => (e.problem === null ? [] : [`${escapeText(e.path)}: ${e.problem}`]));
        if (issues.length + observed.length > 0) throw new CliError([...formatIssues(path, issues, loaded.locate), ...observed]);
      }
    });
}
