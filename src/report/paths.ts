/**
 * The stories behind the numbers in words: the most common paths (`paths`)
 * as labelled sequences of states, and sample runs (`trace`) as dated
 * sentences built from the scenario's state labels and descriptions; each
 * as a table, JSON and a tidy table (CSV, Markdown). Nothing here knows a
 * scenario: every word comes from the file. Pure: returns strings and
 * plain data.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import type { PathTally, TopPaths } from "../analysis/paths.js";
import type { SampleRun, Samples } from "../analysis/samples.js";
import { MAX_PATH_STEPS, TRUNCATED } from "../analysis/paths.js";
import { dateOfDay } from "../scenario/dates.js";
import type { Override } from "../model/params.js";
import { count, interval, pct } from "./numbers.js";
import { escapeText as esc } from "./escape.js";
import { overrideLines } from "./overrides.js";
import { renderTable } from "./table.js";
import { fitText } from "./fit.js";
import type { Cell, Tidy } from "./tidy.js";

/** What a report shows of one global state. */
export interface StateText {
  readonly machine: string;
  readonly state: string;
  readonly label: string;
  readonly description: string | undefined;
  /** The label, prefixed with the machine when another machine has a state of the same label. */
  readonly step: string;
}

/** The text of every global state, by index. Pure. */
export function stateTexts(model: CompiledModel): StateText[] {
  const byId = new Map(model.scenario.machines.map((m) => [m.id, m]));
  const raw = model.stateNames.map((name) => {
    const dot = name.indexOf(".");
    const machine = name.slice(0, dot);
    const state = name.slice(dot + 1);
    const def = byId.get(machine)?.states.find((s) => s.id === state);
    return { machine, state, label: def?.label ?? state, description: def?.description };
  });
  const machinesOf = new Map<string, Set<string>>();
  for (const r of raw) machinesOf.set(r.label, (machinesOf.get(r.label) ?? new Set()).add(r.machine));
  return raw.map((r) => ({ ...r, step: (machinesOf.get(r.label)?.size ?? 0) > 1 ? `${r.machine}: ${r.label}` : r.label }));
}

/** The text of a path: its steps' labels joined by arrows; `…` for a cut path, and a phrase for no change. Pure. */
export function pathText(texts: readonly StateText[], steps: readonly number[]): string {
  if (steps.length === 0) return "(no state changed)";
  return steps.map((s) => (s === TRUNCATED ? "…" : texts[s]?.step ?? "?")).join(" → ");
}

/** The header of a `paths` or `trace` report. */
export interface PathsMeta {
  readonly seed: number;
  readonly runs: number;
  /** The outcome the report is restricted to (index), if any. */
  readonly outcome: number | undefined;
  readonly overrides: readonly Override[];
  /** The machines whose changes make up the paths (ids); every machine when absent or empty. */
  readonly machines?: readonly string[];
}

/** `paths` as plain data, for the JSON report. Pure. */
export function pathsJson(model: CompiledModel, t: PathTally, top: TopPaths, meta: PathsMeta, maxPaths: number): Record<string, unknown> {
  const texts = stateTexts(model);
  const sc = model.scenario;
  const outcome = meta.outcome === undefined ? undefined : model.outcomes[meta.outcome];
  return {
    scenario: sc.id, title: sc.title, start: sc.start, horizon: sc.horizon, seed: meta.seed, runs: meta.runs,
    outcome: outcome?.id ?? null, machines: meta.machines !== undefined && meta.machines.length > 0 ? meta.machines : null, counted: t.counted, distinctPaths: t.paths.length, maxPaths, untracked: t.untracked, truncated: t.truncated,
    paths: top.top.map((p) => ({
      rank: p.rank, path: pathText(texts, p.steps),
      steps: p.steps.map((s) => (s === TRUNCATED ? null : { machine: texts[s]?.machine, state: texts[s]?.state, label: texts[s]?.label })),
      outcome: model.outcomes[p.outcome]?.id ?? null, share: p.share, ci95: p.ci95, count: p.count, firstRun: p.firstRun,
    })),
    other: top.other,
    overrides: meta.overrides,
  };
}

