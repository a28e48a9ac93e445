/**
 * `tariffsim report`: the HTML page's sections and provenance, options
 * (--method, --no-tornado, --out checks), reproducibility with
 * SOURCE_DATE_EPOCH, and the renderer's optional evidence and claims
 * sections with hostile text (escaped). The page in a real browser:
 * test/browser/report.test.ts.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/html/page.js";
import type { ReportData } from "../../src/report/html/data.js";
import { escapeHtml, html, trusted } from "../../src/report/html/escape.js";
import { plottedDays, uniqueNames } from "../../src/report/html/chart.js";
import { cli, nonEmptyLines, tmpDirs } from "../helpers/cli.js";
import { BUNDLE, SIMPLE } from "../helpers/scenario.js";

const VOTE_UNCERTAIN = "test/sensitivity/fixtures/vote-uncertain.yaml";

const dirs = tmpDirs();
let epoch: string | undefined;
beforeAll(() => { epoch = process.env.SOURCE_DATE_EPOCH; process.env.SOURCE_DATE_EPOCH = "86400"; });
afterAll(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
  dirs.cleanup();
});

/** The text of a `<dd>` after the `<dt>` named `key` in the provenance list. */
function provenanceOf(page: string, key: string): string | undefined {
  return new RegExp(`<dt>${key}</dt><dd>([^<]*)</dd>`).exec(page)?.[1];
}

