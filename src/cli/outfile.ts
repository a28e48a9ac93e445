/**
 * Writing `--out` files whole or not at all: a temporary file beside the
 * target, written asynchronously, then renamed over it. Only a regular file
 * or a new path is ever replaced.
 * @module
 */
import { lstatSync, realpathSync, unlinkSync, type Stats } from "node:fs";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { inputAt } from "../boundedRead.js";

/** Bytes per asynchronous write: small enough that a signal is handled promptly during a large report. */
const CHUNK_BYTES = 1 << 20; // = 1 MiB

/**
 * Why `path` must not be replaced by `--out` (a symlink, a directory, a
 * device or other special file, or a file this command has read as input),
 * or undefined when it is another regular file or does not exist. Why: renaming over a symlink replaces the link, not its
 * target, and renaming over `/dev/null` as root replaces the device.
 */
export function refuseToReplace(path: string): string | undefined {
  const target = outTarget(path);
  if (target === undefined) return "names a folder, not a file; refusing to write there";
  const st = lstatOrUndefined(target);
  if (st === undefined) return undefined;
  if (st.isFile()) {
    // An input of this command (the scenario, an overlay, evidence, a seed, a partial result), under any name.
    const input = inputAt(st.dev, st.ino);
    return input === undefined ? undefined : `is one of this command's inputs${input === path ? "" : ` (read as ${input})`}; refusing to replace it`;
  }
  if (st.isSymbolicLink()) return "is a symlink; refusing to replace it (write to its target path instead)";
  if (st.isDirectory()) return "is a directory; refusing to replace it";
  return "is not a regular file; refusing to replace it";
}

/**
 * The file a write to `path` replaces: the real path of its folder, as the
 * system resolves it, joined with its name; undefined when `path` names a
 * folder (a trailing `/`, or `.` or `..` last). Why: `path.resolve` drops a
 * trailing `/` and collapses `link/..` as text, not through the link, so a
 * check of the path as typed looked at one file and the write replaced
 * another (the scenario itself, through `scenario.yaml/`). Checks and writes
 * both go through here.
 */
export function outTarget(path: string): string | undefined {
  if (/[/\\]$/.test(path)) return undefined;
  const name = basename(path);
  if (name === "" || name === "." || name === "..") return undefined;
  const dir = dirname(path);
  try {
    // The system's realpath(3): `..` after a symlink goes up from the link's target.
    return join(realpathSync.native(dir), name);
  } catch {
    return resolve(path); // no such folder: the write itself will say so
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined; // missing, or unreadable: the write itself says why
  }
}

/**
 * Temporary files being written now. Removed on SIGINT/SIGTERM during the
 * write and by a process `exit` hook (e.g. when a failed stdout ends the
 * process), so that no `NAME.<pid>.tmp` is ever left behind.
 */
const pending = new Set<string>();
let exitHookInstalled = false;

function removePending(): void {
  for (const p of pending) {
    try { unlinkSync(p); } catch { /* already gone */ }
  }
  pending.clear();
}

/** Exit codes after a signal, as a shell reports them (128 + signal number). */
const SIGNAL_EXIT: Readonly<Record<"SIGINT" | "SIGTERM", number>> = { SIGINT: 130, SIGTERM: 143 };

function onSignal(signal: "SIGINT" | "SIGTERM"): void {
  removePending();
  process.exit(SIGNAL_EXIT[signal]);
}

/** Opens `tmp` exclusively (never through a file or symlink already there); a stale one of ours is replaced. */
async function openExclusive(tmp: string): Promise<FileHandle> {
  try {
    return await open(tmp, "wx", 0o666);
  } catch (e) {
    if (!(e instanceof Error && "code" in e && e.code === "EEXIST")) throw e;
    await unlink(tmp); // removes a link itself, never its target
    return await open(tmp, "wx", 0o666);
  }
}

/**
 * Writes `text` to `path` whole or not at all: to `path.<pid>.tmp`, then
 * renamed over `path`, so an existing file is replaced by a new one (a hard
 * link to the old file keeps the old content) and never left half-written.
 * The existing file's permission bits are kept. Signal handlers are
 * installed only for the duration of the write: a long simulation before it
 * stays interruptible by the default Ctrl-C. Rejects with the system error
 * on failure, after removing the temporary file. Does not check
 * {@link refuseToReplace}: the caller does.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await (await stageFile(path, text)).commit();
}

/** A file written beside its target and not yet renamed over it (see {@link stageFile}). */
export interface StagedFile {
  /** Renames it over the target (rejects with the system error, after removing it). */
  readonly commit: () => Promise<void>;
  /** Removes it; the target is untouched. */
  readonly abort: () => Promise<void>;
}

/**
 * The first half of {@link writeFileAtomic}: `text` written whole to
 * `path.<pid>.tmp`, to be renamed over `path` by `commit` or removed by
 * `abort`. Why apart: a command that writes two files (`uncertainty --draws`
 * beside `--out`) renames the second only once the first is written, so
 * that a failure leaves neither replaced. Signal handlers that remove the
 * temporary file stay installed until `commit` or `abort`. Rejects with the
 * system error on failure, after removing the temporary file.
 */
export async function stageFile(path: string, text: string): Promise<StagedFile> {
  const target = outTarget(path);
  if (target === undefined) throw Object.assign(new Error(`${path}: names a folder`), { code: "EISDIR" });
  const tmp = `${target}.${process.pid}.tmp`;
  const old = lstatOrUndefined(target);
  if (!exitHookInstalled) {
    process.on("exit", removePending);
    exitHookInstalled = true;
  }
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const done = (): void => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  const remove = async (): Promise<void> => {
    if (pending.delete(tmp)) await unlink(tmp).catch(() => undefined);
  };
  let fh: FileHandle | undefined;
  try {
    fh = await openExclusive(tmp);
    pending.add(tmp);
    if (old?.isFile() === true) await fh.chmod(old.mode & 0o7777);
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh.write(buf, off, Math.min(CHUNK_BYTES, buf.length - off));
      off += bytesWritten;
    }
    await fh.close();
    fh = undefined;
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await remove();
    done();
    throw e;
  }
  return {
    commit: async () => {
      try {
        await rename(tmp, target);
        pending.delete(tmp);
      } catch (e) {
        await remove();
        throw e;
      } finally {
        done();
      }
    },
    abort: async () => {
      await remove();
      done();
    },
  };
}
