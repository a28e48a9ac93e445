#!/usr/bin/env node
/**
 * The process entry: runs the program and maps failures to exit codes.
 * The only place that reads argv and sets the exit code.
 * @module
 */
import { runCli } from "./runCli.js";
import { processContext } from "./context.js";
import { stdoutFailure } from "./stdio.js";

// Write errors on stdout arrive as asynchronous 'error' events (unhandled,
// Node prints a stack trace and exits 1). The first one decides how the
// process ends, at once: whatever runCli returns later never runs, so the
// two cannot race. See stdoutFailure for the codes.
process.stdout.on("error", (e) => {
  const f = stdoutFailure(e);
  if (f.line !== undefined) process.stderr.write(`${f.line}\n`);
  process.exit(f.exitCode);
});
// Nowhere is left to report a failing stderr; the exit code still tells.
process.stderr.on("error", () => undefined);

process.exitCode = await runCli(process.argv.slice(2), processContext);
