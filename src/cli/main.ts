#!/usr/bin/env node
/**
 * The process entry: runs the program and maps failures to exit codes.
 * The only place that reads argv and sets the exit code.
 * @module
 */
import { runCli } from "./runCli.js";
import { processContext } from "./context.js";

process.exitCode = await runCli(process.argv.slice(2), processContext);
