import { defineProject } from "vitest/config";

export default defineProject({
  // The GraphQL Lambda of serverless-local runs in this process (see test/e2e's config): graphql
  // 16 must resolve to the same (CJS) build for Apollo and the handler's source.
  resolve: { alias: { graphql: "graphql/index.js" } },
  test: {
    name: "chaos",
    include: ["test/**/*.test.ts"],
    // Scenarios start real processes and DynamoDB Local: one file at a time on a shared machine.
    fileParallelism: false,
  },
});
