/**
 * Observations resolved against a compiled model: names to machine and
 * state indices, dates to day numbers inside the scenario's calendar, every
 * problem an {@link Issue} naming where the observation was written (a
 * `--given` option, or a path into an evidence file) and the column in its
 * text, with a "did you mean" for a misspelt name. Pure.
 * @module
 */
import type { CompiledModel } from "../model/model.js";
import { dayNumber } from "../scenario/dates.js";
import { issue, type Issue, type IssueCode, type Path } from "../scenario/issues.js";
import type { OverlaySource } from "../scenario/overlay.js";
import { suggest } from "../scenario/suggest.js";
import type { Observation } from "./parse.js";

/** Where an observation comes from: a rationale, or a seed file and a verbatim quote (as a parameter's source). */
export type EvidenceSource = OverlaySource;

/** One observation as given, with where it was written. */
export interface EvidenceItem {
  readonly observation: Observation;
  /** Its source (evidence files require one; `--given` has none). */
  readonly source: EvidenceSource | undefined;
  /** `"--given"`, or `"evidence:FILE"`. */
  readonly from: string;
  /**
   * Where a problem with it is reported: `option` true for a command-line
   * option (the path is then `["--given", "\"text\""]`), else a path into
   * its evidence file (to the observation's text).
   */
  readonly option: boolean;
  readonly path: Path;
}

/** An observation whose names and date are resolved. */
export interface ResolvedObservation {
  readonly item: EvidenceItem;
  /** Its position among all items given (the order written). */
  readonly order: number;
  /** Day number of its date (0 … H). */
  readonly day: number;
  readonly machine: number;
  /** Global state index. */
  readonly state: number;
}

/**
 * An issue and the item it is about (undefined for an option such as
 * `--asof`): the path alone cannot tell two evidence files apart.
 */
export interface ItemIssue {
  readonly item: EvidenceItem | undefined;
  readonly issue: Issue;
}

/** The issue for item `it`, pointing at `column` of its text. Pure. */
export function itemIssue(it: EvidenceItem, code: IssueCode, column: number | undefined, message: string): ItemIssue {
  const at = column === undefined ? "" : `column ${column}: `;
  return { item: it, issue: issue(it.option ? "option" : code, it.path, `${at}${message}`) };
}

/**
 * Resolves every item against `model`: the machine exists, the state is one
 * of its states, the date lies in [calendar.start, calendar.horizon]. All
 * problems are reported, not only the first. Pure.
 */
