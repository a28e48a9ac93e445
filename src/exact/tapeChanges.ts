/**
 * Whether a re-solve tape (tape.ts) may serve a model, and what changed: step
 * 1 of a replay (tapeReplay.ts). A tape serves a model of the same scenario
 * when every guard, outcome and expression that reads the time compiled to
 * the same code (their values then cannot differ, nor the days they hold
 * for), windows are unchanged and the layout encodes joint states alike;
 * hazards, branch weights and delays may change, and those that did are the
 * primitives the replay evaluates again.
 *
 * Why a module of its own: comparing two compiled models (transition order,
 * expression code, what an expression reads) is a question about the
 * models, apart from the arithmetic a replay redoes. Pure.
 * @module
 */
import type { DayDist } from "../model/distributions.js";
import type { CompiledExpr } from "../model/expr.js";
import type { CompiledModel, CompiledTransition } from "../model/model.js";
import type { Layout } from "./layout.js";

/** The transitions of a model in the exact solver's order (transitions.ts): per state, timed then `when`. */
function flatten(model: CompiledModel): CompiledTransition[] {
  const out: CompiledTransition[] = [];
  for (let s = 0; s < model.stateNames.length; s++) out.push(...(model.timed[s] ?? []), ...(model.immediate[s] ?? []));
  return out;
}

/** What an expression computes, as text: equal text, equal value in every frame. */
function code(e: CompiledExpr | undefined): string {
  if (e === undefined) return "otherwise";
  return e.constant !== undefined ? `=${e.constant}` : e.fn.toString();
}

/**
 * Whether `e` reads nothing `was` does not (machines, visited flags): the
 * tape keeps one primitive per combination of what `was` reads (tapeRegisters.ts), so
 * `e` can be evaluated against those frames only then. Why it can differ: a
 * condition on a parameter folds to one of its branches when compiled.
 */
function readsWithin(e: CompiledExpr, was: CompiledExpr | undefined): boolean {
  if (was === undefined || e.readsTime || was.readsTime) return false;
  const machines = was.constant === undefined ? new Set(was.machines) : new Set<number>();
  const visited = was.constant === undefined ? new Set(was.visitedStates) : new Set<number>();
  return (e.constant !== undefined) || (e.machines.every((m) => machines.has(m)) && e.visitedStates.every((v) => visited.has(v)));
}

function sameDist(a: DayDist, b: DayDist): boolean {
  if (a.first !== b.first || a.pmf.length !== b.pmf.length) return false;
  for (let i = 0; i < a.pmf.length; i++) if (a.pmf[i] !== b.pmf[i]) return false;
  return true;
}

/** Whether two layouts encode joint states alike. Pure. */
export function sameLayout(a: Layout, b: Layout): boolean {
  if (a.keySpace !== b.keySpace || a.maskPlace !== b.maskPlace || a.clockCap.length !== b.clockCap.length) return false;
  for (let i = 0; i < a.clockCap.length; i++) if (a.clockCap[i] !== b.clockCap[i]) return false;
  if (a.visitedStates.length !== b.visitedStates.length) return false;
  for (let i = 0; i < a.visitedStates.length; i++) if (a.visitedStates[i] !== b.visitedStates[i]) return false;
  return true;
}

/** Which primitives of a model differ from the tape's: per transition, its hazard, weights, delay. */
export interface Changes {
  readonly hazard: Uint8Array;
  readonly weights: Uint8Array;
  readonly delay: Uint8Array;
  readonly list: readonly CompiledTransition[];
}

/** The code of a tape's model, to compare a new model's against: its transitions in the solver's order, their expressions' code. */
export class TapeCode {
  private readonly list: readonly CompiledTransition[];
  private readonly codes: string[][];
  private readonly outcomeCodes: string[];

  constructor(model: CompiledModel) {
    this.list = flatten(model);
    this.codes = this.list.map((t) => [code(t.trigger.kind === "hazard" ? t.trigger.hazard : t.trigger.kind === "when" ? t.trigger.guard : undefined), ...t.weights.map(code)]);
    this.outcomeCodes = model.outcomes.map((o) => code(o.when));
  }

  /** Which primitives changed, or undefined when something the tape cannot redo changed. */
  changes(model: CompiledModel): Changes | undefined {
    const list = flatten(model);
    if (list.length !== this.list.length || model.outcomes.length !== this.outcomeCodes.length) return undefined;
    const J = list.length;
    const hazard = new Uint8Array(J);
    const weights = new Uint8Array(J);
    const delay = new Uint8Array(J);
    for (let j = 0; j < J; j++) {
      const t = list[j];
      const was = this.list[j];
      const codes = this.codes[j];
      if (t === undefined || was === undefined || codes === undefined || t.trigger.kind !== was.trigger.kind) return undefined;
      const trig = t.trigger;
      switch (trig.kind) {
        case "window": if (was.trigger.kind !== "window" || !sameDist(trig.dist, was.trigger.dist)) return undefined; break;
        case "delay": if (was.trigger.kind !== "delay" || !sameDist(trig.dist, was.trigger.dist)) delay[j] = 1; break;
        case "hazard": if (code(trig.hazard) !== codes[0]) {
          if (was.trigger.kind !== "hazard" || !readsWithin(trig.hazard, was.trigger.hazard)) return undefined;
          hazard[j] = 1;
        } break;
        case "when": if (code(trig.guard) !== codes[0]) return undefined; break;
        default: trig satisfies never;
      }
      // Weights of which one reads the time are recorded as constants (tapeRegisters.ts): none of them may change then.
      const timed = t.weights.some((w) => w?.readsTime === true) || was.weights.some((w) => w?.readsTime === true);
      for (let i = 0; i < t.weights.length; i++) {
        const w = t.weights[i];
        if (code(w) === codes[i + 1]) continue;
        if (w === undefined || timed || !readsWithin(w, was.weights[i])) return undefined;
        weights[j] = 1;
      }
    }
    for (let k = 0; k < model.outcomes.length; k++) if (code(model.outcomes[k]?.when) !== this.outcomeCodes[k]) return undefined;
    return { hazard, weights, delay, list };
  }
}
