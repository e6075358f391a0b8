import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "structure", include: ["test/**/*.test.ts"] },
});
