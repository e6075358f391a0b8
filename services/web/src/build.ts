// The web app's Node face: where `vite build` puts the app, and a build when dist/ is missing
// or older than its sources, so the local server's start command and the tests always serve
// what the sources say.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** This package's folder (index.html, vite.config.ts, src/app). */
export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Where `vite build` puts the app. */
export const WEB_DIST_DIR = join(WEB_DIR, "dist");

/**
 * Where the API explorer's build goes (explorer.html and assets/, under the URL path /graphql/):
 * outside dist/, so the app deployed to the Web stack never carries it.
 */
export const EXPLORER_DIST_DIR = join(WEB_DIR, "dist-explorer");

/** The explorer's page in EXPLORER_DIST_DIR. */
export const EXPLORER_PAGE = "explorer.html";

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * The source folders of the workspace packages the app bundles (@accord/client, @accord/domain
 * and what they use in turn), found through each package's dependencies.
 */
function bundledWorkspaceSources(): string[] {
  const found = new Map<string, string>();
  const visit = (packageDir: string) => {
    const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const require = createRequire(join(packageDir, "package.json"));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (!name.startsWith("@accord/") || found.has(name)) continue;
      // Workspace packages export their TypeScript entry (src/index.ts): its folder is the source.
      const source = dirname(require.resolve(name));
      found.set(name, source);
      visit(dirname(source));
    }
  };
  visit(WEB_DIR);
  return [...found.values()];
}

/** The app's sources and the workspace packages it bundles. */
function sourceMtime(): number {
  return Math.max(
    newestMtime(join(WEB_DIR, "src", "app")),
    newestMtime(join(WEB_DIR, "index.html")),
    newestMtime(join(WEB_DIR, "vite.config.ts")),
    ...bundledWorkspaceSources().map(newestMtime),
  );
}

/** The explorer's sources; it shares the app's session module (src/app/session.ts). */
function explorerSourceMtime(): number {
  return Math.max(
    newestMtime(join(WEB_DIR, "src", "explorer")),
    newestMtime(join(WEB_DIR, "src", "app", "session.ts")),
    newestMtime(join(WEB_DIR, EXPLORER_PAGE)),
    newestMtime(join(WEB_DIR, "vite.explorer.config.ts")),
    // A GraphiQL upgrade changes the lockfile's install under node_modules/.
    newestMtime(join(WEB_DIR, "package.json")),
  );
}

function isOlderThan(built: string, sources: number): boolean {
  return !existsSync(built) || statSync(built).mtimeMs < sources;
}

function isAppStale(): boolean {
  return isOlderThan(join(WEB_DIST_DIR, "index.html"), sourceMtime());
}

function isExplorerStale(): boolean {
  return isOlderThan(join(EXPLORER_DIST_DIR, EXPLORER_PAGE), explorerSourceMtime());
}

/** Whether the app or the explorer is missing or older than its sources. */
export function isWebBuildStale(): boolean {
  return isAppStale() || isExplorerStale();
}

async function viteBuild(configFile: string): Promise<void> {
  // Vite is a build tool: loaded only here, never by a server that serves a prebuilt app.
  const { build } = await import("vite");
  await build({ root: WEB_DIR, configFile: join(WEB_DIR, configFile), logLevel: "warn" });
}

/** Build the app into dist/ and the explorer into dist-explorer/ with Vite. */
export async function buildWebApp(): Promise<void> {
  await viteBuild("vite.config.ts");
  await viteBuild("vite.explorer.config.ts");
}

/**
 * Build what is stale (the app, the explorer, or both) and nothing else. Returns whether it
 * built anything.
 */
export async function ensureWebBuild(): Promise<boolean> {
  const app = isAppStale();
  const explorer = isExplorerStale();
  if (app) await viteBuild("vite.config.ts");
  if (explorer) await viteBuild("vite.explorer.config.ts");
  return app || explorer;
}
