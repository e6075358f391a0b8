import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "live-apigateway", include: ["test/**/*.test.ts"] },
});
