import { defineConfig } from "vitest/config";

// Fault suite (npm run test:faults): kill -9, concurrent writers, stale locks, disk full, bad
// inputs, against the built daemon. Files run one at a time: each one loads the machine on purpose.
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
