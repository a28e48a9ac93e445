/**
 * Meaning checks: a list of rules over the normalized scenario, each pushing
 * issues with a path (shape is zod's job, values that depend on parameter
 * settings are checked when compiling). Pure.
 * @module
 */
import { walkExpr } from "./expression.js";
import { clip } from "./exprText.js";
import { immediateCycles, unreachableStates } from "./graphRules.js";
import { issue, warning, type Issue, type IssueCode, type Path } from "./issues.js";
import type { ExprSource, Machine, Scenario } from "./scenario.js";
import { suggest } from "./suggest.js";
import { placeholderSources, quotedSources } from "./sourceRules.js";
import { claimRules } from "./claimRules.js";

export { suggest } from "./suggest.js";

/** Why a seed file cannot be used, as the reader says it (`code` `"limit"` for a file over the size cap). */
export interface SeedProblem {
  readonly code: Extract<IssueCode, "source" | "limit" | "file">;
  readonly message: string;
}

/**
 * A seed file as read: its text, a {@link SeedProblem}, or undefined when it
 * cannot be read for no stated reason. Only text is ever searched for quotes.
 */
export type SeedText = string | SeedProblem | undefined;

/**
 * What a rule can see. `seedTexts` maps each seed `file` (as written) to its
 * text or why it cannot be used; a seed absent from the map is not checked.
 */
export interface RuleContext {
  readonly scenario: Scenario;
  readonly seedTexts: ReadonlyMap<string, SeedText>;
}

/** Finds a likely intended name for a misspelt one: `suggest` with a budget shared by one {@link checkRules} call. */
export type Suggest = (name: string, names: Iterable<string>) => string;

/** A meaning check: what it sees, and `suggest` for "did you mean" hints. */
export type Rule = (ctx: RuleContext & { readonly suggest: Suggest }, report: (i: Issue) => void) => void;

/**
 * Most edit-distance cells computed for suggestions in one {@link checkRules}
 * call; past it, issues come without "did you mean". Why: a file can hold
 * ~10^5 misspelt names against ~10^3 candidates; hints are a nicety and must
 * not make a bad file slow. = 4 · 10^6, a few milliseconds.
 */
const MAX_SUGGEST_CELLS = 4_000_000;

/** Where an expression is written decides which names it may read. */
type ExprPlace = "constant" | "transition" | "outcome";

const VARIABLES: Readonly<Record<ExprPlace, readonly string[]>> = {
  constant: ["horizon"],
  transition: ["horizon", "day", "daysInState"],
  outcome: ["horizon", "day"],
};

/** Names an expression may refer to, built once per scenario (not per expression: that was quadratic). */
interface NameIndex {
  readonly params: ReadonlySet<string>;
  readonly machines: ReadonlyMap<string, { readonly machine: Machine; readonly states: ReadonlySet<string> }>;
}

function nameIndex(sc: Scenario): NameIndex {
  return {
    params: new Set(sc.parameters.map((p) => p.name)),
    machines: new Map(sc.machines.map((m) => [m.id, { machine: m, states: stateNames(m) }])),
  };
}

function* both(a: Iterable<string>, b: Iterable<string>): Generator<string> {
  yield* a;
  yield* b;
}

function checkExpr(names: NameIndex, src: ExprSource, place: ExprPlace, report: (i: Issue) => void, suggest: Suggest): void {
  if (src.expr === undefined) return; // already reported by normalize
  const { params } = names;
  const vars = VARIABLES[place];
  walkExpr(src.expr, (e) => {
    switch (e.kind) {
      case "name":
        if (params.has(e.name) || vars.includes(e.name)) return;
        if (VARIABLES.transition.includes(e.name)) {
          report(issue("expression", src.path, `"${e.name}" cannot be used here (${placeText(place)})`));
        } else {
          report(issue("unknown-name", src.path, `unknown parameter "${clip(e.name, 40)}"${suggest(e.name, both(params, vars))}`));
        }
        return;
      case "in":
      case "visited": {
        if (place === "constant") {
          report(issue("expression", src.path, `${e.kind}() cannot be used here (${placeText(place)})`));
          return;
        }
        const found = names.machines.get(e.machine);
        if (found === undefined) {
          report(issue("unknown-name", src.path, `${e.kind}("${e.machine}.${e.state}"): unknown machine "${e.machine}"${suggest(e.machine, names.machines.keys())}`));
        } else if (!found.states.has(e.state)) {
          report(issue("unknown-name", src.path, `${e.kind}("${e.machine}.${e.state}"): machine "${e.machine}" has no state "${e.state}"${suggest(e.state, found.states)}`));
        }
        return;
      }
      default:
        return;
    }
  });
}

