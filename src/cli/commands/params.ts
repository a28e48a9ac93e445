/**
 * `tariffsim params [scenario]`: the parameters, their defaults, bounds and sources.
 * @module
 */
import { Option, type Command } from "@commander-js/extra-typings";
import { renderTable } from "../../report/table.js";
import { defaultScenario, type CliContext } from "../context.js";
import { loadOrFail } from "../scenario.js";
import { emit } from "../output.js";

/** Adds the `params` command. */
export function addParamsCommand(program: Command, ctx: CliContext): void {
  program
    .command("params")
    .description("list a scenario's parameters with defaults, bounds, units and sources")
    .argument("[scenario]", "scenario file; default: the shipped Korea–US scenario")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"] as const).default("table" as const))
    .option("-o, --out <file>", "write to a file instead of stdout")
    .action((file, opts) => {
      const loaded = loadOrFail(ctx, file ?? defaultScenario());
      const ps = loaded.scenario.parameters;
      if (opts.format === "json") {
        emit(ctx, JSON.stringify(ps.map(({ path: _path, ...p }) => p), null, 2) + "\n", opts.out);
        return;
      }
      const src = (p: (typeof ps)[number]): string =>
        "quote" in p.source ? `“${p.source.quote}” (${p.source.seed})${p.source.rationale === undefined ? "" : ` ${p.source.rationale}`}` : p.source.rationale;
      const table = renderTable(
        ["Parameter", "Default", "Bounds", "Unit", "Description", "Source"],
        ps.map((p) => [p.name, String(p.default), `[${p.min}, ${p.max}]`, p.unit, wrap(p.description, 40), wrap(src(p), 50)]),
      );
      emit(ctx, `${loaded.scenario.title}\n${table}\n`, opts.out);
    });
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
