/**
 * The bench's measuring tools: CPU time of a function in this process (best
 * of several repetitions, the least disturbed), a uniform generator that
 * counts its draws, and one child process's wall time, CPU time and maximum
 * resident set size (through /usr/bin/time when the machine has it).
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Rng } from "../src/engine/rng.js";
import { loadScenarioFile } from "../src/io.js";
import type { CompiledModel } from "../src/model/model.js";
import { prepareModel } from "../src/model/prepare.js";
import type { Scenario } from "../src/scenario/scenario.js";

/** CPU seconds (user + system) this process has used. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The least CPU time `fn` took over `repeats` calls, in seconds. */
export function bestCpu(fn: () => void, repeats: number): number {
  let t = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = cpuSeconds();
    fn();
    t = Math.min(t, cpuSeconds() - t0);
  }
  return t;
}

/** A generator that counts the uniforms drawn from `inner` into `counter.draws`. */
export function counting(inner: Rng, counter: { draws: number }): Rng {
  return () => {
    counter.draws++;
    return inner();
  };
}

/** One child process: wall seconds, CPU seconds (user + system) and maximum resident set in KiB. */
export interface ChildCost {
  readonly wall: number;
  readonly cpu: number | undefined;
  readonly maxRssKiB: number | undefined;
}

const TIME = "/usr/bin/time";

/** Runs `node args…` in `cwd` (with `env` added to this process's environment) and measures it; throws if it fails. */
export function child(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): ChildCost {
  const timed = existsSync(TIME);
  const cmd = timed ? TIME : process.execPath;
  const argv = timed ? ["-f", "@@%e %U %S %M", process.execPath, ...args] : [...args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${String(r.status)}): ${r.stderr.slice(-500)}`);
  if (!timed) return { wall, cpu: undefined, maxRssKiB: undefined };
  const line = r.stderr.split("\n").reverse().find((l) => l.startsWith("@@"));
  const [e, u, s, m] = (line ?? "").slice(2).split(" ").map(Number);
  return { wall: e ?? wall, cpu: (u ?? NaN) + (s ?? NaN), maxRssKiB: m };
}

/**
 * The least of each measure of a child over `repeats` runs; `before` runs
 * ahead of each one, unmeasured (e.g. to empty a cache for a cold start).
 */
export function bestChild(args: readonly string[], cwd: string, repeats: number, env: Readonly<Record<string, string>> = {}, before: () => void = () => undefined): ChildCost {
  let wall = Infinity;
  let cpu = Infinity;
  let rss = Infinity;
  for (let i = 0; i < repeats; i++) {
    before();
    const c = child(args, cwd, env);
    wall = Math.min(wall, c.wall);
    cpu = Math.min(cpu, c.cpu ?? Infinity);
    rss = Math.min(rss, c.maxRssKiB ?? Infinity);
  }
  return { wall, cpu: Number.isFinite(cpu) ? cpu : undefined, maxRssKiB: Number.isFinite(rss) ? rss : undefined };
}

/** A shipped scenario (`scenarios/NAME.yaml` under `root`), loaded and compiled at its defaults; throws if it fails. */
export function shipped(root: string, name: string): { readonly scenario: Scenario; readonly model: CompiledModel } {
  const file = join(root, "scenarios", `${name}.yaml`);
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`cannot load ${file}`);
  const prepared = prepareModel(loaded.scenario);
  if (!prepared.ok) throw new Error(`cannot compile ${file}`);
  return { scenario: loaded.scenario, model: prepared.model };
}
