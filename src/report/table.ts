/**
 * Plain-text tables (cli-table3) of a Monte Carlo summary and of a replayed
 * run. Pure: returns strings.
 * @module
 */
import Table from "cli-table3";
import { dateOfDay } from "../scenario/dates.js";
import type { CompiledModel } from "../model/model.js";
import type { Summary } from "../analysis/summary.js";
import type { Replay } from "../engine/simulate.js";
import { count, interval, pct } from "./numbers.js";

const STYLE = { head: [], border: [] }; // no colours: output is read in logs and diffs too

/** Renders a table with a header row. */
export function renderTable(head: string[], rows: string[][], align?: ("left" | "right")[]): string {
  const t = new Table({ head, style: STYLE, ...(align === undefined ? {} : { colAligns: align }) });
  for (const r of rows) t.push(r);
  return t.toString();
}

/** The summary as tables: groups (when the scenario has them), outcomes, and optionally states. */
export function summaryTable(s: Summary, opts: { states?: boolean } = {}): string {
  const parts: string[] = [];
  parts.push(`${s.title}`);
  parts.push(`scenario ${s.scenario} · ${s.start} → ${s.horizon} · ${count(s.runs)} runs · seed ${s.seed}`);
  const right: ("left" | "right")[] = ["left", "right", "right", "right"];
  if (s.groups.length > 0) {
    parts.push(renderTable(["Headline", "Probability", "95% interval", "Runs"],
      s.groups.map((g) => [g.label, pct(g.probability), interval(g.ci95), count(g.count)]), right));
  }
  parts.push(renderTable(
    ["Outcome", ...(s.groups.length > 0 ? ["Group"] : []), "Probability", "95% interval", "Runs"],
    s.outcomes.map((o) => [o.label, ...(s.groups.length > 0 ? [o.group ?? ""] : []), pct(o.probability), interval(o.ci95), count(o.count)]),
    s.groups.length > 0 ? ["left", "left", "right", "right", "right"] : right,
  ));
  if (opts.states === true) {
    parts.push(renderTable(["State", "Ends in", "Ever in", "Mean first entry"],
      s.states.map((x) => [`${x.machine}.${x.state}`, pct(x.final), pct(x.visited), x.meanFirstVisit ?? "—"]),
      ["left", "right", "right", "left"]));
  }
  return parts.join("\n") + "\n";
}

/** A replayed run as a table of events. */
export function replayTable(model: CompiledModel, seed: number, r: Replay): string {
  const sc = model.scenario;
  const rows = r.events.map((e) => [
    dateOfDay(sc.start, e.day), model.machineIds[e.machine] ?? "?",
    `${shortName(model, e.from)} → ${shortName(model, e.to)}`, e.transition.id,
  ]);
  const outcome = model.outcomes[r.outcome];
  return [
    `${sc.title}`,
    `run ${r.run} of seed ${seed}`,
    rows.length > 0 ? renderTable(["Date", "Machine", "Change", "Transition"], rows) : "(no state changed before the horizon)",
    `final: ${r.finalStates.map((s) => model.stateNames[s]).join(", ")}`,
    `outcome: ${outcome?.label ?? "?"} (${outcome?.id ?? "?"})`,
  ].join("\n") + "\n";
}

function shortName(model: CompiledModel, s: number): string {
  const n = model.stateNames[s] ?? "?";
  return n.slice(n.indexOf(".") + 1);
}
