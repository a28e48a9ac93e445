// Loaded with `node --import` by test/cli/process.test.ts: makes the CLI's
// asynchronous file writes (FileHandle#write, used for `--out`) fail as on a
// full disk, or stall after the first chunk as on a slow one, so that a test
// can interrupt a write deterministically. Chosen by TARIFFSIM_TEST_FAULT:
// "enospc" or "stall". Not part of the program.
import { open } from "node:fs/promises";

const fault = process.env.TARIFFSIM_TEST_FAULT;
const probe = await open("/dev/null", "r");
const proto = Object.getPrototypeOf(probe);
await probe.close();
const write = proto.write;

proto.write = async function patchedWrite(...args) {
  if (fault === "enospc") {
    const e = new Error("ENOSPC: no space left on device, write");
    Object.assign(e, { code: "ENOSPC", errno: -28, syscall: "write" });
    throw e;
  }
  if (fault === "stall") {
    const r = await write.apply(this, args); // something is in the temporary file
    process.stderr.write("fsfault: stalled\n");
    setInterval(() => undefined, 1000); // keep the process alive while "writing"
    return new Promise(() => undefined);
  }
  return write.apply(this, args);
};
