/**
 * Progress of long work (Monte Carlo runs, the analyses' solves): a bar with
 * rate and ETA on stderr, drawn only when stderr is a terminal, never with
 * `--quiet`, and only once the work has taken {@link PROGRESS_DELAY_MS}
 * (short work stays silent). Ctrl-C during the work prints one line saying
 * what was interrupted (`interrupted: 3,200,000 of 10,000,000 runs done`)
 * and the process then dies of the signal, as it would without the line
 * (a shell reports exit 130). The engine knows nothing of this: the CLI's batch loops
 * (parallel.ts, pointsParallel.ts) call `update` at batch boundaries.
 * @module
 */
import { SingleBar } from "cli-progress";
import type { CliContext } from "./context.js";

/** Work shorter than this (ms) shows no bar: "work expected to take more than about a second". */
export const PROGRESS_DELAY_MS = 1000;

/** Where progress goes, and whether the process's signals are ours to handle (a real process; not in-process tests). */
export interface ProgressTerminal {
  /** The stream the bar is drawn on (stderr). */
  readonly stream: NodeJS.WritableStream;
  /** Whether `stream` is a terminal: no bar otherwise. */
  readonly isTTY: boolean;
  /** Handle SIGINT while work runs (print what was interrupted, then die of the signal). */
  readonly signals: boolean;
  /** Delay before the bar appears (ms); default {@link PROGRESS_DELAY_MS}. */
  readonly delayMs?: number;
}

/** One piece of tracked work. */
export interface Progress {
  /** `done` units finished so far (monotone; called at batch boundaries). */
  readonly update: (done: number) => void;
  /** The work ended (done or failed): the bar is cleared, the signal handler removed. */
  readonly stop: () => void;
}

/** A tracker that does nothing (no terminal known). */
const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** `1234567` as `1,234,567`. */
function n(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

/** Seconds as `42s`, `3m 05s` or `2h 07m`; `?` before there is a rate to tell. Pure. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const t = Math.round(seconds);
  const two = (x: number): string => String(x).padStart(2, "0");
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m ${two(t % 60)}s`;
  return `${Math.floor(t / 3600)}h ${two(Math.floor((t % 3600) / 60))}m`;
}

/**
 * Starts tracking `total` units of work (`unit`: "runs", "solves"). Draws a
 * bar on `ctx.terminal` when it is a terminal, `quiet` is false, and the work
 * outlasts the delay; handles Ctrl-C when `ctx.terminal.signals`. Call
 * `stop` when the work ends, whichever way.
 */
export function startProgress(ctx: CliContext, total: number, unit: string): Progress {
  const term = ctx.terminal;
  if (term === undefined || total <= 0) return NONE;
  const t0 = Date.now();
  let done = 0;
  let bar: SingleBar | undefined;
  const draw = term.isTTY && ctx.quiet?.() !== true;
  const show = (): void => {
    bar = new SingleBar({
      stream: term.stream,
      format: `{bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      formatValue: (v, _o, type) => (type === "value" || type === "total" ? n(Number(v)) : String(v)),
      formatTime: (t) => duration(t),
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      linewrap: false,
      fps: 5,
    });
    bar.start(total, done, { rate: rate() });
  };
  const rate = (): string => n(done / Math.max(1e-3, (Date.now() - t0) / 1000));
  const timer = draw ? setTimeout(show, term.delayMs ?? PROGRESS_DELAY_MS) : undefined;
  const onSigint = (): void => {
    bar?.stop();
    ctx.err(`interrupted: ${n(done)} of ${n(total)} ${unit} done\n`);
    // Then die of the signal itself, as without this handler: a shell or a
    // script running us sees "killed by SIGINT" (and stops a loop), exit 130.
    if (timer !== undefined) clearTimeout(timer);
    process.removeListener("SIGINT", onSigint);
    process.kill(process.pid, "SIGINT");
    // Still here: SIGINT was ignored when the process started (a background job of a script); end anyway.
    process.exit(130);
  };
  if (term.signals) process.once("SIGINT", onSigint);
  return {
    update: (d) => {
      done = d;
      bar?.update(d, { rate: rate() });
    },
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      if (term.signals) process.removeListener("SIGINT", onSigint);
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Runs `work` with a tracker, stopping it however the work ends. */
export async function withProgress<T>(ctx: CliContext, total: number, unit: string, work: (p: Progress) => Promise<T>): Promise<T> {
  const p = startProgress(ctx, total, unit);
  try {
    return await work(p);
  } finally {
    p.stop();
  }
}

/** Lets timers, the bar and signal handlers run between two synchronous batches. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
