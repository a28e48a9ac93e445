/**
 * The written form of claims: statements the scenario's authors make about
 * how their model behaves (`tariffsim check` tests them as properties over
 * the parameter box or the uncertainty distributions). Each claim has an id,
 * a sentence (`says`), a source, and exactly one of:
 * - `monotone: { parameter, target, direction: increasing | decreasing }`;
 * - `bound: { target, atMost?, atLeast? }` (at least one of the two);
 * - `order: { greater: TARGET, than: TARGET }`;
 * each with an optional `over: bounds | uncertainty` (default `bounds`).
 * Targets are written as `--target` takes them (`group:ID`, `outcome:ID`).
 * zod checks the shape; claimRules.ts checks names. Pure data.
 * @module
 */
import { z } from "zod";
import { IdSchema, SourceSchema } from "./idSchema.js";

/** A probability target, `group:ID` or `outcome:ID`. */
export const ClaimTargetSchema = z.string().regex(/^(group|outcome):[A-Za-z_][A-Za-z0-9_]*$/, "must be group:ID or outcome:ID");

/** Where a claim's points come from: the parameters' bounds (a box), or their declared uncertainty. */
export const ClaimOverSchema = z.enum(["bounds", "uncertainty"]).describe("the parameter box (default) or the declared uncertainty distributions");

const Probability = z.number().min(0).max(1);

const MonotoneSchema = z.strictObject({
  parameter: IdSchema,
  target: ClaimTargetSchema,
  direction: z.enum(["increasing", "decreasing"]),
  over: ClaimOverSchema.optional(),
});

const BoundSchema = z.strictObject({
  target: ClaimTargetSchema,
  atMost: Probability.optional(),
  atLeast: Probability.optional(),
  over: ClaimOverSchema.optional(),
}).refine((b) => b.atMost !== undefined || b.atLeast !== undefined, { message: "a bound needs atMost, atLeast or both" });

const OrderSchema = z.strictObject({
  greater: ClaimTargetSchema,
  than: ClaimTargetSchema,
  over: ClaimOverSchema.optional(),
});

/** One claim as written. */
export const ClaimSchema = z.strictObject({
  id: IdSchema,
  says: z.string().min(1).describe("the claim in a sentence"),
  source: SourceSchema,
  monotone: MonotoneSchema.optional(),
  bound: BoundSchema.optional(),
  order: OrderSchema.optional(),
}).refine((c) => [c.monotone, c.bound, c.order].filter((x) => x !== undefined).length === 1, {
  message: "a claim needs exactly one of monotone, bound or order",
});

/** A claim as written. */
export type ClaimFile = z.infer<typeof ClaimSchema>;
