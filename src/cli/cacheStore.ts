/**
 * The on-disk cache's storage: a folder of entries, each a file named by its
 * key (a hex digest), holding a checksummed payload. What goes into an entry
 * and what its key covers is the caller's (cache.ts); this module only makes
 * reading and writing safe:
 *
 * - every failure (no folder, not writable, a corrupt, truncated, foreign or
 *   oversized entry) is a miss, never an error: the caller takes the normal
 *   path, so a broken cache can cost time but never change a result;
 * - an entry is written whole or not at all (a temporary file, then a rename);
 * - an entry must be a regular file owned by this user and writable by no one
 *   else, so another user cannot plant results in a shared folder;
 * - the folder holds at most {@link MAX_ENTRIES} entries (the oldest go) and
 *   no entry is larger than {@link MAX_ENTRY_BYTES}.
 *
 * Where: `TARIFFSIM_CACHE_DIR`, else `$XDG_CACHE_HOME/tariffsim`, else
 * `~/.cache/tariffsim`; `TARIFFSIM_NO_CACHE=1` turns it off (so does
 * `--no-cache`, see program.ts). Touches the file system; never throws.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** At most this many entries are kept; writing one more removes the oldest. */
export const MAX_ENTRIES = 64;
/** No entry is written or read past this size (bytes). */
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

/** The first bytes of every entry: the storage format (a change makes old entries misses). */
const MAGIC = Buffer.from("TSIMCACHE1\n", "latin1");
const DIGEST_BYTES = 32;

/** `TARIFFSIM_NO_CACHE` values that leave the cache on (a variable set to "false" should not turn it off). */
const NOT_OFF: ReadonlySet<string> = new Set(["", "0", "false", "no", "off"]);

/**
 * The cache folder from the environment, or undefined when caching is off
 * (`TARIFFSIM_NO_CACHE` set to anything but `""`, `0`, `false`, `no` or
 * `off`, in any case) or no folder can be named (no home). Relative settings
 * are ignored, as XDG asks. Pure given `env`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, home: () => string = homedir): string | undefined {
  const off = env.TARIFFSIM_NO_CACHE;
  if (off !== undefined && !NOT_OFF.has(off.trim().toLowerCase())) return undefined;
  const own = env.TARIFFSIM_CACHE_DIR;
  if (own !== undefined && own !== "") return isAbsolute(own) ? own : undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== "" && isAbsolute(xdg)) return join(xdg, "tariffsim");
  let h: string;
  try {
    h = home();
  } catch {
    return undefined;
  }
  return h === "" || !isAbsolute(h) ? undefined : join(h, ".cache", "tariffsim");
}

/** The SHA-256 of `parts`, each length-prefixed so that no two lists of parts collide, in hex. Pure. */
export function digestOf(parts: readonly (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const p of parts) {
    const b = typeof p === "string" ? Buffer.from(p, "utf8") : p;
    h.update(`${b.length}:`);
    h.update(b);
  }
  return h.digest("hex");
}

const KEY = /^[0-9a-f]{64}$/;

function entryPath(dir: string, key: string): string | undefined {
  return KEY.test(key) ? join(dir, `${key}.entry`) : undefined;
}

/** The current user's id, or undefined where there is none (Windows). */
function uid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/**
 * The payload stored under `key`, or undefined on any problem (missing,
 * unreadable, not ours, writable by others, too large, truncated, checksum
 * mismatch). Never throws.
 */
export function readEntry(dir: string, key: string): Buffer | undefined {
  const path = entryPath(dir, key);
  if (path === undefined) return undefined;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const me = uid();
    if (!st.isFile() || st.size > MAX_ENTRY_BYTES || st.size < MAGIC.length + DIGEST_BYTES) return undefined;
    if (me !== undefined && (st.uid !== me || (st.mode & 0o022) !== 0)) return undefined;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) return undefined;
      got += n;
    }
    if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const digest = buf.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
    const payload = buf.subarray(MAGIC.length + DIGEST_BYTES);
    const actual = createHash("sha256").update(payload).digest();
    return actual.equals(digest) ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * `mkdir -p` that cannot spin: creates each missing folder of `dir` once,
 * from the top down, private; "exists" is fine, any other error is thrown.
 * Why not `mkdirSync(dir, { recursive: true })`: where a parent exists but
 * cannot hold folders and mkdir answers ENOENT (any path under /proc), Node's
 * recursive walk creates the parent and retries the child for ever, at 100%
 * CPU (a cache folder set to /proc/x hung every command).
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      if (!(e instanceof Error && "code" in e && e.code === "EEXIST")) throw e;
    }
  }
}

/**
 * Stores `payload` under `key`: written to a temporary file in the folder
 * (created, private, when missing) and renamed into place, so a reader sees
 * the old entry, the new one or none, never half of one. Keeps the folder
 * within {@link MAX_ENTRIES}. Returns whether it was stored; never throws.
 */
export function writeEntry(dir: string, key: string, payload: Buffer): boolean {
  const path = entryPath(dir, key);
  if (path === undefined || MAGIC.length + DIGEST_BYTES + payload.length > MAX_ENTRY_BYTES) return false;
  const tmp = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    makeDirs(dir);
    prune(dir);
    const digest = createHash("sha256").update(payload).digest();
    writeFileSync(tmp, Buffer.concat([MAGIC, digest, payload]), { flag: "wx", mode: 0o600 });
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is gone already.
    }
    return false;
  }
}

/** Removes the oldest entries (and stale temporary files) so that one more fits under {@link MAX_ENTRIES}. */
function prune(dir: string): void {
  const entries: { path: string; mtime: number }[] = [];
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    // A temporary file left by a process that died mid-write (an hour is far longer than any write).
    if (name.startsWith(".") && name.endsWith(".tmp")) {
      if (now - mtime > 3_600_000) tryUnlink(path);
      continue;
    }
    if (name.endsWith(".entry")) entries.push({ path, mtime });
  }
  if (entries.length < MAX_ENTRIES) return;
  entries.sort((a, b) => a.mtime - b.mtime);
  for (const e of entries.slice(0, entries.length - MAX_ENTRIES + 1)) tryUnlink(e.path);
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Another process removed it first.
  }
}
