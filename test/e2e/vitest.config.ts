import { defineProject } from "vitest/config";

export default defineProject({
  // The GraphQL Lambda runs in this process: graphql 16 ships CJS (main) and ESM (module) builds;
  // Apollo, loaded by Node, gets the CJS one, so the handler's source must too (as in
  // services/graphql-api) or the two realms reject each other's schema objects.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: { name: "e2e", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
