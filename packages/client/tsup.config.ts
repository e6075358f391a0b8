// The published build: one ESM file and one .d.ts. @accord/protocol (the wire, a private
// workspace package) is bundled into both, so the client speaks exactly the wire it was built
// with and installs without it; yjs, y-websocket and the rest stay dependencies, shared with
// the app (two copies of yjs break collaboration).
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: ["@accord/protocol"],
  dts: true,
  tsconfig: "tsconfig.build.json",
});
