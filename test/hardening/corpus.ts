/**
 * The hostile corpus of issue 6, built in code: each case writes its files
 * into a temporary directory (edits of test/fixtures/simple.yaml) and says,
 * per command, what the right answer is: exit 2 with a distinctive fragment,
 * or exit 0 (acceptance) with a check that the answer is also correct.
 * Building blocks are in ./build.ts.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  MAX_BRANCHES, MAX_CALL_ARGS, MAX_EXPR_LENGTH, MAX_EXPR_NODES, MAX_HORIZON_DAYS, MAX_MACHINES, MAX_OUTCOMES,
  MAX_PARAMETERS, MAX_SCENARIO_BYTES, MAX_STATES, MAX_STATES_PER_MACHINE, MAX_TRANSITIONS,
} from "../../src/scenario/limits.js";
import { edit, ROOT, simpleText } from "../helpers/scenario.js";
import {
  BASELINE_EXACT, CALENDAR, CONTROL_TEXT, HAZARD_EXPR, LIMIT_DEPTH, LIMIT_EXPR, OUTCOMES, RUN, SIMPLE_HAZARD, SIZE_OR,
  addMachines, chainMachine, connected, hazardCase, limitRe, lineOf, mkfifo, overLimit, padded, pathCase, percentages, put, seedCase, three,
  type HostileCase, type HostileCommand,
} from "./build.js";

export type { BuiltCase, HostileCase, HostileCommand } from "./build.js";

/** Every hostile case of issue 6. */
export const HOSTILE: readonly HostileCase[] = [
  // ---- the control: hardening must not reject what is right
  ...["korea-us-2026.yaml", "korea-us-slip.yaml", "template.yaml"].map((name): HostileCase => ({
    name: `control: the shipped scenarios/${name} (its seeds in ../seeds) is accepted by validate, run and exact`,
    // run and exact on the default scenario only: the others share its seeds and code paths (start-ups are the suite's cost).
    build: () => ({ file: join(ROOT, "scenarios", name), commands: name === "korea-us-2026.yaml" ? three(0) : [{ args: ["validate", "FILE"], exit: 0 }], positioned: false }),
  })),

  // ---- expressions (B)
  hazardCase("a flat sum of 2,000 terms (accepted with the fixture's numbers, or rejected at a documented expression limit)",
    `${HAZARD_EXPR}${" + 0".repeat(1999)}`,
    () => ({ cmds: [
      { args: ["validate", "FILE"], exit: [0, 2], fragment: LIMIT_EXPR },
      { args: RUN, exit: [0, 2], fragment: LIMIT_EXPR },
      { args: ["exact", "FILE"], exit: [0, 2], fragment: LIMIT_EXPR, check: BASELINE_EXACT },
    ] })),
  hazardCase("2,000 nested unary minus signs (deeper than MAX_EXPR_DEPTH = 200)", `${"-".repeat(2000)}${HAZARD_EXPR}`,
    () => ({ cmds: three(2, LIMIT_DEPTH) })),
  hazardCase("max() with 70,000 arguments (over MAX_EXPR_LENGTH and MAX_CALL_ARGS)", `max(${"0, ".repeat(70_000)}${HAZARD_EXPR})`,
    () => ({ cmds: three(2, limitRe(MAX_EXPR_LENGTH, MAX_CALL_ARGS, MAX_EXPR_NODES)) })),
  hazardCase("method-call syntax process.mainModule.require.min(h, 1)", "process.mainModule.require.min(h_raise, 1)",
    () => ({ cmds: three(2, /process|mainModule|require|method|property/i) })),
  hazardCase('date("2026-02-30") inside an expression', `day >= date("2026-02-30") ? 0 : h_raise`,
    () => ({ cmds: three(2, /2026-02-30/) })),
  hazardCase("ESC, BEL, CR, U+202E and zero-width characters in an expression (escaped in the message)",
    `h_raise ${CONTROL_TEXT.replace(/\\e/g, "\u001b").replace(/\\a/g, "\u0007").replace(/\\r/g, "\r").replace(/\\u202E/g, "\u202e").replace(/\\u200B/g, "\u200b")}`,
    () => ({ cmds: three(2) })),

  // ---- YAML and file size (A)
  {
    name: "a YAML alias bomb (billion laughs)",
    build: (dir) => {
      const levels = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
      for (let k = 1; k <= 9; k++) levels.push(`x${k}: &a${k} [${Array.from({ length: 9 }, () => `*a${k - 1}`).join(", ")}]`);
      return { file: put(dir, "s.yaml", `${simpleText()}${levels.join("\n")}\n`), commands: three(2, /alias|expan/i) };
    },
  },
  {
    name: "a 10,000-state acyclic chain of `when: true` (over MAX_STATES_PER_MACHINE = 1,000)",
    build: (dir) => ({ file: put(dir, "s.yaml", addMachines(simpleText(), chainMachine(10_000))), commands: three(2, SIZE_OR(MAX_STATES_PER_MACHINE, MAX_STATES, MAX_TRANSITIONS)) }),
  },
  {
    name: "a 1,000-state acyclic chain of `when: true` (at the limit: accepted, promptly, with the fixture's numbers)",
    build: (dir) => ({
      file: put(dir, "s.yaml", addMachines(simpleText(), chainMachine(1_000))),
      commands: [
        { args: ["validate", "FILE"], exit: 0, check: (r) => (/ok \(3 machines, 1,?005 states, 2 outcomes\)/.test(r.out) ? [] : [`validate said ${r.out}`]) },
        { args: RUN, exit: 0 },
        { args: ["exact", "FILE"], exit: 0, check: BASELINE_EXACT },
      ],
    }),
  },
  {
    name: "10,000 small machines, ~1 MB (over MAX_MACHINES = 200), promptly",
    cpuSeconds: 8,
    build: (dir) => {
      const ms = Array.from({ length: 10_000 }, (_, i) => `  mm${i}: { initial: a, states: { a: , b: }, transitions: [ { from: a, hazard: 0.01, to: b } ] }\n`).join("");
      return { file: put(dir, "s.yaml", addMachines(simpleText(), ms)), commands: three(2, SIZE_OR(MAX_MACHINES, MAX_STATES, MAX_TRANSITIONS)) };
    },
  },
  {
    name: "one map with 50,000 keys and a duplicate last key (duplicate-key check), promptly",
    cpuSeconds: 8,
    build: (dir) => {
      const keys = Array.from({ length: 50_000 }, (_, i) => `s${i}: `).concat("s0: ").join(", ");
      return { file: put(dir, "s.yaml", addMachines(simpleText(), `  big:\n    initial: s0\n    states: { ${keys} }\n`)), commands: three(2, new RegExp(`unique|duplicate|${SIZE_OR(MAX_STATES_PER_MACHINE, MAX_STATES).source}`, "i")) };
    },
  },

  // ---- the other documented size limits (src/scenario/limits.ts), just past each, and one at its edge
  {
    name: `MAX_OUTCOMES + 1 = ${MAX_OUTCOMES + 1} outcomes`,
    build: (dir) => {
      const extra = Array.from({ length: MAX_OUTCOMES - 1 }, (_, i) => `  - { id: never${i}, label: Never, when: 'false' }\n`).join("");
      return overLimit(dir, `${simpleText()}${extra}`, MAX_OUTCOMES);
    },
  },
  {
    name: `one transition with MAX_BRANCHES + 1 = ${MAX_BRANCHES + 1} branches`,
    build: (dir) => {
      const branches = Array.from({ length: MAX_BRANCHES }, () => "{ to: passed, weight: 0 }").concat("{ to: failed, otherwise: true }").join(", ");
      const text = edit(simpleText(), "        to:\n          - { to: passed, weight: p_pass }\n          - { to: failed, otherwise: true }\n", `        to: [${branches}]\n`);
      return overLimit(dir, text, MAX_BRANCHES);
    },
  },
  {
    name: `MAX_PARAMETERS + 2 = ${MAX_PARAMETERS + 2} parameters`,
    build: (dir) => {
      const ps = Array.from({ length: MAX_PARAMETERS }, (_, i) => `  q${i}: {default: 0.5, min: 0, max: 1, unit: u, description: d, source: {rationale: r}}\n`).join("");
      return overLimit(dir, edit(simpleText(), "parameters:\n", `parameters:\n${ps}`), MAX_PARAMETERS);
    },
  },
  {
    name: `more than MAX_STATES = ${MAX_STATES} states over all machines`,
    build: (dir) => {
      const per = Math.min(MAX_STATES_PER_MACHINE, 900);
      const count = Math.ceil((MAX_STATES + 1) / per);
      const ms = Array.from({ length: count }, (_, m) => `  big${m}:\n    initial: s0\n    states: { ${Array.from({ length: per }, (_, i) => `s${i}: `).join(", ")} }\n`).join("");
      return overLimit(dir, addMachines(simpleText(), ms), MAX_STATES);
    },
  },
  {
    name: `MAX_TRANSITIONS + 1 = ${MAX_TRANSITIONS + 1} transitions`,
    build: (dir) => {
      const ts = Array.from({ length: MAX_TRANSITIONS }, () => "      - {from: low, hazard: 0, to: high}\n").join("");
      const text = edit(simpleText(), "        to: high\n", `        to: high\n${ts}`);
      return overLimit(dir, text, MAX_TRANSITIONS);
    },
  },
  {
    name: `exactly MAX_MACHINES = ${MAX_MACHINES} machines validate and run`,
    build: (dir) => {
      const ms = Array.from({ length: MAX_MACHINES - 2 }, (_, i) => `  mm${i}: { initial: a, states: { a: , b: }, transitions: [ { from: a, hazard: 0.01, to: b } ] }\n`).join("");
      return { file: put(dir, "s.yaml", addMachines(simpleText(), ms)), commands: [
        { args: ["validate", "FILE"], exit: 0, check: (r) => (new RegExp(`ok \\(${MAX_MACHINES} machines, ${2 * MAX_MACHINES + 1} states`).test(r.out) ? [] : [`validate said ${r.out.trim()}`]) },
        { args: RUN, exit: 0 },
      ] };
    },
  },

  // ---- horizon (A/C)
  {
    name: "horizon 9999-12-31 with exact --timeline (over MAX_HORIZON_DAYS = 3,660)",
    build: (dir) => {
      const text = edit(simpleText(), CALENDAR, "calendar: { start: 2026-02-01, horizon: 9999-12-31 }");
      return { file: put(dir, "s.yaml", text), commands: three(2, limitRe(MAX_HORIZON_DAYS), ["exact", "FILE", "--timeline"]), line: lineOf(text, "calendar:") };
    },
  },
  {
    name: "a hazard reading `day` over a 2.9-million-day horizon",
    build: (dir) => {
      let text = edit(simpleText(), CALENDAR, "calendar: { start: 2026-02-01, horizon: 9960-01-01 }");
      text = edit(text, SIMPLE_HAZARD, `hazard: 'day > 2900000 ? 0.5 : 0'`);
      return { file: put(dir, "s.yaml", text), commands: three(2, limitRe(MAX_HORIZON_DAYS)), line: lineOf(text, "calendar:") };
    },
  },
  {
    name: "a hazard out of [0, 1] only after the horizon (both engines accept, with the fixture's numbers)",
    build: (dir) => {
      const text = edit(simpleText(), SIMPLE_HAZARD, `hazard: 'day > horizon ? 1.51 : ${HAZARD_EXPR}'`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: 0 },
        { args: RUN, exit: 0 },
        { args: ["run", "FILE", "--runs", "2000", "--method", "both"], exit: 0 },
        { args: ["exact", "FILE"], exit: 0, check: BASELINE_EXACT },
      ] };
    },
  },
  {
    name: "a hazard out of [0, 1] only in a state combination first reached on the horizon day (never used: both engines accept, with the fixture's numbers)",
    build: (dir) => {
      // `clock` moves to b on the horizon day itself; tariff's hazard reads it, so its value with clock.b is for day H + 1 only.
      let text = addMachines(simpleText(), "  clock:\n    initial: a\n    states: { a: , b: }\n    transitions: [ { from: a, window: { shape: uniform, from: 2026-04-30, to: 2026-04-30 }, to: b } ]\n");
      text = edit(text, SIMPLE_HAZARD, `hazard: 'in("clock.b") ? 1.51 : ${HAZARD_EXPR}'`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: 0 },
        { args: RUN, exit: 0 },
        { args: ["run", "FILE", "--runs", "2000", "--method", "both"], exit: 0 },
        { args: ["exact", "FILE"], exit: 0, check: BASELINE_EXACT },
      ] };
    },
  },
  {
    name: "a hazard out of [0, 1] only at daysInState 0, which no run ever uses (both engines accept, with the fixture's numbers)",
    build: (dir) => {
      const text = edit(simpleText(), SIMPLE_HAZARD, `hazard: 'daysInState == 0 ? 1.51 : ${HAZARD_EXPR}'`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: 0 },
        { args: RUN, exit: 0 },
        { args: ["exact", "FILE"], exit: 0, check: BASELINE_EXACT },
      ] };
    },
  },
  {
    name: "a hazard out of [0, 1] on the horizon day itself, in a state entered before it (used: both engines reject, naming day H = 88)",
    build: (dir) => {
      // The tariff machine rises on day H at the latest (hazard 1 on day H), then a second hazard reads 1.51 from day H.
      let text = edit(simpleText(), SIMPLE_HAZARD, `hazard: 'day >= horizon ? 1 : ${HAZARD_EXPR}'`);
      text = edit(text, "states: { low: , high: }", "states: { low: , high: , higher: }");
      text = edit(text, "        to: high\n", "        to: high\n      - { from: high, hazard: 'day >= horizon ? 1.51 : 0', to: higher }\n");
      text = edit(text, OUTCOMES, `  - { id: hold, label: Holds, when: 'in("tariff.low") or in("tariff.higher")' }`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: [0, 2] },
        { args: RUN, exit: 2, fragment: /1\.51.*2026-04-30|2026-04-30.*1\.51|day 88\b/ },
        { args: ["exact", "FILE"], exit: 2, fragment: /1\.51.*2026-04-30|2026-04-30.*1\.51|day 88\b/ },
      ] };
    },
  },

  // ---- visited flags and coverage (C)
  {
    name: "outcomes reading the visited flags of 20 fully connected states (validate and run accept promptly; exact stops at its size limit, promptly)",
    // "Limits apply before the expensive work": 20 states × 2^20 visited sets is past the solver's limit before it starts.
    cpuSeconds: 8,
    build: (dir) => {
      let text = addMachines(simpleText(), connected(20));
      const sum = Array.from({ length: 20 }, (_, i) => `visited("mesh.c${i}")`).join(" + ");
      text = edit(text, `outcomes:\n${OUTCOMES}\n  - { id: rise, label: Rises, when: 'in("tariff.high")' }\n`,
        `outcomes:\n  - { id: many, label: Many, when: '${sum} >= 4' }\n  - { id: few, label: Few, when: '${sum} < 4' }\n`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: 0 },
        { args: RUN, exit: 0 },
        { args: ["exact", "FILE"], exit: 2, fragment: /Monte Carlo|2,?000,?000|visited/ },
      ] };
    },
  },

  // ---- seeds (A)
  seedCase("a seed path of /dev/zero", "/dev/zero", "zero", /\/dev\/zero|seeds\[0\]/),
  seedCase("a seed path that is a FIFO", (dir) => { mkfifo(join(dir, "fifo.txt")); return "fifo.txt"; }, "anything", /fifo\.txt|seeds\[0\]/),
  seedCase("a seed path of /dev/stdin", "/dev/stdin", "anything", /\/dev\/stdin|seeds\[0\]/),
  seedCase("a seed path of ../../../../etc/passwd with a probing quote", "../../../../../../../../etc/passwd", "root:x:0:0", /etc\/passwd|seeds\[0\]/),

  // ---- the scenario path itself (A)
  pathCase("the scenario path is /dev/zero", () => "/dev/zero", /regular file/),
  pathCase("the scenario path is a FIFO", (dir) => mkfifo(join(dir, "s.yaml")), /regular file/),
  pathCase("the scenario path is a directory", (dir) => { const d = join(dir, "d.yaml"); mkdirSync(d); return d; }, /directory/),
  pathCase("the scenario path is one byte over MAX_SCENARIO_BYTES (comments)", (dir) => put(dir, "s.yaml", padded(MAX_SCENARIO_BYTES + 1)), limitRe(MAX_SCENARIO_BYTES)),
  {
    name: "a scenario of exactly MAX_SCENARIO_BYTES (comments) is accepted",
    build: (dir) => ({ file: put(dir, "s.yaml", padded(MAX_SCENARIO_BYTES)), commands: [{ args: ["validate", "FILE"], exit: 0 }, { args: ["exact", "FILE"], exit: 0, check: BASELINE_EXACT }] }),
  },

  // ---- names (A)
  ...(["machine", "state", "parameter"] as const).flatMap((kind): HostileCase[] => {
    const valid = (text: string): string => {
      switch (kind) {
        case "machine": return addMachines(text, "  __proto__:\n    initial: a\n    states: { a: , b: }\n    transitions: [ { from: a, hazard: 0.1, to: b } ]\n");
        case "state": return edit(text, "states: { pending: , passed: , failed: }", "states: { pending: , passed: , failed: , __proto__: }");
        case "parameter": return edit(text, "parameters:\n", "parameters:\n  __proto__: { default: 0.5, min: 0, max: 1, unit: u, description: d, source: { rationale: r } }\n");
        default: return kind satisfies never;
      }
    };
    const broken = (text: string): string => {
      switch (kind) {
        case "machine": return addMachines(text, "  __proto__:\n    initial: a\n    states: { a: , b: }\n    transitions: [ { from: a, hazard: 0.1, to: nosuch } ]\n");
        case "state": return edit(text, "states: { pending: , passed: , failed: }", "states: { pending: , passed: , failed: , __proto__: { bogus: 1 } }");
        case "parameter": return edit(text, "parameters:\n", "parameters:\n  __proto__: { default: 5, min: 0, max: 1, unit: u, description: d, source: { rationale: r } }\n");
        default: return kind satisfies never;
      }
    };
    // Accepted: counted like any other name (validate's summary, params' list); or rejected, naming it.
    const counted: HostileCommand["check"] = (r) => {
      if (r.code !== 0) return [];
      const want = kind === "machine" ? /ok \(3 machines, 7 states/ : kind === "state" ? /ok \(2 machines, 6 states/ : /./;
      return want.test(r.out) ? [] : [`accepted but not counted: ${r.out.trim()}`];
    };
    const cmds: HostileCommand[] = [
      { args: ["validate", "FILE"], exit: [0, 2], fragment: /__proto__/, check: counted },
      { args: RUN, exit: [0, 2], fragment: /__proto__/ },
      { args: ["exact", "FILE"], exit: [0, 2], fragment: /__proto__/ },
    ];
    if (kind === "parameter") cmds.push({ args: ["params", "FILE"], exit: [0, 2], fragment: /__proto__/, check: (r) => (r.code === 0 && !r.out.includes("__proto__") ? ["params does not list __proto__"] : []) });
    return [
      { name: `__proto__ as a ${kind} name (handled like any other name, or rejected naming it)`, build: (dir) => ({ file: put(dir, "s.yaml", valid(simpleText())), commands: cmds }) },
      // The error is found by loading, which every command shares: validate says enough.
      { name: `__proto__ as a ${kind} name with an error inside (never dropped with its errors)`, build: (dir) => ({ file: put(dir, "s.yaml", broken(simpleText())), commands: [{ args: ["validate", "FILE"], exit: 2 }], positioned: true }) },
    ];
  }),
  {
    name: "from: [low, low, low] (duplicate from entries)",
    build: (dir) => {
      const text = edit(simpleText(), "      - from: low\n", "      - from: [low, low, low]\n");
      return { file: put(dir, "s.yaml", text), commands: three(2, /low/), line: lineOf(text, "from: [low, low, low]") };
    },
  },

  // ---- NaN (C)
  {
    name: "a guard that evaluates to NaN in some states (a value error naming it in both engines)",
    build: (dir) => {
      const text = edit(simpleText(), "      - from: low\n", `      - { from: low, when: 'in("bill.passed") ? 0/0 : 0', to: high }\n      - from: low\n`);
      return { file: put(dir, "s.yaml", text), commands: [
        // validate cannot know the guard's value in every state without running: either answer.
        { args: ["validate", "FILE"], exit: [0, 2], fragment: /NaN/ },
        { args: RUN, exit: 2, fragment: /NaN/ },
        { args: ["exact", "FILE"], exit: 2, fragment: /NaN/ },
      ], line: lineOf(text, "0/0") };
    },
  },
  {
    name: "an outcome that is NaN in one end state (validate's coverage check sees it too)",
    build: (dir) => {
      const text = edit(simpleText(), OUTCOMES, `  - { id: hold, label: Holds, when: 'in("tariff.low") ? 1 : 0/0' }`);
      return { file: put(dir, "s.yaml", text), commands: three(2, /NaN/), line: lineOf(text, "0/0") };
    },
  },

  // ---- control and bidi characters (A/D)
  {
    name: "ESC, BEL, CR, U+202E and zero-width characters in labels and the title (accepted, printed escaped)",
    build: (dir) => {
      let text = edit(simpleText(), OUTCOMES, `  - { id: hold, label: "Holds ${CONTROL_TEXT}", when: 'in("tariff.low")' }`);
      text = edit(text, "title: Simple two-machine scenario", `title: "Simple ${CONTROL_TEXT}"`);
      text = edit(text, "states: { low: , high: }", `states: { low: { label: "Low ${CONTROL_TEXT}" }, high: }`);
      return { file: put(dir, "s.yaml", text), commands: [
        { args: ["validate", "FILE"], exit: 0 },
        { args: ["run", "FILE", "--runs", "2000", "--states"], exit: 0 },
        { args: ["exact", "FILE", "--states"], exit: 0 },
        { args: ["exact", "FILE", "--timeline", "--every", "30"], exit: 0 },
      ] };
    },
  },
  ...([
    ["a state name", (t: string) => edit(t, "states: { low: , high: }", `states: { low: , high: , "x${CONTROL_TEXT}": }`)],
    ["a machine name", (t: string) => addMachines(t, `  "evil\\u202Egnp\\e[2J":\n    initial: a\n    states: { a: }\n`)],
    ["a parameter name", (t: string) => edit(t, "parameters:\n", `parameters:\n  "p\\u200Bpass\\r\\a": { default: 0.5, min: 0, max: 1, unit: u, description: d, source: { rationale: r } }\n`)],
    ["an outcome id", (t: string) => edit(t, OUTCOMES, `  - { id: "hold\\e[2J\\r", label: Holds, when: 'in("tariff.low")' }`)],
    ["a state reference in an expression", (t: string) => edit(t, SIMPLE_HAZARD, `hazard: "in(\\"bill.pas\\rsed\\e[2J\\u202E\\") ? 0 : h_raise"`)],
  ] as const).map(([where, change]): HostileCase => ({
    name: `ESC, BEL, CR, U+202E or zero-width characters in ${where} (rejected, escaped in the message)`,
    // Rejected by loading, which every command shares: validate and run (a different printer) say enough.
    build: (dir) => ({ file: put(dir, "s.yaml", change(simpleText())), commands: [{ args: ["validate", "FILE"], exit: 2 }, { args: RUN, exit: 2 }], positioned: true }),
  })),

  // ---- --set (D)
  ...["0x0", "0b1", " 0.3", "1e-400", "0.3 ", "Infinity"].map((v, i): HostileCase => ({
    name: `--set p_pass=${JSON.stringify(v)} (not a plain decimal number)`,
    build: (dir) => ({
      file: put(dir, "s.yaml", simpleText()),
      commands: [
        // The four through both commands; the rest (which never passed) through exact only, to save start-ups.
        ...(i < 4 ? [{ args: ["run", "FILE", "--runs", "2000", "--set", `p_pass=${v}`], exit: 2 as const, fragment: /--set p_pass/ }] : []),
        { args: ["exact", "FILE", "--set", `p_pass=${v}`], exit: 2, fragment: /--set p_pass/ },
      ],
      positioned: false,
    }),
  })),
  {
    name: "a repeated --set of one name",
    build: (dir) => ({
      file: put(dir, "s.yaml", simpleText()),
      commands: [
        { args: ["run", "FILE", "--runs", "2000", "--set", "p_pass=0.1", "--set", "p_pass=0.2"], exit: 2, fragment: /p_pass/ },
        { args: ["exact", "FILE", "--set", "p_pass=0.1", "--set", "p_pass=0.1"], exit: 2, fragment: /p_pass/ },
      ],
      positioned: false,
    }),
  },
  {
    name: "--set and a default exactly at a bound are accepted (the `default < min` → `<=` mutation)",
    build: (dir) => {
      const atBound = edit(edit(simpleText(), "    default: 0.6\n", "    default: 0\n"), "    default: 0.02\n", "    default: 0.5\n");
      const over = edit(simpleText(), "    default: 0.6\n", "    default: 1.0000001\n");
      put(dir, "over.yaml", over);
      const file = put(dir, "s.yaml", atBound);
      return {
        file,
        commands: [
          { args: ["validate", "FILE"], exit: 0 },
          { args: ["exact", "FILE"], exit: 0, check: (r) => (percentages(r.out).join(" ") === "0.0000% 100.0000%" || percentages(r.out).some((p) => p.startsWith("100")) ? [] : [`p_pass=0, h_raise=0.5 should make the rise certain: ${percentages(r.out).join(" ")}`]) },
          { args: ["exact", "FILE", "--set", "p_pass=1", "--set", "h_raise=0"], exit: 0, check: (r) => (percentages(r.out)[0]?.startsWith("100") === true ? [] : [`p_pass=1, h_raise=0 should make hold certain: ${percentages(r.out).join(" ")}`]) },
          { args: ["run", "FILE", "--runs", "2000", "--set", "h_raise=0.5000001"], exit: 2, fragment: /--set h_raise/ },
          { args: ["validate", join(dir, "over.yaml")], exit: 2, fragment: /1\.0000001/ },
        ],
        positioned: false,
      };
    },
  },
];
