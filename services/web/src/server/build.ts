// Builds the web app with Vite when dist/ is missing or older than its sources, so the local
// server's start command and the browser tests always serve what the sources say.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WEB_DIST_DIR } from "./static.ts";

const WEB_DIR = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_SRC = fileURLToPath(new URL("../../../../packages/client/src", import.meta.url));

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** The app's sources, and the client SDK it bundles. */
function sourceMtime(): number {
  return Math.max(
    newestMtime(join(WEB_DIR, "src", "app")),
    newestMtime(join(WEB_DIR, "index.html")),
    newestMtime(join(WEB_DIR, "vite.config.ts")),
    newestMtime(CLIENT_SRC),
  );
}

export function isWebBuildStale(): boolean {
  const index = join(WEB_DIST_DIR, "index.html");
  return !existsSync(index) || statSync(index).mtimeMs < sourceMtime();
}

/** Build the app into dist/ with Vite. */
export async function buildWebApp(): Promise<void> {
  // Vite is a build tool: loaded only here, never by a server that serves a prebuilt app.
  const { build } = await import("vite");
  await build({ root: WEB_DIR, configFile: join(WEB_DIR, "vite.config.ts"), logLevel: "warn" });
}

/** Build the app unless dist/ is newer than every source file. Returns whether it built. */
export async function ensureWebBuild(): Promise<boolean> {
  if (!isWebBuildStale()) return false;
  await buildWebApp();
  return true;
}