function placeText(place: ExprPlace): string {
  switch (place) {
    case "constant": return "numbers in windows and delays may read parameters, horizon and date() only";
    case "transition": return "a transition";
    case "outcome": return "outcomes are evaluated on the final state and have no current machine";
    default: return place satisfies never;
  }
}

/** Every expression of the scenario with the place it is written in. */
export function expressionsOf(sc: Scenario): { src: ExprSource; place: ExprPlace }[] {
  const out: { src: ExprSource; place: ExprPlace }[] = [];
  for (const m of sc.machines) {
    for (const t of m.transitions) {
      const tr = t.trigger;
      switch (tr.kind) {
        case "hazard": out.push({ src: tr.hazard, place: "transition" }); break;
        case "when": out.push({ src: tr.guard, place: "transition" }); break;
        case "window":
          if (tr.window.shape === "weighted") for (const w of tr.window.weights) out.push({ src: w.weight, place: "constant" });
          break;
        case "delay": {
          const d = tr.delay;
          switch (d.shape) {
            case "fixed": out.push({ src: d.days, place: "constant" }); break;
            case "uniform": out.push({ src: d.min, place: "constant" }, { src: d.max, place: "constant" }); break;
            case "triangular": out.push({ src: d.min, place: "constant" }, { src: d.mode, place: "constant" }, { src: d.max, place: "constant" }); break;
            case "weighted": for (const w of d.weights) out.push({ src: w.weight, place: "constant" }); break;
            default: d satisfies never;
          }
          break;
        }
        default: tr satisfies never;
      }
      for (const b of t.branches) if (b.weight !== "otherwise") out.push({ src: b.weight, place: "transition" });
    }
  }
  for (const o of sc.outcomes) out.push({ src: o.when, place: "outcome" });
  return out;
}

const expressionNames: Rule = (ctx, report) => {
  const names = nameIndex(ctx.scenario);
  for (const { src, place } of expressionsOf(ctx.scenario)) checkExpr(names, src, place, report, ctx.suggest);
};

const calendar: Rule = ({ scenario: sc }, report) => {
  if (sc.days < 1) report(issue("calendar", ["calendar", "horizon"], `horizon ${sc.horizon} must be after start ${sc.start}`));
};

const parameterBounds: Rule = ({ scenario: sc }, report) => {
  for (const p of sc.parameters) {
    if (!(p.min <= p.max)) report(issue("range", [...p.path, "min"], `min ${p.min} is above max ${p.max}`));
    else if (p.default < p.min || p.default > p.max) {
      report(issue("range", [...p.path, "default"], `default ${p.default} is outside [${p.min}, ${p.max}]`));
    }
  }
};

function stateNames(m: Machine): Set<string> {
  return new Set(m.states.map((s) => s.id));
}

const stateReferences: Rule = ({ scenario: sc, suggest }, report) => {
  for (const m of sc.machines) {
    const names = stateNames(m);
    const known = (s: string): string => `machine "${m.id}" has no state "${s}"${suggest(s, names)}`;
    if (!names.has(m.initial)) report(issue("unknown-name", [...m.path, "initial"], known(m.initial)));
    for (const t of m.transitions) {
      const fromSeen = new Set<string>();
      t.from.forEach((f, i) => {
        const at: Path = [...t.path, "from", ...(t.from.length > 1 ? [i] : [])];
        if (!names.has(f)) report(issue("unknown-name", at, known(f)));
        // A state listed twice would apply the transition's trigger twice (a hazard twice a day).
        if (fromSeen.has(f)) report(issue("duplicate", at, `state "${f}" is listed twice in from`));
        fromSeen.add(f);
      });
      for (const b of t.branches) {
        const p: Path = t.branches.length === 1 && b.path[b.path.length - 1] === "to" ? b.path : [...b.path, "to"];
        if (!names.has(b.to)) report(issue("unknown-name", p, known(b.to)));
      }
      const others = t.branches.filter((b) => b.weight === "otherwise");
      if (others.length > 1) report(issue("weights", [...t.path, "to"], "at most one branch may be `otherwise`"));
    }
  }
};

