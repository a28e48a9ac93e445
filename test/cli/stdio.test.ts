/**
 * stdoutFailure: how a failed write to standard output ends the process
 * (the wiring into the real process is tested in process.test.ts).
 */
import { describe, expect, it } from "vitest";
import { EXIT_IO } from "../../src/cli/errors.js";
import { stdoutFailure } from "../../src/cli/stdio.js";

function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: "write" });
}

describe("stdoutFailure", () => {
  it("EPIPE: quiet, exit 0", () => {
    expect(stdoutFailure(sysError("EPIPE", "EPIPE: broken pipe, write"))).toEqual({ exitCode: 0, line: undefined });
  });

  it.each([
    ["ENOSPC", "ENOSPC: no space left on device, write", "tariffsim: cannot write to standard output: ENOSPC (no space left on device)"],
    ["EIO", "EIO: i/o error, write", "tariffsim: cannot write to standard output: EIO (i/o error)"],
    ["EAGAIN", "EAGAIN: resource temporarily unavailable, write", "tariffsim: cannot write to standard output: EAGAIN (resource temporarily unavailable)"],
    ["ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed", "tariffsim: cannot write to standard output: ERR_STREAM_DESTROYED (Cannot call write after a stream was destroyed)"],
  ])("%s: exit 74 and one line", (code, message, line) => {
    expect(EXIT_IO).toBe(74);
    expect(stdoutFailure(sysError(code, message))).toEqual({ exitCode: 74, line });
  });

  it("an error without a code, or not an Error", () => {
    expect(stdoutFailure(new Error("odd\nsecond line"))).toEqual({ exitCode: 74, line: "tariffsim: cannot write to standard output: error (odd)" });
    expect(stdoutFailure("boom")).toEqual({ exitCode: 74, line: "tariffsim: cannot write to standard output: error (boom)" });
  });
});
