/**
 * What `tariffsim run` loads: the bundle's entry, the `run` command's own
 * chunk (program.ts loads the named command only) and the chunks they import
 * statically (dynamic `import()` chunks load only when a command asks). vega
 * (a dependency of the HTML report) must never be among them, so `run` never
 * pays for it; nor the other commands' dependencies (fast-check for claims,
 * @stdlib for the analyses). Nor, since the scenario cache holds what a
 * command needs of the file, zod, YAML, the exact solver or the readers of
 * evidence: checked in the static graph, and in what a warm `run` actually
 * loads (a module loader hook lists every file). Reads the built bundle
 * (`node scripts/bundle.mjs`).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLE } from "../helpers/scenario.js";
import { tmpDirs } from "../helpers/cli.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** What only a cold load, an overlay, evidence or the exact solver needs (esbuild's path comments name each source file). */
const NOT_ON_A_WARM_RUN = /node_modules\/(zod|yaml)\/|src\/exact\/solver\.ts|src\/evidence\/file\.ts|src\/conditioned\//;

/** The files an ES module loads before it runs: itself and its static relative imports, transitively. */
function staticGraph(...entries: string[]): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop();
    if (file === undefined || seen.has(file)) continue;
    const text = readFileSync(file, "utf8");
    seen.set(file, text);
    // Static imports only: `import … from "./x.mjs"` and `import "./x.mjs"`, not `import("./x.mjs")`.
    for (const m of text.matchAll(/^\s*(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["'];?/gm)) {
      const spec = m[1];
      if (spec !== undefined) todo.push(join(dirname(file), spec));
    }
  }
  return seen;
}

/** The entry and the `run` command's chunk (esbuild names a dynamic import's chunk after its file). */
function runGraph(): Map<string, string> {
  const chunks = join(dirname(BUNDLE), "chunks");
  const run = readdirSync(chunks).filter((f) => /^run-[A-Z0-9]+\.mjs$/.test(f));
  expect(run).toHaveLength(1);
  return staticGraph(BUNDLE, join(chunks, run[0] ?? ""));
}

describe("the bundle's start-up graph", () => {
  it("follows static imports into chunks, not dynamic ones", () => {
    // The helper itself must see what a real chunked entry imports, or the check below proves nothing.
    const graph = runGraph();
    expect(graph.size).toBeGreaterThanOrEqual(1);
    expect([...graph.values()].some((t) => t.includes("function simulateBatch("))).toBe(true);
  });

  it("loads no vega when `run` starts", () => {
    for (const [file, text] of runGraph()) {
      // vega's own modules announce themselves in esbuild's path comments (node_modules/vega…).
      expect({ file, vega: /node_modules\/vega/.test(text) }).toEqual({ file, vega: false });
    }
  });

  it("loads no other command's dependencies when `run` starts", () => {
    // The entry alone must not hold the commands (they are loaded on demand).
    expect(readFileSync(BUNDLE, "utf8")).not.toContain("function simulateBatch(");
    for (const [file, text] of runGraph()) {
      const found = /node_modules\/(fast-check|pure-rand|@stdlib|debug)\//.exec(text)?.[1];
      expect({ file, found }).toEqual({ file, found: undefined });
    }
  });
});

describe("what a warm `run` loads", () => {
  it("has no zod, YAML, exact solver, evidence reader or conditioned engine in its static graph", () => {
    for (const [file, text] of runGraph()) {
      const found = NOT_ON_A_WARM_RUN.exec(text)?.[0];
      expect({ file, found }).toEqual({ file, found: undefined });
    }
  });

  /** The files `node BUNDLE args` loads (through a loader hook that lists them), with `env`; and its exit code. */
  function loadedBy(args: readonly string[], env: Record<string, string>): { code: number | null; files: string[] } {
    const d = dirs.make();
    const log = join(d, "loaded.txt");
    writeFileSync(join(d, "hooks.mjs"), `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }
`);
    writeFileSync(join(d, "register.mjs"), `import { register } from "node:module"; register(${JSON.stringify(`file://${join(d, "hooks.mjs")}`)});\n`);
    writeFileSync(log, "");
    const r = spawnSync(process.execPath, ["--import", join(d, "register.mjs"), BUNDLE, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
    const files = readFileSync(log, "utf8").split("\n").filter((u) => u.startsWith("file:")).map((u) => fileURLToPath(u));
    return { code: r.status, files };
  }

  it("loads none of them from a warm cache, and loads them when the cache is cold (so the check sees what it claims)", () => {
    const cache = dirs.make();
    const cold = loadedBy(["run", "--runs", "100"], { TARIFFSIM_CACHE_DIR: cache });
    expect(cold.code).toBe(0);
    const heavy = (files: readonly string[]) => files.filter((f) => f.endsWith(".mjs") && NOT_ON_A_WARM_RUN.test(readFileSync(f, "utf8")));
    expect(heavy(cold.files).length).toBeGreaterThan(0);
    const warm = loadedBy(["run", "--runs", "100"], { TARIFFSIM_CACHE_DIR: cache });
    expect(warm.code).toBe(0);
    expect(warm.files.some((f) => /run-[A-Z0-9]+\.mjs$/.test(f))).toBe(true);
    expect(heavy(warm.files)).toEqual([]);
    // --method exact loads the solver (a dynamic import), from the same warm cache.
    const exact = loadedBy(["run", "--method", "exact"], { TARIFFSIM_CACHE_DIR: cache });
    expect(exact.code).toBe(0);
    expect(exact.files.some((f) => f.endsWith(".mjs") && /src\/exact\/solver\.ts/.test(readFileSync(f, "utf8")))).toBe(true);
  });
});

describe("the Monte Carlo worker's start-up graph", () => {
  // A worker of `run --workers N` starts while the main thread computes: what it loads delays its first run.
  const worker = join(dirname(BUNDLE), "worker.mjs");

  it("holds the model's compiler and the engine", () => {
    const texts = [...staticGraph(worker).values()];
    expect(texts.some((t) => t.includes("function compileModel("))).toBe(true);
    expect(texts.some((t) => t.includes("function simulateBatch("))).toBe(true);
  });

  it("loads neither the analyses, the exact solver nor the coverage check (the main thread made it)", () => {
    for (const [file, text] of staticGraph(worker)) {
      const found = /function (estimatePoints|simulatePairs|solveExact|runAnalysisJob|checkOutcomeCoverage)\(/.exec(text)?.[1];
      expect({ file, found }).toEqual({ file, found: undefined });
    }
    // The analyses' entry is still reachable, by a dynamic import.
    expect(readFileSync(worker, "utf8")).toMatch(/import\("\.\/chunks\/analysisWorker-[A-Z0-9]+\.mjs"\)/);
  });
});
