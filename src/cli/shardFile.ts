/**
 * The partial result one shard writes (`run --shard K/N`) and `merge` reads:
 * counts, never probabilities, so that parts add up exactly; and everything
 * that must agree for parts to belong together (the scenario's hash, the
 * parameter values, seed, total runs, shard count, options that shape the
 * report, the tool's version). The schema is checked on reading, so a file
 * that is not a partial result, or was edited, is exit 2, not a wrong report.
 * @module
 */
import { zodIssues } from "../scenario/load.js";
import type { Issue } from "../scenario/issues.js";
import { z } from "zod";
import type { Origin } from "../model/params.js";
import { MAX_SHARDS, PARTIAL_FORMAT } from "./shardFormat.js";

export { MAX_SHARDS, PARTIAL_FORMAT } from "./shardFormat.js";

const count = z.number().int().nonnegative();
const counts = z.array(count);

/** The partial result of one shard. */
export const PartialSchema = z.object({
  format: z.literal(PARTIAL_FORMAT),
  /** `tariffsim VERSION`: parts merge only with the same version (the engine may change between versions). */
  tool: z.string(),
  /**
   * The build (a digest of the sources and locked dependencies, as the
   * scenario cache keys by): parts merge only with the same, since builds of
   * one version may differ in their engine (a development checkout, a patch).
   */
  build: z.string(),
  scenario: z.object({
    /** The absolute path the shard read (merge reads it again unless told another with --scenario). */
    file: z.string(),
    id: z.string(),
    /** SHA-256 of the file's bytes, in hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }).strict(),
  /** Every parameter value given by an overlay or --set, as compiled (name → value). */
  values: z.record(z.string(), z.number()),
  /** The parameters that differ from their defaults, and where each value came from, as every report shows them. */
  overrides: z.array(z.object({ name: z.string(), value: z.number(), default: z.number(), from: z.custom<Origin>((v) => typeof v === "string" && (v === "--set" || v.startsWith("params:")), "expected --set or params:FILE") }).strict()),
  seed: count,
  /** Runs of the whole (unsharded) run. */
  runs: z.number().int().positive(),
  /** Shard `index` of `count`, from 1. */
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive().max(MAX_SHARDS) }).strict(),
  /** The run indices this shard computed: `[from, to)`. */
  from: count,
  to: count,
  /** Options that shape the merged report. */
  options: z.object({ method: z.literal("mc"), states: z.boolean() }).strict(),
  /** The shard's command line (without node and the script), for the record. */
  args: z.array(z.string()),
  /** Outcome ids and state names (`machine.state`) in the order of the counts below. */
  names: z.object({ outcomes: z.array(z.string()), states: z.array(z.string()) }).strict(),
  /** The counts of runs `[from, to)` (engine/tally.ts). */
  tally: z.object({ runs: count, outcomes: counts, finalStates: counts, visited: counts, firstDaySum: counts }).strict(),
}).strict();

/** A partial result. */
export type Partial = z.infer<typeof PartialSchema>;

/** Every problem with a parsed JSON value that should be a partial result (issues with paths), or the partial. Pure. */
export function parsePartial(json: unknown): { ok: true; partial: Partial } | { ok: false; issues: Issue[] } {
  const r = PartialSchema.safeParse(json);
  if (r.success) return { ok: true, partial: r.data };
  return { ok: false, issues: zodIssues(r.error.issues, [], PartialSchema) };
}
