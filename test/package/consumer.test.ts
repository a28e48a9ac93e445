/**
 * The package as a dependency (issue 9 item 8): `npm pack` this repository,
 * install the tarball into a scratch project in a temporary folder, type-check
 * it with `tsc --strict --skipLibCheck false`, and run the README's library
 * examples and the CLI from it.
 *
 * How it installs without the network: the tarball is unpacked as
 * `node_modules/tariffsim`, and each of the package's declared
 * `dependencies` (only those) is linked into the scratch project's
 * `node_modules` from this repository's installed tree. The package's own
 * imports resolve from where it is installed, so an import of anything not
 * declared as a dependency (a devDependency such as `@types/node`, say)
 * fails here as it would for a user. The packed files are what `files`
 * ships (checked too: no sources, source maps or benchmarks). npm runs with
 * `--offline` and `--ignore-scripts`: the package must already be built
 * (`npm run build`, which `npm ci` does through `prepare`, as in CI).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareModel } from "../../src/model/prepare.js";
import { loadScenarioFile } from "../../src/io.js";
import { solveExact } from "../../src/exact/solver.js";
import { summarizeExact } from "../../src/analysis/exact.js";
import { KOREA, ROOT } from "../helpers/scenario.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const BUILT = ["dist/src/index.js", "dist/src/index.d.ts", "dist/src/testing/index.d.ts", "dist/tariffsim.mjs"];
const missing = BUILT.filter((f) => !existsSync(join(ROOT, f)));
// Environment for npm: never the network, no scripts, no notices.
const NPM_ENV = {
  ...process.env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false",
  npm_config_update_notifier: "false", npm_config_ignore_scripts: "true",
};

/** The ```ts blocks of the README's "As a library" section, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## As a library");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

let dir = "";
let project = "";
let packed: string[] = [];

function run(cmd: string, args: readonly string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, env: NPM_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 });
}

/** Runs tsc in the scratch project; its diagnostics become the failure message. */
function tsc(args: readonly string[]): void {
  try {
    run(process.execPath, [TSC, ...args], project);
  } catch (e) {
    const out = e instanceof Error && "stdout" in e ? String(e.stdout) : String(e);
    throw new Error(`tsc ${args.join(" ")} failed in the scratch project:\n${out}`);
  }
}

describe("the packed package in a fresh project", () => {
  beforeAll(() => {
    // Loud, not skipped: CI builds through `npm ci` (the `prepare` script), so a missing build is a broken setup.
    if (missing.length > 0) throw new Error(`the package is not built (missing ${missing.join(", ")}); run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), "tariffsim-consumer-"));
    const pack = JSON.parse(run("npm", ["pack", "--offline", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const info = pack[0];
    if (info === undefined) throw new Error("npm pack gave no tarball");
    packed = info.files.map((f) => f.path);
    project = join(dir, "consumer");
    const modules = join(project, "node_modules");
    mkdirSync(modules, { recursive: true });
    run("tar", ["-xzf", join(dir, info.filename), "-C", modules], dir);
    renameSync(join(modules, "package"), join(modules, "tariffsim"));
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies)) {
      const target = join(ROOT, "node_modules", name);
      if (!existsSync(target)) throw new Error(`dependency ${name} is not installed in this repository`);
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(target, join(modules, name), "dir");
    }
    // The scratch project's own dev dependency, as any Node project has: the examples use console.
    mkdirSync(join(modules, "@types"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(modules, "@types", "node"), "dir");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { tariffsim: "*" } }));
    const compilerOptions = {
      target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023"], strict: true,
      skipLibCheck: false, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, outDir: "out", rootDir: ".",
    };
    // Two projects: the declarations alone, with no @types at all (a user need not install
    // @types/node to compile against tariffsim; zod's declarations do need `URL`, which the DOM
    // library, TypeScript's default, declares), and the README examples, compiled and run.
    writeFileSync(join(project, "tsconfig.types.json"), JSON.stringify({
      compilerOptions: { ...compilerOptions, lib: ["ES2023", "DOM"], types: [], noEmit: true }, files: ["imports.ts"],
    }));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, types: ["node"] }, files: ["example.ts", "testing.ts"] }));
    writeFileSync(join(project, "imports.ts"), [
      'import * as lib from "tariffsim";',
      'import * as testing from "tariffsim/testing";',
      "export const all: unknown[] = [lib, testing];",
      "",
    ].join("\n"));
    const [example, testing] = readmeExamples();
    writeFileSync(join(project, "example.ts"), example ?? "");
    writeFileSync(join(project, "testing.ts"), testing ?? "");
  }, 240_000);

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("ships only what users need: the compiled library and its declarations, the CLI bundle, scenarios, docs, LICENSE", () => {
    expect(packed).toContain("LICENSE");
    expect(packed).toContain("dist/tariffsim.mjs");
    expect(packed).toContain("dist/src/index.d.ts");
    expect(packed).toContain("dist/src/testing/index.js");
    expect(packed).toContain("scenarios/korea-us-2026.yaml");
    expect(packed.filter((f) => f.endsWith(".map") || f.startsWith("src/") || f.startsWith("test/") || f.includes("bench"))).toEqual([]);
    // The CLI runs from the bundle; of its modules only the package-root finder is used by the library.
    expect(packed.filter((f) => f.startsWith("dist/src/cli/"))).toEqual(["dist/src/cli/context.d.ts", "dist/src/cli/context.js"].filter((f) => packed.includes(f)));
  });

  it("LICENSE matches package.json's license", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { license: string };
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });

  it("the declarations of tariffsim and tariffsim/testing type-check with --strict and skipLibCheck false, without @types/node", () => {
    tsc(["-p", "tsconfig.types.json"]);
  });

  it("the README's library examples type-check and run, and print the exact answer", () => {
    expect(readmeExamples()).toHaveLength(2);
    tsc(["-p", "tsconfig.json"]);
    const out = run(process.execPath, [join("out", "example.js")], project);
    // The same numbers, computed here from the sources.
    const loaded = loadScenarioFile(KOREA);
    if (!loaded.ok) throw new Error("the shipped scenario does not load");
    const prepared = prepareModel(loaded.scenario, new Map([["p_struck_down", 0.3]]));
    if (!prepared.ok) throw new Error("does not compile");
    const solved = solveExact(prepared.model);
    if (!solved.ok) throw new Error("no exact solve");
    const lines = out.trim().split("\n");
    const groups = summarizeExact(prepared.model, solved.result).groups;
    expect(lines).toHaveLength(groups.length);
    groups.forEach((g, i) => {
      expect(lines[i]).toMatch(new RegExp(`^${g.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: exact ${(100 * g.probability).toFixed(2)}%, Monte Carlo \\d+\\.\\d\\d% \\[\\d+\\.\\d\\d%, \\d+\\.\\d\\d%\\]$`));
    });
    run(process.execPath, [join("out", "testing.js")], project);
  });

  it("the CLI runs from the installed package", () => {
    const out = run(process.execPath, [join("node_modules", "tariffsim", "dist", "tariffsim.mjs"), "exact"], project);
    expect(out).toContain("15% holds");
    expect(out).toContain("25.4475%");
  });
});
