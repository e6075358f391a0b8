import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "support", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
