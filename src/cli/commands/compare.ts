/**
 * `tariffsim compare [A] [B]`: two scenarios, or one scenario with two
 * parameter sets (`--a-set`/`--b-set`, `--a-params`/`--b-params` over the
 * shared `--params`/`--set`), compared per group and outcome: P under A,
 * under B, and B − A with its 95% interval; exact when the solver handles
 * both sides, else Monte Carlo with common random numbers
 * (src/analysis/paired.ts).
 *
 * Each side is a {@link Side} built once (scenario, values, model, and its
 * evidence planned against its own model); the comparison only sees the two
 * compiled models and their checks. Evidence: `--given`/`--evidence` for
 * both sides, `--a-given`/`--b-given`/`--a-evidence`/`--b-evidence` for one,
 * `--asof` shared; so `compare --b-given OBS` is the forecast without and
 * with OBS. Conditioned Monte Carlo pairs the sides with common random
 * numbers per day (src/analysis/pairedConditioned.ts).
 * @module
 */
import { availableParallelism } from "node:os";
import { Option, type Command } from "@commander-js/extra-typings";
import { exactPairs, summarizeConditionedPairs, summarizePairs, DEFAULT_PAIRED_RUNS, type PairEvidence, type PairedComparison } from "../../analysis/paired.js";
import { pairTargets } from "../../analysis/pairTargets.js";
import { PairSideError, type Side as SideId } from "../../analysis/pairedRuns.js";
import { summarizeEvidence } from "../../evidence/summary.js";
import type { CompiledModel } from "../../model/model.js";
import { overridesOf, type Origin } from "../../model/params.js";
import { compareJson, compareMeta, compareTable, compareTidy, type CompareMeta, type SideOverride } from "../../report/compare.js";
import { renderTidy } from "../../report/tidy.js";
import { escapeText } from "../../report/escape.js";
import { observationText } from "../../evidence/parse.js";
import { defaultScenario, type CliContext } from "../context.js";
import { CliError, EXIT_BAD_INPUT, formatIssues } from "../errors.js";
import { formatOption, provenance, resolveFormat } from "../format.js";
import { checkWide, collect, collectPath, parseOutPath, parseRuns, parseSeed, tableWidth, WIDE_HELP, refuseMonteCarloOptions } from "../options.js";
import { checkOut, emit, reportWhat } from "../output.js";
import { resolveValuesOrFail } from "../overlays.js";
import { parseWorkers, planAnalysis, planWorkers, MAX_WORKERS } from "../parallel.js";
import { CONDITIONED_PAIRED_RUNS, PAIRED_RUNS } from "../threads.js";
import { withProgress } from "../progress.js";
import { impossibleEvidence, sideConditioningOrFail, type EvidenceSources } from "../compareEvidence.js";
import type { Conditioning } from "../evidence.js";
import { simulateConditionedPairsParallel, simulatePairsParallel } from "../pairedParallel.js";
import { compileOrFail, loadOrFail, type Loaded } from "../scenario.js";
import { DEFAULT_SEED } from "./run.js";

const METHODS = ["auto", "exact", "mc"] as const;

/** One side of the comparison, resolved once. */
interface Side {
  readonly id: SideId;
  readonly loaded: Loaded;
  /** The final values to compile with (and to send to workers). */
  readonly values: ReadonlyMap<string, number>;
  readonly overrides: readonly SideOverride[];
  readonly model: CompiledModel;
  /** The side's evidence planned against its model; undefined when no evidence option was given at all. */
  readonly given: Conditioning | undefined;
}

/**
 * Whether the two sides are one model under one condition: the same
 * scenario text (or file), the same final values, the same checks and the
 * same observations left out by `--asof` (which the report would list), so
 * that every difference is 0 by construction. Options can say the same
 * thing in different words (a default given again, an empty evidence file,
 * one file under two names), which is why this compares what they resolved
 * to. Pure.
 */