/**
 * `paths` as a tidy table: one row per path in the top, then `other`.
 * Columns: rank, path, outcome, share, ci95_lo, ci95_hi, count, first_run. Pure.
 */
export function pathsTidy(model: CompiledModel, top: TopPaths): Tidy {
  const texts = stateTexts(model);
  return {
    columns: ["rank", "path", "outcome", "share", "ci95_lo", "ci95_hi", "count", "first_run"],
    rows: [
      ...top.top.map((p): Cell[] => [p.rank, pathText(texts, p.steps), model.outcomes[p.outcome]?.id ?? null, p.share, p.ci95[0], p.ci95[1], p.count, p.firstRun]),
      ["other", `(${top.other.paths} other paths)`, null, top.other.share, top.other.ci95[0], top.other.ci95[1], top.other.count, null],
    ],
  };
}

/** `paths` as a text table. `width` wraps the paths to fit a terminal. Pure. */
export function pathsTable(model: CompiledModel, t: PathTally, top: TopPaths, meta: PathsMeta, width?: number): string {
  const texts = stateTexts(model);
  const sc = model.scenario;
  const outcome = meta.outcome === undefined ? undefined : model.outcomes[meta.outcome];
  const of = outcome === undefined ? "of all runs" : `of the ${count(t.counted)} runs ending in "${esc(outcome.label)}" (${esc(outcome.id)})`;
  const rows = top.top.map((p) => [String(p.rank), pathText(texts, p.steps), model.outcomes[p.outcome]?.label ?? "(several)", pct(p.share), interval(p.ci95), count(p.count)]);
  rows.push(["", `other paths (${count(top.other.paths)})`, "", pct(top.other.share), interval(top.other.ci95), count(top.other.count)]);
  return fitText([
    esc(sc.title),
    `scenario ${esc(sc.id)} · ${sc.start} → ${sc.horizon} · ${count(meta.runs)} runs · seed ${meta.seed}`,
    ...overrideLines(meta.overrides),
    `Most common sequences of ${meta.machines !== undefined && meta.machines.length > 0 ? `${esc(meta.machines.join(", "))} ` : ""}state changes, share ${of}:`,
    renderTable(["#", "Path", "Outcome", "Share", "95% interval", "Runs"], rows, ["right", "left", "left", "right", "right", "right"], width),
    ...(t.untracked > 0 ? [`${count(t.untracked)} runs took paths first met after ${count(t.paths.length)} distinct paths were counted (in "other paths").`] : []),
    ...(t.truncated > 0 ? [`${count(t.truncated)} runs changed state more than the ${MAX_PATH_STEPS} times a path keeps (cut at "…").`] : []),
    `A path's runs are replayed by \`run --replay N\` (first_run in CSV and JSON).`,
  ].join("\n") + "\n", width);
}

/** Lower-cases the first letter of a description for use inside a sentence, unless the word is an acronym ("IEEPA"). */
function inSentence(s: string): string {
  const t = s.trim().replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(t) ? t[0]?.toLowerCase() + t.slice(1) : t;
}

/** One event as a sentence, e.g. `On 2026-02-20 assembly went from “Pending” to “Missed the target”: missed the … (assembly: pending → slipped).` Pure. */
export function eventSentence(model: CompiledModel, texts: readonly StateText[], e: SampleRun["events"][number]): string {
  const from = texts[e.from];
  const to = texts[e.to];
  const date = dateOfDay(model.scenario.start, e.day);
  const machine = to?.machine ?? "?";
  const why = to?.description === undefined ? "" : `: ${inSentence(to.description)}`;
  return `On ${date} ${machine} went from “${from?.label ?? "?"}” to “${to?.label ?? "?"}”${why} (${machine}: ${from?.state ?? "?"} → ${to?.state ?? "?"}, by ${e.transition}).`;
}

