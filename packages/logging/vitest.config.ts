import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "logging", include: ["test/**/*.test.ts"] },
});
