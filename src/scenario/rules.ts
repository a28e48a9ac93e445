/**
 * Meaning checks: a list of rules over the normalized scenario, each pushing
 * issues with a path (shape is zod's job, values that depend on parameter
 * settings are checked when compiling). Pure.
 * @module
 */
import { walkExpr } from "./expression.js";
import { issue, warning, type Issue, type Path } from "./issues.js";
import type { ExprSource, Machine, Scenario } from "./scenario.js";

/** What a rule can see. `seedTexts` maps each seed `file` (as written) to its text, or undefined if unreadable. */
export interface RuleContext {
  readonly scenario: Scenario;
  readonly seedTexts: ReadonlyMap<string, string | undefined>;
}

/** A meaning check. */
export type Rule = (ctx: RuleContext, report: (i: Issue) => void) => void;

/** Where an expression is written decides which names it may read. */
type ExprPlace = "constant" | "transition" | "outcome";

const VARIABLES: Readonly<Record<ExprPlace, readonly string[]>> = {
  constant: ["horizon"],
  transition: ["horizon", "day", "daysInState"],
  outcome: ["horizon", "day"],
};

/** The closest of `names` to `name`, if it is close enough to be a likely typo. */
export function suggest(name: string, names: Iterable<string>): string {
  let best = "";
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(name.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function checkExpr(ctx: RuleContext, src: ExprSource, place: ExprPlace, report: (i: Issue) => void): void {
  if (src.expr === undefined) return; // already reported by normalize
  const sc = ctx.scenario;
  const params = new Set(sc.parameters.map((p) => p.name));
  const vars = VARIABLES[place];
  walkExpr(src.expr, (e) => {
    switch (e.kind) {
      case "name":
        if (params.has(e.name) || vars.includes(e.name)) return;
        if (VARIABLES.transition.includes(e.name)) {
          report(issue("expression", src.path, `"${e.name}" cannot be used here (${placeText(place)})`));
        } else {
          report(issue("unknown-name", src.path, `unknown parameter "${e.name}"${suggest(e.name, [...params, ...vars])}`));
        }
        return;
      case "in":
      case "visited": {
        if (place === "constant") {
          report(issue("expression", src.path, `${e.kind}() cannot be used here (${placeText(place)})`));
          return;
        }
        const m = sc.machines.find((x) => x.id === e.machine);
        if (m === undefined) {
          report(issue("unknown-name", src.path, `${e.kind}("${e.machine}.${e.state}"): unknown machine "${e.machine}"${suggest(e.machine, sc.machines.map((x) => x.id))}`));
        } else if (!m.states.some((s) => s.id === e.state)) {
          report(issue("unknown-name", src.path, `${e.kind}("${e.machine}.${e.state}"): machine "${e.machine}" has no state "${e.state}"${suggest(e.state, m.states.map((s) => s.id))}`));
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
  for (const { src, place } of expressionsOf(ctx.scenario)) checkExpr(ctx, src, place, report);
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

const fold = (s: string): string => s.replace(/\s+/g, " ").trim();

const parameterSources: Rule = ({ scenario: sc, seedTexts }, report) => {
  const listed = new Set(sc.seeds.map((s) => s.file));
  sc.seeds.forEach((s, i) => {
    if (seedTexts.has(s.file) && seedTexts.get(s.file) === undefined) {
      report(issue("source", ["seeds", i, "file"], `cannot read seed file "${s.file}"`));
    }
  });
  for (const p of sc.parameters) {
    const src = p.source;
    if (!("seed" in src)) continue;
    if (!listed.has(src.seed)) {
      report(issue("source", [...p.path, "source", "seed"], `seed "${src.seed}" is not listed under seeds`));
      continue;
    }
    const text = seedTexts.get(src.seed);
    if (text !== undefined && !fold(text).includes(fold(src.quote))) {
      report(issue("source", [...p.path, "source", "quote"], `quote does not occur verbatim in "${src.seed}"`));
    }
  }
};

function stateNames(m: Machine): Set<string> {
  return new Set(m.states.map((s) => s.id));
}

const stateReferences: Rule = ({ scenario: sc }, report) => {
  for (const m of sc.machines) {
    const names = stateNames(m);
    const known = (s: string): string => `machine "${m.id}" has no state "${s}"${suggest(s, names)}`;
    if (!names.has(m.initial)) report(issue("unknown-name", [...m.path, "initial"], known(m.initial)));
    for (const t of m.transitions) {
      t.from.forEach((f, i) => {
        if (!names.has(f)) report(issue("unknown-name", [...t.path, "from", ...(t.from.length > 1 ? [i] : [])], known(f)));
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

const immediateCycles: Rule = ({ scenario: sc }, report) => {
  for (const m of sc.machines) {
    const edges = new Map<string, string[]>();
    for (const t of m.transitions) {
      if (t.trigger.kind !== "when") continue;
      for (const f of t.from) edges.set(f, [...(edges.get(f) ?? []), ...t.branches.map((b) => b.to)]);
    }
    // Depth-first search with colours; the first back edge found is the cycle reported.
    const colour = new Map<string, 1 | 2>();
    const stack: string[] = [];
    let found: string[] | undefined;
    const visit = (s: string): void => {
      if (found !== undefined) return;
      colour.set(s, 1);
      stack.push(s);
      for (const n of edges.get(s) ?? []) {
        const c = colour.get(n);
        if (c === 1) {
          found = [...stack.slice(stack.indexOf(n)), n];
          return;
        }
        if (c === undefined) visit(n);
        if (found !== undefined) return;
      }
      stack.pop();
      colour.set(s, 2);
    };
    for (const s of [...edges.keys()].sort()) if (!colour.has(s)) visit(s);
    if (found !== undefined) {
      const first = found[0];
      const t = m.transitions.find((x) => x.trigger.kind === "when" && first !== undefined && x.from.includes(first));
      report(issue("cycle", t?.path ?? [...m.path, "transitions"],
        `immediate (when) transitions of machine "${m.id}" form a cycle: ${found.join(" → ")}`));
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

const outcomeGroups: Rule = ({ scenario: sc }, report) => {
  const groups = sc.groups;
  for (const o of sc.outcomes) {
    if (groups === undefined) {
      if (o.group !== undefined) report(issue("unknown-name", [...o.path, "group"], `group "${o.group}" is given but the scenario has no groups`));
    } else if (o.group === undefined) {
      report(issue("shape", o.path, `outcome "${o.id}" needs a group (the scenario has groups)`));
    } else if (!groups.some((g) => g.id === o.group)) {
      report(issue("unknown-name", [...o.path, "group"], `unknown group "${o.group}"${suggest(o.group, groups.map((g) => g.id))}`));
    }
  }
  groups?.forEach((g, i) => {
    if (!sc.outcomes.some((o) => o.group === g.id)) report(warning("outcomes", ["groups", i], `group "${g.id}" has no outcome`));
  });
};

const unreachableStates: Rule = ({ scenario: sc }, report) => {
  for (const m of sc.machines) {
    const reached = new Set([m.initial]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of m.transitions) {
        if (!t.from.some((f) => reached.has(f))) continue;
        for (const b of t.branches) if (!reached.has(b.to)) { reached.add(b.to); grew = true; }
      }
    }
    for (const s of m.states) {
      if (!reached.has(s.id)) report(warning("unknown-name", [...m.path, "states", s.id], `state "${s.id}" can never be reached from "${m.initial}"`));
    }
  }
};

const unusedParameters: Rule = ({ scenario: sc }, report) => {
  const used = new Set<string>();
  for (const { src } of expressionsOf(sc)) {
    if (src.expr !== undefined) walkExpr(src.expr, (e) => { if (e.kind === "name") used.add(e.name); });
  }
  for (const p of sc.parameters) {
    if (!used.has(p.name)) report(warning("unknown-name", p.path, `parameter "${p.name}" is never used`));
  }
};

/** The rules, in the order their issues are reported. */
export const RULES: readonly Rule[] = [
  calendar, parameterBounds, parameterSources, uniqueIds, stateReferences,
  expressionNames, immediateCycles, outcomeGroups, unreachableStates, unusedParameters,
];

/** Runs every rule; returns all issues found (errors and warnings). Pure. */
export function checkRules(ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  for (const rule of RULES) rule(ctx, (i) => out.push(i));
  return out;
}
