import { defineProject } from "vitest/config";

// Browser tests drive Chromium against the real local backend: one file per scenario group,
// run one file at a time because the machine has two cores.
export default defineProject({
  test: {
    name: "web",
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
