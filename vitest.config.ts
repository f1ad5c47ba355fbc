import { defineConfig } from "vitest/config";

// Two projects: pure unit tests (core/**.unit.test.ts, no I/O) and integration/end-to-end tests
// (test/**.test.ts) against real Postgres, Redis, gRPC and the Bot API emulator.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["core/**/*.unit.test.ts", "bot/**/*.unit.test.ts", "workers/**/*.unit.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/helpers/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: "forks",
          maxWorkers: 2,
          // Runs after the unit project (different worker limits need their own group).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