describe("tariffsim report", () => {
  it("writes one HTML page with the charts, parameters, sections and provenance; the same bytes twice", async () => {
    const a = await cli("report", SIMPLE, "--runs", "2000", "--seed", "9");
    expect(a.code, a.err).toBe(0);
    expect(a.err).toBe("");
    const page = a.out;
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect([...page.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(["outcomes", "groups-timeline", "states-timeline", "tornado"]);
    expect(page.match(/<svg /g)).toHaveLength(4);
    expect(provenanceOf(page, "scenario sha256")).toBe(createHash("sha256").update(readFileSync(SIMPLE)).digest("hex"));
    expect(provenanceOf(page, "seed")).toBe("9");
    expect(provenanceOf(page, "runs")).toBe("2,000");
    expect(provenanceOf(page, "date")).toBe("1970-01-02T00:00:00.000Z");
    expect(provenanceOf(page, "command")).toBe(`tariffsim report ${SIMPLE} --runs 2000 --seed 9`);
    expect(provenanceOf(page, "method")).toBe("exact solver and Monte Carlo (2,000 runs)");
    for (const s of ["<code>p_pass</code>", "<code>h_raise</code>", "Evidence used", "Claims", "Overrides: none", "Global sensitivity (Sobol indices): not computed"]) {
      expect(page).toContain(s);
    }
    const b = await cli("report", SIMPLE, "--runs", "2000", "--seed", "9");
    expect(b.out).toBe(page);
  });

  it("--method exact has no sampling; --no-tornado leaves the tornado out; --set is shown as an override", async () => {
    const r = await cli("report", SIMPLE, "--method", "exact", "--no-tornado", "--set", "p_pass=0.3");
    expect(r.code, r.err).toBe(0);
    expect(provenanceOf(r.out, "seed")).toBe("none (no sampling)");
    expect(provenanceOf(r.out, "method")).toBe("exact solver");
    expect(r.out).toContain("Tornado: not computed (--no-tornado).");
    expect(r.out).not.toContain('data-chart="tornado"');
    expect(r.out).toContain('<span class="override">0.3</span><span class="source note">from --set</span>');
    expect(r.out).toContain("<li><code>p_pass</code> = 0.3 (default 0.6, from --set)</li>");
  });

  it("--given conditions the forecast exactly (the page shows the evidence and P(evidence)); --claims checks the claims", async () => {
    const given = "not tariff.high by 2026-02-20";
    const r = await cli("report", SIMPLE, "--no-tornado", "--given", given);
    expect(r.code, r.err).toBe(0);
    const ex = await cli("exact", SIMPLE, "--given", given, "--format", "json");
    const exact = JSON.parse(ex.out) as { evidence: { probability: number } };
    expect(r.out).toContain(given);
    expect(provenanceOf(r.out, "method")).toBe("exact solver");
    expect(r.out).toContain("with evidence the forecast is exact and conditional; Monte Carlo is left out");
    expect(r.out).toContain(`Probability of this evidence under the model: <strong>${(100 * exact.evidence.probability).toFixed(4)}%</strong>`);
    const mc = await cli("report", SIMPLE, "--no-tornado", "--method", "mc", "--given", given);
    expect(mc.code).toBe(2);
    expect(nonEmptyLines(mc.err)).toEqual([`${SIMPLE}: report with evidence is exact: use --method both or exact`]);
  });

  it("with evidence: one as-of date (the evidence's), charts from it, and the tornado said to be conditioned on it", async () => {
    const given = "not tariff.high by 2026-02-20";
    const r = await cli("report", SIMPLE, "--given", given);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("· as of 2026-02-20 ·");
    expect(r.out).not.toContain("as of 2026-02-01");
    expect(r.out).toMatch(/by date, from 2026-02-20 to 2026-04-30/);
    expect(r.out).toContain("the tornado is conditioned on the same evidence, at each point&#39;s parameter values");
    const plain = await cli("report", SIMPLE);
    expect(plain.out).not.toContain("conditioned on the same evidence");
  });

  it("SOURCE_DATE_EPOCH malformed or past JavaScript's dates: exit 2, one line, before any work", async () => {
    try {
      for (const bad of ["8640000000001", "1e9", " 1", "-1", "99999999999999999"]) {
        process.env.SOURCE_DATE_EPOCH = bad;
        const r = await cli("report", SIMPLE, "--no-tornado", "--runs", "100");
        expect(r.code, bad).toBe(2);
        expect(r.out).toBe("");
        expect(nonEmptyLines(r.err)).toEqual([`SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, from 0 to 8640000000000, got "${bad}"`]);
      }
      process.env.SOURCE_DATE_EPOCH = "8640000000000";
      expect((await cli("report", SIMPLE, "--no-tornado", "--runs", "100")).code).toBe(0);
    } finally {
      process.env.SOURCE_DATE_EPOCH = "86400";
    }
  });

  it("--sensitivity: its messages name --sensitivity, and declared correlations are said on stderr and on the page", async () => {
    const r = await cli("report", VOTE_UNCERTAIN, "--runs", "1000", "--sensitivity", "3");
    expect(r.code, r.err).toBe(0);
    expect(nonEmptyLines(r.err).some((l) => /: --sensitivity: .*power of two/.test(l))).toBe(true);
    expect(r.err).not.toContain("--samples");
    const dir = dirs.make();
    const corr = join(dir, "corr.yaml");
    writeFileSync(corr, readFileSync(VOTE_UNCERTAIN, "utf8").replace(/\nmachines:/, "\ncorrelations:\n  - between: [h_threat, p_unused]\n    rho: 0.5\n    source: { rationale: test }\nmachines:"));
    const c = await cli("report", corr, "--runs", "1000", "--sensitivity", "4");
    expect(c.code, c.err).toBe(0);
    expect(c.err).toContain("--sensitivity: Sobol indices assume independent inputs, and correlations are declared (see the report)");
    expect(c.out).toContain("sensitivity: correlations are declared: Sobol indices assume independent inputs");
  });

  it("--method exact refuses --runs (and --seed unless --sensitivity's design uses it), as the other commands do", async () => {
    const runs = await cli("report", SIMPLE, "--method", "exact", "--runs", "5", "--seed", "3");
    expect(runs.code).toBe(2);
    expect(nonEmptyLines(runs.err)).toEqual(["--method exact: --runs, --seed only apply to Monte Carlo"]);
    const seeded = await cli("report", VOTE_UNCERTAIN, "--method", "exact", "--no-tornado", "--sensitivity", "4", "--seed", "3");
    expect(seeded.code, seeded.err).toBe(0);
    // Nothing uses threads without Monte Carlo, the tornado or --sensitivity.
    const threads = await cli("report", SIMPLE, "--method", "exact", "--no-tornado", "--workers", "2");
    expect(threads.code).toBe(2);
    expect(nonEmptyLines(threads.err)).toEqual(["--method exact --no-tornado: --workers only applies to Monte Carlo, the tornado and --sensitivity"]);
    const used = await cli("report", VOTE_UNCERTAIN, "--method", "exact", "--no-tornado", "--sensitivity", "4", "--workers", "2", "--out", join(dirs.make(), "r.html"));
    expect(used.code, used.err).toBe(0);
  });

  it("--out must name an .html file (exit 2, one line, nothing written)", async () => {
    const out = join(dirs.make(), "report.csv");
    const r = await cli("report", SIMPLE, "--out", out);
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([`${out}: --out: a report is HTML; name the file .html`]);
    expect(existsSync(out)).toBe(false);
  });

  it("--sensitivity needs declared uncertainties (exit 2, the analysis's own message)", async () => {
    const r = await cli("report", SIMPLE, "--sensitivity", "2");
    expect(r.code).toBe(2);
    expect(nonEmptyLines(r.err)).toEqual([expect.stringMatching(/^.*simple\.yaml:\d+:\d+: parameters: scenario "simple" declares no parameter uncertainty/)]);
    expect(r.out).toBe("");
  });

  it("writes --out whole, with the sensitivity chart when asked", async () => {
    const out = join(dirs.make(), "report.html");
    const r = await cli("report", VOTE_UNCERTAIN, "--runs", "1000", "--sensitivity", "4", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe("");
    const page = readFileSync(out, "utf8");
    expect(page).toContain('data-chart="sensitivity"');
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
  });
});

describe.skipIf(!existsSync(BUNDLE))("the CLI bundle", () => {
  it("loads vega and vega-lite only when a report is made (a dynamic import in a chunk of its own, kept outside the bundle)", () => {
    const code = readFileSync(BUNDLE, "utf8");
    const chunks = join(BUNDLE, "..", "chunks");
    const files = readdirSync(chunks).filter((f) => f.endsWith(".mjs")).map((f) => ({ f, code: readFileSync(join(chunks, f), "utf8") }));
    for (const c of [{ f: "tariffsim.mjs", code }, ...files]) {
      expect(c.code, c.f).not.toMatch(/\bfrom\s*["']vega(-lite)?["']/);
      expect(c.code, c.f).not.toMatch(/require\(["']vega(-lite)?["']\)/);
      // vega's own code (its View class) is in no file of the bundle.
      expect(c.code, c.f).not.toMatch(/function View\(spec, options\)/);
    }
    // The chunk that imports vega is reached from the CLI only by a dynamic import.
    const page = files.find((c) => c.code.includes('import("vega")') && c.code.includes('import("vega-lite")'));
    expect(page).toBeDefined();
    expect(code).not.toMatch(new RegExp(`from\\s*["']\\./chunks/${page?.f ?? "-"}["']`));
  });
});

describe("the renderer's evidence and claims sections", () => {
  const EVIL = `<script>alert("x")</script>&\u202e`;
  const base: ReportData = {
    title: `T ${EVIL}`, scenarioId: "s", description: EVIL, asOf: "2026-01-01", start: "2026-01-01", horizon: "2026-01-02",
    mc: undefined, exact: undefined, exactNote: "not solved in this test", tornado: undefined, parameters: [], overrides: [],
    provenance: { tool: "tariffsim test", scenarioFile: EVIL, scenarioSha256: "00", method: "none", seed: undefined, runs: undefined, command: EVIL, date: "2026-01-01T00:00:00Z", notes: [] },
  };

  it("shows 'none' when absent", async () => {
    const { html: page } = await renderReport(base, { machines: [] });
    expect(page).toContain("<h2 id=\"h-evidence\">Evidence used</h2><p>none: the forecast is not conditioned on any observation.</p>");
    expect(page).toContain("<h2 id=\"h-claims\">Claims</h2><p>none</p>");
    expect(page).not.toContain("<script");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;\\u202e");
  });

  it("renders given evidence and claims, escaped, with each claim's status", async () => {
    const { html: page } = await renderReport({
      ...base,
      evidence: { items: [{ observation: `bill.passed by 2026-03-01 ${EVIL}`, date: "2026-03-02", source: { quote: EVIL, seed: "seeds/a.txt" } }], probability: 0.25, note: EVIL },
      claims: {
        items: [
          { id: "c1", says: `Holds ${EVIL}`, status: "holds", source: { rationale: "r" } },
          { id: "c2", says: "Fails", status: "fails", detail: "p_pass = 0.1 gives 3% < 5%", command: `tariffsim exact --set p_pass=0.1 ${EVIL}` },
          { id: "c3", says: "Not checked", status: "unchecked" },
        ],
      },
    }, { machines: [] });
    expect(page).not.toContain("<script");
    expect(page).not.toContain("\u202e");
    expect(page).toContain("Probability of this evidence under the model: <strong>25.0000%</strong>");
    expect(page).toContain("<code>bill.passed by 2026-03-01 &lt;script&gt;");
    expect(page).toContain("<q>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;\\u202e</q> <span class=\"note\">(seeds/a.txt)</span>");
    expect([...page.matchAll(/<td class="status-(\w+)">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]])).toEqual([["holds", "holds"], ["fails", "fails"], ["unchecked", "not checked"]]);
    expect(page).toContain("<code>tariffsim exact --set p_pass=0.1 &lt;script&gt;");
  });
});

describe("escaping and chart helpers", () => {
  it("html escapes every interpolated string (text and attributes), keeps Html, joins lists, drops nothing-values", () => {
    const evil = `"><img src=x onerror=alert(1)>'&`;
    expect(html`<p title="${evil}">${evil}</p>`.text).toBe(`<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;</p>`);
    expect(html`<ul>${["a<", "b"].map((x) => html`<li>${x}</li>`)}</ul>${undefined}${false}${null}${3}`.text).toBe("<ul><li>a&lt;</li><li>b</li></ul>3");
    expect(html`${trusted("<b>ok</b>")}`.text).toBe("<b>ok</b>");
    expect(escapeHtml("a\u202eb\x1bc\nd")).toBe("a\\u202eb\\x1bc\nd");
  });

  it("makes shared labels unique and thins long timelines (the horizon kept)", () => {
    expect(uniqueNames([{ id: "a", label: "X" }, { id: "b", label: "X" }, { id: "c", label: "Y\u202e" }])).toEqual(["X (a)", "X (b)", "Y\\u202e"]);
    expect(plottedDays(5)).toEqual([0, 1, 2, 3, 4]);
    const long = plottedDays(3661);
    expect(long.length).toBeLessThanOrEqual(401);
    expect(long[0]).toBe(0);
    expect(long[long.length - 1]).toBe(3660);
  });
});
