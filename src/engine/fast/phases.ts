/**
 * The phases of one day of a specialised run, as source: drawing a changed
 * machine's due days, redrawing watchers' waits, the timed phase, the
 * immediate phase (skipped by a table lookup when no guard can fire), and
 * the straight-line day 0. Each writes over the local variables named in
 * ./gen.ts, from numbers and indices only. Pure.
 * @module
 */
import { KIND_DAILY, KIND_DELAY, KIND_GEOMETRIC, KIND_WINDOW } from "../plan.js";
import { DRAW, type Gen } from "./gen.js";
import { quietOf } from "./quiet.js";

/** Statements: machine `m` (in state `s`) draws all its due days from `day` (after an entry). */
export function scheduleFull(g: Gen, m: number, s: number): string {
  const p = g.plan;
  const t0 = p.timedStart[s] ?? 0;
  const t1 = p.timedStart[s + 1] ?? 0;
  if (t1 === t0) return `n${m} = Infinity;`;
  const body: string[] = [];
  for (let t = t0; t < t1; t++) {
    const k = t - t0;
    switch (p.kind[t]) {
      case KIND_WINDOW: {
        const d = p.dist[t];
        if (d === undefined) throw new Error("internal: a window with no distribution");
        body.push(g.sampleDay(m, k, d, "day + 1", ""));
        break;
      }
      case KIND_DELAY: {
        const d = p.dist[t];
        if (d === undefined) throw new Error("internal: a delay with no distribution");
        body.push(g.sampleDay(m, k, d, "first", "day + "));
        break;
      }
      case KIND_GEOMETRIC:
        body.push(g.geometric(m, k, t));
        break;
      default:
        body.push(`d${m}_${k} = day + 1;`);
    }
  }
  return `${body.join(" ")} ${g.earliest(m, s)}`;
}

/** Statements: machine `m` (state `s`, unchanged today) redraws the geometric waits that read a machine in `cm`. */
export function scheduleWatch(g: Gen, m: number, s: number): string {
  const p = g.plan;
  const t0 = p.timedStart[s] ?? 0;
  const t1 = p.timedStart[s + 1] ?? 0;
  const body: string[] = [];
  let daily = false;
  for (let t = t0; t < t1; t++) {
    if (p.kind[t] === KIND_DAILY) daily = true;
  }
  // The earliest due day changes only with a redrawn wait (or a daily slot's), so it is taken again only then.
  const after = daily ? "" : ` ${g.earliest(m, s)}`;
  for (let t = t0; t < t1; t++) {
    const k = t - t0;
    if (p.kind[t] === KIND_GEOMETRIC) {
      const mask = p.depMask[t] ?? 0;
      if (mask === 0) continue;
      // The state's mask (checked by the caller) is this slot's when it is the only one watching.
      const check = mask === (p.stateDepMask[s] ?? 0) ? "" : `if ((${mask} & cm) !== 0) `;
      body.push(`${check}{ ${g.hazardValue(t)} if (h !== w${m}_${k}) { ${g.geometric(m, k, t, true)}${after} } }`);
    } else if (p.kind[t] === KIND_DAILY) {
      body.push(`d${m}_${k} = day + 1;`);
    }
  }
  return `${body.join(" ")}${daily ? ` ${g.earliest(m, s)}` : ""}`;
}

/**
 * Whether no `when` transition can fire in the initial states on day 0 (its
 * guards read neither the time nor anything but the initial states and
 * visits, and are all false there): then day 0 is the same straight-line
 * code in every run. Pure.
 */
export function quietStart(g: Gen): boolean {
  const model = g.model;
  const visited = new Uint8Array(model.stateNames.length);
  for (const s of model.initial) visited[s] = 1;
  const frame = { state: Int32Array.from(model.initial), visited, entry: new Int32Array(g.M), day: 0 };
  for (const s of model.initial) {
    for (let i = g.plan.whenStart[s] ?? 0; i < (g.plan.whenStart[s + 1] ?? 0); i++) {
      const tr = g.plan.when[i];
      if (tr === undefined || tr.trigger.kind !== "when") return false;
      const e = tr.trigger.guard;
      if (e.readsTime) return false;
      if ((e.constant ?? e.fn(frame)) !== 0) return false;
    }
  }
  return true;
}

/**
 * Whether some machine's timed phase reads the machines' states (a hazard
 * that reads the time, a pick whose weights depend on states). When none
 * does, a machine whose timed transition fires may enter its new state at
 * once: no other machine's timed phase today can see it.
 */
export function timedReadsStates(g: Gen): boolean {
  if (g.anyDaily) return true;
  return g.plan.timed.some((t) => t.targets.length > 1 && t.constCdf === undefined);
}

/**
 * Statements: today's timed phase for machine `m`: sets `p{m}` to the state
 * it moves to (or -1), or, with `now`, enters it at once.
 */
