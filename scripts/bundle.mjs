// Bundles the CLI. Why: loading zod, yaml, commander and the rest as
// hundreds of separate modules costs about 0.4 s at every start; bundled
// files start in about a quarter of that (measured on these machines, see
// README "Performance"). mathjs is loaded at run time from its own
// single-file build (src/scenario/mathjs.ts), so it stays outside.
//
// Code splitting: what the CLI and the worker share goes into shared chunks,
// and whatever is loaded with a dynamic `import()` (a heavy dependency only
// one command needs, such as vega for an HTML report) gets a chunk of its own,
// loaded only by the command that asks for it; test/cli/bundle-lazy.test.ts
// checks that `run` loads no vega.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

// The build's identity for the scenario cache (src/cli/cache.ts): a digest of every source file and
// the lock file (the versions of yaml, zod and mathjs), so that entries made by another build of the
// same version, whose schema or rules may differ, are never served.
function buildDigest() {
  const h = createHash("sha256");
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`${p}\0`).update(readFileSync(p)).update("\0");
    }
  };
  walk("src");
  h.update(readFileSync("package-lock.json"));
  return `bundle-${h.digest("hex")}`;
}

// Chunks of earlier builds (their names carry content hashes) would pile up beside the new ones.
rmSync("dist/chunks", { recursive: true, force: true });

// Two entries: the CLI, and the worker thread script `--workers` starts.
await build({
  entryPoints: { tariffsim: "src/cli/main.ts", worker: "src/cli/worker.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // vega and vega-lite (the HTML report only, loaded with a dynamic import) stay outside: inlined they
  // would double the bundle that every command parses at start.
  external: ["vega", "vega-lite"],
  define: { __TARIFFSIM_BUILD__: JSON.stringify(buildDigest()) },
  banner: {
    js: "import { createRequire as __tariffsimRequire } from 'node:module'; const require = __tariffsimRequire(import.meta.url);",
  },
});
