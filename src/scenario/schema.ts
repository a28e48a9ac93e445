/**
 * The scenario file format, as users write it (YAML or JSON: one schema).
 *
 * zod checks the *shape* here; the *meaning* (names exist, weights sum to 1,
 * outcomes cover every end state) is checked by the rules in `rules.ts`, and
 * `normalize.ts` turns the written form into the canonical {@link Scenario}.
 * Every TypeScript type of the written form is inferred from these schemas.
 * @module
 */
import { z } from "zod";
import { IdSchema, SourceSchema } from "./idSchema.js";
import { ClaimSchema } from "./claimSchema.js";
import { CorrelationSchema, DirichletGroupSchema, UncertaintySchema } from "./uncertaintySchema.js";

export { IdSchema, SourceSchema };

/** A calendar date written `YYYY-MM-DD` (UTC; time moves in whole days). */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a real calendar date");

/**
 * A number, or an expression over parameters (and, where the context allows,
 * states, `day` and `daysInState`) written as a string. See docs/format.md.
 */
export const NumberOrExprSchema = z.union([z.number(), z.string().min(1, "must not be empty")]);

/** A whole number of days, or an expression over parameters that gives one. */
const DaysSchema = NumberOrExprSchema;

const SeedRefSchema = z.strictObject({
  file: z.string().min(1),
  title: z.string().min(1),
  date: DateSchema,
});

const ParameterSchema = z.strictObject({
  default: z.number(),
  min: z.number(),
  max: z.number(),
  unit: z.string().min(1),
  description: z.string().min(1),
  source: SourceSchema,
  /** How sure the default is: sampled by `uncertainty` and `sensitivity`, ends of `tornado` (docs/format.md). */
  uncertainty: UncertaintySchema.optional(),
});

const WindowShapeSchema = z.discriminatedUnion("shape", [
  z.strictObject({ shape: z.literal("uniform"), from: DateSchema, to: DateSchema }),
  z.strictObject({ shape: z.literal("triangular"), from: DateSchema, mode: DateSchema, to: DateSchema }),
  z.strictObject({
    shape: z.literal("weighted"),
    weights: z.record(DateSchema, NumberOrExprSchema),
  }),
]);

const DelayShapeSchema = z.discriminatedUnion("shape", [
  z.strictObject({ shape: z.literal("fixed"), days: DaysSchema }),
  z.strictObject({ shape: z.literal("uniform"), min: DaysSchema, max: DaysSchema }),
  z.strictObject({ shape: z.literal("triangular"), min: DaysSchema, mode: DaysSchema, max: DaysSchema }),
  z.strictObject({
    shape: z.literal("weighted"),
    weights: z.record(z.string().regex(/^[1-9]\d*$/, "must be a whole number of days, 1 or more"), NumberOrExprSchema),
  }),
]);

const BranchSchema = z.union([
  z.strictObject({ to: IdSchema, weight: NumberOrExprSchema }),
  z.strictObject({ to: IdSchema, otherwise: z.literal(true) }),
]);

const TargetSchema = z.union([IdSchema, z.array(BranchSchema).min(1)]);

/**
 * A transition as written: exactly one trigger key (`window`, `delay`,
 * `hazard` or `when`), the source state(s) and the target(s).
 */
const TransitionSchema = z
  .strictObject({
    id: IdSchema.optional(),
    description: z.string().optional(),
    from: z.union([IdSchema, z.array(IdSchema).min(1)]),
    to: TargetSchema,
    window: WindowShapeSchema.optional(),
    delay: DelayShapeSchema.optional(),
    hazard: NumberOrExprSchema.optional(),
    when: z.union([z.boolean(), z.string().min(1)]).optional(),
  })
  .superRefine((t, ctx) => {
    const given = [t.window, t.delay, t.hazard, t.when].filter((x) => x !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `needs exactly one trigger (window, delay, hazard or when); found ${given}`,
      });
    }
  });

const StateSchema = z
  .union([
    z.null(),
    z.strictObject({ label: z.string().optional(), description: z.string().optional() }),
  ])
  .transform((s) => s ?? {});

const MachineSchema = z.strictObject({
  description: z.string().optional(),
  initial: IdSchema,
  states: z.record(IdSchema, StateSchema),
  transitions: z.array(TransitionSchema).default([]),
});

const OutcomeSchema = z.strictObject({
  id: IdSchema,
  label: z.string().min(1),
  when: z.union([z.string().min(1), z.boolean()]),
  group: IdSchema.optional(),
  description: z.string().optional(),
});

const GroupSchema = z.strictObject({
  id: IdSchema,
  label: z.string().min(1),
  description: z.string().optional(),
});

/** The whole scenario file as written. */
export const ScenarioFileSchema = z.strictObject({
  /** Where an editor finds the JSON Schema of this format (`tariffsim schema`); ignored by tariffsim. */
  $schema: z.string().optional(),
  id: IdSchema.or(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and -")),
  title: z.string().min(1),
  description: z.string().min(1),
  asOf: DateSchema,
  seeds: z.array(SeedRefSchema).default([]),
  calendar: z.strictObject({ start: DateSchema, horizon: DateSchema }),
  parameters: z.record(IdSchema, ParameterSchema).default({}),
  /** Joint (dirichlet) uncertainty over weights that must sum to at most 1. */
  uncertainties: z.array(DirichletGroupSchema).default([]),
  /** Rank correlations between uncertain parameters (Gaussian copula). */
  correlations: z.array(CorrelationSchema).default([]),
  machines: z.record(IdSchema, MachineSchema),
  groups: z.array(GroupSchema).optional(),
  outcomes: z.array(OutcomeSchema).min(1),
  /** Statements about the model's behaviour, tested by `tariffsim check`. */
  claims: z.array(ClaimSchema).default([]),
});

/** A scenario file as written, after zod's defaults. */
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
/** A transition as written. */
export type TransitionFile = z.infer<typeof TransitionSchema>;
/** A branch target as written. */
export type BranchFile = z.infer<typeof BranchSchema>;
/** A calendar window as written. */
export type WindowFile = z.infer<typeof WindowShapeSchema>;
/** A delay distribution as written. */
export type DelayFile = z.infer<typeof DelayShapeSchema>;
/** A parameter as written. */
export type ParameterFile = z.infer<typeof ParameterSchema>;
/** A number or an expression string. */
export type NumberOrExpr = z.infer<typeof NumberOrExprSchema>;
