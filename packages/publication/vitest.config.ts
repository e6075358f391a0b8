import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "publication", include: ["test/**/*.test.ts"] },
});
