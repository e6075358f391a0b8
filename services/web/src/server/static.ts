// Serves the built web app from a local Node server: static files with SPA fallback, the
// runtime /config.json, and (development only) a sign-in that mints a token for a username.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `vite build` puts the app. */
export const WEB_DIST_DIR = fileURLToPath(new URL("../../dist", import.meta.url));

export const DEV_SIGN_IN_PATH = "/auth/dev/sign-in";

export interface WebHandlerOptions {
  /** The built app (index.html and assets/); default WEB_DIST_DIR. */
  distDir?: string | undefined;
  /**
   * Development only: the token for a chosen username (e.g. mintLocalToken). Leave it out
   * anywhere people are not all trusted; without it the sign-in path answers 404.
   */
  devSignIn?: ((username: string) => Promise<string>) | undefined;
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

/**
 * The same policy the CloudFront stack sends: the app's own origin, plus the origins of any
 * absolute API, live-editing or sign-in URL that config.json names.
 */
export function securityHeaders(config: Record<string, unknown>): Record<string, string> {
  const auth = (config.auth ?? {}) as Record<string, unknown>;
  const originOf = (url: unknown): string | null => {
    if (typeof url !== "string") return null;
    try {
      return new URL(url).origin;
    } catch {
      // A relative URL is this origin: 'self' covers it.
      return null;
    }
  };
  const signIn = originOf(auth.domain);
  const others = new Set(
    [originOf(config.graphqlUrl), originOf(config.collabUrl), signIn].filter(
      (origin): origin is string => origin !== null,
    ),
  );
  const connect = ["'self'", ...others].join(" ");
  const formAction = ["'self'", ...(signIn ? [signIn] : [])].join(" ");
  return {
    "content-security-policy":
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      `connect-src ${connect}; font-src 'self'; object-src 'none'; base-uri 'self'; ` +
      `form-action ${formAction}; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
}

const MAX_SIGN_IN_BODY = 4 * 1024;

/** The security headers of the handler serving each response. */
const headersFor = new WeakMap<ServerResponse, Record<string, string>>();

export function defaultRuntimeConfig(devSignIn: boolean): Record<string, unknown> {
  return {
    graphqlUrl: "/graphql",
    collabUrl: "/collab",
    collabTransport: "binary",
    auth: devSignIn
      ? { mode: "development", signInUrl: DEV_SIGN_IN_PATH }
      : { mode: "unconfigured" },
  };
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...(headersFor.get(response) ?? {}),
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

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

export function createWebHandler(options: WebHandlerOptions = {}): WebHandler {
  const distDir = options.distDir ?? WEB_DIST_DIR;
  const config = options.config ?? defaultRuntimeConfig(options.devSignIn !== undefined);
  const security = securityHeaders(config);

  const serveFile = async (
    request: IncomingMessage,
    response: ServerResponse,
    file: string,
    cacheControl: string,
  ) => {
    const info = await stat(file);
    response.writeHead(200, {
      ...security,
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": String(info.size),
      "cache-control": cacheControl,
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
  };

  const signIn = async (request: IncomingMessage, response: ServerResponse) => {
    if (!options.devSignIn) {
      sendJson(response, 404, { message: "Development sign-in is not available here." });
      return;
    }
    if (request.method !== "POST") {
      sendJson(response, 405, { message: "Use POST." });
      return;
    }
    // A JSON body cannot come from a plain cross-site form: no token for another site's page.
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      sendJson(response, 415, { message: "Send the username as JSON." });
      return;
    }
    const text = await readBody(request, MAX_SIGN_IN_BODY);
    if (text === null) {
      sendJson(response, 413, { message: "The request is too large." });
      return;
    }
    let username: unknown;
    try {
      username = (JSON.parse(text) as { username?: unknown }).username;
    } catch {
      username = undefined;
    }
    if (typeof username !== "string" || username.trim() === "") {
      sendJson(response, 400, { message: "Enter a username." });
      return;
    }
    try {
      const token = await options.devSignIn(username.trim());
      sendJson(response, 200, { token });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "BAD_USER_INPUT") {
        sendJson(response, 400, { message: (error as Error).message });
      } else {
        sendJson(response, 500, { message: "Sign-in failed on the server; try again." });
      }
    }
  };

  return async (request, response) => {
    headersFor.set(response, security);
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === DEV_SIGN_IN_PATH) {
      await signIn(request, response);
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "Method not allowed\n", {
        allow: "GET, HEAD",
        "content-type": "text/plain; charset=utf-8",
      });
      return;
    }
    if (url.pathname === "/config.json") {
      sendJson(response, 200, config);
      return;
    }
    const file = resolveUnder(distDir, url.pathname);
    if (file && url.pathname !== "/" && (await isFile(file))) {
      // Vite names assets by content hash: they never change under the same name.
      const immutable = url.pathname.startsWith("/assets/");
      await serveFile(
        request,
        response,
        file,
        immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
      return;
    }
    // A path with a file extension that does not exist is a missing file, not an app route.
    if (extname(url.pathname) !== "") {
      send(response, 404, "Not found\n", { "content-type": "text/plain; charset=utf-8" });
      return;
    }
    const index = join(distDir, "index.html");
    if (!(await isFile(index))) {
      send(response, 503, "The web app is not built. Run: pnpm --filter @accord/web build\n", {
        "content-type": "text/plain; charset=utf-8",
      });
      return;
    }
    await serveFile(request, response, index, "no-cache");
  };
}
