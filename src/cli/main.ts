#!/usr/bin/env node
/**
 * The process entry: runs the program and maps failures to exit codes.
 * The only place that reads argv and sets the exit code.
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runCli } from "./runCli.js";
import { processContext } from "./context.js";
import { stdoutFailure } from "./stdio.js";
import { prestartWorkers } from "./threads.js";

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

// A big `run` over several threads: its worker threads start now, while this thread loads the program,
// the command and the scenario (threads.ts); `run` takes them.
const started = prestartWorkers(process.argv.slice(2));

// No on-stack replacement. Why: the specialised engine's batch function (src/engine/fast/) is called
// once per 128 runs, so V8 optimises it on entry; on-stack replacement compiled the same large function
// a second time (~0.1 s of CPU on a background thread) while a call was still in the interpreter. Long
// loops elsewhere are inside functions called often enough to be optimised on entry too; measured on
// `run`, `exact`, `tornado` and `--replay`: no slower (README "Performance"). The flag is read when V8
// decides to tier up, so setting it before the command runs is enough (and changes no result, only when
// code is compiled). Why only once the program is loaded, and only when no worker thread was started: a
// V8 flag that decides code, changed at run time, changes the hash Node's cache of its own compiled
// modules is checked against, so the Node modules loaded after it (the program's: ~6 ms more CPU for a
// warm `run`), and a worker thread set up after it (its start took ~70 ms instead of ~35), were compiled
// from source. Beside workers this thread pauses while V8 optimises its batch function (pacer.ts), and no
// second compilation was seen.
const noOsr = (): void => {
  if (started === 0) setFlagsFromString("--no-use-osr");
};

process.exitCode = await runCli(process.argv.slice(2), processContext, noOsr);
