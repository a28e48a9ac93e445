/**
 * The normalized scenario: what the rules check and the compiler reads.
 * Built from the file form by `normalize.ts`; every expression is parsed
 * once and keeps the path of the field it came from.
 * @module
 */
import type { DelayFile, ParameterFile, WindowFile } from "./schema.js";
import type { Correlation, DirichletGroup } from "./uncertaintySchema.js";
import type { Expr } from "./expression.js";
import type { Path } from "./issues.js";
import type { Source } from "./idSchema.js";

/** An expression with where it was written; `expr` is undefined when it did not parse. */
export interface ExprSource {
  readonly path: Path;
  readonly text: string | number | boolean;
  readonly expr: Expr | undefined;
}

/** A parameter with its name and path. */
export interface Parameter extends ParameterFile {
  readonly name: string;
  readonly path: Path;
}

/** A calendar window: the written shape, with weights parsed. */
export type WindowSpec =
  | Extract<WindowFile, { shape: "uniform" | "triangular" }>
  | { readonly shape: "weighted"; readonly weights: readonly { readonly date: string; readonly weight: ExprSource }[] };

/** A delay distribution in days, every number an expression over parameters. */
export type DelaySpec =
  | { readonly shape: "fixed"; readonly days: ExprSource }
  | { readonly shape: "uniform"; readonly min: ExprSource; readonly max: ExprSource }
  | { readonly shape: "triangular"; readonly min: ExprSource; readonly mode: ExprSource; readonly max: ExprSource }
  | { readonly shape: "weighted"; readonly weights: readonly { readonly days: number; readonly weight: ExprSource }[] };

/** The delay shapes as written, for exhaustiveness checks. */
export type DelayShape = DelayFile["shape"];

/** What makes a transition fire. */
export type Trigger =
  | { readonly kind: "window"; readonly window: WindowSpec; readonly path: Path }
  | { readonly kind: "delay"; readonly delay: DelaySpec; readonly path: Path }
  | { readonly kind: "hazard"; readonly hazard: ExprSource }
  | { readonly kind: "when"; readonly guard: ExprSource };

/** One target of a transition: `weight` is `"otherwise"` for the remainder. */
export interface Branch {
  readonly to: string;
  readonly weight: ExprSource | "otherwise";
  readonly path: Path;
}

/** A transition, in its machine's declaration order (its priority). */
export interface Transition {
  readonly machine: string;
  readonly index: number;
  /** The given id, or `machine#index`. */
  readonly id: string;
  readonly from: readonly string[];
  readonly trigger: Trigger;
  readonly branches: readonly Branch[];
  readonly path: Path;
}

/** A state of a machine. */
export interface StateDef {
  readonly id: string;
  readonly label: string;
  readonly description: string | undefined;
}

/** A machine: states in declaration order (for display only). */
export interface Machine {
  readonly id: string;
  readonly description: string | undefined;
  readonly initial: string;
  readonly states: readonly StateDef[];
  readonly transitions: readonly Transition[];
  readonly path: Path;
}

/** An outcome: a predicate over the final state. */
export interface Outcome {
  readonly id: string;
  readonly label: string;
  readonly description: string | undefined;
  readonly group: string | undefined;
  readonly when: ExprSource;
  readonly path: Path;
}

/** A headline group that outcomes map to. */
export interface Group {
  readonly id: string;
  readonly label: string;
  readonly description: string | undefined;
}

/** A seed document the scenario draws on. */
export interface SeedRef {
  readonly file: string;
  readonly title: string;
  readonly date: string;
}

/** The normalized scenario. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly asOf: string;
  readonly seeds: readonly SeedRef[];
  readonly start: string;
  readonly horizon: string;
  /** The horizon's day number (day 0 is `start`). */
  readonly days: number;
  readonly parameters: readonly Parameter[];
  /** Joint uncertainties over sets of weights (written `uncertainties`). */
  readonly uncertainties: readonly DirichletGroup[];
  /** Correlations between uncertain parameters. */
  readonly correlations: readonly Correlation[];
  readonly machines: readonly Machine[];
  readonly outcomes: readonly Outcome[];
  readonly groups: readonly Group[] | undefined;
  /** Claims about the model's behaviour (`tariffsim check`). */
  readonly claims: readonly Claim[];
}

/** A claim's probability target, as written (`group:ID` or `outcome:ID`). */
export type ClaimTargetText = string;

/** What a claim asserts (exactly one kind per claim). */
export type ClaimAssertion =
  | { readonly kind: "monotone"; readonly parameter: string; readonly target: ClaimTargetText; readonly direction: "increasing" | "decreasing" }
  | { readonly kind: "bound"; readonly target: ClaimTargetText; readonly atMost: number | undefined; readonly atLeast: number | undefined }
  | { readonly kind: "order"; readonly greater: ClaimTargetText; readonly than: ClaimTargetText };

/** A normalized claim: its assertion, where its points come from, and its path (`["claims", i]`). */
export interface Claim {
  readonly id: string;
  readonly says: string;
  readonly source: Source;
  readonly over: "bounds" | "uncertainty";
  readonly assertion: ClaimAssertion;
  /** Path of the assertion's object (`claims[i].monotone`, `.bound` or `.order`). */
  readonly assertionPath: Path;
  readonly path: Path;
}