export function timedPhase(g: Gen, m: number, now: boolean): string {
  const p = g.plan;
  const sw = g.switchOn(m, (s) => {
    const t0 = p.timedStart[s] ?? 0;
    const t1 = p.timedStart[s + 1] ?? 0;
    if (t1 === t0) return undefined;
    const arms: string[] = [];
    for (let t = t0; t < t1; t++) {
      const k = t - t0;
      const tr = p.timed[t];
      if (tr === undefined) throw new Error("internal: a timed transition missing");
      let fires: string;
      if (p.kind[t] === KIND_DAILY) {
        const e = p.hazardExpr[t];
        if (e === undefined) throw new Error("internal: a daily hazard with no expression");
        fires = `(x = ${DRAW}, ${g.calledProbability(e)}, x < h)`;
      } else {
        fires = `d${m}_${k} === day`;
      }
      // Every hazard of the state is defined today, fired or pre-empted: the rest are checked, drawing nothing.
      const rest: string[] = [];
      for (let u = t + 1; u < t1; u++) {
        const e = p.hazardExpr[u];
        if (p.kind[u] === KIND_DAILY && e !== undefined) rest.push(`${g.calledProbability(e)};`);
      }
      const to = g.pick(tr);
      const move = !now ? `p${m} = ${to};` : tr.targets.length === 1 ? g.enter(m, to) : `p${m} = ${to}; ${g.enter(m, `p${m}`)}`;
      // Without daily steps the machine is here only when one of its due days is today (its next due
      // day is their least), so when the others are not, the last one is: it needs no check.
      const last = t === t1 - 1 && !g.anyDaily;
      arms.push(last ? `{ ${move} ${rest.join(" ")} }` : `if (${fires}) { ${move} ${rest.join(" ")} }`);
    }
    return arms.join(" else ");
  }, !g.anyDaily); // without daily steps, a machine due today is in a state with timed transitions
  const reset = now ? "" : `p${m} = -1; `;
  return sw === "" ? reset : `${reset}if (${g.anyDaily ? "all || " : ""}n${m} === day) { ${sw} }`;
}

/** Statements: machine `m`'s part of one immediate round (sets `p{m}` and `any`), or "" when it has no `when` transitions. */
export function immediateOf(g: Gen, m: number): string {
  const p = g.plan;
  return g.switchOn(m, (s) => {
    const i0 = p.whenStart[s] ?? 0;
    const i1 = p.whenStart[s + 1] ?? 0;
    if (i1 === i0) return undefined;
    const arms: string[] = [];
    for (let i = i0; i < i1; i++) {
      const tr = p.when[i];
      if (tr === undefined || tr.trigger.kind !== "when") throw new Error("internal: a when transition missing");
      arms.push(`if (${g.guard(tr.trigger.guard)}) { p${m} = ${g.pick(tr)}; any = true; }`);
    }
    return arms.join(" else ");
  });
}

/** Statements: the immediate phase (rounds until none fires), or "" when no state has a `when` transition. */
export function immediatePhase(g: Gen): string {
  const parts: string[] = [];
  const apply: string[] = [];
  for (let m = 0; m < g.M; m++) {
    const sw = immediateOf(g, m);
    if (sw === "") continue;
    parts.push(`p${m} = -1; ${sw}`);
    apply.push(`if (p${m} >= 0) { ${g.enter(m, `p${m}`)} }`);
  }
  if (parts.length === 0) return "";
  const limit = g.model.stateNames.length + 1;
  const rounds = `for (let round = 0; ; round++) { if (round > ${limit}) bail(); any = false; ${parts.join(" ")} if (!any) break; ${apply.join(" ")} }`;
  const quiet = quietLookup(g);
  return quiet === undefined ? rounds : `if (${quiet} === 0) { ${rounds} }`;
}

/**
 * A lookup that is 1 when no \`when\` transition can fire now (./quiet.ts), so that the
 * rounds (most often one round in which nothing fires) are skipped; undefined
 * when a guard reads the time or the table would be too large.
 */
function quietLookup(g: Gen): string | undefined {
  const q = quietOf(g.model);
  return q === undefined ? undefined : `${g.ref(q.table)}[${g.index(q.ix)}]`;
}

/** Statements: after today's changes, draws anew for changed machines, then redraws watchers' waits. */
export function reschedule(g: Gen): string {
  const p = g.plan;
  const code: string[] = [];
  // `cm`: the machines changed today, one bit each. Every state has a full schedule (if only
  // "never"), so that switch is exhaustive.
  for (let m = 0; m < g.M; m++) code.push(`if ((cm & ${2 ** m}) !== 0) { ${g.switchOn(m, (s) => scheduleFull(g, m, s), true)} }`);
  for (let m = 0; m < g.M; m++) {
    const sw = g.switchOn(m, (s) => {
      const mask = p.stateDepMask[s] ?? 0;
      return mask === 0 ? undefined : `if ((${mask} & cm) !== 0) { ${scheduleWatch(g, m, s)} }`;
    });
    // Whom machine m may watch in any of its states: with none of them changed, no switch is needed.
    let reads = 0;
    for (const s of g.states(m)) reads |= p.stateDepMask[s] ?? 0;
    if (sw !== "") code.push(`if ((cm & ${reads}) !== 0 && (cm & ${2 ** m}) === 0) { ${sw} }`);
  }
  return code.join(" ");
}
