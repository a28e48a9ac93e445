/**
 * The constant-hazard scenario, the closed-form case several test files
 * check the engines against: one machine `m`, states `a` (initial; global
 * state index 0) and `b` (index 1), one transition a → b under a constant
 * daily hazard, the parameter `h` (bounds [0, 1]); start and as-of date
 * 2026-01-01. So, for day d counted from the start:
 * - P(b by day d) = P(fired at day d) = 1 − (1 − h)^d;
 * - P(b first on day d) = (1 − h)^(d − 1)·h;
 * - P(still in a at day d) = (1 − h)^d.
 * Outcomes (in this order): `not_fired` (`in("m.a")`) and `fired`
 * (`in("m.b")`); with `groups`, they are `not_fired` in group `quiet` and
 * `fired_out` in group `fired` (an outcome cannot share the group's id).
 * One builder, so the closed forms of every test file are about the same
 * scenario text.
 */
import type { CompiledModel } from "../../src/model/model.js";
import { modelOf } from "./scenario.js";

/** Options of {@link hazardText}. */
export interface HazardOptions {
  /** The default of parameter `h`, per day (default 0.03). */
  readonly h?: number;
  /** The horizon date (default 2026-01-31: day 30). */
  readonly horizon?: string;
  /** Groups `quiet` and `fired` (the outcomes are then `not_fired` and `fired_out`); default none. */
  readonly groups?: boolean;
}

/** The horizon day of the default horizon (2026-01-31, counted from 2026-01-01). */
export const HAZARD_HORIZON_DAY = 30;

/** The constant-hazard scenario's text (YAML), see the module comment. Pure. */
export function hazardText(o: HazardOptions = {}): string {
  const groups = o.groups === true;
  return `
id: hazard
title: Hazard
description: A hand-computed case.
asOf: 2026-01-01
calendar: { start: 2026-01-01, horizon: ${o.horizon ?? "2026-01-31"} }
parameters:
  h: { default: ${o.h ?? 0.03}, min: 0, max: 1, unit: per day, description: hazard, source: { rationale: test } }
machines:
  m:
    initial: a
    states: { a: , b: }
    transitions:
      - { from: a, hazard: h, to: b }
${groups ? `groups:
  - { id: quiet, label: quiet }
  - { id: fired, label: fired }
` : ""}outcomes:
  - { id: not_fired, label: not fired, ${groups ? "group: quiet, " : ""}when: 'in("m.a")' }
  - { id: ${groups ? "fired_out" : "fired"}, label: fired, ${groups ? "group: fired, " : ""}when: 'in("m.b")' }
`;
}

/**
 * The constant-hazard scenario compiled with `h` as the value of the
 * parameter (an override; undefined: the default of `o`); throws when it
 * does not load or compile.
 */
export function hazardModel(h?: number, o: HazardOptions = {}): CompiledModel {
  return modelOf(hazardText(o), h === undefined ? new Map() : new Map([["h", h]]));
}
