import { defineConfig } from "vite";

// The API explorer (GraphiQL) at /graphql: its own page and build, apart from the app, so the
// app's bundle and deployment (dist/, uploaded to the Web stack) never carry it. The local
// server serves it in development only; every byte it needs (Monaco's workers, fonts) is here.
export default defineConfig({
  base: "/graphql/",
  build: {
    outDir: "dist-explorer",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    // Monaco and GraphiQL are large by nature; the budget test holds the explorer's size.
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      input: "explorer.html",
      onLog(level, log, handler) {
        // framer-motion (under GraphiQL's dialogs) marks its modules "use client", which means
        // nothing in a browser bundle.
        if (log.code === "MODULE_LEVEL_DIRECTIVE") return;
        handler(level, log);
      },
    },
  },
  worker: { format: "es" },
});
