/**
 * The HTML report in a real browser: reports built by the CLI bundle are
 * opened in headless Chromium (Debian's `chromium`, driven by playwright-core;
 * no browser download). Checked: no console error, no request but the file
 * itself, every chart present with the expected number of marks (counted
 * from the scenario and the tornado's JSON, not from the page), hostile
 * scenario text shown as text and never run, and a screenshot and a printed
 * PDF written under coverage/. Without Chromium it warns loudly and skips
 * (.ci/run installs it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { z } from "zod";
import { TORNADO_ROWS } from "../../src/report/html/analysisCharts.js";
import { runBundle } from "../helpers/bundle.js";
import { tmpDirs } from "../helpers/cli.js";
import { BUNDLE, koreaScenario, ROOT } from "../helpers/scenario.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT = join(ROOT, "coverage");

function chromiumWorks(): boolean {
  if (!existsSync(CHROMIUM)) return false;
  try {
    execFileSync(CHROMIUM, ["--version"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const available = chromiumWorks() && existsSync(BUNDLE);
if (!available) {
  const line = "!".repeat(100);
  console.warn(`\n${line}\n!!! BROWSER TEST SKIPPED: ${existsSync(BUNDLE) ? `no working Chromium at ${CHROMIUM}` : "no CLI bundle (dist/tariffsim.mjs)"}.\n!!! Install it with: apt-get install -y --no-install-recommends chromium (.ci/run does this as root)\n${line}\n`);
}

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

/** What a page did while it loaded. */
interface Visit {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

async function visit(browser: Browser, file: string): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
  const v: Visit = { page, errors: [], requests: [], dialogs: [] };
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") v.errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => v.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => v.requests.push(r.url()));
  page.on("dialog", (d) => { v.dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return v;
}

/** The data marks of each chart: vega groups a mark's items in `<g class="… role-mark NAME_marks">`. */
const MARKS: Readonly<Record<string, string>> = {
  outcomes: "g.role-mark.bars_marks > path",
  "groups-timeline": "g.role-mark.areas_marks > path",
  "states-timeline": 'g.role-mark[class*=" lines_"] > path',
  tornado: 'g.role-mark[class*=" tornado_"] > path',
  sensitivity: 'g.role-mark[class*=" sobol_"] > path',
};

/** How many data marks each chart on the page drew (by its figure's `data-chart`). */
async function marks(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of await page.locator("figure[data-chart]").all()) {
    const id = (await f.getAttribute("data-chart")) ?? "";
    out[id] = await f.locator(`svg ${MARKS[id] ?? "unknown-chart"}`).count();
  }
  return out;
}

const TornadoJson = z.object({ targets: z.array(z.object({ rows: z.array(z.object({ swing: z.number().nullable() })) })) });

describe.skipIf(!available)("the HTML report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => { await browser?.close(); });

  it("the shipped scenario: every chart with its marks, no console error, no request, a screenshot and a PDF", async () => {
    const dir = dirs.make();
    const file = join(dir, "report.html");
    // Few runs and samples: the numbers do not matter here, the page does (CI time).
    const [made, tornado] = await Promise.all([
      runBundle(["report", "--runs", "20000", "--sensitivity", "4", "--out", file], { timeoutMs: 120_000 }),
      runBundle(["tornado", "--format", "json"], { timeoutMs: 120_000 }),
    ]);
    expect(made.code, made.err).toBe(0);
    expect(made.err).toMatch(/^wrote \S+ \([^)]*\)\n$/); // only the line saying what --out wrote
    expect(tornado.code, tornado.err).toBe(0);
    const tornadoRows = TornadoJson.parse(JSON.parse(tornado.out)).targets
      .reduce((n, t) => n + Math.min(TORNADO_ROWS, t.rows.filter((r) => r.swing !== null).length), 0);

    const sc = koreaScenario();
    if (sc === undefined) throw new Error("the shipped scenario does not load");
    const groups = sc.groups?.length ?? 0;
    const states = sc.machines.reduce((n, m) => n + m.states.length, 0);
    const factors = sc.parameters.filter((p) => p.uncertainty !== undefined && !sc.uncertainties.some((u) => u.parameters.includes(p.name))).length + sc.uncertainties.length;

    const v = await visit(browser, file);
    expect(v.errors).toEqual([]);
    expect(v.dialogs).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    expect(await marks(v.page)).toEqual({
      outcomes: sc.outcomes.length,
      "groups-timeline": groups,
      "states-timeline": states,
      tornado: 2 * tornadoRows,
      sensitivity: 2 * factors * groups,
    });
    // Each chart: a title, an accessible description, and its data as a table.
    const figures = await v.page.locator("figure[data-chart]").all();
    expect(figures).toHaveLength(5);
    for (const f of figures) {
      const img = f.locator('[role="img"]');
      const title = await v.page.locator(`[id="${(await img.getAttribute("aria-labelledby")) ?? "?"}"]`).textContent();
      const desc = await v.page.locator(`[id="${(await img.getAttribute("aria-describedby")) ?? "?"}"]`).textContent();
      expect(title?.trim()).not.toBe("");
      expect(desc?.length).toBeGreaterThan(40);
      expect(await f.locator("table tbody tr").count()).toBeGreaterThan(0);
    }
    const text = await v.page.locator("body").innerText();
    for (const s of ["Provenance", "sha256", "Evidence used", "Claims", "p_struck_down"]) expect(text).toContain(s);

    mkdirSync(OUT, { recursive: true });
    await v.page.screenshot({ path: join(OUT, "report.png"), fullPage: true });
    await v.page.emulateMedia({ media: "print" });
    await v.page.pdf({ path: join(OUT, "report.pdf"), format: "A4" });
    expect(statSync(join(OUT, "report.png")).size).toBeGreaterThan(10_000);
    expect(statSync(join(OUT, "report.pdf")).size).toBeGreaterThan(10_000);
    await v.page.close();
  });

