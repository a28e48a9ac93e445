import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests spawn the built bundle; property tests run thousands of simulations.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // In CI also write a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI === undefined ? ["default"] : ["default", "json"],
    outputFile: { json: "coverage/vitest-report.json" },
  },
});
