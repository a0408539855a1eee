import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and component tests: jsdom, network mocked at fetch only.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
