import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated code imports the runtime by package name; here that is the sources.
    alias: { "koinos-mq-ts": fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/broker.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["test/types/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    // The JSON report feeds the "N passed, N failed" line of .ci/run.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
