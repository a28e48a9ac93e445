/**
 * Where a command's report goes: stdout, or a file written whole.
 * @module
 */
import type { CliContext } from "./context.js";
import { writeFileAtomic } from "./context.js";
import { CliError } from "./errors.js";

/** Writes `text` to stdout, or atomically to `out`; a write failure is a {@link CliError}. */
export function emit(ctx: CliContext, text: string, out: string | undefined): void {
  if (out === undefined) {
    ctx.out(text);
    return;
  }
  try {
    writeFileAtomic(out, text);
  } catch (e) {
    const code = e instanceof Error && "code" in e ? String(e.code) : "error";
    throw new CliError([`${out}: cannot write the report (${code})`]);
  }
}
