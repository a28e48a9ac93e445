/**
 * The rules on claims (rules.ts runs them with the others): ids unique, each
 * target names a group or an outcome of the scenario, a monotone claim's
 * parameter exists and can move (min < max), a bound is a real interval, an
 * order compares two different targets, and `over: uncertainty` has some
 * declared uncertainty to draw from. Pure.
 * @module
 */
import { issue, type Path } from "./issues.js";
import type { Rule } from "./rules.js";
import type { Scenario } from "./scenario.js";

/** Checks `group:ID` / `outcome:ID` (the schema fixed the shape) against the scenario; "" when it names something. */
function unknownTarget(sc: Scenario, text: string, hint: (name: string, names: Iterable<string>) => string): string {
  const [kind, id = ""] = text.split(":");
  if (kind === "group") {
    const groups = sc.groups ?? [];
    if (groups.length === 0) return `scenario "${sc.id}" has no groups; use outcome:ID`;
    return groups.some((g) => g.id === id) ? "" : `no group "${id}"${hint(id, groups.map((g) => g.id))}`;
  }
  return sc.outcomes.some((o) => o.id === id) ? "" : `no outcome "${id}"${hint(id, sc.outcomes.map((o) => o.id))}`;
}

/** Claims name real things and assert something testable. */
export const claimRules: Rule = ({ scenario: sc, suggest }, report) => {
  const seen = new Set<string>();
  const target = (text: string, path: Path): void => {
    const why = unknownTarget(sc, text, suggest);
    if (why !== "") report(issue("unknown-name", path, why));
  };
  const uncertain = sc.parameters.some((p) => p.uncertainty !== undefined) || sc.uncertainties.length > 0;
  for (const c of sc.claims) {
    if (seen.has(c.id)) report(issue("duplicate", [...c.path, "id"], `claim "${c.id}" is defined twice`));
    seen.add(c.id);
    const at = c.assertionPath;
    if (c.over === "uncertainty" && !uncertain) {
      report(issue("range", [...at, "over"], "over: uncertainty, but the scenario declares no uncertainty to draw from"));
    }
    const a = c.assertion;
    switch (a.kind) {
      case "monotone": {
        target(a.target, [...at, "target"]);
        const p = sc.parameters.find((x) => x.name === a.parameter);
        if (p === undefined) report(issue("unknown-name", [...at, "parameter"], `no parameter "${a.parameter}"${suggest(a.parameter, sc.parameters.map((x) => x.name))}`));
        else if (!(p.min < p.max)) report(issue("range", [...at, "parameter"], `parameter "${a.parameter}" cannot move: its bounds are [${p.min}, ${p.max}]`));
        break;
      }
      case "bound":
        target(a.target, [...at, "target"]);
        if (a.atMost !== undefined && a.atLeast !== undefined && a.atLeast > a.atMost) {
          report(issue("range", [...at, "atLeast"], `atLeast ${a.atLeast} is above atMost ${a.atMost}`));
        }
        break;
      case "order":
        target(a.greater, [...at, "greater"]);
        target(a.than, [...at, "than"]);
        if (a.greater === a.than) report(issue("range", [...at, "than"], `compares ${a.greater} with itself`));
        break;
      default:
        a satisfies never;
    }
  }
};
