import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests run real go processes: two cores, so few at once.
    pool: "forks",
    maxWorkers: 3,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
