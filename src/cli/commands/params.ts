/**
 * `tariffsim params [scenario]`: the parameters, their defaults, bounds and
 * sources; with `--params FILE` overlays or `--set`, also each parameter's
 * effective value and where it came from.
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { drawnWidth, fittedTable } from "../../report/fitTables.js";
import { fitText } from "../../report/fit.js";
import { defaultScenario, type CliContext } from "../context.js";
import { loadOrFail } from "../scenario.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { checkWide, collect, collectPath, parseOutPath, tableWidth, WIDE_HELP } from "../options.js";
import { resolveValuesOrFail, type ResolvedValues } from "../overlays.js";
import { overlayOrigin } from "../../model/params.js";
import type { OverlaySource } from "../../scenario/overlay.js";
import { escapeText as esc } from "../../report/escape.js";
import { overrideMeta } from "../../report/overrides.js";
import { renderTidy, type Cell } from "../../report/tidy.js";
import { formatOption, provenance, resolveFormat } from "../format.js";

/** Adds the `params` command. */
export function addParamsCommand(program: Command, ctx: CliContext): void {
  program
    .command("params")
    .description("list a scenario's parameters with defaults, bounds, units and sources")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .addOption(formatOption())
    .option("-o, --out <file>", "write to a file (whole or not at all; a new path or a regular file) instead of stdout", parseOutPath)
    .option("--params <file>", "apply a parameter overlay file (repeatable; in the order given, before --set) and show each value's origin", collectPath, [])
    .option("--set <name=value>", "override a parameter (repeatable; applied last) and show each value's origin", collect, [])
    .option("--wide", WIDE_HELP)
    .action(async (file, opts) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      const loaded = await loadOrFail(ctx, file ?? defaultScenario());
      const ps = loaded.scenario.parameters;
      const values = await resolveValuesOrFail(loaded, opts.params, opts.set);
      // Value and origin columns only when something was given: the plain listing stays as it was.
      const given = opts.params.length > 0 || opts.set.length > 0;
      const effective = (name: string, def: number): { value: number; from: string; valueSource?: OverlaySource } => {
        const from = values.from.get(name);
        const valueSource = from === undefined ? undefined : overlaySource(values, from, name);
        return { value: values.values.get(name) ?? def, from: from ?? "default", ...(valueSource === undefined ? {} : { valueSource }) };
      };
      if (format === "csv" || format === "md") {
        // One row per parameter, the same fields as the JSON; a source is split into its quote, seed and rationale.
        const srcCells = (x: OverlaySource | undefined): Cell[] =>
          x === undefined ? [null, null, null] : "quote" in x ? [x.quote, x.seed, x.rationale ?? null] : [null, null, x.rationale];
        const columns = ["name", "default", ...(given ? ["value", "from", "value_quote", "value_seed", "value_rationale"] : []),
          "min", "max", "unit", "description", "source_quote", "source_seed", "source_rationale", "uncertainty"];
        const rows = ps.map((p): Cell[] => {
          const e = effective(p.name, p.default);
          return [p.name, p.default, ...(given ? [e.value, e.from, ...srcCells(e.valueSource)] : []),
            p.min, p.max, p.unit, p.description, ...srcCells(p.source), p.uncertainty === undefined ? null : JSON.stringify(p.uncertainty)];
        });
        const meta = provenance(ctx, [["scenario", loaded.scenario.id], ["title", loaded.scenario.title], ...overrideMeta(values.overrides)]);
        await emit(ctx, renderTidy(format, meta, { columns, rows, literal: ["from"] }), opts.out, reportWhat(format, rows.length));
        return;
      }
      if (format === "json") {
        const rows = ps.map(({ path: _path, ...p }) => (given ? { ...p, ...effective(p.name, p.default) } : p));
        await emit(ctx, JSON.stringify(rows, null, 2) + "\n", opts.out, reportWhat(format));
        return;
      }
      const src = (p: (typeof ps)[number]): string => sourceText(p.source);
      // Names and units are one line each (a line break in them is shown as
      // `\n`); descriptions and sources are re-wrapped at any whitespace.
      // renderTable escapes what is left on each line (ESC, bidi controls…).
      // Descriptions wrap at 40 columns, sources at 50 and value sources at
      // 30; on a narrower terminal, all three narrow together until the
      // table fits (then, if need be, as fittedTable fits it).
      const width = tableWidth(ctx, opts);
      const head = ["Parameter", "Default", ...(given ? ["Value", "From"] : []), "Bounds", "Unit", "Description", "Source"];
      const rowsAt = (f: number): string[][] => {
        const at = (n: number): number => Math.max(10, Math.round(n * f));
        const origin = (p: (typeof ps)[number]): string[] => {
          if (!given) return [];
          const e = effective(p.name, p.default);
          const why = e.valueSource === undefined ? "" : `\n${wrap(sourceText(e.valueSource), at(30))}`;
          return [String(e.value), `${esc(e.from)}${why}`];
        };
        return ps.map((p) => [esc(p.name), String(p.default), ...origin(p), `[${p.min}, ${p.max}]`, esc(p.unit), wrap(p.description, at(40)), wrap(src(p), at(50))]);
      };
      let f = 1;
      if (width !== undefined) while (f > 0.25 && drawnWidth(head, rowsAt(f)) > width) f -= 0.05;
      // Default, value and bounds are numbers: they never wrap.
      const table = fittedTable(head, rowsAt(f), undefined, width, { whole: given ? [1, 2, 4] : [1, 2] });
      await emit(ctx, fitText(`${esc(loaded.scenario.title)}\n${table}\n`, width), opts.out, reportWhat(format, ps.length));
    });
}

/** The source an overlay gave for the final value of `name` (the last overlay read from `from` that holds it). */
function overlaySource(values: ResolvedValues, from: string, name: string): OverlaySource | undefined {
  let found: OverlaySource | undefined;
  for (const o of values.overlays) {
    if (overlayOrigin(o.file) !== from) continue;
    const v = o.overlay.values.find((x) => x.name === name);
    if (v !== undefined) found = v.source;
  }
  return found;
}

/** A source as one text: the quote and its seed file, then any rationale. */
function sourceText(s: OverlaySource): string {
  return "quote" in s ? `“${s.quote}” (${s.seed})${s.rationale === undefined ? "" : ` ${s.rationale}`}` : s.rationale;
}

/** Wraps text at word boundaries to `width` columns. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}
