/**
 * Guarded reads of files named by users and scenarios: a scenario, an
 * overlay or evidence file ({@link readBoundedFile}), and a scenario's seed
 * documents ({@link readSeedFile}). Touches the file system; never throws.
 *
 * Both read with the same guard: only a regular file (a symlink to one is
 * fine), at most a documented number of bytes. Why: a path may name
 * `/dev/zero`, a FIFO, `/dev/stdin` or a directory, and a plain
 * `readFileSync` would then block forever or read gigabytes. Seeds must also
 * lie inside the scenario's own folder tree, so that a scenario cannot probe
 * arbitrary files through its quote checks.
 *
 * Why a module of its own (src/io.ts re-exports it): reading does not need
 * the scenario loader (YAML, the schema), so what reads without loading
 * (the scenario cache's hits, src/cli/cache.ts) does not load it.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { IssueCode } from "./scenario/issues.js";
import { MAX_SEED_BYTES } from "./scenario/limits.js";
import type { SeedText } from "./scenario/rules.js";

/** A file's text, or why it was not read (`code` is `"limit"` for a file over the cap). */
export type BoundedRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly code: IssueCode; readonly why: string };

/** Why `open` failed, in words; `code` is Node's error code. */
function openProblem(e: unknown): string {
  const code = e instanceof Error && "code" in e ? String(e.code) : "";
  switch (code) {
    case "ENOENT": return "no such file";
    case "EISDIR": return "is a directory";
    case "EACCES":
    case "EPERM": return "permission denied";
    // A socket, or a device with nothing behind it.
    case "ENXIO": return "is not a regular file";
    case "ENOTDIR": return "no such file (a part of the path is not a folder)";
    case "ELOOP": return "too many levels of symbolic links";
    default: return code === "" ? "cannot be read" : `cannot be read (${code})`;
  }
}

/**
 * The files read so far (as device and inode, with the path as given), so
 * that an output path naming one of them can be refused (src/cli/outfile.ts):
 * `--out` over the scenario, an overlay, an evidence file, a seed or a
 * shard's partial result would replace the command's own input. Process
 * state; the CLI forgets it at the start of each command ({@link forgetInputs}).
 */
const inputs = new Map<string, string>();

/** The path (as given) of an input read since {@link forgetInputs} that is the file with this device and inode, if any. */
export function inputAt(dev: number, ino: number): string | undefined {
  return inputs.get(`${dev}:${ino}`);
}

/** Forgets the inputs read (a new command starts). */
export function forgetInputs(): void {
  inputs.clear();
}

/**
 * Reads a regular file of at most `maxBytes` bytes as UTF-8; never blocks on
 * a FIFO or device and never reads more than `maxBytes + 1` bytes.
 * Opens with `O_NONBLOCK` (opening a FIFO for reading would otherwise wait
 * for a writer), then checks the open file itself with `fstat`, so what is
 * checked is what is read. Never throws.
 */
export function readBoundedFile(file: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, code: "file", why: openProblem(e) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, code: "file", why: "is a directory" };
    if (!st.isFile()) return { ok: false, code: "file", why: "is not a regular file (a device, pipe or socket)" };
    if (st.size > maxBytes) return { ok: false, code: "limit", why: tooBig(st.size, maxBytes) };
    inputs.set(`${st.dev}:${st.ino}`, file);
    // The size can change between fstat and read: grow the buffer as needed, never past cap + 1 bytes.
    let buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        const bigger = Buffer.alloc(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) return { ok: false, code: "limit", why: tooBig(got, maxBytes, true) };
    }
    const why = notText(buf, got);
    if (why !== undefined) return { ok: false, code: "file", why };
    return { ok: true, text: buf.toString("utf8", 0, got) };
  } catch (e) {
    return { ok: false, code: "file", why: openProblem(e) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Why `buf[0, n)` is not UTF-8 text, or undefined. UTF-16 is named as such
 * (Windows tools write it): by its byte-order mark, or, without one, by a
 * NUL byte among the first two (ASCII in UTF-16 is every other byte NUL,
 * which is valid UTF-8, so it would otherwise fail later on its shape, with
 * a message about the wrong thing). Any other NUL byte is refused too: YAML
 * and JSON allow none, and a text file holds none.
 */
function notText(buf: Buffer, n: number): string | undefined {
  const b0 = buf[0];
  const b1 = buf[1];
  if (n >= 2 && ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))) {
    return "is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8: save it as UTF-8";
  }
  const nul = buf.subarray(0, n).indexOf(0);
  if (nul >= 0) {
    return nul < 2 && n >= 2
      ? "looks like UTF-16 text (a NUL byte beside each character), not UTF-8: save it as UTF-8"
      : `is not text: a NUL byte at ${positionOf(buf, nul)} (save it as UTF-8 text)`;
  }
  const bad = firstInvalidUtf8(buf, n);
  return bad === undefined ? undefined : `is not UTF-8 text: an invalid byte at ${positionOf(buf, bad)} (save it as UTF-8)`;
}

