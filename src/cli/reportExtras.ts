/**
 * The report's optional sections that come from other commands: the
 * evidence a forecast is conditioned on (`--given`, `--evidence`, `--asof`,
 * as for `run`), and the scenario's claims, checked (`--claims N`: fast-check
 * with N points each, as `tariffsim check`) or listed unchecked.
 * @module
 */
import { checkClaims, type ClaimResult } from "../claims/check.js";
import type { Check } from "../evidence/check.js";
import { summarizeEvidence } from "../evidence/summary.js";
import type { ExactSummary } from "../analysis/exact.js";
import type { CompiledModel } from "../model/model.js";
import type { ClaimItem, ClaimsSection, EvidenceSection, ReportSource } from "../report/html/data.js";
import type { Source } from "../scenario/idSchema.js";
import { CliError, formatIssues } from "./errors.js";
import { conditionedExactOrFail, conditioningOrFail, type EvidenceOptions } from "./evidence.js";
import type { Loaded } from "./scenario.js";
import { DEFAULT_CHECK_SEED } from "./commands/check.js";

const reportSource = (s: Source | undefined): ReportSource | undefined =>
  s === undefined ? undefined : "quote" in s ? { quote: s.quote, seed: s.seed, rationale: s.rationale } : { rationale: s.rationale };

/**
 * The exact forecast conditioned on the given evidence and its section, or
 * undefined when no observation or `--asof` was given (the report is then as
 * before). The conditioned report is exact: Monte Carlo with `--method mc`
 * is refused rather than silently unconditioned.
 */
export function evidencePart(loaded: Loaded, model: CompiledModel, o: EvidenceOptions & { method: string; timeline: boolean }):
  { exact: ExactSummary; section: EvidenceSection; asOf: string; checks: readonly Check[] } | undefined {
  const cond = conditioningOrFail(loaded, model, o);
  if (!cond.active) return undefined;
  if (o.method === "mc") throw new CliError([`${loaded.file}: report with evidence is exact: use --method both or exact`]);
  const exact = conditionedExactOrFail(loaded, model, o.timeline, cond);
  const ev = summarizeEvidence(model, cond.plan, exact.evidenceProbability);
  const ignored = ev.ignored.length === 0 ? "" : `; ${ev.ignored.length} observation(s) dated after it ignored`;
  return {
    exact,
    asOf: ev.asOf,
    checks: cond.plan.checks,
    section: {
      items: ev.observations.map((x) => ({ observation: x.observation, date: x.date, source: x.source === undefined ? undefined : reportSource(x.source) })),
      probability: ev.probability,
      note: ev.observations.length > 0 ? `forecast as of ${ev.asOf}, conditioned exactly (the exact solver's filtered forward pass)${ignored}`
        : `forecast as of ${ev.asOf}, with no observation used${ignored}`,
    },
  };
}

function item(r: ClaimResult, source: Source): ClaimItem {
  const ce = r.counterexample;
  const detail = ce === undefined ? `${r.tested} points (${r.over}, ${r.method})${r.note === undefined ? "" : `; ${r.note}`}`
    : ce.sides.map((s) => `${s.target} = ${s.p} at ${s.set.length === 0 ? "the defaults" : s.set.map((x) => `${x.name}=${x.value}`).join(", ")}`).join("; ");
  return {
    id: r.id, says: r.says, status: r.status === "inconclusive" ? "unchecked" : r.status, detail,
    command: ce?.commands.join("\n"), source: reportSource(source),
  };
}

/** The claims section: checked with `runs` points each when asked, else listed unchecked; undefined when the scenario has none. */
export function claimsPart(loaded: Loaded, runs: number | undefined, file: string | undefined): ClaimsSection | undefined {
  const sc = loaded.scenario;
  if (sc.claims.length === 0) return undefined;
  if (runs === undefined) {
    return {
      items: sc.claims.map((c) => ({ id: c.id, says: c.says, status: "unchecked", source: reportSource(c.source) })),
      note: "not checked for this report (tariffsim report --claims N, or tariffsim check)",
    };
  }
  const r = checkClaims(sc, [], { seed: DEFAULT_CHECK_SEED, numRuns: runs, mcRuns: 20_000, command: `tariffsim exact ${file ?? ""}`.trimEnd() });
  if (!r.ok) throw new CliError(formatIssues(loaded.file, r.issues, loaded.locate));
  return {
    items: r.value.map((x, i) => item(x, sc.claims[i]?.source ?? { rationale: "" })),
    note: `checked by tariffsim check: ${runs} points per claim, fast-check seed ${DEFAULT_CHECK_SEED}`,
  };
}
