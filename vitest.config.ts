import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default leaves one core free; on a two-core machine that runs the files one
    // by one while browser and database tests mostly wait. Two at once: 781 s → 560 s here.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
