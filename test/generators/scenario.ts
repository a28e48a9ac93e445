/**
 * The random valid scenarios the tests use: the generator published as
 * `tariffsim/testing` (src/testing/scenario.ts), so that the tests and the
 * package's users run the same one.
 */
export { GEN_START, scenarioFileArb, type GeneratedScenarioFile } from "../../src/testing/scenario.js";
