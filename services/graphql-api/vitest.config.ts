import { defineProject } from "vitest/config";

export default defineProject({
  // graphql 16 ships CJS (main) and ESM (module) builds; Apollo, loaded by Node, gets the CJS
  // one, so our source must too or the two realms reject each other's schema objects.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    name: "graphql-api",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Some tests run the Lambda handler on DynamoDB Local or render exports: on a shared, busy
    // machine that can take seconds, and no test here measures speed.
    testTimeout: 30_000,
  },
});