  it("hostile scenario text is shown as text: no script runs, no element is injected, no request", async () => {
    const dir = dirs.make();
    const evil = `</title></style><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp; \u202e`;
    mkdirSync(join(dir, "seeds"));
    writeFileSync(join(dir, "seeds", "seed.txt"), `The article says: ${evil} and more.\n`);
    const q = (s: string): string => JSON.stringify(s);
    writeFileSync(join(dir, "evil.yaml"), `id: evil
title: ${q(`Title ${evil}`)}
description: ${q(`Description ${evil}`)}
asOf: 2026-02-01
seeds: [{ file: seeds/seed.txt, title: ${q(`Seed ${evil}`)}, date: 2026-02-01 }]
calendar: { start: 2026-02-01, horizon: 2026-03-30 }
parameters:
  h:
    default: 0.02
    min: 0
    max: 0.5
    unit: ${q(`per day ${evil}`)}
    description: ${q(`Hazard ${evil}`)}
    source: { seed: seeds/seed.txt, quote: ${q(evil)}, rationale: ${q(`Because ${evil}`)} }
machines:
  m:
    initial: a
    states:
      a: { label: ${q(`State A ${evil}`)} }
      b: { label: ${q(`State B ${evil}`)} }
    transitions:
      - { from: a, hazard: h, to: b }
outcomes:
  - { id: x, label: ${q(`Outcome X ${evil}`)}, group: g1, when: 'in("m.a")' }
  - { id: y, label: ${q(`Outcome Y ${evil}`)}, group: g2, when: 'in("m.b")' }
groups:
  - { id: g1, label: ${q(`Group 1 ${evil}`)} }
  - { id: g2, label: ${q(`Group 2 ${evil}`)} }
`);
    const file = join(dir, "evil.html");
    const made = await runBundle(["report", join(dir, "evil.yaml"), "--runs", "2000", "--out", file], { timeoutMs: 60_000 });
    expect(made.code, made.err).toBe(0);
    const v = await visit(browser, file);
    expect(v.errors).toEqual([]);
    expect(v.dialogs).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    const dom = {
      scripts: await v.page.locator("script").count(),
      imgs: await v.page.locator("img, image, iframe, object").count(),
      title: await v.page.title(),
      quotes: await v.page.locator("q").allTextContents(),
      text: await v.page.locator("body").innerText(),
      svgText: (await v.page.locator("svg text").allTextContents()).join("\n"),
    };
    expect(dom.scripts).toBe(0);
    expect(dom.imgs).toBe(0);
    expect(dom.title).toContain("<script>alert(1)</script>");
    // The text is shown as written, the bidi override made visible.
    expect(dom.text).toContain(`Outcome X </title></style><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp; \\u202e`);
    expect(dom.quotes).toContain(evil.replace("\u202e", "\\u202e"));
    expect(dom.text).not.toContain("\u202e");
    expect(dom.svgText).toContain("Group 1 </title>");
    expect(await marks(v.page)).toMatchObject({ outcomes: 2, "groups-timeline": 2, "states-timeline": 2 });
    await v.page.close();
  });
});
