/**
 * What `tariffsim run` loads: the bundle's entry and the chunks it imports
 * statically (dynamic `import()` chunks load only when a command asks). vega
 * (a dependency of the HTML report) must never be among them, so `run` never
 * pays for it. Reads the built bundle (`node scripts/bundle.mjs`).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE } from "../helpers/scenario.js";

/** The files an ES module loads before it runs: itself and its static relative imports, transitively. */
function staticGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [entry];
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

describe("the bundle's start-up graph", () => {
  it("follows static imports into chunks, not dynamic ones", () => {
    // The helper itself must see what a real chunked entry imports, or the check below proves nothing.
    const graph = staticGraph(BUNDLE);
    expect(graph.size).toBeGreaterThanOrEqual(1);
    expect([...graph.values()].some((t) => t.includes("function simulateBatch("))).toBe(true);
  });

  it("loads no vega when `run` starts", () => {
    for (const [file, text] of staticGraph(BUNDLE)) {
      // vega's own modules announce themselves in esbuild's path comments (node_modules/vega…).
      expect({ file, vega: /node_modules\/vega/.test(text) }).toEqual({ file, vega: false });
    }
  });
});
