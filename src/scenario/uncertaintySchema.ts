/**
 * The written form of parameter uncertainty: what a scenario file may say
 * about how sure its numbers are, plugged into the scenario schema
 * (`schema.ts`):
 *
 * - {@link UncertaintySchema}: an optional `uncertainty` on one parameter
 *   (uniform, triangular, PERT, beta, lognormal), with its own `source`;
 * - {@link DirichletGroupSchema}: a scenario-level joint uncertainty over a
 *   set of weights that must sum to at most 1 (branch weights with an
 *   `otherwise` remainder), valid for every draw by construction;
 * - {@link CorrelationSchema}: a scenario-level rank correlation between two
 *   uncertain parameters, applied with a Gaussian copula.
 *
 * zod checks the *shape* only (numbers finite, keys known, `rho` in [-1, 1]);
 * the *meaning* (min < max, support inside the parameter's bounds, names
 * exist, the correlation matrix is positive semi-definite) is checked by
 * `checkUncertainty`, `checkDirichlet` and `checkCorrelations`, which return
 * issues with paths, like the scenario's rules.
 *
 * @module
 */
import { z } from "zod";
import { IdSchema, SourceSchema } from "./idSchema.js";

/** A parameter name. */
const ParamNameSchema = IdSchema;

/** Where a number comes from (the same as a parameter's `source`). */
export const UncertaintySourceSchema = SourceSchema;

const UniformSchema = z.strictObject({
  dist: z.literal("uniform"),
  min: z.number(),
  max: z.number(),
  source: UncertaintySourceSchema,
});

const TriangularSchema = z.strictObject({
  dist: z.literal("triangular"),
  min: z.number(),
  mode: z.number(),
  max: z.number(),
  source: UncertaintySourceSchema,
});

/** Beta-PERT on [min, max] with the most likely value `mode` (lambda 4). */
const PertSchema = z.strictObject({
  dist: z.literal("pert"),
  min: z.number(),
  mode: z.number(),
  max: z.number(),
  source: UncertaintySourceSchema,
});

/** A beta on [0, 1] by its mean and its "prior sample size" n = alpha + beta. */
const BetaMeanSchema = z.strictObject({
  dist: z.literal("beta"),
  mean: z.number(),
  n: z.number(),
  source: UncertaintySourceSchema,
});

/** A beta on [0, 1] by its shapes. */
const BetaShapeSchema = z.strictObject({
  dist: z.literal("beta"),
  alpha: z.number(),
  beta: z.number(),
  source: UncertaintySourceSchema,
});

/**
 * The two written forms of a beta share `dist: beta`, which zod's
 * discriminated union cannot hold twice; a loose `{ dist: "beta" }` piped
 * into their union can (the pipe carries the discriminator), and the two
 * strict objects still reject unknown keys.
 */
const BetaSchema = z
  .looseObject({ dist: z.literal("beta") })
  .pipe(
    z.union([BetaMeanSchema, BetaShapeSchema], {
      error: "a beta is written either { dist: beta, mean, n, source } or { dist: beta, alpha, beta, source }",
    }),
  );

/**
 * A lognormal by its 5th and 95th percentiles. Its support (0, ∞) never fits
 * a parameter's finite bounds, so `truncate: true` is required to say that
 * draws are taken from the lognormal conditioned on the parameter's bounds
 * (the stated percentiles are those of the untruncated distribution).
 */
const LognormalSchema = z.strictObject({
  dist: z.literal("lognormal"),
  p05: z.number(),
  p95: z.number(),
  truncate: z.boolean().optional(),
  source: UncertaintySourceSchema,
});

/** A parameter's `uncertainty`: a distribution over its value, with a source. */
export const UncertaintySchema = z.discriminatedUnion("dist", [
  UniformSchema,
  TriangularSchema,
  PertSchema,
  BetaSchema,
  LognormalSchema,
]);

/**
 * A scenario-level Dirichlet over weight parameters: `parameters` get the
 * first components and, with `remainder: true`, one more component (the
 * `otherwise` branch) takes what is left, so the parameters sum to at most 1
 * in every draw; without a remainder they sum to exactly 1. Component i has
 * mean `mean[i]` and alpha_i = mean[i] · concentration.
 */
export const DirichletGroupSchema = z.strictObject({
  dist: z.literal("dirichlet"),
  parameters: z.array(ParamNameSchema).min(1),
  remainder: z.boolean(),
  mean: z.array(z.number()).min(1),
  concentration: z.number(),
  source: UncertaintySourceSchema,
});

/** A scenario-level correlation between two uncertain parameters (Gaussian copula, normal-scores correlation). */
export const CorrelationSchema = z.strictObject({
  between: z.tuple([ParamNameSchema, ParamNameSchema]),
  rho: z.number().min(-1, "must be at least -1").max(1, "must be at most 1"),
  source: UncertaintySourceSchema.optional(),
});

/** A parameter's uncertainty as written. */
export type Uncertainty = z.infer<typeof UncertaintySchema>;
/** The name of a per-parameter distribution. */
export type UncertaintyDist = Uncertainty["dist"];
/** A Dirichlet group as written. */
export type DirichletGroup = z.infer<typeof DirichletGroupSchema>;
/** A correlation as written. */
export type Correlation = z.infer<typeof CorrelationSchema>;
/** A source as written. */
export type UncertaintySource = z.infer<typeof UncertaintySourceSchema>;
