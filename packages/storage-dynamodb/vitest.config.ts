import { defineProject } from "vitest/config";

// DynamoDB Local is a JVM on a shared 2-core machine: allow it time to start and to answer.
export default defineProject({
  test: {
    name: "storage-dynamodb",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
