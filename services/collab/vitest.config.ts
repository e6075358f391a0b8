import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "collab-service", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
