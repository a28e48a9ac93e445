/**
 * What an HTML report shows: plain data gathered by the `report` command
 * (src/cli/commands/report.ts) and rendered by {@link renderReport}
 * (page.ts). Every section is data, so that a caller can add or leave out
 * parts (evidence, claims, the sensitivity analysis) without touching the
 * renderer; absent optional sections are shown as "none" or "not computed".
 * @module
 */
import type { ExactSummary } from "../../analysis/exact.js";
import type { Summary } from "../../analysis/summary.js";
import type { Override } from "../../model/params.js";
import type { Parameter } from "../../scenario/scenario.js";
import type { SensitivityReport } from "../../sensitivity/sobol.js";
import type { TornadoReport } from "../../sensitivity/tornado.js";

/** Where a number or a statement comes from: a verbatim quote from a seed file, and/or a rationale. */
export interface ReportSource {
  readonly quote?: string | undefined;
  readonly seed?: string | undefined;
  readonly rationale?: string | undefined;
}

/** One observation the forecast was conditioned on. */
export interface EvidenceItem {
  /** The observation as written, e.g. `assembly.passed by 2026-03-01`. */
  readonly observation: string;
  /** The date it was observed or reported (ISO), when known. */
  readonly date?: string | undefined;
  readonly source?: ReportSource | undefined;
}

/** The evidence a forecast used. */
export interface EvidenceSection {
  readonly items: readonly EvidenceItem[];
  /** P(evidence) under the model, when computed. */
  readonly probability?: number | undefined;
  /** Anything else to say (the method of conditioning, an effective sample size). */
  readonly note?: string | undefined;
}

/** One claim about the model and whether it holds. */
export interface ClaimItem {
  readonly id: string;
  /** The claim as a sentence. */
  readonly says: string;
  readonly status: "holds" | "fails" | "unchecked";
  /** A counterexample or other detail (e.g. the values on both sides). */
  readonly detail?: string | undefined;
  /** A command that reproduces a failure. */
  readonly command?: string | undefined;
  readonly source?: ReportSource | undefined;
}

/** The claims of a scenario. */
export interface ClaimsSection {
  readonly items: readonly ClaimItem[];
  /** How they were checked (seed, number of tests). */
  readonly note?: string | undefined;
}

/** One parameter as the report lists it. */
export interface ParameterRow {
  readonly parameter: Parameter;
  /** The value the report ran with. */
  readonly value: number;
  /** Where the value came from when it differs from the default (`--set`, `params:FILE`). */
  readonly override?: Override | undefined;
  /** Its tornado ends and their basis, when it was varied. */
  readonly ends?: { readonly low: number; readonly high: number; readonly basis: string } | undefined;
}

/** How the report was made. */
export interface ReportProvenance {
  readonly tool: string;
  readonly scenarioFile: string;
  /** Hex SHA-256 of the scenario file's bytes. */
  readonly scenarioSha256: string;
  readonly method: string;
  readonly seed: number | undefined;
  readonly runs: number | undefined;
  readonly command: string | undefined;
  /** When the report was made (ISO 8601, UTC). */
  readonly date: string;
  /** Other lines worth keeping (overlays read, solver notes). */
  readonly notes: readonly string[];
}

/** Everything an HTML report shows. */
export interface ReportData {
  readonly title: string;
  readonly scenarioId: string;
  readonly description: string;
  readonly asOf: string;
  readonly start: string;
  readonly horizon: string;
  /** Monte Carlo summary (intervals), when run. */
  readonly mc: Summary | undefined;
  /** Exact summary with its timeline, when solved. */
  readonly exact: ExactSummary | undefined;
  /** Why there is no exact result, when there is none. */
  readonly exactNote?: string | undefined;
  readonly tornado: TornadoReport | undefined;
  readonly sensitivity?: SensitivityReport | undefined;
  readonly parameters: readonly ParameterRow[];
  readonly overrides: readonly Override[];
  readonly evidence?: EvidenceSection | undefined;
  readonly claims?: ClaimsSection | undefined;
  readonly provenance: ReportProvenance;
}