/**
 * The offset of the first byte of `buf[0, n)` that is not part of a valid
 * UTF-8 sequence (overlong forms, surrogates and code points past U+10FFFF
 * included), or undefined. Why: decoding replaces such bytes with U+FFFD
 * without a word, so a Latin-1 file's "é" would silently become "�" in a
 * label or a quote.
 */
export function firstInvalidUtf8(buf: Uint8Array, n: number = buf.length): number | undefined {
  let i = 0;
  while (i < n) {
    const b = buf[i] ?? 0;
    if (b < 0x80) { i++; continue; }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) return i;
    const b1 = buf[i + 1] ?? 0;
    // The second byte's range narrows for E0 (no overlongs), ED (no surrogates), F0 (no overlongs) and F4 (≤ U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k < len; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return undefined;
}

/** `line L, byte B of the line` of byte offset `at` (1-based), for a message. */
function positionOf(buf: Buffer, at: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) if (buf[i] === 0x0a) { line++; start = i + 1; }
  return `line ${line}, byte ${at - start + 1} of the line`;
}

function tooBig(size: number, maxBytes: number, atLeast = false): string {
  return `file is ${atLeast ? "more than " : ""}${atLeast ? maxBytes : size} bytes; the limit is ${maxBytes} bytes`;
}

/** True when `inner` (an absolute, resolved path) lies strictly inside folder `outer`. */
function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Reads one seed document named in a scenario at `scenarioFile`: resolved
 * against the scenario's folder, and only if its real path (symlinks
 * resolved) lies inside the real path of that folder (the shipped scenarios
 * keep theirs in `scenarios/seeds/`). Why so strict: a quote check on any
 * readable file would let a scenario ask whether, say, /etc/passwd contains
 * a string. Elsewhere nothing is read, so nothing can be learned about the
 * file: not its contents, not whether it exists. Never throws.
 */
export function readSeedFile(scenarioFile: string, seed: string): SeedText {
  let folder: string;
  let real: string;
  try {
    folder = realpathSync(dirname(resolve(scenarioFile)));
  } catch (e) {
    return { code: "source", message: `cannot read seed file "${seed}": the scenario's folder ${openProblem(e)}` };
  }
  const allowed = (p: string): boolean => isInside(folder, p);
  const written = resolve(folder, seed);
  try {
    real = realpathSync(written);
  } catch (e) {
    // A path that does not exist outside the allowed folders must not say so: check the written path first.
    if (!allowed(written)) return outside(seed);
    return { code: "source", message: `cannot read seed file "${seed}": ${openProblem(e)}` };
  }
  if (!allowed(real)) return outside(seed);
  const r = readBoundedFile(real, MAX_SEED_BYTES);
  if (r.ok) return r.text;
  return r.code === "limit"
    ? { code: "limit", message: `seed file "${seed}" is too large: ${r.why}` }
    : { code: "source", message: `cannot read seed file "${seed}": ${r.why}` };
}

function outside(seed: string): SeedText {
  return {
    code: "source",
    message: `seed file "${seed}" must be inside the scenario's folder (or a folder below it)`,
  };
}
