/**
 * The size limits of a scenario file (src/scenario/limits.ts), checked on
 * the written form right after the schema and before normalization and the
 * rules. Why first: every later step is at least linear in these counts, and
 * some (the engines, the exact solver, timelines) far worse; a file past a
 * limit is rejected with one issue per limit, in time linear in its size.
 * Pure.
 * @module
 */
import { dayNumber } from "./dates.js";
import { issue, type Issue } from "./issues.js";
import {
  MAX_BRANCHES, MAX_HORIZON_DAYS, MAX_MACHINES, MAX_OUTCOMES, MAX_PARAMETERS, MAX_STATES, MAX_STATES_PER_MACHINE,
  MAX_TRANSITIONS,
} from "./limits.js";
import type { ScenarioFile } from "./schema.js";

/**
 * Every size limit the file exceeds, as `"limit"` issues naming the path,
 * the count and the limit, e.g. `machines: 10000 machines; the limit is 200`.
 * Empty when the file is within every limit. Pure.
 */
export function checkSizeLimits(file: ScenarioFile): Issue[] {
  const out: Issue[] = [];
  const machines = Object.entries(file.machines);
  if (machines.length > MAX_MACHINES) {
    out.push(issue("limit", ["machines"], `${machines.length} machines; the limit is ${MAX_MACHINES}`));
  }
  let states = 0;
  let transitions = 0;
  for (const [id, m] of machines) {
    const n = Object.keys(m.states).length;
    states += n;
    if (n > MAX_STATES_PER_MACHINE) {
      out.push(issue("limit", ["machines", id, "states"], `${n} states in machine "${id}"; the limit is ${MAX_STATES_PER_MACHINE} per machine`));
    }
    transitions += m.transitions.length;
    m.transitions.forEach((t, i) => {
      if (typeof t.to !== "string" && t.to.length > MAX_BRANCHES) {
        out.push(issue("limit", ["machines", id, "transitions", i, "to"], `${t.to.length} branches; the limit is ${MAX_BRANCHES} per transition`));
      }
    });
  }
  if (states > MAX_STATES) out.push(issue("limit", ["machines"], `${states} states in all machines; the limit is ${MAX_STATES}`));
  if (transitions > MAX_TRANSITIONS) {
    out.push(issue("limit", ["machines"], `${transitions} transitions in all machines; the limit is ${MAX_TRANSITIONS}`));
  }
  const parameters = Object.keys(file.parameters).length;
  if (parameters > MAX_PARAMETERS) out.push(issue("limit", ["parameters"], `${parameters} parameters; the limit is ${MAX_PARAMETERS}`));
  if (file.outcomes.length > MAX_OUTCOMES) {
    out.push(issue("limit", ["outcomes"], `${file.outcomes.length} outcomes; the limit is ${MAX_OUTCOMES}`));
  }
  const days = dayNumber(file.calendar.start, file.calendar.horizon);
  if (days > MAX_HORIZON_DAYS) {
    out.push(issue("limit", ["calendar", "horizon"], `horizon is ${days} days after start; the limit is ${MAX_HORIZON_DAYS} days`));
  }
  return out;
}
