/**
 * Renders claim checks (claims/check.ts): a table with one row per claim and,
 * under it, each failing claim's counterexample (values on both sides, the
 * commands that reproduce them); and a tidy table for CSV and Markdown.
 * Pure.
 * @module
 */
import type { ClaimResult } from "../claims/check.js";
import { escapeText as esc } from "./escape.js";
import { fittedTable } from "./fitTables.js";
import { fitText } from "./fit.js";
import type { Tidy } from "./tidy.js";

/** A probability in full (12 significant digits): a failure can turn on the last digits. */
const full = (p: number): string => `${Number(p.toPrecision(12))}`;

function verdict(r: ClaimResult): string {
  const how = `${r.tested} point${r.tested === 1 ? "" : "s"}, ${r.method}${r.skipped > 0 ? `; ${r.skipped} invalid skipped` : ""}`;
  switch (r.status) {
    case "holds": return `holds (${how})`;
    case "fails": return `FAILS (after ${how})`;
    case "inconclusive": return `inconclusive (${how})`;
    default: return r.status satisfies never;
  }
}

/**
 * The checks as text: a summary table, then each failure's counterexample.
 * With `width` (the terminal's columns) it fits: cells and lines wrap (see
 * fitTables.ts); undefined for no limit. Pure.
 */
export function claimsText(results: readonly ClaimResult[], seed: number, width?: number): string {
  const table = fittedTable(["Claim", "Kind", "Over", "Result"],
    results.map((r) => [`${r.id}\n${r.says}`, r.kind, r.over, verdict(r)]), undefined, width);
  const parts = [table, `fast-check seed ${seed} (replay: the same command with --seed ${seed})`];
  for (const r of results) {
    if (r.note !== undefined) parts.push(`${esc(r.id)}: ${esc(r.note)}`);
    const ce = r.counterexample;
    if (ce === undefined) continue;
    const lines = [`${esc(r.id)} fails (shrunk ${ce.shrinks} times): ${esc(r.says)}`];
    for (const s of ce.sides) {
      const at = s.set.length === 0 ? "at the defaults" : `at ${s.set.map((x) => `${x.name}=${x.value}`).join(", ")}`;
      lines.push(`  ${esc(s.target)} = ${full(s.p)} ${esc(at)}`);
    }
    const [a, b] = ce.sides;
    if (a !== undefined && b !== undefined) lines.push(`  difference (second − first): ${full(b.p - a.p)}`);
    for (const c of ce.commands) lines.push(`  $ ${esc(c)}`);
    parts.push(lines.join("\n"));
  }
  return fitText(parts.join("\n\n") + "\n", width);
}

/** One row per claim (and per side of a counterexample). Pure. */
export function claimsTidy(results: readonly ClaimResult[]): Tidy {
  const rows = results.flatMap((r) => {
    const head = [r.id, r.kind, r.over, r.method, r.status, r.tested, r.skipped];
    const sides = r.counterexample?.sides ?? [];
    if (sides.length === 0) return [[...head, null, null, null, null]];
    return sides.map((s) => [...head, s.label, s.target, s.p, s.set.map((x) => `${x.name}=${x.value}`).join(" ")]);
  });
  return { columns: ["claim", "kind", "over", "method", "status", "tested", "skipped", "side", "target", "probability", "set"], rows };
}
