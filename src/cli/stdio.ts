/**
 * What a failed write to standard output means for the process. Pure; the
 * process entry (main.ts) installs the handler.
 * @module
 */
import { EXIT_IO } from "./errors.js";

/** How the process ends after standard output failed: an exit code, and a line for stderr if any. */
export interface StdoutFailure {
  readonly exitCode: number;
  readonly line: string | undefined;
}

/**
 * Maps an 'error' event of standard output to how the process ends. EPIPE
 * means the reader stopped reading (`tariffsim … | head -2`): that was its
 * choice, so the process ends quietly with 0, as most command-line tools do.
 * Anything else (ENOSPC on a full disk, EIO) is exit {@link EXIT_IO} with
 * one line: `tariffsim: cannot write to standard output: ENOSPC (no space left on device)`.
 */
export function stdoutFailure(e: unknown): StdoutFailure {
  const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
  if (code === "EPIPE") return { exitCode: 0, line: undefined };
  return { exitCode: EXIT_IO, line: `tariffsim: cannot write to standard output: ${code ?? "error"} (${systemText(e, code)})` };
}

/** The human part of a system error's message: `ENOSPC: no space left on device, write` → `no space left on device`. */
function systemText(e: unknown, code: string | undefined): string {
  const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
  const m = code === undefined ? null : new RegExp(`^${code}: (.*?)(?:, \\w+)?$`).exec(msg);
  return m?.[1] ?? msg;
}
