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

/** The default mathjs instance; used for parsing only. */
export const math: MathJsInstance = require("mathjs/lib/browser/math.js");
