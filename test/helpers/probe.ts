/**
 * Probing compiled models: what each transition and outcome computes, as
 * plain data, evaluated over a fixed set of random frames, so that two
 * compilations can be compared value by value; and which parameters each
 * transition's expressions read.
 */
import { streamRng } from "../../src/engine/rng.js";
import type { EvalFrame } from "../../src/model/frame.js";
import type { CompiledExpr } from "../../src/model/expr.js";
import type { CompiledModel, CompiledTransition } from "../../src/model/model.js";
import { walkExpr } from "../../src/scenario/expression.js";
import type { ExprSource, Scenario, Transition } from "../../src/scenario/scenario.js";

/** `count` random frames of a model: any state per machine, random visited flags, entry days and day. */
export function probeFrames(model: CompiledModel, count: number, seed = "probe"): EvalFrame[] {
  const rng = streamRng(seed);
  const M = model.machineIds.length;
  const n = model.stateNames.length;
  const frames: EvalFrame[] = [];
  for (let k = 0; k < count; k++) {
    const day = Math.floor(rng() * (model.days + 1));
    const state = new Int32Array(M);
    const visited = new Uint8Array(n);
    const entry = new Int32Array(M);
    for (let s = 0; s < n; s++) visited[s] = rng() < 0.5 ? 1 : 0;
    for (let m = 0; m < M; m++) {
      const lo = model.stateOffset[m] ?? 0;
      const hi = model.stateOffset[m + 1] ?? lo;
      const s = lo + Math.floor(rng() * (hi - lo));
      state[m] = s;
      visited[s] = 1;
      entry[m] = Math.floor(rng() * (day + 1));
    }
    frames.push({ state, visited, entry, day });
  }
  return frames;
}

/** What an expression computes: its constant, or its values over the frames. */
function exprValues(e: CompiledExpr, frames: readonly EvalFrame[]): number | number[] {
  return e.constant ?? frames.map((f) => e.fn(f));
}

/** A transition's compiled values as plain data. */
export function transitionValues(t: CompiledTransition, frames: readonly EvalFrame[]): unknown {
  const tr = t.trigger;
  const trigger = tr.kind === "window" || tr.kind === "delay"
    ? { kind: tr.kind, first: tr.dist.first, pmf: Array.from(tr.dist.pmf) }
    : { kind: tr.kind, values: exprValues(tr.kind === "hazard" ? tr.hazard : tr.guard, frames) };
  return {
    id: t.id,
    source: t.source,
    targets: Array.from(t.targets),
    trigger,
    weights: t.weights.map((w) => (w === undefined ? "otherwise" : exprValues(w, frames))),
    constCdf: t.constCdf === undefined ? undefined : Array.from(t.constCdf),
  };
}

/** Every compiled transition with a key `timed|immediate:state:slot`. */
export function compiledTransitions(model: CompiledModel): [string, CompiledTransition][] {
  const out: [string, CompiledTransition][] = [];
  for (const [kind, lists] of [["timed", model.timed], ["immediate", model.immediate]] as const) {
    lists.forEach((ts, s) => ts.forEach((t, j) => out.push([`${kind}:${model.stateNames[s] ?? s}:${j}`, t])));
  }
  return out;
}

/** Every expression written in a transition. */
export function transitionExprs(t: Transition): ExprSource[] {
  const out: ExprSource[] = [];
  const tr = t.trigger;
  switch (tr.kind) {
    case "hazard": out.push(tr.hazard); break;
    case "when": out.push(tr.guard); break;
    case "window":
      if (tr.window.shape === "weighted") out.push(...tr.window.weights.map((w) => w.weight));
      break;
    case "delay": {
      const d = tr.delay;
      switch (d.shape) {
        case "fixed": out.push(d.days); break;
        case "uniform": out.push(d.min, d.max); break;
        case "triangular": out.push(d.min, d.mode, d.max); break;
        case "weighted": out.push(...d.weights.map((w) => w.weight)); break;
        default: d satisfies never;
      }
      break;
    }
    default: tr satisfies never;
  }
  for (const b of t.branches) if (b.weight !== "otherwise") out.push(b.weight);
  return out;
}

/** The names (parameters and variables) an expression reads. */
export function namesRead(src: ExprSource): Set<string> {
  const names = new Set<string>();
  if (src.expr !== undefined) walkExpr(src.expr, (e) => { if (e.kind === "name") names.add(e.name); });
  return names;
}

/** The normalized transition a compiled one came from (by its path). */
export function sourceTransition(sc: Scenario, t: CompiledTransition): Transition {
  const [, machine, , index] = t.path;
  const found = sc.machines.find((m) => m.id === machine)?.transitions[typeof index === "number" ? index : -1];
  if (found === undefined) throw new Error(`no transition at ${t.path.join(".")}`);
  return found;
}

/** Whether any expression of the transition reads parameter `name`. */
export function transitionReads(sc: Scenario, t: CompiledTransition, name: string): boolean {
  return transitionExprs(sourceTransition(sc, t)).some((src) => namesRead(src).has(name));
}
