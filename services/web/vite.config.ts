import { defineConfig } from "vite";

// The app is static files; its runtime settings (API URLs, sign-in) come from /config.json.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
  // One copy of each: two copies of Yjs or ProseMirror break collaboration silently.
  resolve: {
    dedupe: ["yjs", "y-prosemirror", "prosemirror-model", "prosemirror-state", "prosemirror-view"],
  },
  server: {
    // `pnpm --filter @accord/web dev` against `pnpm start` on port 4000.
    proxy: {
      "/graphql": "http://localhost:4000",
      "/collab": { target: "ws://localhost:4000", ws: true },
      "/auth/dev": "http://localhost:4000",
      "/config.json": "http://localhost:4000",
    },
  },
});
