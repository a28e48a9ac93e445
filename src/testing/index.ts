/**
 * `tariffsim/testing`: tools for property tests of code built on tariffsim.
 *
 * ```ts
 * import fc from "fast-check";
 * import { loadScenarioText, prepareModel, simulate } from "tariffsim";
 * import { scenarioFileArb } from "tariffsim/testing";
 * fc.assert(fc.property(scenarioFileArb(), (file) => {
 *   const loaded = loadScenarioText(JSON.stringify(file));
 *   if (!loaded.ok) return false;
 *   const prepared = prepareModel(loaded.scenario);
 *   return prepared.ok && simulate(prepared.model, { runs: 100, seed: 1 }).runs === 100;
 * }));
 * ```
 * @module
 */
export { GEN_START, scenarioFileArb, type GeneratedScenarioFile, type ScenarioFileOptions } from "./scenario.js";
