import { defineProject } from "vitest/config";

// The app's own tests: PKCE and runtime config, error sentences, the bundle budget (which builds
// the app first when it is stale). The app in Chromium is test/browser's project.
export default defineProject({
  test: {
    name: "web",
    include: ["test/**/*.test.ts"],
    // A stale dist/ is rebuilt before the bundle is measured: seconds on a loaded machine.
    hookTimeout: 180_000,
  },
});