/** The sentences of one sample run: how it starts, each change, how it ends. Pure. */
export function runSentences(model: CompiledModel, texts: readonly StateText[], seed: number, r: SampleRun): string[] {
  const sc = model.scenario;
  const outcome = model.outcomes[r.outcome];
  const initial = Array.from(model.initial, (s) => `${texts[s]?.machine ?? "?"} “${texts[s]?.label ?? "?"}”`).join(", ");
  const final = r.finalStates.map((s) => `${texts[s]?.machine ?? "?"} “${texts[s]?.label ?? "?"}”`).join(", ");
  return [
    `Run ${r.run} of seed ${seed} starts on ${sc.start} with ${initial}.`,
    ...(r.events.length === 0 ? ["Nothing changes before the horizon."] : r.events.map((e) => eventSentence(model, texts, e))),
    `On ${sc.horizon}, the horizon, it ends with ${final}: ${outcome?.label ?? "?"} (${outcome?.id ?? "?"}).`,
  ];
}

/** `trace` as text: a header, then one paragraph of sentences per run; `width` wraps lines to a terminal. Pure. */
export function traceText(model: CompiledModel, s: Samples, meta: PathsMeta & { readonly count: number }, width?: number): string {
  const texts = stateTexts(model);
  const sc = model.scenario;
  const outcome = meta.outcome === undefined ? undefined : model.outcomes[meta.outcome];
  const found = s.runs.length;
  const head = [
    esc(sc.title),
    `scenario ${esc(sc.id)} · ${sc.start} → ${sc.horizon} · seed ${meta.seed}`,
    ...overrideLines(meta.overrides),
    esc(outcome === undefined
      ? `Runs 0 to ${s.searched - 1}, whatever their outcome:`
      : found === 0
        ? `None of the runs 0 to ${s.searched - 1} ends in “${outcome.label}” (${outcome.id}); raise --runs to search further.`
        : `The first ${found} of the runs 0 to ${s.searched - 1} that end in “${outcome.label}” (${outcome.id})`
          + `${found < meta.count ? `; only ${found} of the ${meta.count} asked for among the ${count(meta.runs)} runs searched (raise --runs)` : ""}:`),
  ];
  const paragraphs = s.runs.map((r) => runSentences(model, texts, meta.seed, r).map((l) => esc(l)).join("\n"));
  return fitText([head.join("\n"), ...paragraphs].join("\n\n") + "\n", width);
}

/** `trace` as plain data, for the JSON report. Pure. */
export function traceJson(model: CompiledModel, s: Samples, meta: PathsMeta & { readonly count: number }): Record<string, unknown> {
  const texts = stateTexts(model);
  const sc = model.scenario;
  const outcome = meta.outcome === undefined ? undefined : model.outcomes[meta.outcome];
  return {
    scenario: sc.id, title: sc.title, start: sc.start, horizon: sc.horizon, seed: meta.seed, outcome: outcome?.id ?? null,
    asked: meta.count, searched: s.searched,
    runs: s.runs.map((r) => ({
      run: r.run, outcome: model.outcomes[r.outcome]?.id,
      story: runSentences(model, texts, meta.seed, r),
      events: r.events.map((e) => ({
        date: dateOfDay(sc.start, e.day), day: e.day, machine: model.machineIds[e.machine],
        from: texts[e.from]?.state, to: texts[e.to]?.state, fromLabel: texts[e.from]?.label, toLabel: texts[e.to]?.label,
        transition: e.transition, sentence: eventSentence(model, texts, e),
      })),
      final: r.finalStates.map((x) => model.stateNames[x]),
    })),
    overrides: meta.overrides,
  };
}

/**
 * `trace` as a tidy table: one row per state change of each run.
 * Columns: run, date, day, machine, from, to, transition, sentence. Pure.
 */
export function traceTidy(model: CompiledModel, s: Samples): Tidy {
  const texts = stateTexts(model);
  const rows: Cell[][] = [];
  for (const r of s.runs) {
    for (const e of r.events) {
      rows.push([r.run, dateOfDay(model.scenario.start, e.day), e.day, model.machineIds[e.machine] ?? null,
        texts[e.from]?.state ?? null, texts[e.to]?.state ?? null, e.transition, eventSentence(model, texts, e)]);
    }
  }
  return { columns: ["run", "date", "day", "machine", "from", "to", "transition", "sentence"], rows };
}
