// The API explorer (GraphiQL, built by @accord/web into its own folder) at GET /graphql for a
// browser, development only. Its files are served from this origin under /graphql/assets/; it
// loads nothing from anywhere else, and its policy says so.
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { EXPLORER_DIST_DIR, EXPLORER_PAGE } from "@accord/web";
import { explorerSecurityHeaders } from "./headers.ts";
import { send } from "./respond.ts";
import { resolveUnder, serveFile } from "./static.ts";

export const EXPLORER_PATH = "/graphql";
const ASSETS_PREFIX = `${EXPLORER_PATH}/assets/`;

export interface ExplorerHandler {
  /**
   * Whether this request is the explorer's: a browser's GET /graphql (Accept: text/html, no
   * `query` parameter) or one of its files. API requests (POST, or GET with a query) are not.
   */
  handles(request: IncomingMessage): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/** A browser navigating to the URL, as Apollo tells its landing page from an API call. */
function wantsPage(request: IncomingMessage, url: URL): boolean {
  if (url.pathname !== EXPLORER_PATH && url.pathname !== `${EXPLORER_PATH}/`) return false;
  if (url.searchParams.has("query")) return false;
  return /\btext\/html\b/i.test(request.headers.accept ?? "");
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const PLAIN = { "content-type": "text/plain; charset=utf-8" };

export function createExplorerHandler(
  options: { distDir?: string | undefined } = {},
): ExplorerHandler {
  const distDir = options.distDir ?? EXPLORER_DIST_DIR;
  const security = explorerSecurityHeaders();
  return {
    handles(request) {
      if (request.method !== "GET" && request.method !== "HEAD") return false;
      const url = new URL(request.url ?? "/", "http://localhost");
      return wantsPage(request, url) || url.pathname.startsWith(ASSETS_PREFIX);
    },
    async serve(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname.startsWith(ASSETS_PREFIX)) {
        const file = resolveUnder(
          join(distDir, "assets"),
          url.pathname.slice(ASSETS_PREFIX.length),
        );
        if (!file || !(await isFile(file))) {
          send(response, 404, "Not found\n", { ...security, ...PLAIN });
          return;
        }
        // Named by content hash, like the app's assets.
        await serveFile(request, response, file, {
          ...security,
          "cache-control": "public, max-age=31536000, immutable",
        });
        return;
      }
      const page = join(distDir, EXPLORER_PAGE);
      if (!(await isFile(page))) {
        send(
          response,
          503,
          "The API explorer is not built. Run: pnpm --filter @accord/web build\n",
          { ...security, ...PLAIN },
        );
        return;
      }
      // Vary: the same URL answers JSON to API clients.
      await serveFile(request, response, page, {
        ...security,
        "cache-control": "no-cache",
        vary: "accept",
      });
    },
  };
}
