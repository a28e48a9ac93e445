// Bundles the CLI into one file. Why: loading zod, yaml, commander and the
// rest as hundreds of separate modules costs about 0.4 s at every start;
// one bundled file starts in about a quarter of that (measured on these
// machines, see README "Performance"). mathjs is loaded at run time from its
// own single-file build (src/scenario/mathjs.ts), so it stays outside.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/tariffsim.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __tariffsimRequire } from 'node:module'; const require = __tariffsimRequire(import.meta.url);",
  },
});
