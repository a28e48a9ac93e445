/**
 * The two small schemas every part of the scenario format shares: an
 * identifier, and where a number comes from (a verbatim quote from a seed
 * file, or a rationale). Why a module of their own: both `schema.ts` and
 * `uncertaintySchema.ts` use them, and `schema.ts` imports the latter, so
 * defining them in either would make a cycle or a copy.
 * @module
 */
import { z } from "zod";
import { RESERVED_NAMES, reservedMessage } from "./yamlKeys.js";

/**
 * An identifier: machine, state, parameter, outcome and group names. ASCII
 * only, and never a reserved JavaScript name (`__proto__`, `prototype`,
 * `constructor`), which would reach object machinery instead of being a name.
 */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an identifier: a letter or _ then letters, digits or _")
  .superRefine((s, ctx) => {
    if (RESERVED_NAMES.has(s)) ctx.addIssue({ code: "custom", message: reservedMessage(s) });
  });

/** Where a number comes from: a verbatim quote from a seed file (checked by `validate`), or a rationale. */
export const SourceSchema = z.union([
  z.strictObject({
    seed: z.string().min(1).describe("a seed file listed under `seeds`"),
    quote: z.string().min(1).describe("a verbatim quote from that seed file"),
    rationale: z.string().optional(),
  }),
  z.strictObject({ rationale: z.string().min(1) }),
]);

/** A source as written. */
export type Source = z.infer<typeof SourceSchema>;
