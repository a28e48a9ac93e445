/**
 * `tariffsim check`: exit 0 when every claim holds (the shipped scenario's),
 * 1 with a shrunk counterexample and a ready command when one fails, 2 for a
 * bad claim; JSON and CSV carry the same verdicts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, nonEmptyLines, STACK_LINE, tmpDirs } from "../helpers/cli.js";
import { KOREA, simpleText } from "../helpers/scenario.js";

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

function withClaims(claims: string): string {
  const file = join(dirs.make(), "s.yaml");
  writeFileSync(file, simpleText() + claims);
  return file;
}

describe("check", () => {
  it("the shipped scenario's claims hold (exit 0), with the seed printed", async () => {
    const r = await cli("check", KOREA, "--runs", "8", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { seed: number; claims: { id: string; status: string; method: string; tested: number }[] };
    expect(j.claims.length).toBeGreaterThanOrEqual(3);
    for (const c of j.claims) {
      expect(c.status, c.id).toBe("holds");
      expect(c.method).toBe("exact");
      expect(c.tested).toBeGreaterThan(0);
    }
    expect(j.seed).toBe(20260203);
  });

  it("a false claim exits 1 with its counterexample and a command that reproduces it", async () => {
    const file = withClaims(`claims:
  - id: rise_rare
    says: The tariff rises in at most 90% of the runs.
    source: { rationale: planted false claim }
    bound: { target: outcome:rise, atMost: 0.9 }
`);
    const r = await cli("check", file, "--seed", "3");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/rise_rare fails \(shrunk \d+ times\)/);
    const cmd = /\$ tariffsim exact (\S+)((?: --set \w+=\S+)+)/.exec(r.out);
    expect(cmd?.[1]).toBe(file);
    const sets = (cmd?.[2] ?? "").trim().split(/\s+/);
    expect(nonEmptyLines(r.err)).toEqual([`${file}: claim "rise_rare" fails`]);
    // The printed command gives the printed probability, above the bound.
    const printed = Number(/outcome:rise = (\S+) at /.exec(r.out)?.[1]);
    const exact = await cli("exact", file, ...sets, "--format", "json");
    expect(exact.code).toBe(0);
    const p = (JSON.parse(exact.out) as { outcomes: { id: string; probability: number }[] }).outcomes.find((o) => o.id === "rise")?.probability ?? NaN;
    expect(Number(p.toPrecision(12))).toBe(printed);
    expect(p).toBeGreaterThan(0.9);
    // Replayable: the same seed, the same report.
    expect((await cli("check", file, "--seed", "3")).out).toBe(r.out);
    const csv = await cli("check", file, "--seed", "3", "--format", "csv");
    expect(csv.code).toBe(1);
    expect(csv.out).toMatch(/\r\nrise_rare,bound,bounds,exact,fails,/);
  });

  it("a bad claim or option exits 2 with one positioned line, never a stack trace", async () => {
    const file = withClaims(`claims:
  - id: c
    says: x
    source: { rationale: test }
    monotone: { parameter: h_rase, target: outcome:rise, direction: increasing }
`);
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    const lines = nonEmptyLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:28: claims\\[0\\]\\.monotone\\.parameter: no parameter "h_rase" \\(did you mean "h_raise"\\?\\)$`));
    expect(r.err).not.toMatch(STACK_LINE);
    const none = await cli("check", withClaims(""));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/has no claims to check/);
    const unknown = await cli("check", KOREA, "--claim", "nope", "--runs", "2");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--claim\.nope|no claim "nope"/);
  });
});
