import { defineProject } from "vitest/config";

// Browser tests drive Chromium against the real local backend: one file per scenario group,
// run one file at a time because the machine has two cores.
export default defineProject({
  // graphql 16 ships CJS (main) and ESM (module) builds; Apollo, loaded by Node, gets the CJS
  // one, so the backend's source started in-process must too.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    name: "browser",
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
