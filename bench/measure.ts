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

/**
 * Runs `node args…` in `cwd` (with `env` added to this process's
 * environment) and measures it; throws if it fails. Through GNU time when
 * `timed` (and it is installed), for the CPU time and the maximum resident
 * set (both in its units: CPU to 10 ms). The wall time is always this
 * process's clock around the child, to the microsecond: GNU time's own
 * elapsed time has 10 ms steps, a fifth of a bare node start. Through GNU
 * time it includes that program's own start (~1 ms).
 */
export function child(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}, timed = true): ChildCost {
  const viaTime = timed && existsSync(TIME);
  const cmd = viaTime ? TIME : process.execPath;
  const argv = viaTime ? ["-f", "@@%U %S %M", process.execPath, ...args] : [...args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${String(r.status)}): ${r.stderr.slice(-500)}`);
  if (!viaTime) return { wall, cpu: undefined, maxRssKiB: undefined };
  const line = r.stderr.split("\n").reverse().find((l) => l.startsWith("@@"));
  const [u, s, m] = (line ?? "").slice(2).split(" ").map(Number);
  return { wall, cpu: (u ?? NaN) + (s ?? NaN), maxRssKiB: m };
}

/**
 * The least of each measure of a child over `repeats` runs; `before` runs
 * ahead of each one, unmeasured (e.g. to empty a cache for a cold start).
 * With `startWall`, each repeat is two children, one after the other: one
 * started directly for the wall time (a start's time without GNU time's),
 * one through GNU time for the CPU and memory.
 */
export function bestChild(args: readonly string[], cwd: string, repeats: number, env: Readonly<Record<string, string>> = {}, before: () => void = () => undefined, startWall = false): ChildCost {
  const [cost] = bestChildrenInTurn([{ args, env, before }], cwd, repeats, startWall);
  if (cost === undefined) throw new Error("no measure");
  return cost;
}

/** One command for {@link bestChildrenInTurn}: its arguments, environment and unmeasured preparation. */
export interface ChildSpec {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly before?: () => void;
}

/**
 * {@link bestChild} for several commands measured in turn (each repeat runs
 * every command once, in order), so that a burst of load from elsewhere
 * weighs on all of them alike rather than on one command's repeats: the
 * ratios between them are what the bench reports.
 */
export function bestChildrenInTurn(specs: readonly ChildSpec[], cwd: string, repeats: number, startWall = false): ChildCost[] {
  const best = specs.map(() => ({ wall: Infinity, cpu: Infinity, rss: Infinity }));
  for (let i = 0; i < repeats; i++) {
    specs.forEach((spec, k) => {
      const b = best[k];
      if (b === undefined) return;
      const before = spec.before ?? ((): void => undefined);
      const env = spec.env ?? {};
      if (startWall) {
        before();
        b.wall = Math.min(b.wall, child(spec.args, cwd, env, false).wall);
      }
      before();
      const c = child(spec.args, cwd, env);
      if (!startWall) b.wall = Math.min(b.wall, c.wall);
      b.cpu = Math.min(b.cpu, c.cpu ?? Infinity);
      b.rss = Math.min(b.rss, c.maxRssKiB ?? Infinity);
    });
  }
  const finite = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);
  return best.map((b) => ({ wall: b.wall, cpu: finite(b.cpu), maxRssKiB: finite(b.rss) }));
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
