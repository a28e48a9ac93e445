/**
 * `--format table|json|csv|md` and the format an `--out` file's extension
 * implies; the provenance written at the top of CSV and Markdown reports.
 * @module
 */
import { extname } from "node:path";
import { InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { FORMATS, type Format, type Provenance } from "../report/tidy.js";
import { version, type CliContext } from "./context.js";
import { CliError } from "./errors.js";

/** The format each `--out` extension implies (case-insensitive); any other extension gives a table. */
export const EXTENSION_FORMATS: Readonly<Record<string, Format>> = { ".json": "json", ".csv": "csv", ".md": "md", ".txt": "table" };

/**
 * The `--format` option, with no default: absent, the `--out` extension
 * decides (see {@link resolveFormat}). Given twice is an error: the last
 * would silently win, as commander's own `choices` lets it.
 */
export function formatOption() {
  return new Option("-f, --format <format>", `output format (default: from the --out extension .json/.csv/.md/.txt, else table) (choices: ${FORMATS.map((f) => `"${f}"`).join(", ")})`)
    .argParser((value: string, previous: Format | undefined): Format => {
      if (previous !== undefined) throw new InvalidArgumentError("given twice; give it once");
      const f = FORMATS.find((x) => x === value);
      if (f === undefined) throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(", ")}.`);
      return f;
    });
}

/**
 * The format of a report: `--format` when given, else the one `--out`'s
 * extension implies, else a table. A `--format` that contradicts a known
 * extension (`--format json --out x.csv`) is a {@link CliError} (exit 2):
 * a file named `.csv` that holds JSON would be read wrongly.
 */
export function resolveFormat(given: Format | undefined, out: string | undefined): Format {
  const ext = out === undefined ? "" : extname(out).toLowerCase();
  const implied = EXTENSION_FORMATS[ext];
  if (given === undefined) return implied ?? "table";
  if (implied !== undefined && implied !== given) {
    throw new CliError([`${out ?? ""}: --format ${given} does not match the extension ${ext} (${implied}); change one of them`]);
  }
  return given;
}

/** An argument as a shell would need it: as is when plain, else in single quotes. */
function shellWord(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * Provenance of a report: the tool and its version, the given entries, then
 * the command line (when the context knows it). Pure.
 */
export function provenance(ctx: CliContext, entries: Provenance): Provenance {
  return [
    ["tool", `tariffsim ${version()}`],
    ...entries,
    ...(ctx.args === undefined ? [] : [["command", ["tariffsim", ...ctx.args].map(shellWord).join(" ")] as const]),
  ];
}
