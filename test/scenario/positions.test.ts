/**
 * The position tree (src/scenario/positions.ts, stored in the scenario
 * cache): its locator must answer exactly as the loader's own locator
 * (parseText in load.ts) on the same text, for every path, including paths
 * past the end of the data, `@line:col` paths, numbers against maps and
 * strings against lists; and a malformed tree (a damaged cache entry) is
 * recognised as such.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import type { Path } from "../../src/scenario/issues.js";
import { parseText, positionTreeOf } from "../../src/scenario/load.js";
import { isPositionTree, treeLocator } from "../../src/scenario/positions.js";
import { ROOT, SIMPLE } from "../helpers/scenario.js";

/** Every path into a value, and around each a few that the walk must stop on. */
function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix, [...prefix, "no-such-key"], [...prefix, 99_999], [...prefix, 0], [...prefix, "0"], [...prefix, -1], [...prefix, 1.5]);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

/** The loader's answers and the tree's on `paths` of `text`. */
function both(text: string, extra: readonly Path[] = []): { loader: unknown[]; tree: unknown[] } {
  const r = parseText(text);
  const locate = r.ok ? r.value.locate : r.locate;
  const data = r.ok ? r.value.data : undefined;
  const paths = [...allPaths(data), ...extra, ["@3:7"], ["@x"], ["@12:3", "a"]];
  const tree = treeLocator(positionTreeOf(text));
  return { loader: paths.map((p) => locate(p)), tree: paths.map((p) => tree(p)) };
}

describe("the position tree's locator", () => {
  it("answers as the loader's locator on the shipped scenarios and a test scenario, on every path", () => {
    for (const file of [join(ROOT, "scenarios", "korea-us-2026.yaml"), join(ROOT, "scenarios", "template.yaml"), SIMPLE]) {
      const r = both(readFileSync(file, "utf8"));
      expect(r.loader.filter((p) => p !== undefined).length).toBeGreaterThan(100);
      expect(r.tree).toEqual(r.loader);
    }
  });

  it("answers as the loader's locator on YAML written in the ways a file may be (block, flow, JSON, anchors, duplicate keys, empty values, pairs in lists)", () => {
    const texts = [
      "a: 1\nb:\n  - x\n  - { y: 2, z: [3, 4] }\n",
      "{\"a\": [1, {\"5\": true}], \"b\": null}",
      "base: &b { p: 1 }\nuse: *b\nlist: [*b, 2]\n",
      "k: 1\nk: 2\n",
      "empty:\nnull_key: ~\n? complex\n: value\n",
      "seq: [a: 1, b]\n",
      "5: five\n'5': quoted\n",
      "",
      "- just\n- a list\n",
      "scalar",
    ];
    for (const text of texts) {
      const r = both(text, [["k"], ["empty", "x"], ["seq", 0, "a"], ["seq", 1], [5], ["5"], [0], [1, "x"], ["complex"]]);
      expect({ text, at: r.tree }).toEqual({ text, at: r.loader });
    }
  });

  it("property: answers as the loader's locator on generated documents, written as block YAML, flow YAML and JSON", () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "5", "0", "x y", "__k"), fc.string({ maxLength: 4 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }),
        fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(key, tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, fc.constantFrom("block", "flow", "json"), (v, style) => {
      const text = style === "json" ? JSON.stringify(v, null, 1) : stringify(v, { collectionStyle: style === "flow" ? "flow" : "block" });
      const r = both(text);
      expect(r.tree).toEqual(r.loader);
    }), { numRuns: 300 });
  });
});

describe("isPositionTree", () => {
  it("accepts what positionTreeOf makes, and refuses damaged trees", () => {
    const tree = positionTreeOf(readFileSync(SIMPLE, "utf8"));
    expect(isPositionTree(tree)).toBe(true);
    expect(isPositionTree({ n: false })).toBe(true);
    for (const bad of [null, 1, "x", {}, { n: 1 }, { n: true, p: [1] }, { n: true, p: [1, "2"] }, { n: true, k: [["a"]] }, { n: true, k: [["a", { n: "no" }]] },
      { n: true, i: [{}] }, { n: true, i: "x" }, { n: true, k: [[1, { n: true }]] }]) {
      expect({ bad, ok: isPositionTree(bad) }).toEqual({ bad, ok: false });
    }
    let deep: unknown = { n: true };
    for (let i = 0; i < 2_000; i++) deep = { n: true, i: [deep] };
    expect(isPositionTree(deep)).toBe(false);
  });
});
