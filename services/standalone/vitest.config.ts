import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "standalone", include: ["test/**/*.test.ts", "src/**/*.test.ts"] },
});
