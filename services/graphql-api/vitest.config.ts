import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "graphql-api", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
