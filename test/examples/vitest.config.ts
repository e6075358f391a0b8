import { defineProject } from "vitest/config";

export default defineProject({
  // serverless-local runs the GraphQL Lambda in this process: graphql 16 ships CJS (main) and
  // ESM (module) builds; Apollo, loaded by Node, gets the CJS one, so the handler's source must
  // too (as in test/e2e) or the two realms reject each other's schema objects.
  resolve: { alias: { graphql: "graphql/index.js" } },
  // The examples live in node-quickstart/ and serverless/ and run under `node`, not here.
  test: { name: "examples", include: ["test/**/*.test.ts"] },
});
