import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "infra",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Synthesis (and, in bundles.test.ts, esbuild) runs in beforeAll; on two shared cores a
    // synth can take many seconds, so hooks get room. Nothing here is a timing assertion.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
