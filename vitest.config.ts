import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated code imports the runtime by package name; here that is the sources.
    alias: { "koinos-mq-ts": fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
  },
  test: {
    globalSetup: ["test/setup/broker.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds the "N passed, N failed" line of .ci/run.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: ["test/**/*.test.ts"],
          exclude: ["test/faults/**"],
          typecheck: { enabled: true, include: ["test/types/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
        },
      },
      {
        // Fault tests restart the broker and raise alarms that every vhost feels:
        // they run after the rest, one file at a time.
        extends: true,
        test: { name: "faults", include: ["test/faults/**/*.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
