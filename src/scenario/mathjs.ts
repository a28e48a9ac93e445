/**
 * The mathjs parser, loaded from the package's single-file build.
 *
 * Why the single file: importing the `mathjs` ESM entry loads several hundred
 * modules and costs about 1.1 s on these machines; the bundled build
 * (`mathjs/lib/browser/math.js`, an exported path of the package) loads in
 * about 80 ms. Only `parse` and the node type guards are used: expressions are
 * compiled by tariffsim itself over a whitelist (`src/model/expr.ts`), so no
 * mathjs function (`import`, `createUnit`, `evaluate`, `parse`, …) is ever
 * reachable from a scenario.
 * @module
 */
import { createRequire } from "node:module";
import type { MathJsInstance } from "mathjs";

const require = createRequire(import.meta.url);

let instance: MathJsInstance | undefined;

/** Loads mathjs on first use. */
function load(): MathJsInstance {
  if (instance !== undefined) return instance;
  const loaded: MathJsInstance = require("mathjs/lib/browser/math.js");
  instance = loaded;
  return loaded;
}

/**
 * The default mathjs instance; used for parsing only. Loaded on first use
 * (~50 ms): a command that takes its scenario from the cache (src/cli/cache.ts)
 * parses no expression and never loads it.
 */
export const math: MathJsInstance = new Proxy<MathJsInstance>(Object.create(null), {
  get: (_target, key) => Reflect.get(load(), key),
  has: (_target, key) => Reflect.has(load(), key),
});
