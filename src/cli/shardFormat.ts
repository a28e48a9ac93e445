/**
 * The partial result's format tag and the shard limit, apart from the
 * partial result's schema (shardFile.ts, which re-exports them): parsing
 * `--shard` and writing a part need these two values, not the schema, so
 * `run` does not load zod for them.
 * @module
 */

/** The format tag of a partial result (the number changes when the format does). */
export const PARTIAL_FORMAT = "tariffsim-partial/2";

/** The most shards of one run (a documented limit). */
export const MAX_SHARDS = 100_000;
