/**
 * Files that are not UTF-8 are refused at reading (src/boundedRead.ts), with
 * where the first invalid byte is: the decoder would otherwise replace it
 * with U+FFFD without a word. UTF-16 (with or without its byte-order mark)
 * is named as such, and a NUL byte refused. The validator agrees with the platform's
 * strict decoder on every byte string.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { firstInvalidUtf8, readBoundedFile } from "../../src/boundedRead.js";
import { tmpDirs } from "../helpers/cli.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** Whether the platform's strict decoder accepts `b`. */
function strictOk(b: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

describe("UTF-8 only", () => {
  it("agrees with the strict decoder on random bytes and on valid text with one byte changed", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      expect(firstInvalidUtf8(Buffer.from(b)) === undefined).toBe(strictOk(b));
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (s, at, byte) => {
      const b = Buffer.from(s, "utf8");
      if (b.length > 0) b[at % b.length] = byte;
      expect(firstInvalidUtf8(b) === undefined).toBe(strictOk(b));
    }), { numRuns: 5000 });
  });

  it("refuses a Latin-1 file with the line and byte of its first invalid byte; UTF-8 with a BOM is read", () => {
    const dir = dirs.make();
    const latin1 = join(dir, "l.yaml");
    writeFileSync(latin1, Buffer.concat([Buffer.from("id: x\ntitle: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(readBoundedFile(latin1, 1000)).toEqual({ ok: false, code: "file", why: "is not UTF-8 text: an invalid byte at line 2, byte 11 of the line (save it as UTF-8)" });
    const bom = join(dir, "b.yaml");
    writeFileSync(bom, "\uFEFFid: café\n");
    expect(readBoundedFile(bom, 1000)).toEqual({ ok: true, text: "\uFEFFid: café\n" });
  });

  it("names UTF-16, with its byte-order mark or without, and refuses a NUL byte elsewhere with its position", () => {
    const dir = dirs.make();
    const text = "id: x\ntitle: y\n";
    const cases: [string, Buffer, string][] = [
      ["le-bom", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), "is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8: save it as UTF-8"],
      ["be-bom", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]), "is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8: save it as UTF-8"],
      ["le", Buffer.from(text, "utf16le"), "looks like UTF-16 text (a NUL byte beside each character), not UTF-8: save it as UTF-8"],
      ["be", Buffer.from(text, "utf16le").swap16(), "looks like UTF-16 text (a NUL byte beside each character), not UTF-8: save it as UTF-8"],
      ["nul", Buffer.from("id: x\ntitle: a\u0000b\n"), "is not text: a NUL byte at line 2, byte 9 of the line (save it as UTF-8 text)"],
    ];
    for (const [name, bytes, why] of cases) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, bytes);
      expect(readBoundedFile(file, 1000), name).toEqual({ ok: false, code: "file", why });
    }
  });
});
