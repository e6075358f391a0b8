// Serves the built web app from the local server: static files with SPA fallback, the runtime
// /config.json, and (development only) the sign-in that mints a token for a username.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { WEB_DIST_DIR } from "@accord/web";
import { DEV_SIGN_IN_PATH, defaultRuntimeConfig, securityHeaders } from "./headers.ts";
import { refusedUnlessRead, send, sendJson } from "./respond.ts";
import { type DevSignIn, serveDevSignIn } from "./sign-in.ts";

export interface WebHandlerOptions {
  /** The built app (index.html and assets/); default @accord/web's WEB_DIST_DIR. */
  distDir?: string | undefined;
  /**
   * Development only: the token for a chosen username (e.g. mintLocalToken). Leave it out
   * anywhere people are not all trusted; without it the sign-in path answers 404.
   */
  devSignIn?: DevSignIn | undefined;
  /**
   * What /config.json answers. Default: this origin's /graphql and /collab, with the
   * development sign-in when `devSignIn` is given.
   */
  config?: Record<string, unknown> | undefined;
}

export type WebHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

const PLAIN = { "content-type": "text/plain; charset=utf-8" };

/** A file under `root` for a URL path, or null when the path tries to leave it. */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = normalize(join(root, decoded));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  return file.startsWith(base) ? file : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function serveFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  headers: Record<string, string>,
): Promise<void> {
  const info = await stat(file);
  response.writeHead(200, {
    ...headers,
    "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": String(info.size),
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on("error", () => {
      response.destroy();
      resolve();
    });
    stream.on("end", resolve);
    stream.pipe(response);
  });
}

export function createWebHandler(options: WebHandlerOptions = {}): WebHandler {
  const distDir = options.distDir ?? WEB_DIST_DIR;
  const config = options.config ?? defaultRuntimeConfig(options.devSignIn !== undefined);
  const security = securityHeaders(config);

  return async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === DEV_SIGN_IN_PATH) {
      await serveDevSignIn(request, response, options.devSignIn, security);
      return;
    }
    if (refusedUnlessRead(request, response, { ...security, ...PLAIN })) return;
    if (url.pathname === "/config.json") {
      sendJson(response, 200, config, security);
      return;
    }
    const file = resolveUnder(distDir, url.pathname);
    if (file && url.pathname !== "/" && (await isFile(file))) {
      // Vite names assets by content hash: they never change under the same name.
      const immutable = url.pathname.startsWith("/assets/");
      await serveFile(request, response, file, {
        ...security,
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
      return;
    }
    // A path with a file extension that does not exist is a missing file, not an app route.
    if (extname(url.pathname) !== "") {
      send(response, 404, "Not found\n", { ...security, ...PLAIN });
      return;
    }
    const index = join(distDir, "index.html");
    if (!(await isFile(index))) {
      send(response, 503, "The web app is not built. Run: pnpm --filter @accord/web build\n", {
        ...security,
        ...PLAIN,
      });
      return;
    }
    await serveFile(request, response, index, { ...security, "cache-control": "no-cache" });
  };
}
