import { defineConfig } from "vitest/config";

// End-to-end: a real Chromium against the real host (tests/e2e/run starts
// it with PostgreSQL and Redis and sets CD_E2E_URL).  One file at a time:
// two cores, one browser.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
