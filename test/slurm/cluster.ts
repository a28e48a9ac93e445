/**
 * A throwaway one-node Slurm cluster for the end-to-end test: Debian's
 * `munge`, `slurmctld` and `slurmd` (installed with apt-get when missing and
 * possible), started in the foreground as children of the test with a
 * minimal slurm.conf, their own munge socket, state and logs in a temporary
 * folder, and free ports, so nothing of the machine's own setup is used or
 * changed. Every step has a time limit; each daemon also runs under
 * `timeout`, so that a test process killed before `stop` cannot leave one
 * running for long. The cluster runs as root (SlurmUser=root), as it must
 * here.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/** The Debian packages the cluster needs. */
export const PACKAGES = ["slurmctld", "slurmd", "munge", "slurm-client"] as const;

/** The programs the cluster needs, and the package of each. */
const PROGRAMS = ["munged", "munge", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol", "scancel"] as const;

/** The most seconds a daemon may live (a safety net: `stop` ends it long before). */
const DAEMON_LIFETIME_S = 900;

/** The node's name in slurm.conf. */
const NODE = "tsimnode";

function has(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8", timeout: 5_000, env: withSbin() }).status === 0;
}

/** The environment with the sbin folders on PATH (the daemons live there). */
export function withSbin(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: `${env.PATH ?? "/usr/bin:/bin"}:/usr/sbin:/sbin` };
}

/**
 * Installs the packages when a program is missing and this process can
 * (root, apt-get). Returns undefined when everything is there, else why not.
 */
export function ensureInstalled(): string | undefined {
  const missing = PROGRAMS.filter((p) => !has(p));
  if (missing.length === 0) return undefined;
  if (process.getuid?.() !== 0) return `${missing.join(", ")} not installed, and not root to install ${PACKAGES.join(" ")}`;
  if (!has("apt-get")) return `${missing.join(", ")} not installed, and no apt-get to install them`;
  const install = (): ReturnType<typeof spawnSync> => spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...PACKAGES], {
    encoding: "utf8", timeout: 300_000, env: { ...withSbin(), DEBIAN_FRONTEND: "noninteractive" },
  });
  let r = install();
  if (r.status !== 0) {
    // The package lists may be missing or stale: one update, then one more try.
    spawnSync("apt-get", ["update", "-q"], { encoding: "utf8", timeout: 180_000 });
    r = install();
  }
  if (r.status !== 0) return `apt-get install ${PACKAGES.join(" ")} failed (exit ${String(r.status)}): ${String(r.stderr).trim().split("\n").slice(-2).join(" ")}`;
  const still = PROGRAMS.filter((p) => !has(p));
  return still.length === 0 ? undefined : `still missing after installing: ${still.join(", ")}`;
}

/** A free TCP port on this machine (bound and released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `ok` every 250 ms for at most `ms`; true when it held. */
async function waitFor(ms: number, ok: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return true;
    await sleep(250);
  }
  return ok();
}

/** A running one-node cluster. */
export interface Cluster {
  /** The folder holding its configuration, state and logs (removed by `stop`). */
  readonly dir: string;
  /** The environment for Slurm's commands (SLURM_CONF set). */
  readonly env: NodeJS.ProcessEnv;
  /** Shuts the daemons down (scontrol shutdown, then signals) and removes the folder. */
  readonly stop: () => Promise<void>;
}

function slurmConf(dir: string, ctldPort: number, dPort: number): string {
  return [
    "ClusterName=tariffsim-test",
    "SlurmctldHost=localhost(127.0.0.1)",
    "AuthType=auth/munge",
    `AuthInfo=socket=${join(dir, "munge.sock")}`,
    "CredType=cred/munge",
    "SlurmUser=root",
    "SlurmdUser=root",
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${dPort}`,
    `StateSaveLocation=${join(dir, "state")}`,
    `SlurmdSpoolDir=${join(dir, "spool")}`,
    `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${join(dir, "slurmctld.log")}`,
    `SlurmdLogFile=${join(dir, "slurmd.log")}`,
    // No cgroups, no accounting: what a container without systemd allows.
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SwitchType=switch/none",
    "MpiDefault=none",
    "ReturnToService=2",
    "SchedulerType=sched/builtin",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/none",
    `NodeName=${NODE} NodeHostname=${hostname()} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
    `PartitionName=tariffsim Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n");
}

/** Starts a daemon in the foreground under `timeout`, its output to a log file in `dir`. */
function daemon(dir: string, name: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn("timeout", ["--kill-after=5", String(DAEMON_LIFETIME_S), ...args], {
    cwd: dir, env, stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d: Buffer): void => { if (log.length < 100_000) log += d.toString("utf8"); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("close", () => { try { writeFileSync(join(dir, `${name}.out`), log); } catch { /* the folder may be gone */ } });
  return child;
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((r) => child.once("close", () => r()));
  child.kill("SIGTERM");
  if (await Promise.race([closed.then(() => true), sleep(8_000).then(() => false)])) return;
  child.kill("SIGKILL");
  await Promise.race([closed, sleep(3_000)]);
}

/** Starts munged, slurmctld and slurmd; a cluster, or why it could not start (everything started is ended). */
export async function startCluster(): Promise<{ ok: true; cluster: Cluster } | { ok: false; why: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tariffsim-slurm-"));
  chmodSync(dir, 0o711); // munged wants its socket's folder searchable by all
  for (const sub of ["state", "spool"]) mkdirSync(join(dir, sub));
  const key = join(dir, "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const conf = join(dir, "slurm.conf");
  writeFileSync(conf, slurmConf(dir, await freePort(), await freePort()));
  const env = { ...withSbin(), SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    spawnSync("scontrol", ["shutdown"], { env, timeout: 10_000, stdio: "ignore" });
    for (const c of children.reverse()) await end(c);
    rmSync(dir, { recursive: true, force: true });
  };
  const fail = async (why: string): Promise<{ ok: false; why: string }> => {
    const logs = ["munged.out", "slurmctld.log", "slurmd.log"].map((f) => join(dir, f)).filter(existsSync);
    const tail = logs.map((f) => spawnSync("tail", ["-n", "3", f], { encoding: "utf8" }).stdout.trim()).join(" | ");
    await stop();
    return { ok: false, why: `${why}${tail === "" ? "" : ` (logs: ${tail})`}` };
  };
  const sock = join(dir, "munge.sock");
  children.push(daemon(dir, "munged", ["munged", "--foreground", "--force", `--key-file=${key}`, `--socket=${sock}`,
    `--pid-file=${join(dir, "munged.pid")}`, `--seed-file=${join(dir, "munged.seed")}`, `--log-file=${join(dir, "munged.log")}`], env));
  const mungeOk = (): boolean => spawnSync("munge", ["-n", "-S", sock], { env, timeout: 5_000, stdio: "ignore" }).status === 0;
  if (!await waitFor(15_000, mungeOk)) return fail("munged did not start within 15 s");
  children.push(daemon(dir, "slurmctld", ["slurmctld", "-D", "-f", conf], env));
  children.push(daemon(dir, "slurmd", ["slurmd", "-D", "-N", NODE, "-f", conf], env));
  const idle = (): boolean => {
    const r = spawnSync("sinfo", ["-h", "-n", NODE, "-o", "%T"], { env, encoding: "utf8", timeout: 5_000 });
    return r.status === 0 && r.stdout.trim() === "idle";
  };
  if (!await waitFor(45_000, idle)) return fail("the Slurm node did not become idle within 45 s");
  return { ok: true, cluster: { dir, env, stop } };
}
