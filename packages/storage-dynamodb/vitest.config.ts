import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "storage-dynamodb", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