const uniqueIds: Rule = ({ scenario: sc }, report) => {
  const seen = new Set<string>();
  sc.outcomes.forEach((o) => {
    if (seen.has(o.id)) report(issue("duplicate", [...o.path, "id"], `outcome id "${o.id}" is used twice`));
    seen.add(o.id);
  });
  const gseen = new Set<string>();
  sc.groups?.forEach((g, i) => {
    if (gseen.has(g.id)) report(issue("duplicate", ["groups", i, "id"], `group id "${g.id}" is used twice`));
    gseen.add(g.id);
  });
  for (const m of sc.machines) {
    const tseen = new Set<string>();
    for (const t of m.transitions) {
      if (tseen.has(t.id)) report(issue("duplicate", [...t.path, "id"], `transition id "${t.id}" is used twice in machine "${m.id}"`));
      tseen.add(t.id);
    }
  }
};

const outcomeGroups: Rule = ({ scenario: sc, suggest }, report) => {
  const groups = sc.groups;
  const groupIds = new Set(groups?.map((g) => g.id));
  const used = new Set(sc.outcomes.map((o) => o.group));
  for (const o of sc.outcomes) {
    if (groups === undefined) {
      if (o.group !== undefined) report(issue("unknown-name", [...o.path, "group"], `group "${o.group}" is given but the scenario has no groups`));
    } else if (o.group === undefined) {
      report(issue("shape", o.path, `outcome "${o.id}" needs a group (the scenario has groups)`));
    } else if (!groupIds.has(o.group)) {
      report(issue("unknown-name", [...o.path, "group"], `unknown group "${o.group}"${suggest(o.group, groupIds)}`));
    }
  }
  groups?.forEach((g, i) => {
    if (!used.has(g.id)) report(warning("outcomes", ["groups", i], `group "${g.id}" has no outcome`));
  });
};

const unusedParameters: Rule = ({ scenario: sc }, report) => {
  const used = new Set<string>();
  for (const { src } of expressionsOf(sc)) {
    if (src.expr !== undefined) walkExpr(src.expr, (e) => { if (e.kind === "name") used.add(e.name); });
  }
  for (const p of sc.parameters) {
    if (!used.has(p.name)) report(warning("unused", p.path, `parameter "${p.name}" is never used`));
  }
};

/**
 * Names expressions read as built-in variables before any parameter: a
 * parameter of one of these names would never be read (the day, not the
 * parameter, in a hazard) or would fail later as an internal error.
 */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(["day", "daysInState", "horizon"]);

/** No parameter named as a built-in variable of expressions. */
const builtinNames: Rule = ({ scenario: sc }, report) => {
  for (const p of sc.parameters) {
    if (BUILTIN_NAMES.has(p.name)) {
      report(issue("duplicate", p.path, `"${p.name}" is a built-in variable of expressions (${[...BUILTIN_NAMES].join(", ")}); name the parameter otherwise`));
    }
  }
};

/** The rules, in the order their issues are reported. */
export const RULES: readonly Rule[] = [
  calendar, parameterBounds, builtinNames, quotedSources, placeholderSources, uniqueIds, stateReferences,
  expressionNames,
  ({ scenario: sc }, report) => immediateCycles(sc.machines, report),
  outcomeGroups,
  ({ scenario: sc }, report) => unreachableStates(sc.machines, report),
  unusedParameters,
  claimRules,
];

/** Runs every rule; returns all issues found (errors and warnings). Pure. */
export function checkRules(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const budget = { cells: MAX_SUGGEST_CELLS };
  const env = { ...ctx, suggest: (name: string, names: Iterable<string>): string => suggest(name, names, budget) };
  for (const rule of RULES) rule(env, (i) => out.push(i));
  return out;
}