export function resolveObservations(model: CompiledModel, items: readonly EvidenceItem[]):
  { ok: true; resolved: ResolvedObservation[] } | { ok: false; issues: ItemIssue[] } {
  const sc = model.scenario;
  const machineIndex = new Map(model.machineIds.map((id, m) => [id, m]));
  const stateIndex = new Map(model.stateNames.map((name, s) => [name, s]));
  const issues: ItemIssue[] = [];
  const resolved: ResolvedObservation[] = [];
  items.forEach((it, order) => {
    const o = it.observation;
    const m = machineIndex.get(o.machine);
    let bad = false;
    if (m === undefined) {
      issues.push(itemIssue(it, "unknown-name", o.nameColumn, `unknown machine "${o.machine}"${suggest(o.machine, model.machineIds)}`));
      bad = true;
    }
    const s = stateIndex.get(`${o.machine}.${o.state}`);
    if (m !== undefined && s === undefined) {
      const lo = model.stateOffset[m] ?? 0;
      const hi = model.stateOffset[m + 1] ?? 0;
      const local = model.stateNames.slice(lo, hi).map((n) => n.slice(o.machine.length + 1));
      issues.push(itemIssue(it, "unknown-name", o.nameColumn + o.machine.length + 1,
        `machine "${o.machine}" has no state "${o.state}"${suggest(o.state, local)}`));
      bad = true;
    }
    const day = dayNumber(sc.start, o.date);
    if (day < 0 || day > model.days) {
      issues.push(itemIssue(it, "calendar", o.dateColumn, `${o.date} is outside the scenario's calendar, ${sc.start} to ${sc.horizon}`));
      bad = true;
    }
    if (!bad && m !== undefined && s !== undefined) resolved.push({ item: it, order, day, machine: m, state: s });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, resolved };
}

/** A bound on the first day a state is entered, and what set it. */
interface Bound {
  readonly day: number;
  readonly by: ResolvedObservation | undefined;
}

/**
 * Pairs of observations that cannot both hold, whatever the scenario's
 * probabilities (checked on the observations actually used):
 *
 * - on the first day F a state is entered: `by D` and `at D` say F ≤ D,
 *   `not … by D` says F > D, `on D` says both F ≤ D and F > D − 1, and a
 *   machine's initial state has F = 0; bounds that leave no day are a
 *   contradiction (e.g. `X by D1` with `not X by D2`, D2 ≥ D1; `X on D1`
 *   with `X on D2`, D1 ≠ D2);
 * - two different `at` states of one machine on one day.
 *
 * Each contradiction is reported once, on the later-written observation.
 * Others (evidence the scenario's transitions make impossible) are found by
 * the solver as evidence of probability zero. Pure.
 */
export function contradictions(model: CompiledModel, used: readonly ResolvedObservation[]): ItemIssue[] {
  const issues: ItemIssue[] = [];
  const upper = new Map<number, Bound>();
  const lower = new Map<number, Bound>();
  for (let m = 0; m < model.machineIds.length; m++) upper.set(model.initial[m] ?? 0, { day: 0, by: undefined });
  const inOrder = [...used].sort((a, b) => a.order - b.order);
  const atSeen = new Map<string, ResolvedObservation>();
  const name = (s: number): string => model.stateNames[s] ?? "?";
  const quote = (r: ResolvedObservation): string => `"${r.item.observation.text}"${r.item.from === "--given" ? "" : ` (${r.item.from.replace(/^evidence:/, "")})`}`;
  for (const r of inOrder) {
    const o = r.item.observation;
    if (o.kind === "at") {
      const key = `${r.machine}:${r.day}`;
      const other = atSeen.get(key);
      if (other !== undefined && other.state !== r.state) {
        issues.push(itemIssue(r.item, "outcomes", undefined,
          `contradicts ${quote(other)}: machine "${model.machineIds[r.machine] ?? "?"}" is in one state at the end of ${o.date}`));
        continue;
      }
      atSeen.set(key, r);
    }
    const hi = o.kind === "notBy" ? undefined : r.day;
    const lo = o.kind === "notBy" ? r.day : o.kind === "on" ? r.day - 1 : undefined;
    const U = upper.get(r.state);
    const L = lower.get(r.state);
    const clash = (b: Bound | undefined): string | undefined => {
      if (b === undefined) return undefined;
      return b.by === undefined
        ? `machine "${model.machineIds[r.machine] ?? "?"}" starts in "${name(r.state)}" (entered on ${model.scenario.start})`
        : `contradicts ${quote(b.by)}`;
    };
    // The new bound against the tightest opposite bound so far: F ≤ hi needs hi > L; F > lo needs lo < U.
    let why: string | undefined;
    if (hi !== undefined && L !== undefined && L.day >= hi) why = clash(L);
    else if (lo !== undefined && U !== undefined && lo >= U.day) why = clash(U);
    if (why !== undefined) {
      issues.push(itemIssue(r.item, "outcomes", undefined, `${why}: "${name(r.state)}" cannot be first entered on any day`));
      continue;
    }
    if (hi !== undefined && (U === undefined || hi < U.day)) upper.set(r.state, { day: hi, by: r });
    if (lo !== undefined && (L === undefined || lo > L.day)) lower.set(r.state, { day: lo, by: r });
  }
  return issues;
}
