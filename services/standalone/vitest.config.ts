import { defineProject } from "vitest/config";

export default defineProject({
  // graphql 16 ships CJS (main) and ESM (module) builds; Apollo, loaded by Node, gets the CJS
  // one, so our source must too or the two realms reject each other's schema objects.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    name: "standalone",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // These tests start servers and child processes; on a loaded 2-core CI machine that takes
    // seconds. Every wait inside a test has its own deadline; these only catch a hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
