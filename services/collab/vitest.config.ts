import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "collab-service",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Most of these tests talk to DynamoDB Local (a Java process) or real sockets: on a shared,
    // busy machine a round trip can take seconds, and no test here measures speed.
    testTimeout: 30_000,
  },
});