function sameSides(A: Side, B: Side, evidence: PairEvidence): boolean {
  const sameText = A.loaded === B.loaded || (A.loaded.sha256 !== undefined && A.loaded.sha256 === B.loaded.sha256);
  if (!sameText) return false;
  const values = (s: Side): string => JSON.stringify([...resolveValues(s)].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  // Observations `--asof` left out differ in what the report says (it lists them), so they count.
  const ignored = (s: Side): string => JSON.stringify(s.given?.plan.ignored.map((o) => observationText(o.item.observation)) ?? []);
  return values(A) === values(B) && JSON.stringify(evidence.a) === JSON.stringify(evidence.b) && ignored(A) === ignored(B);
}

/** Every parameter's value on a side: the scenario's defaults with the side's values over them. */
function resolveValues(s: Side): Map<string, number> {
  const out = new Map(s.loaded.scenario.parameters.map((p) => [p.name, p.default]));
  for (const [k, v] of s.values) out.set(k, v);
  return out;
}

/** What one side's options say. */
interface SideOptions extends EvidenceSources {
  readonly params: readonly string[];
  readonly set: readonly string[];
}

/** The evidence options shared by both sides, undefined when none was given. */
interface SharedEvidence extends EvidenceSources {
  readonly asof: string | undefined;
}

/**
 * A side's values: the defaults, then the shared `--params` files and
 * `--set`, then the side's own `--a-params` files and `--a-set` (own values
 * win over shared ones). Problems in either are exit 2; a problem in the
 * side's own `--set` is reported as `--a-set`/`--b-set`.
 */
async function resolveSide(ctx: CliContext, id: SideId, loaded: Loaded, shared: SideOptions, own: SideOptions, evidence: SharedEvidence | undefined): Promise<Side> {
  const flag = id === "a" ? "--a-set" : "--b-set";
  const lines: string[] = [];
  const attempt = async (params: readonly string[], set: readonly string[], rename: boolean): Promise<Awaited<ReturnType<typeof resolveValuesOrFail>> | undefined> => {
    try {
      return await resolveValuesOrFail(loaded, params, set);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      const prefix = `${loaded.file}: --set `;
      lines.push(...e.lines.map((l) => (rename && l.startsWith(prefix) ? `${loaded.file}: ${flag} ${l.slice(prefix.length)}` : l)));
      return undefined;
    }
  };
  const s = await attempt(shared.params, shared.set, false);
  const o = await attempt(own.params, own.set, true);
  if (s === undefined || o === undefined) throw new CliError(lines);
  const values = new Map([...s.values, ...o.values]);
  const from = new Map<string, Origin>([...s.from, ...o.from]);
  const ownSet = new Set([...o.from].filter(([, origin]) => origin === "--set").map(([name]) => name));
  const overrides = overridesOf(loaded.scenario, { values, from })
    .map((x): SideOverride => (ownSet.has(x.name) ? { ...x, from: flag } : x));
  // Problems name the side, and its own overlays by its own flag.
  const ownParams = id === "a" ? "--a-params" : "--b-params";
  const ownOverlays = new Set(own.params);
  const origins = overrides.map((x) => (x.from.startsWith("params:") && ownOverlays.has(x.from.slice("params:".length)) && o.from.get(x.name) === x.from
    ? { name: x.name, from: `${ownParams} ${x.from.slice("params:".length)}` } : x));
  const model = compileOrFail(ctx, loaded, values, false, { overrides: origins, side: id });
  const given = evidence === undefined ? undefined : sideConditioningOrFail(loaded, model, id, shared, own, evidence.asof);
  return { id, loaded, values, overrides, model, given };
}

/** Each side's checks (none for a side without observations). */
function checksOf(sides: readonly [Side, Side]): PairEvidence {
  return { a: sides[0].given?.plan.checks ?? [], b: sides[1].given?.plan.checks ?? [] };
}

/** For a value the types allow to be missing but the logic guarantees (a side with checks has a plan). */
function missing(): never {
  throw new Error("internal: a side with evidence has no plan");
}

/** A side's problem as exit-2 lines naming that side's file. */
function sideError(sides: readonly [Side, Side], e: PairSideError): CliError {
  const side = e.side === "a" ? sides[0] : sides[1];
  return new CliError(formatIssues(side.loaded.file, e.issues, side.loaded.locate));
}

/** One line per shared target (labelled as in A, pairTargets.ts) whose label differs in B: compared by id, the labels may mean other things. Pure. */
export function labelNotes(b: CompiledModel, targets: readonly { readonly kind: "group" | "outcome"; readonly id: string; readonly label: string }[]): string[] {
  return targets.flatMap((t) => {
    const other = (t.kind === "group" ? b.groups : b.outcomes).find((x) => x.id === t.id)?.label;
    if (other === undefined || other === t.label) return [];
    return [`${t.kind} "${t.id}" is labelled "${t.label}" in A and "${other}" in B; compared by id, so check that both mean the same`];
  });
}

/** Adds the `compare` command. */
export function addCompareCommand(program: Command, ctx: CliContext): void {
  program
    .command("compare")
    .description("paired comparison of two scenarios, or of one scenario under two parameter sets: B − A per group and outcome, with its interval")
    .argument("[a]", "scenario A (YAML or JSON); default: the shipped Korea–US scenario")
    .argument("[b]", "scenario B; default: the same file as A (then give --a-set/--b-set or --a-params/--b-params)")
    .option("--params <file>", "a parameter overlay applied to both sides (repeatable; before --set)", collectPath, [])
    .option("--set <name=value>", "a parameter value for both sides (repeatable)", collect, [])
    .option("--a-params <file>", "an overlay for side A only, over the shared values (repeatable)", collectPath, [])
    .option("--b-params <file>", "an overlay for side B only, over the shared values (repeatable)", collectPath, [])
    .option("--a-set <name=value>", "a value for side A only, applied last (repeatable)", collect, [])
    .option("--b-set <name=value>", "a value for side B only, applied last (repeatable)", collect, [])
    .option("--given <obs>", "an observation both sides are conditioned on, e.g. \"not washington.announced by 2026-03-31\" (repeatable)", collect, [])
    .option("--evidence <file>", "an evidence file both sides are conditioned on (repeatable)", collectPath, [])
    .option("--a-given <obs>", "an observation side A only is conditioned on (repeatable)", collect, [])
    .option("--b-given <obs>", "an observation side B only is conditioned on (repeatable)", collect, [])
    .option("--a-evidence <file>", "an evidence file for side A only (repeatable)", collectPath, [])
    .option("--b-evidence <file>", "an evidence file for side B only (repeatable)", collectPath, [])
    .option("--asof <date>", "both forecasts as of this date (YYYY-MM-DD): observations dated after it are ignored")
    .addOption(new Option("-m, --method <method>", "auto (exact when the solver handles both sides, else Monte Carlo), exact, or mc").choices(METHODS).default("auto" as const))
    .option("-n, --runs <n>", "Monte Carlo paired runs (run i of A and of B share one generator)", parseRuns, DEFAULT_PAIRED_RUNS)
    .option("-s, --seed <seed>", "master seed of the Monte Carlo runs", parseSeed, DEFAULT_SEED)
    .option("-w, --workers <n>", `worker threads for Monte Carlo, at most ${MAX_WORKERS}, or auto for the cores (same numbers for any count; capped at the cores and at one per ${PAIRED_RUNS.minPerWorker.toLocaleString("en-US")} paired runs, ${CONDITIONED_PAIRED_RUNS.minPerWorker.toLocaleString("en-US")} with evidence)`, parseWorkers, 1)
    .addOption(formatOption())
    .option("-o, --out <file>", "write the report to a file (whole or not at all) instead of stdout", parseOutPath)
    .option("--wide", WIDE_HELP)
    .action(async (fileA, fileB, opts, cmd) => {
      checkOut(opts.out);
      const format = resolveFormat(opts.format, opts.out);
      checkWide(opts.wide, format);
      refuseMonteCarloOptions(opts.method, ["runs", "seed", "workers"], (name) => cmd.getOptionValueSource(name));
      const a = fileA ?? defaultScenario();
      const b = fileB ?? a;
      const sideOptionsGiven = opts.aSet.length + opts.bSet.length + opts.aParams.length + opts.bParams.length
        + opts.aGiven.length + opts.bGiven.length + opts.aEvidence.length + opts.bEvidence.length > 0;
      if (fileB === undefined && !sideOptionsGiven) {
        throw new CliError([`${a}: nothing to compare: give a second scenario, or --a-set/--b-set, --a-params/--b-params, --a-given/--b-given or --a-evidence/--b-evidence`]);
      }
      const evidenceGiven = opts.given.length + opts.evidence.length + opts.aGiven.length + opts.bGiven.length
        + opts.aEvidence.length + opts.bEvidence.length > 0 || opts.asof !== undefined;
      const sharedEvidence: SharedEvidence | undefined = evidenceGiven ? { given: opts.given, evidence: opts.evidence, asof: opts.asof } : undefined;
      const loadedA = await loadOrFail(ctx, a);
      const loadedB = b === a ? loadedA : await loadOrFail(ctx, b);
      const shared = { params: opts.params, set: opts.set, given: opts.given, evidence: opts.evidence };
      // Both sides checked before giving up; a shared problem (one file for both sides) is said once.
      const lines = new Set<string>();
      const tryResolve = async (id: SideId, loaded: Loaded, own: SideOptions): Promise<Side | undefined> => {
        try {
          return await resolveSide(ctx, id, loaded, shared, own, sharedEvidence);
        } catch (e) {
          if (!(e instanceof CliError) || e.exitCode !== EXIT_BAD_INPUT) throw e;
          for (const l of e.lines) lines.add(l);
          return undefined;
        }
      };
      const A = await tryResolve("a", loadedA, { params: opts.aParams, set: opts.aSet, given: opts.aGiven, evidence: opts.aEvidence });
      const B = await tryResolve("b", loadedB, { params: opts.bParams, set: opts.bSet, given: opts.bGiven, evidence: opts.bEvidence });
      if (A === undefined || B === undefined) throw new CliError([...lines]);
      const sides: [Side, Side] = [A, B];
      const targets = pairTargets(A.model, B.model);
      // Targets are matched by id; the same id may mean another thing in another scenario (a group whose outcomes
      // changed between versions). The labels are the scenario authors' words for it: when they differ, say so.
      for (const note of labelNotes(B.model, targets.targets)) ctx.err(`${escapeText(`${a}, ${b}: note: ${note}`)}\n`);
      if (targets.targets.length === 0) {
        throw new CliError([`${a}, ${b}: the scenarios share no group or outcome id; nothing to compare`]);
      }
      const evidence = checksOf(sides);
      if (sameSides(A, B, evidence)) {
        throw new CliError([`${a}${b === a ? "" : `, ${b}`}: nothing to compare: both sides have the same scenario, values and evidence (every difference would be 0)`]);
      }
      const conditioned = evidence.a.length + evidence.b.length > 0;
      let result: PairedComparison | undefined;
      try {
        if (opts.method !== "mc") {
          const exact = exactPairs(A.model, B.model, targets, undefined, evidence);
          if (exact.ok) result = exact.value;
          else if (exact.impossible !== undefined) {
            const side = exact.side === "a" ? A : B;
            throw impossibleEvidence(side.loaded, side.id, side.given ?? missing(), exact.impossible, exact.issues[0] ?? missing());
          } else if (opts.method === "exact") throw new CliError(formatIssues(exact.side === "a" ? a : b, exact.issues, () => undefined));
        }
        if (result === undefined) {
          const cost = conditioned ? CONDITIONED_PAIRED_RUNS : PAIRED_RUNS;
          const plan = planAnalysis(opts.workers, (n) => planWorkers(n, opts.runs, availableParallelism(), cost));
          if (plan.note !== undefined) ctx.err(`${plan.note}\n`);
          const job = (onProgress: (done: number) => void) => ({
            a: { model: A.model, scenario: A.loaded.scenario, overrides: A.values },
            b: { model: B.model, scenario: B.loaded.scenario, overrides: B.values },
            seed: opts.seed, runs: opts.runs, workers: plan.workers, onProgress,
          });
          if (conditioned) {
            const tally = await withProgress(ctx, opts.runs, "paired runs", (p) => simulateConditionedPairsParallel(job(p.update), evidence));
            const r = summarizeConditionedPairs(targets, tally, opts.seed, { a: A.model, b: B.model });
            if (!r.ok) {
              const side = r.side === "a" ? A : B;
              throw new CliError(formatIssues(side.loaded.file, r.issues, () => undefined));
            }
            result = r.value;
          } else {
            result = summarizePairs(targets, await withProgress(ctx, opts.runs, "paired runs", (p) => simulatePairsParallel(job(p.update))), opts.seed);
          }
        }
      } catch (e) {
        if (e instanceof PairSideError) throw sideError(sides, e);
        throw e;
      }
      const scA = A.model.scenario;
      const scB = B.model.scenario;
      const meta: CompareMeta = {
        scenarioA: scA.id, scenarioB: scB.id,
        title: scA.title === scB.title ? scA.title : `${scA.title} / ${scB.title}`,
        overridesA: A.overrides, overridesB: B.overrides,
        evidenceA: A.given === undefined ? undefined : summarizeEvidence(A.model, A.given.plan, undefined),
        evidenceB: B.given === undefined ? undefined : summarizeEvidence(B.model, B.given.plan, undefined),
      };
      const text = format === "json"
        ? JSON.stringify(compareJson(result, meta), null, 2) + "\n"
        : format === "table"
        ? compareTable(result, meta, tableWidth(ctx, opts))
        : renderTidy(format, provenance(ctx, compareMeta(result, meta)), compareTidy(result));
      // A row per group and outcome compared.
      await emit(ctx, text, opts.out, reportWhat(format, result.groups.length + result.outcomes.length));
    });
}
