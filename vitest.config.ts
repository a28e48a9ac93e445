import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests spawn the built bundle; property tests run thousands of simulations.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
