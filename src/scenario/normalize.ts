/**
 * The file form → the normalized {@link Scenario}. Parses every expression
 * once; parse failures become issues with the field's path. Pure.
 * @module
 */
import { dayNumber } from "./dates.js";
import { parseExpression } from "./expression.js";
import { issue, warning, type Issue, type Path } from "./issues.js";
import type { ScenarioFile, TransitionFile, DelayFile, WindowFile } from "./schema.js";
import type { ClaimFile } from "./claimSchema.js";
import type {
  Branch, Claim, DelaySpec, ExprSource, Machine, Scenario, Transition, Trigger, WindowSpec,
} from "./scenario.js";

/** Parses one expression field, recording a parse failure in `issues`. */
function source(text: string | number | boolean, path: Path, issues: Issue[]): ExprSource {
  const parsed = parseExpression(text);
  if (parsed.ok) {
    for (const w of parsed.warnings) issues.push(warning("expression", path, w));
    return { path, text, expr: parsed.expr };
  }
  issues.push(issue(parsed.code, path, parsed.message));
  return { path, text, expr: undefined };
}

function windowSpec(w: WindowFile, path: Path, issues: Issue[]): WindowSpec {
  switch (w.shape) {
    case "uniform":
    case "triangular":
      return w;
    case "weighted":
      return {
        shape: "weighted",
        weights: Object.entries(w.weights)
          .map(([date, weight]) => ({ date, weight: source(weight, [...path, "weights", date], issues) }))
          // Sorted by date so that nothing depends on the order of keys in the file.
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      };
    default:
      return w satisfies never;
  }
}

function delaySpec(d: DelayFile, path: Path, issues: Issue[]): DelaySpec {
  const s = (v: string | number, key: string): ExprSource => source(v, [...path, key], issues);
  switch (d.shape) {
    case "fixed":
      return { shape: "fixed", days: s(d.days, "days") };
    case "uniform":
      return { shape: "uniform", min: s(d.min, "min"), max: s(d.max, "max") };
    case "triangular":
      return { shape: "triangular", min: s(d.min, "min"), mode: s(d.mode, "mode"), max: s(d.max, "max") };
    case "weighted":
      return {
        shape: "weighted",
        weights: Object.entries(d.weights)
          .map(([days, weight]) => ({ days: Number(days), weight: source(weight, [...path, "weights", days], issues) }))
          .sort((a, b) => a.days - b.days),
      };
    default:
      return d satisfies never;
  }
}

function trigger(t: TransitionFile, path: Path, issues: Issue[]): Trigger {
  if (t.window !== undefined) return { kind: "window", window: windowSpec(t.window, [...path, "window"], issues), path: [...path, "window"] };
  if (t.delay !== undefined) return { kind: "delay", delay: delaySpec(t.delay, [...path, "delay"], issues), path: [...path, "delay"] };
  if (t.hazard !== undefined) return { kind: "hazard", hazard: source(t.hazard, [...path, "hazard"], issues) };
  // The schema guarantees exactly one trigger, so this is `when`.
  return { kind: "when", guard: source(t.when ?? false, [...path, "when"], issues) };
}

function branches(t: TransitionFile, path: Path, issues: Issue[]): Branch[] {
  const to = t.to;
  if (typeof to === "string") {
    return [{ to, weight: { path: [...path, "to"], text: 1, expr: { kind: "num", value: 1 } }, path: [...path, "to"] }];
  }
  return to.map((b, i) => {
    const bp = [...path, "to", i];
    return {
      to: b.to,
      weight: "otherwise" in b ? "otherwise" : source(b.weight, [...bp, "weight"], issues),
      path: bp,
    };
  });
}

/**
 * Normalizes a scenario file that passed the schema. Expression parse errors
 * are pushed to `issues`; the scenario is returned regardless so that the
 * rules can report everything at once. Pure.
 */
export function normalizeScenario(file: ScenarioFile, issues: Issue[]): Scenario {
  const machines: Machine[] = Object.entries(file.machines).map(([id, m]) => {
    const mpath: Path = ["machines", id];
    const transitions: Transition[] = m.transitions.map((t, index) => {
      const path: Path = [...mpath, "transitions", index];
      return {
        machine: id,
        index,
        id: t.id ?? `${id}#${index}`,
        from: typeof t.from === "string" ? [t.from] : t.from,
        trigger: trigger(t, path, issues),
        branches: branches(t, path, issues),
        path,
      };
    });
    return {
      id,
      description: m.description,
      initial: m.initial,
      states: Object.entries(m.states).map(([sid, s]) => ({ id: sid, label: s.label ?? sid, description: s.description })),
      transitions,
      path: mpath,
    };
  });
  return {
    id: file.id,
    title: file.title,
    description: file.description,
    asOf: file.asOf,
    seeds: file.seeds,
    start: file.calendar.start,
    horizon: file.calendar.horizon,
    days: dayNumber(file.calendar.start, file.calendar.horizon),
    parameters: Object.entries(file.parameters).map(([name, p]) => ({ ...p, name, path: ["parameters", name] })),
    uncertainties: file.uncertainties,
    correlations: file.correlations,
    machines,
    outcomes: file.outcomes.map((o, i) => ({
      id: o.id,
      label: o.label,
      description: o.description,
      group: o.group,
      when: source(o.when, ["outcomes", i, "when"], issues),
      path: ["outcomes", i],
    })),
    groups: file.groups?.map((g) => ({ id: g.id, label: g.label, description: g.description })),
    claims: file.claims.map((c, i) => claim(c, ["claims", i])),
  };
}

/** A claim as the exhaustive union the checker switches on (the schema guarantees exactly one kind). */
function claim(c: ClaimFile, path: Path): Claim {
  const common = { id: c.id, says: c.says, source: c.source, path };
  if (c.monotone !== undefined) {
    const m = c.monotone;
    return { ...common, over: m.over ?? "bounds", assertionPath: [...path, "monotone"],
      assertion: { kind: "monotone", parameter: m.parameter, target: m.target, direction: m.direction } };
  }
  if (c.bound !== undefined) {
    const b = c.bound;
    return { ...common, over: b.over ?? "bounds", assertionPath: [...path, "bound"],
      assertion: { kind: "bound", target: b.target, atMost: b.atMost, atLeast: b.atLeast } };
  }
  const o = c.order;
  if (o === undefined) throw new Error("internal: a claim passed the schema without monotone, bound or order");
  return { ...common, over: o.over ?? "bounds", assertionPath: [...path, "order"], assertion: { kind: "order", greater: o.greater, than: o.than } };
}
